//! Dialogs: one per (connection, user), each shown as one forum topic in the backend group.

use std::fmt;

use sea_orm::sea_query::{Expr, ExprTrait as _, Func, LikeExpr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, Condition, ConnectionTrait, DatabaseConnection,
    EntityTrait, PaginatorTrait as _, QueryFilter as _, QueryOrder as _, QuerySelect as _,
    TransactionTrait as _,
};

use crate::connections::ConnectionId;
use crate::entity::dialog::{self, Column};
use crate::webhooks::Outgoing;
use crate::{Error, now};

/// A dialog's state, shown as a mark at the start of its topic's title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DialogStatus {
    /// The user wrote last (or the dialog is new, or reopened, or on /hold).
    UserAnswered,
    /// An operator answered (or /wait); AUTOCLOSE counts from here.
    SupportAnswered,
    /// /close or AUTOCLOSE.
    Closed,
}

impl DialogStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DialogStatus::UserAnswered => "user_answered",
            DialogStatus::SupportAnswered => "support_answered",
            DialogStatus::Closed => "closed",
        }
    }

    /// The mark at the start of the topic's title.
    pub fn mark(self) -> &'static str {
        match self {
            DialogStatus::UserAnswered => "🟪",
            DialogStatus::SupportAnswered => "🟨",
            DialogStatus::Closed => "⬛",
        }
    }

    /// The status a name (as [`Self::as_str`] prints it) stands for.
    pub fn from_name(text: &str) -> Option<Self> {
        Self::parse(text).ok()
    }

    fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "user_answered" => Ok(DialogStatus::UserAnswered),
            "support_answered" => Ok(DialogStatus::SupportAnswered),
            "closed" => Ok(DialogStatus::Closed),
            other => Err(Error::Corrupt(format!("unknown dialog status `{other}`"))),
        }
    }
}

impl fmt::Display for DialogStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dialog {
    pub connection_id: ConnectionId,
    pub user_id: i64,
    pub topic_id: Option<i64>,
    pub status: DialogStatus,
    pub status_since: i64,
    pub display_name: String,
    pub username: Option<String>,
    pub language: Option<String>,
    pub start_param: Option<String>,
    pub first_seen_at: i64,
    pub last_user_at: Option<i64>,
    pub last_operator_at: Option<i64>,
    pub messages_from_user: i64,
    pub messages_from_operators: i64,
    pub banned: bool,
    pub labels: Vec<String>,
}

impl TryFrom<dialog::Model> for Dialog {
    type Error = Error;
    fn try_from(m: dialog::Model) -> Result<Self, Error> {
        let labels = serde_json::from_str(&m.labels).map_err(|e| {
            Error::Corrupt(format!(
                "labels of dialog {}/{}: {e}",
                m.connection_id, m.user_id
            ))
        })?;
        Ok(Dialog {
            connection_id: ConnectionId(m.connection_id),
            user_id: m.user_id,
            topic_id: m.topic_id,
            status: DialogStatus::parse(&m.status)?,
            status_since: m.status_since,
            display_name: m.display_name,
            username: m.username,
            language: m.language,
            start_param: m.start_param,
            first_seen_at: m.first_seen_at,
            last_user_at: m.last_user_at,
            last_operator_at: m.last_operator_at,
            messages_from_user: m.messages_from_user,
            messages_from_operators: m.messages_from_operators,
            banned: m.banned,
            labels,
        })
    }
}

/// Which dialogs a listing wants, and which page of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DialogQuery {
    pub status: Option<DialogStatus>,
    /// Dialogs carrying this label, in any letter case.
    pub label: Option<String>,
    /// Dialogs where something happened at or after this unix time: first contact, a status
    /// change, the user's or an operator's last message.
    pub updated_since: Option<i64>,
    pub offset: u64,
    pub limit: u64,
}

/// What is known of a user when their dialog starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDialog {
    pub connection_id: ConnectionId,
    pub user_id: i64,
    pub display_name: String,
    pub username: Option<String>,
    pub language: Option<String>,
    pub start_param: Option<String>,
}

pub struct Dialogs<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl Dialogs<'_> {
    pub async fn get(
        &self,
        connection: ConnectionId,
        user_id: i64,
    ) -> Result<Option<Dialog>, Error> {
        dialog::Entity::find_by_id((connection.0, user_id))
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    pub async fn by_topic(
        &self,
        connection: ConnectionId,
        topic_id: i64,
    ) -> Result<Option<Dialog>, Error> {
        dialog::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::TopicId.eq(topic_id))
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    /// The user's dialog, created if it does not exist; `true` when this call created it. Two
    /// racing first messages get the same dialog, and exactly one of them sees `true`.
    pub async fn get_or_create(&self, new: NewDialog) -> Result<(Dialog, bool), Error> {
        let at = now();
        let (connection, user) = (new.connection_id, new.user_id);
        let row = dialog::ActiveModel {
            connection_id: Set(connection.0),
            user_id: Set(user),
            topic_id: Set(None),
            status: Set(DialogStatus::UserAnswered.as_str().to_owned()),
            status_since: Set(at),
            display_name: Set(new.display_name),
            username: Set(new.username),
            language: Set(new.language),
            start_param: Set(new.start_param),
            first_seen_at: Set(at),
            last_user_at: Set(None),
            last_operator_at: Set(None),
            messages_from_user: Set(0),
            messages_from_operators: Set(0),
            banned: Set(false),
            labels: Set("[]".to_owned()),
            announced: Set(false),
        };
        let inserted = dialog::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([Column::ConnectionId, Column::UserId])
                    .do_nothing()
                    .to_owned(),
            )
            .try_insert()
            .exec_without_returning(self.db)
            .await?;
        let created = matches!(inserted, sea_orm::TryInsertResult::Inserted(1));
        let dialog = self
            .get(connection, user)
            .await?
            .ok_or_else(|| Error::not_found("dialog", user))?;
        Ok((dialog, created))
    }

    /// Binds (or, with `None`, unbinds) the dialog's topic.
    pub async fn set_topic(
        &self,
        connection: ConnectionId,
        user_id: i64,
        topic_id: Option<i64>,
    ) -> Result<(), Error> {
        self.set_topic_announcing(connection, user_id, topic_id, &[])
            .await
    }

    /// Binds the dialog's topic; when this is the dialog's first topic, `created` (its
    /// `dialog_created` webhook rows) is queued in the same transaction. A dialog is announced
    /// once: a topic made again after a deletion, or a replay, queues nothing.
    pub async fn set_topic_announcing(
        &self,
        connection: ConnectionId,
        user_id: i64,
        topic_id: Option<i64>,
        created: &[Outgoing],
    ) -> Result<(), Error> {
        let txn = self.db.begin().await?;
        let result = async {
            let first = update(&txn, connection, user_id, |u| {
                u.col_expr(Column::TopicId, Expr::value(topic_id))
                    .col_expr(Column::Announced, Expr::value(true))
                    .filter(Column::Announced.eq(false))
            })
            .await?;
            if first {
                crate::webhooks::enqueue(&txn, connection, created).await?;
            } else {
                let found = update(&txn, connection, user_id, |u| {
                    u.col_expr(Column::TopicId, Expr::value(topic_id))
                })
                .await?;
                if !found {
                    return Err(Error::not_found("dialog", user_id));
                }
            }
            Ok(())
        }
        .await;
        crate::db::finish(txn, result).await
    }

    pub async fn set_status(
        &self,
        connection: ConnectionId,
        user_id: i64,
        status: DialogStatus,
        at: i64,
    ) -> Result<(), Error> {
        self.set_status_announcing(connection, user_id, status, at, &[])
            .await
    }

    /// Sets the status and queues its webhook rows in the same transaction.
    pub async fn set_status_announcing(
        &self,
        connection: ConnectionId,
        user_id: i64,
        status: DialogStatus,
        at: i64,
        hooks: &[Outgoing],
    ) -> Result<(), Error> {
        let set = |u: sea_orm::UpdateMany<dialog::Entity>| {
            u.col_expr(Column::Status, Expr::value(status.as_str()))
                .col_expr(Column::StatusSince, Expr::value(at))
        };
        self.update_announcing(connection, user_id, set, hooks)
            .await
    }

    /// Refreshes what the user shows of themselves (they renamed, changed username or language).
    pub async fn update_profile(
        &self,
        connection: ConnectionId,
        user_id: i64,
        display_name: &str,
        username: Option<&str>,
        language: Option<&str>,
    ) -> Result<(), Error> {
        let (name, username, language) = (
            display_name.to_owned(),
            username.map(str::to_owned),
            language.map(str::to_owned),
        );
        self.update(connection, user_id, move |u| {
            u.col_expr(Column::DisplayName, Expr::value(name))
                .col_expr(Column::Username, Expr::value(username))
                .col_expr(Column::Language, Expr::value(language))
        })
        .await
    }

    pub async fn set_banned(
        &self,
        connection: ConnectionId,
        user_id: i64,
        banned: bool,
    ) -> Result<(), Error> {
        self.update(connection, user_id, |u| {
            u.col_expr(Column::Banned, Expr::value(banned))
        })
        .await
    }

    pub async fn set_labels(
        &self,
        connection: ConnectionId,
        user_id: i64,
        labels: &[String],
    ) -> Result<(), Error> {
        self.set_labels_announcing(connection, user_id, labels, &[])
            .await
    }

    /// Sets the labels and queues their webhook rows (`label_added`, `label_removed`) with them.
    pub async fn set_labels_announcing(
        &self,
        connection: ConnectionId,
        user_id: i64,
        labels: &[String],
        hooks: &[Outgoing],
    ) -> Result<(), Error> {
        let json = serde_json::to_string(labels).map_err(|e| Error::Corrupt(e.to_string()))?;
        let set =
            |u: sea_orm::UpdateMany<dialog::Entity>| u.col_expr(Column::Labels, Expr::value(json));
        self.update_announcing(connection, user_id, set, hooks)
            .await
    }

    /// Dialogs waiting in "support answered" since `before` or earlier: AUTOCLOSE's work list.
    pub async fn support_answered_before(
        &self,
        connection: ConnectionId,
        before: i64,
    ) -> Result<Vec<Dialog>, Error> {
        dialog::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::Status.eq(DialogStatus::SupportAnswered.as_str()))
            .filter(Column::StatusSince.lte(before))
            .order_by_asc(Column::StatusSince)
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    /// Every dialog of the connection, oldest first.
    pub async fn list(&self, connection: ConnectionId) -> Result<Vec<Dialog>, Error> {
        dialog::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .order_by_asc(Column::FirstSeenAt)
            .order_by_asc(Column::UserId)
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    /// A page of a connection's dialogs that `query` admits, in user id order; filtered and paged
    /// by the database (the HTTP API's listing), so a large desk is never read whole.
    pub async fn page(
        &self,
        connection: ConnectionId,
        query: &DialogQuery,
    ) -> Result<Vec<Dialog>, Error> {
        let mut select = dialog::Entity::find().filter(Column::ConnectionId.eq(connection.0));
        if let Some(status) = query.status {
            select = select.filter(Column::Status.eq(status.as_str()));
        }
        if let Some(t) = query.updated_since {
            select = select.filter(
                Condition::any()
                    .add(Column::FirstSeenAt.gte(t))
                    .add(Column::StatusSince.gte(t))
                    .add(Column::LastUserAt.gte(t))
                    .add(Column::LastOperatorAt.gte(t)),
            );
        }
        if let Some(label) = &query.label {
            // The labels are a JSON array: the quoted name, lowercased on both sides.
            let quoted = serde_json::to_string(&label.to_lowercase())
                .map_err(|e| Error::Corrupt(e.to_string()))?;
            let escaped = quoted
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_");
            select = select.filter(
                Expr::expr(Func::lower(Expr::col(Column::Labels)))
                    .like(LikeExpr::new(format!("%{escaped}%")).escape('\\')),
            );
        }
        select
            .order_by_asc(Column::UserId)
            .offset(query.offset)
            .limit(query.limit)
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    pub async fn count(&self, connection: ConnectionId) -> Result<u64, Error> {
        Ok(dialog::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .count(self.db)
            .await?)
    }

    async fn update(
        &self,
        connection: ConnectionId,
        user_id: i64,
        set: impl FnOnce(sea_orm::UpdateMany<dialog::Entity>) -> sea_orm::UpdateMany<dialog::Entity>,
    ) -> Result<(), Error> {
        if !update(self.db, connection, user_id, set).await? {
            return Err(Error::not_found("dialog", user_id));
        }
        Ok(())
    }

    /// An update with webhook rows in the same transaction (none: the plain, one-statement path).
    async fn update_announcing(
        &self,
        connection: ConnectionId,
        user_id: i64,
        set: impl FnOnce(sea_orm::UpdateMany<dialog::Entity>) -> sea_orm::UpdateMany<dialog::Entity>,
        hooks: &[Outgoing],
    ) -> Result<(), Error> {
        if hooks.is_empty() {
            return self.update(connection, user_id, set).await;
        }
        let txn = self.db.begin().await?;
        let result = async {
            if !update(&txn, connection, user_id, set).await? {
                return Err(Error::not_found("dialog", user_id));
            }
            crate::webhooks::enqueue(&txn, connection, hooks).await
        }
        .await;
        crate::db::finish(txn, result).await
    }
}

/// Updates one dialog; false when there is no such dialog (or `set`'s own filter left it out).
async fn update(
    db: &impl ConnectionTrait,
    connection: ConnectionId,
    user_id: i64,
    set: impl FnOnce(sea_orm::UpdateMany<dialog::Entity>) -> sea_orm::UpdateMany<dialog::Entity>,
) -> Result<bool, Error> {
    let update = dialog::Entity::update_many()
        .filter(Column::ConnectionId.eq(connection.0))
        .filter(Column::UserId.eq(user_id));
    Ok(set(update).exec(db).await?.rows_affected > 0)
}

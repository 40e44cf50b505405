//! Broadcasts (`/send`): a message copied to many users, with one row per recipient.
//!
//! The recipient rows are the broadcast's memory across restarts. A recipient goes
//! `pending → sending → sent | failed`, each step a conditional update, so two runners (a relay
//! and the one taking over its lease) can never both claim one recipient. A row left in `sending`
//! by a crash is either retried with the same Telegram random_id (Telegram refuses a repeat) or,
//! when too old for that, reported as `unknown`; see docs/ARCHITECTURE.md.

use std::fmt;

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, TransactionTrait as _,
};

use crate::connections::ConnectionId;
use crate::entity::broadcast::{self, Column};
use crate::entity::broadcast_recipient as recipient;
use crate::{Error, db, now};

/// Where a broadcast is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BroadcastStatus {
    /// Composed; the audience may change; nothing sent but tests.
    Draft,
    Running,
    Paused,
    Cancelled,
    Done,
}

impl BroadcastStatus {
    pub const ALL: [BroadcastStatus; 5] = [
        BroadcastStatus::Draft,
        BroadcastStatus::Running,
        BroadcastStatus::Paused,
        BroadcastStatus::Cancelled,
        BroadcastStatus::Done,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BroadcastStatus::Draft => "draft",
            BroadcastStatus::Running => "running",
            BroadcastStatus::Paused => "paused",
            BroadcastStatus::Cancelled => "cancelled",
            BroadcastStatus::Done => "done",
        }
    }

    /// Cancelled and done broadcasts never change again.
    pub fn is_finished(self) -> bool {
        matches!(self, BroadcastStatus::Cancelled | BroadcastStatus::Done)
    }

    fn parse(text: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| Error::Corrupt(format!("unknown broadcast status `{text}`")))
    }
}

impl fmt::Display for BroadcastStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who a broadcast goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BroadcastAudience {
    /// Every user with a dialog.
    All,
    /// Users whose dialog carries the label.
    Label(String),
    /// An uploaded list of user ids.
    List(Vec<i64>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broadcast {
    pub id: i64,
    pub connection_id: ConnectionId,
    pub status: BroadcastStatus,
    /// The message to copy (in the backend group), or an album's messages in order.
    pub source_chat_id: i64,
    pub source_msg_ids: Vec<i64>,
    pub audience: BroadcastAudience,
    /// The progress message in the General topic.
    pub card_msg_id: Option<i64>,
    pub created_by: i64,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

fn corrupt(id: i64, e: impl fmt::Display) -> Error {
    Error::Corrupt(format!("broadcast {id}: {e}"))
}

impl TryFrom<broadcast::Model> for Broadcast {
    type Error = Error;
    fn try_from(m: broadcast::Model) -> Result<Self, Error> {
        let audience = match (m.audience.as_str(), m.audience_label) {
            ("all", _) => BroadcastAudience::All,
            ("label", Some(label)) => BroadcastAudience::Label(label),
            ("list", _) => BroadcastAudience::List(
                serde_json::from_str(&m.audience_ids).map_err(|e| corrupt(m.id, e))?,
            ),
            (other, _) => return Err(corrupt(m.id, format!("audience `{other}`"))),
        };
        Ok(Broadcast {
            id: m.id,
            connection_id: ConnectionId(m.connection_id),
            status: BroadcastStatus::parse(&m.status)?,
            source_chat_id: m.source_chat_id,
            source_msg_ids: serde_json::from_str(&m.source_msg_ids)
                .map_err(|e| corrupt(m.id, e))?,
            audience,
            card_msg_id: m.card_msg_id,
            created_by: m.created_by,
            created_at: m.created_at,
            started_at: m.started_at,
            finished_at: m.finished_at,
        })
    }
}

/// Where one recipient's delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecipientStatus {
    Pending,
    /// Claimed by a runner; the send may or may not have reached Telegram.
    Sending,
    Sent,
    Failed,
    /// A crash left it in `sending` too long ago to retry safely: it may or may not have arrived.
    Unknown,
}

impl RecipientStatus {
    pub const ALL: [RecipientStatus; 5] = [
        RecipientStatus::Pending,
        RecipientStatus::Sending,
        RecipientStatus::Sent,
        RecipientStatus::Failed,
        RecipientStatus::Unknown,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RecipientStatus::Pending => "pending",
            RecipientStatus::Sending => "sending",
            RecipientStatus::Sent => "sent",
            RecipientStatus::Failed => "failed",
            RecipientStatus::Unknown => "unknown",
        }
    }

    fn parse(text: &str) -> Result<Self, Error> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| Error::Corrupt(format!("unknown recipient status `{text}`")))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user_id: i64,
    pub status: RecipientStatus,
    pub error: Option<String>,
    pub updated_at: i64,
}

/// How many recipients are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub pending: u64,
    pub sending: u64,
    pub sent: u64,
    pub failed: u64,
    pub unknown: u64,
}

impl Tally {
    pub fn total(&self) -> u64 {
        self.pending + self.sending + self.sent + self.failed + self.unknown
    }

    /// Not yet settled either way.
    pub fn left(&self) -> u64 {
        self.pending + self.sending
    }
}

/// A new broadcast, as `/send` composes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBroadcast {
    pub connection_id: ConnectionId,
    pub source_chat_id: i64,
    pub source_msg_ids: Vec<i64>,
    pub audience: BroadcastAudience,
    pub created_by: i64,
}

fn audience_columns(audience: &BroadcastAudience) -> (&'static str, Option<String>, String) {
    match audience {
        BroadcastAudience::All => ("all", None, "[]".into()),
        BroadcastAudience::Label(label) => ("label", Some(label.clone()), "[]".into()),
        BroadcastAudience::List(ids) => (
            "list",
            None,
            serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()),
        ),
    }
}

const UNFINISHED: [&str; 3] = ["draft", "running", "paused"];

pub struct Broadcasts<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl Broadcasts<'_> {
    pub async fn create(&self, new: NewBroadcast) -> Result<Broadcast, Error> {
        let (kind, label, ids) = audience_columns(&new.audience);
        let row = broadcast::ActiveModel {
            connection_id: Set(new.connection_id.0),
            status: Set(BroadcastStatus::Draft.as_str().to_owned()),
            source_chat_id: Set(new.source_chat_id),
            source_msg_ids: Set(serde_json::to_string(&new.source_msg_ids)
                .map_err(|e| Error::Corrupt(e.to_string()))?),
            audience: Set(kind.to_owned()),
            audience_label: Set(label),
            audience_ids: Set(ids),
            card_msg_id: Set(None),
            created_by: Set(new.created_by),
            created_at: Set(now()),
            started_at: Set(None),
            finished_at: Set(None),
            ..Default::default()
        };
        let id = broadcast::Entity::insert(row)
            .exec(self.db)
            .await?
            .last_insert_id;
        self.get(id)
            .await?
            .ok_or_else(|| Error::not_found("broadcast", id))
    }

    pub async fn get(&self, id: i64) -> Result<Option<Broadcast>, Error> {
        broadcast::Entity::find_by_id(id)
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    /// The connection's broadcast in progress (a draft, running or paused), if any.
    pub async fn unfinished(&self, connection: ConnectionId) -> Result<Option<Broadcast>, Error> {
        broadcast::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::Status.is_in(UNFINISHED))
            .order_by_desc(Column::Id)
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    /// Broadcasts that should be sending now (to resume after a restart).
    pub async fn running(&self, connection: ConnectionId) -> Result<Vec<Broadcast>, Error> {
        broadcast::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::Status.eq(BroadcastStatus::Running.as_str()))
            .order_by_asc(Column::Id)
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    /// Changes a draft's audience; false when it is no longer a draft.
    pub async fn set_audience(&self, id: i64, audience: &BroadcastAudience) -> Result<bool, Error> {
        let (kind, label, ids) = audience_columns(audience);
        let result = broadcast::Entity::update_many()
            .filter(Column::Id.eq(id))
            .filter(Column::Status.eq(BroadcastStatus::Draft.as_str()))
            .col_expr(Column::Audience, Expr::value(kind))
            .col_expr(Column::AudienceLabel, Expr::value(label))
            .col_expr(Column::AudienceIds, Expr::value(ids))
            .exec(self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    pub async fn set_card(&self, id: i64, card_msg_id: i64) -> Result<(), Error> {
        broadcast::Entity::update_many()
            .filter(Column::Id.eq(id))
            .col_expr(Column::CardMsgId, Expr::value(card_msg_id))
            .exec(self.db)
            .await?;
        Ok(())
    }

    /// Starts a draft: writes one pending row per recipient and marks it running, in one
    /// transaction. False (and nothing written) when it was not a draft any more.
    pub async fn start(&self, id: i64, recipients: &[i64]) -> Result<bool, Error> {
        let at = now();
        let txn = self.db.begin().await?;
        let result = async {
            let moved = broadcast::Entity::update_many()
                .filter(Column::Id.eq(id))
                .filter(Column::Status.eq(BroadcastStatus::Draft.as_str()))
                .col_expr(
                    Column::Status,
                    Expr::value(BroadcastStatus::Running.as_str()),
                )
                .col_expr(Column::StartedAt, Expr::value(at))
                .exec(&txn)
                .await?;
            if moved.rows_affected != 1 {
                return Ok(false);
            }
            // Chunks keep each statement well under SQLite's limit on bound variables.
            for chunk in recipients.chunks(500) {
                let rows = chunk.iter().map(|user| recipient::ActiveModel {
                    broadcast_id: Set(id),
                    user_id: Set(*user),
                    status: Set(RecipientStatus::Pending.as_str().to_owned()),
                    error: Set(None),
                    updated_at: Set(at),
                });
                recipient::Entity::insert_many(rows)
                    .on_conflict(
                        OnConflict::columns([
                            recipient::Column::BroadcastId,
                            recipient::Column::UserId,
                        ])
                        .do_nothing()
                        .to_owned(),
                    )
                    .try_insert()
                    .exec_without_returning(&txn)
                    .await?;
            }
            Ok(true)
        }
        .await;
        db::finish(txn, result).await
    }

    /// Moves the broadcast from one of `from` to `to`; false when it was in none of them (another
    /// operator or process moved it first). Finishing stamps `finished_at`.
    pub async fn transition(
        &self,
        id: i64,
        from: &[BroadcastStatus],
        to: BroadcastStatus,
    ) -> Result<bool, Error> {
        self.transition_announcing(id, from, to, ConnectionId(0), &[])
            .await
    }

    /// A transition that, when it happens, queues `hooks` (`broadcast_finished`) of
    /// `connection` in the same transaction.
    pub async fn transition_announcing(
        &self,
        id: i64,
        from: &[BroadcastStatus],
        to: BroadcastStatus,
        connection: ConnectionId,
        hooks: &[crate::Outgoing],
    ) -> Result<bool, Error> {
        let mut update = broadcast::Entity::update_many()
            .filter(Column::Id.eq(id))
            .filter(Column::Status.is_in(from.iter().map(|s| s.as_str())))
            .col_expr(Column::Status, Expr::value(to.as_str()));
        if to.is_finished() {
            update = update.col_expr(Column::FinishedAt, Expr::value(now()));
        }
        if hooks.is_empty() {
            return Ok(update.exec(self.db).await?.rows_affected == 1);
        }
        let txn = self.db.begin().await?;
        let result = async {
            let moved = update.exec(&txn).await?.rows_affected == 1;
            if moved {
                crate::webhooks::enqueue(&txn, connection, hooks).await?;
            }
            Ok(moved)
        }
        .await;
        crate::db::finish(txn, result).await
    }

    /// Up to `limit` recipients still to send to, in user id order.
    pub async fn pending(&self, id: i64, limit: u64) -> Result<Vec<i64>, Error> {
        Ok(recipient::Entity::find()
            .select_only()
            .column(recipient::Column::UserId)
            .filter(recipient::Column::BroadcastId.eq(id))
            .filter(recipient::Column::Status.eq(RecipientStatus::Pending.as_str()))
            .order_by_asc(recipient::Column::UserId)
            .limit(limit)
            .into_tuple::<i64>()
            .all(self.db)
            .await?)
    }

    /// Recipients a runner claimed and never settled (it stopped mid-send), with when.
    pub async fn in_flight(&self, id: i64) -> Result<Vec<(i64, i64)>, Error> {
        Ok(recipient::Entity::find()
            .select_only()
            .column(recipient::Column::UserId)
            .column(recipient::Column::UpdatedAt)
            .filter(recipient::Column::BroadcastId.eq(id))
            .filter(recipient::Column::Status.eq(RecipientStatus::Sending.as_str()))
            .order_by_asc(recipient::Column::UserId)
            .into_tuple::<(i64, i64)>()
            .all(self.db)
            .await?)
    }

    /// Claims a recipient for sending (`pending → sending`), before the send. False when it was
    /// not pending: someone else has it, or it is settled.
    pub async fn claim(&self, id: i64, user: i64) -> Result<bool, Error> {
        self.settle_from(
            id,
            user,
            RecipientStatus::Pending,
            RecipientStatus::Sending,
            None,
        )
        .await
    }

    /// Settles a claimed recipient (`sending → sent | failed | unknown`), after the send.
    pub async fn settle(
        &self,
        id: i64,
        user: i64,
        status: RecipientStatus,
        error: Option<&str>,
    ) -> Result<bool, Error> {
        self.settle_from(id, user, RecipientStatus::Sending, status, error)
            .await
    }

    async fn settle_from(
        &self,
        id: i64,
        user: i64,
        from: RecipientStatus,
        to: RecipientStatus,
        error: Option<&str>,
    ) -> Result<bool, Error> {
        let result = recipient::Entity::update_many()
            .filter(recipient::Column::BroadcastId.eq(id))
            .filter(recipient::Column::UserId.eq(user))
            .filter(recipient::Column::Status.eq(from.as_str()))
            .col_expr(recipient::Column::Status, Expr::value(to.as_str()))
            .col_expr(
                recipient::Column::Error,
                Expr::value(error.map(str::to_owned)),
            )
            .col_expr(recipient::Column::UpdatedAt, Expr::value(now()))
            .exec(self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }

    pub async fn tally(&self, id: i64) -> Result<Tally, Error> {
        let rows: Vec<(String, i64)> = recipient::Entity::find()
            .select_only()
            .column(recipient::Column::Status)
            .column_as(recipient::Column::UserId.count(), "n")
            .filter(recipient::Column::BroadcastId.eq(id))
            .group_by(recipient::Column::Status)
            .into_tuple()
            .all(self.db)
            .await?;
        let mut tally = Tally::default();
        for (status, n) in rows {
            let n = n.max(0) as u64;
            match RecipientStatus::parse(&status)? {
                RecipientStatus::Pending => tally.pending = n,
                RecipientStatus::Sending => tally.sending = n,
                RecipientStatus::Sent => tally.sent = n,
                RecipientStatus::Failed => tally.failed = n,
                RecipientStatus::Unknown => tally.unknown = n,
            }
        }
        Ok(tally)
    }

    /// Every recipient and how their delivery ended, in user id order (the CSV report).
    pub async fn recipients(&self, id: i64) -> Result<Vec<Recipient>, Error> {
        recipient::Entity::find()
            .filter(recipient::Column::BroadcastId.eq(id))
            .order_by_asc(recipient::Column::UserId)
            .all(self.db)
            .await?
            .into_iter()
            .map(|m| {
                Ok(Recipient {
                    user_id: m.user_id,
                    status: RecipientStatus::parse(&m.status)?,
                    error: m.error,
                    updated_at: m.updated_at,
                })
            })
            .collect()
    }
}

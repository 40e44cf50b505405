//! Events: notices from the relay to the setup bot, delivered to the connection's admin once.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter as _, QueryOrder as _, QuerySelect as _,
};

use crate::connections::ConnectionId;
use crate::entity::event::{self, Column};
use crate::{Error, now};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// The backend group was bound; payload `{chat_id}`.
    Linked,
    /// Telegram ended the session; payload `{reason}`.
    NeedsLogin,
    /// The relay gave up on the connection; payload `{reason}`.
    Failed,
    /// A link attempt in a group was refused (not a forum, rights missing, wrong person);
    /// payload `{chat_id, reason, missing}`.
    LinkRefused,
    /// A private message for one person through the setup bot (/info under HIDE_INFO=command);
    /// payload `{to, html}`.
    Notice,
    /// A webhook delivery was given up (refused by the receiver, or retried for too long);
    /// payload `{url, event_type, event_id, status, reason}`.
    WebhookFailed,
}

impl EventKind {
    pub const ALL: [EventKind; 6] = [
        EventKind::Linked,
        EventKind::NeedsLogin,
        EventKind::Failed,
        EventKind::LinkRefused,
        EventKind::Notice,
        EventKind::WebhookFailed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Linked => "linked",
            EventKind::NeedsLogin => "needs_login",
            EventKind::Failed => "failed",
            EventKind::LinkRefused => "link_refused",
            EventKind::Notice => "notice",
            EventKind::WebhookFailed => "webhook_failed",
        }
    }

    fn parse(text: &str) -> Result<Self, Error> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text)
            .ok_or_else(|| Error::Corrupt(format!("unknown event kind `{text}`")))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub id: i64,
    pub connection_id: ConnectionId,
    pub owner_id: i64,
    pub kind: EventKind,
    pub payload: serde_json::Value,
    pub created_at: i64,
}

impl TryFrom<event::Model> for Event {
    type Error = Error;
    fn try_from(m: event::Model) -> Result<Self, Error> {
        Ok(Event {
            id: m.id,
            connection_id: ConnectionId(m.connection_id),
            owner_id: m.owner_id,
            kind: EventKind::parse(&m.kind)?,
            payload: serde_json::from_str(&m.payload)
                .map_err(|e| Error::Corrupt(format!("event {}: {e}", m.id)))?,
            created_at: m.created_at,
        })
    }
}

pub(crate) async fn insert(
    db: &impl ConnectionTrait,
    connection_id: ConnectionId,
    owner_id: i64,
    kind: EventKind,
    payload: &serde_json::Value,
) -> Result<(), Error> {
    let row = event::ActiveModel {
        connection_id: Set(connection_id.0),
        owner_id: Set(owner_id),
        kind: Set(kind.as_str().to_owned()),
        payload: Set(payload.to_string()),
        created_at: Set(now()),
        delivered_at: Set(None),
        ..Default::default()
    };
    event::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub struct Events<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl Events<'_> {
    /// Records an event for the connection's admin.
    pub async fn emit(
        &self,
        connection_id: ConnectionId,
        kind: EventKind,
        payload: serde_json::Value,
    ) -> Result<(), Error> {
        let owner = crate::entity::connection::Entity::find_by_id(connection_id.0)
            .one(self.db)
            .await?
            .ok_or_else(|| Error::not_found("connection", connection_id.0))?
            .owner_id;
        insert(self.db, connection_id, owner, kind, &payload).await
    }

    /// Events not yet delivered, oldest first.
    pub async fn undelivered(&self, limit: u64) -> Result<Vec<Event>, Error> {
        event::Entity::find()
            .filter(Column::DeliveredAt.is_null())
            .order_by_asc(Column::Id)
            .limit(limit)
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    /// Gives a claimed event back (its sending failed), so the next pass tries again.
    pub async fn unmark_delivered(&self, id: i64) -> Result<(), Error> {
        event::Entity::update_many()
            .col_expr(Column::DeliveredAt, Expr::value(Option::<i64>::None))
            .filter(Column::Id.eq(id))
            .exec(self.db)
            .await?;
        Ok(())
    }

    /// Marks an event delivered; false when another process already did (so it is sent once).
    pub async fn mark_delivered(&self, id: i64, at: i64) -> Result<bool, Error> {
        let affected = event::Entity::update_many()
            .col_expr(Column::DeliveredAt, Expr::value(at))
            .filter(Column::Id.eq(id))
            .filter(Column::DeliveredAt.is_null())
            .exec(self.db)
            .await?
            .rows_affected;
        Ok(affected == 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_listed_and_round_trips() {
        // An exhaustive match: adding a kind without listing it here (and in ALL) fails to build.
        let listed = |kind: EventKind| match kind {
            EventKind::Linked
            | EventKind::NeedsLogin
            | EventKind::Failed
            | EventKind::LinkRefused
            | EventKind::Notice
            | EventKind::WebhookFailed => true,
        };
        assert_eq!(EventKind::ALL.len(), 6);
        for kind in EventKind::ALL {
            assert!(listed(kind));
            assert_eq!(EventKind::parse(kind.as_str()).unwrap(), kind);
        }
    }
}

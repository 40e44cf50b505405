//! The webhook outbox (issue 15): one row per event and URL, written in the same transaction as
//! the change it reports, and the connection's signing secret, sealed at rest.
//!
//! The deliverer (in the relay) sends each URL's pending rows strictly in `id` order and records
//! every attempt here, so a restart resumes exactly where delivery stood.

use base64::Engine as _;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter as _, QueryOrder as _, QuerySelect as _, TransactionTrait as _,
};
use secrecy::{ExposeSecret as _, SecretString};

use crate::connections::ConnectionId;
use crate::entity::connection;
use crate::entity::webhook_delivery::{self, Column};
use crate::events::EventKind;
use crate::secret::Sealer;
use crate::{Error, now};

/// One event for one URL, ready to be queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    pub url: String,
    /// The event's id: the receiver's deduplication key (`webhook-id`).
    pub event_id: String,
    pub event_type: String,
    /// The JSON body, exactly as it will be signed and sent.
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryState {
    Pending,
    Delivered,
    Failed,
}

impl DeliveryState {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Pending => "pending",
            DeliveryState::Delivered => "delivered",
            DeliveryState::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "pending" => Ok(DeliveryState::Pending),
            "delivered" => Ok(DeliveryState::Delivered),
            "failed" => Ok(DeliveryState::Failed),
            other => Err(Error::Corrupt(format!("unknown delivery state `{other}`"))),
        }
    }
}

/// A queued delivery, as the deliverer sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub connection_id: ConnectionId,
    pub url: String,
    pub event_id: String,
    pub event_type: String,
    pub body: String,
    pub created_at: i64,
    pub state: DeliveryState,
    pub attempts: i32,
    pub next_attempt_at: i64,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
}

impl TryFrom<webhook_delivery::Model> for Delivery {
    type Error = Error;
    fn try_from(m: webhook_delivery::Model) -> Result<Self, Error> {
        Ok(Delivery {
            id: m.id,
            connection_id: ConnectionId(m.connection_id),
            url: m.url,
            event_id: m.event_id,
            event_type: m.event_type,
            body: m.body,
            created_at: m.created_at,
            state: DeliveryState::parse(&m.state)?,
            attempts: m.attempts,
            next_attempt_at: m.next_attempt_at,
            last_status: m.last_status,
            last_error: m.last_error,
        })
    }
}

/// Queues `rows` inside the caller's transaction.
pub(crate) async fn enqueue(
    db: &impl ConnectionTrait,
    connection: ConnectionId,
    rows: &[Outgoing],
) -> Result<(), Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let at = now();
    let models = rows.iter().map(|row| webhook_delivery::ActiveModel {
        connection_id: Set(connection.0),
        url: Set(row.url.clone()),
        event_id: Set(row.event_id.clone()),
        event_type: Set(row.event_type.clone()),
        body: Set(row.body.clone()),
        created_at: Set(at),
        state: Set(DeliveryState::Pending.as_str().to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(at),
        last_status: Set(None),
        last_error: Set(None),
        finished_at: Set(None),
        ..Default::default()
    });
    webhook_delivery::Entity::insert_many(models)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

fn secret_context(id: ConnectionId) -> String {
    format!("connections.webhook_secret:{}", id.0)
}

pub struct WebhookOutbox<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) sealer: &'a Sealer,
}

impl WebhookOutbox<'_> {
    /// Queues rows on their own (a change that has no row of its own to share a transaction with).
    pub async fn enqueue(&self, connection: ConnectionId, rows: &[Outgoing]) -> Result<(), Error> {
        enqueue(self.db, connection, rows).await
    }

    /// The URLs of a connection with something pending.
    pub async fn pending_urls(&self, connection: ConnectionId) -> Result<Vec<String>, Error> {
        let rows: Vec<String> = webhook_delivery::Entity::find()
            .select_only()
            .column(Column::Url)
            .distinct()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::State.eq(DeliveryState::Pending.as_str()))
            .into_tuple()
            .all(self.db)
            .await?;
        Ok(rows)
    }

    /// The oldest pending delivery to `url`: the only one that may be sent next (order per URL).
    pub async fn head(
        &self,
        connection: ConnectionId,
        url: &str,
    ) -> Result<Option<Delivery>, Error> {
        Ok(self.pending(connection, url, 1).await?.into_iter().next())
    }

    /// The oldest `limit` pending deliveries to `url`, in the order they must be sent.
    pub async fn pending(
        &self,
        connection: ConnectionId,
        url: &str,
        limit: u64,
    ) -> Result<Vec<Delivery>, Error> {
        webhook_delivery::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::State.eq(DeliveryState::Pending.as_str()))
            .filter(Column::Url.eq(url))
            .order_by_asc(Column::Id)
            .limit(limit)
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    /// Several deliveries taken by their receivers with `status`: one statement for all.
    pub async fn delivered_all(&self, ids: &[i64], status: u16, at: i64) -> Result<(), Error> {
        if ids.is_empty() {
            return Ok(());
        }
        webhook_delivery::Entity::update_many()
            .col_expr(
                Column::State,
                Expr::value(DeliveryState::Delivered.as_str()),
            )
            .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
            .col_expr(Column::LastStatus, Expr::value(i32::from(status)))
            .col_expr(Column::LastError, Expr::value(Option::<String>::None))
            .col_expr(Column::FinishedAt, Expr::value(at))
            .filter(Column::Id.is_in(ids.iter().copied()))
            .filter(Column::State.eq(DeliveryState::Pending.as_str()))
            .exec(self.db)
            .await?;
        Ok(())
    }

    /// Every delivery of a connection, oldest first (for tests and `doctor`).
    pub async fn all(&self, connection: ConnectionId) -> Result<Vec<Delivery>, Error> {
        webhook_delivery::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .order_by_asc(Column::Id)
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    /// A passing failure: try again at `next_at`.
    pub async fn retry_later(
        &self,
        id: i64,
        next_at: i64,
        status: Option<u16>,
        error: &str,
    ) -> Result<(), Error> {
        webhook_delivery::Entity::update_many()
            .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
            .col_expr(Column::NextAttemptAt, Expr::value(next_at))
            .col_expr(Column::LastStatus, Expr::value(status.map(i32::from)))
            .col_expr(Column::LastError, Expr::value(error))
            .filter(Column::Id.eq(id))
            .filter(Column::State.eq(DeliveryState::Pending.as_str()))
            .exec(self.db)
            .await?;
        Ok(())
    }

    /// Delivery is over for this row (refused, or retried for too long). The admin hears of it
    /// through the setup bot, in the same transaction, so the notice is neither lost nor doubled.
    pub async fn give_up(
        &self,
        delivery: &Delivery,
        status: Option<u16>,
        error: &str,
        at: i64,
    ) -> Result<(), Error> {
        let txn = self.db.begin().await?;
        let result = async {
            let affected = webhook_delivery::Entity::update_many()
                .col_expr(Column::State, Expr::value(DeliveryState::Failed.as_str()))
                .col_expr(Column::Attempts, Expr::col(Column::Attempts).add(1))
                .col_expr(Column::LastStatus, Expr::value(status.map(i32::from)))
                .col_expr(Column::LastError, Expr::value(error))
                .col_expr(Column::FinishedAt, Expr::value(at))
                .filter(Column::Id.eq(delivery.id))
                .filter(Column::State.eq(DeliveryState::Pending.as_str()))
                .exec(&txn)
                .await?
                .rows_affected;
            if affected == 1 {
                let owner = connection::Entity::find_by_id(delivery.connection_id.0)
                    .one(&txn)
                    .await?
                    .ok_or_else(|| Error::not_found("connection", delivery.connection_id.0))?
                    .owner_id;
                let payload = serde_json::json!({
                    "url": delivery.url,
                    "event_type": delivery.event_type,
                    "event_id": delivery.event_id,
                    "status": status,
                    "reason": error,
                });
                crate::events::insert(
                    &txn,
                    delivery.connection_id,
                    owner,
                    EventKind::WebhookFailed,
                    &payload,
                )
                .await?;
            }
            Ok(())
        }
        .await;
        crate::db::finish(txn, result).await
    }

    /// Pending rows for URLs no longer listed in WEBHOOKS are dropped (marked failed, no notice:
    /// the admin removed the URL). Returns how many.
    pub async fn drop_unlisted(
        &self,
        connection: ConnectionId,
        listed: &[String],
    ) -> Result<u64, Error> {
        let affected = webhook_delivery::Entity::update_many()
            .col_expr(Column::State, Expr::value(DeliveryState::Failed.as_str()))
            .col_expr(Column::LastError, Expr::value("unsubscribed"))
            .col_expr(Column::FinishedAt, Expr::value(now()))
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::State.eq(DeliveryState::Pending.as_str()))
            .filter(Column::Url.is_not_in(listed.iter().cloned()))
            .exec(self.db)
            .await?
            .rows_affected;
        Ok(affected)
    }

    /// Forgets finished rows older than `before` (the outbox is a queue, not an archive).
    pub async fn prune(&self, connection: ConnectionId, before: i64) -> Result<u64, Error> {
        let affected = webhook_delivery::Entity::delete_many()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::State.ne(DeliveryState::Pending.as_str()))
            .filter(Column::FinishedAt.lt(before))
            .exec(self.db)
            .await?
            .rows_affected;
        Ok(affected)
    }

    /// The connection's signing secret, if one was made.
    pub async fn signing_secret(&self, id: ConnectionId) -> Result<Option<SecretString>, Error> {
        let model = connection::Entity::find_by_id(id.0).one(self.db).await?;
        let Some(sealed) = model.and_then(|m| m.webhook_secret) else {
            return Ok(None);
        };
        let plain = self.sealer.open(&secret_context(id), &sealed)?;
        let text = String::from_utf8(plain.expose_secret().clone())
            .map_err(|_| Error::Corrupt(format!("connection {id}'s webhook secret is not text")))?;
        Ok(Some(text.into()))
    }

    /// A new signing secret (`whsec_` + base64 of 32 random bytes, as Standard Webhooks writes
    /// them), replacing any old one. The caller shows it once.
    pub async fn rotate_signing_secret(&self, id: ConnectionId) -> Result<SecretString, Error> {
        let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(bytes.as_mut())
            .map_err(|e| Error::Corrupt(format!("no random source: {e}")))?;
        let secret = format!(
            "whsec_{}",
            base64::engine::general_purpose::STANDARD.encode(bytes.as_ref())
        );
        let sealed = self.sealer.seal(&secret_context(id), secret.as_bytes());
        connection::Entity::update_many()
            .col_expr(connection::Column::WebhookSecret, Expr::value(sealed))
            .filter(connection::Column::Id.eq(id.0))
            .exec(self.db)
            .await?;
        Ok(secret.into())
    }

    /// The signing secret, made now if there is none yet (`true` when it was just made).
    pub async fn ensure_signing_secret(
        &self,
        id: ConnectionId,
    ) -> Result<(SecretString, bool), Error> {
        match self.signing_secret(id).await? {
            Some(secret) => Ok((secret, false)),
            None => Ok((self.rotate_signing_secret(id).await?, true)),
        }
    }
}

//! The HTTP API's share of the database (issue #15): one key per connection, kept only as a
//! SHA-256 hash, and the requests the API hands to the connection's relay worker.
//!
//! Hand-over: [`ApiRequests::submit`] inserts a `pending` row and bumps the connection's
//! revision in the same transaction, so the supervisor wakes the worker as it does for a
//! parameter change; the worker claims each pending row in order (`pending → working`), carries
//! it out, and writes the outcome (`done` or `failed`) that the API is waiting for.

use std::fmt;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, TransactionTrait as _,
};
use secrecy::{ExposeSecret as _, SecretString};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use crate::connections::ConnectionId;
use crate::db::finish;
use crate::entity::{api_key, api_request, connection, message_link};
use crate::message_links::{MessageLink, MessageLinks};
use crate::revision::bump;
use crate::{Error, now};

/// Every key starts with this, so a leaked one is recognisable (secret scanners, logs).
pub const KEY_PREFIX: &str = "sb_";

/// Which connection a key names, read from its shape (`sb_<connection id>_<random>`); `None`
/// for anything else. Says nothing about whether the key is valid.
pub fn key_connection(key: &str) -> Option<ConnectionId> {
    let rest = key.strip_prefix(KEY_PREFIX)?;
    let (id, random) = rest.split_once('_')?;
    if random.len() < 32
        || !random
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    id.parse().ok().map(ConnectionId)
}

fn hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

pub struct ApiKeys<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl ApiKeys<'_> {
    /// Creates the connection's key, replacing any earlier one (which is refused from then on).
    /// The key is returned once and never stored: only its hash is.
    pub async fn create(&self, connection: ConnectionId) -> Result<SecretString, Error> {
        let mut random = [0u8; 32];
        // As for the secret key: without the OS random source no secret can be made safely.
        getrandom::fill(&mut random).expect("the operating system's random source is unavailable");
        use base64::Engine as _;
        let random = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random);
        let key = format!("{KEY_PREFIX}{}_{random}", connection.0);
        let row = api_key::ActiveModel {
            connection_id: Set(connection.0),
            key_hash: Set(hash(&key)),
            created_at: Set(now()),
        };
        api_key::Entity::insert(row)
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(api_key::Column::ConnectionId)
                    .update_columns([api_key::Column::KeyHash, api_key::Column::CreatedAt])
                    .to_owned(),
            )
            .exec_without_returning(self.db)
            .await?;
        Ok(SecretString::from(key))
    }

    /// Whether the connection has a key (the setup bot shows [API key] or [Reset API key]).
    pub async fn exists(&self, connection: ConnectionId) -> Result<bool, Error> {
        Ok(api_key::Entity::find_by_id(connection.0)
            .one(self.db)
            .await?
            .is_some())
    }

    /// The connection a presented key belongs to, or `None` when it is not a current key.
    /// The hashes are compared in constant time.
    pub async fn verify(&self, key: &SecretString) -> Result<Option<ConnectionId>, Error> {
        let key = key.expose_secret();
        let Some(connection) = key_connection(key) else {
            return Ok(None);
        };
        let presented = hash(key);
        let Some(row) = api_key::Entity::find_by_id(connection.0)
            .one(self.db)
            .await?
        else {
            return Ok(None);
        };
        let same: bool = presented.as_bytes().ct_eq(row.key_hash.as_bytes()).into();
        Ok(same.then_some(connection))
    }
}

/// Where a request stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiRequestStatus {
    /// Waiting for the worker.
    Pending,
    /// Claimed by the worker and being carried out.
    Working,
    Done,
    Failed,
}

impl ApiRequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Working => "working",
            Self::Done => "done",
            Self::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Result<Self, Error> {
        Ok(match text {
            "pending" => Self::Pending,
            "working" => Self::Working,
            "done" => Self::Done,
            "failed" => Self::Failed,
            other => {
                return Err(Error::Corrupt(format!(
                    "unknown API request status `{other}`"
                )));
            }
        })
    }

    pub fn is_finished(self) -> bool {
        matches!(self, Self::Done | Self::Failed)
    }
}

impl fmt::Display for ApiRequestStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the API asked the worker to do, as the API validated it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApiAction {
    /// Send a text to the user as the bot or account, shown in the topic as sent through the API.
    SendMessage {
        user_id: i64,
        text: String,
    },
    /// Set the dialog's status (a `DialogStatus` name).
    SetStatus {
        user_id: i64,
        status: String,
    },
    AddLabel {
        user_id: i64,
        label: String,
    },
    RemoveLabel {
        user_id: i64,
        label: String,
    },
    /// Post the text in General and send it to every dialog with the label.
    Broadcast {
        label: String,
        text: String,
    },
}

impl ApiAction {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::SendMessage { .. } => "send_message",
            Self::SetStatus { .. } => "set_status",
            Self::AddLabel { .. } => "add_label",
            Self::RemoveLabel { .. } => "remove_label",
            Self::Broadcast { .. } => "broadcast",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    pub id: i64,
    pub connection_id: ConnectionId,
    pub idempotency_key: Option<String>,
    pub action: ApiAction,
    pub status: ApiRequestStatus,
    /// The outcome (done) or the problem (failed).
    pub result: Option<serde_json::Value>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

impl TryFrom<api_request::Model> for ApiRequest {
    type Error = Error;
    fn try_from(m: api_request::Model) -> Result<Self, Error> {
        let corrupt = |e: serde_json::Error| Error::Corrupt(format!("API request {}: {e}", m.id));
        Ok(ApiRequest {
            id: m.id,
            connection_id: ConnectionId(m.connection_id),
            action: serde_json::from_str(&m.payload).map_err(corrupt)?,
            status: ApiRequestStatus::parse(&m.status)?,
            result: m
                .result
                .as_deref()
                .map(serde_json::from_str)
                .transpose()
                .map_err(corrupt)?,
            idempotency_key: m.idempotency_key,
            created_at: m.created_at,
            finished_at: m.finished_at,
        })
    }
}

/// What [`ApiRequests::submit`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Submitted {
    /// A new request, waiting for the worker.
    New(ApiRequest),
    /// The idempotency key was used before: that request, not a second one.
    Existing(ApiRequest),
}

pub struct ApiRequests<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl ApiRequests<'_> {
    /// Records a request for the connection's worker and wakes it (the connection's revision
    /// moves), unless `idempotency_key` names an earlier request, which is returned instead.
    pub async fn submit(
        &self,
        connection: ConnectionId,
        idempotency_key: Option<&str>,
        action: &ApiAction,
    ) -> Result<Submitted, Error> {
        let payload = serde_json::to_string(action).map_err(|e| Error::Corrupt(e.to_string()))?;
        let txn = self.db.begin().await?;
        let result = async {
            // First, so two requests with the same key are serialized on the counter's row
            // (SQLite: the write lock; PostgreSQL: the row lock) before either looks.
            let revision = bump(&txn).await?;
            if let Some(key) = idempotency_key {
                let earlier = api_request::Entity::find()
                    .filter(api_request::Column::ConnectionId.eq(connection.0))
                    .filter(api_request::Column::IdempotencyKey.eq(key))
                    .one(&txn)
                    .await?;
                if let Some(earlier) = earlier {
                    return Ok(Submitted::Existing(earlier.try_into()?));
                }
            }
            let row = api_request::ActiveModel {
                connection_id: Set(connection.0),
                idempotency_key: Set(idempotency_key.map(str::to_owned)),
                kind: Set(action.kind().to_owned()),
                payload: Set(payload),
                status: Set(ApiRequestStatus::Pending.as_str().to_owned()),
                result: Set(None),
                created_at: Set(now()),
                finished_at: Set(None),
                ..Default::default()
            };
            let inserted = api_request::Entity::insert(row).exec(&txn).await?;
            connection::Entity::update_many()
                .col_expr(connection::Column::Revision, Expr::value(revision))
                .filter(connection::Column::Id.eq(connection.0))
                .exec(&txn)
                .await?;
            let model = api_request::Entity::find_by_id(inserted.last_insert_id)
                .one(&txn)
                .await?
                .ok_or_else(|| Error::not_found("API request", inserted.last_insert_id))?;
            Ok(Submitted::New(model.try_into()?))
        }
        .await;
        finish(txn, result).await
    }

    /// One request of the connection.
    pub async fn get(
        &self,
        connection: ConnectionId,
        id: i64,
    ) -> Result<Option<ApiRequest>, Error> {
        api_request::Entity::find_by_id(id)
            .filter(api_request::Column::ConnectionId.eq(connection.0))
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    /// The oldest request still waiting for the worker.
    pub async fn next_pending(
        &self,
        connection: ConnectionId,
    ) -> Result<Option<ApiRequest>, Error> {
        api_request::Entity::find()
            .filter(api_request::Column::ConnectionId.eq(connection.0))
            .filter(api_request::Column::Status.eq(ApiRequestStatus::Pending.as_str()))
            .order_by_asc(api_request::Column::Id)
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    /// Takes a pending request for the worker (a conditional update: false when it was not
    /// pending any more).
    pub async fn claim(&self, id: i64) -> Result<bool, Error> {
        let affected = api_request::Entity::update_many()
            .col_expr(
                api_request::Column::Status,
                Expr::value(ApiRequestStatus::Working.as_str()),
            )
            .filter(api_request::Column::Id.eq(id))
            .filter(api_request::Column::Status.eq(ApiRequestStatus::Pending.as_str()))
            .exec(self.db)
            .await?
            .rows_affected;
        Ok(affected == 1)
    }

    /// Writes a claimed request's outcome.
    pub async fn finish(
        &self,
        id: i64,
        status: ApiRequestStatus,
        result: &serde_json::Value,
    ) -> Result<(), Error> {
        debug_assert!(status.is_finished());
        api_request::Entity::update_many()
            .col_expr(api_request::Column::Status, Expr::value(status.as_str()))
            .col_expr(api_request::Column::Result, Expr::value(result.to_string()))
            .col_expr(api_request::Column::FinishedAt, Expr::value(now()))
            .filter(api_request::Column::Id.eq(id))
            .filter(api_request::Column::Status.eq(ApiRequestStatus::Working.as_str()))
            .exec(self.db)
            .await?;
        Ok(())
    }

    /// Requests a stopped worker had claimed and not finished: whether their message left is
    /// unknown, so they fail honestly (`interrupted`) rather than risk a second send. Returns
    /// how many.
    pub async fn interrupt_working(&self, connection: ConnectionId) -> Result<u64, Error> {
        let result = serde_json::json!({ "error": "interrupted" }).to_string();
        Ok(api_request::Entity::update_many()
            .col_expr(
                api_request::Column::Status,
                Expr::value(ApiRequestStatus::Failed.as_str()),
            )
            .col_expr(api_request::Column::Result, Expr::value(result))
            .col_expr(api_request::Column::FinishedAt, Expr::value(now()))
            .filter(api_request::Column::ConnectionId.eq(connection.0))
            .filter(api_request::Column::Status.eq(ApiRequestStatus::Working.as_str()))
            .exec(self.db)
            .await?
            .rows_affected)
    }
}

impl MessageLinks<'_> {
    /// A dialog's message links, newest first, older than the link `before` (an id from an
    /// earlier page) when given: the API's message history.
    pub async fn history(
        &self,
        connection: ConnectionId,
        user_id: i64,
        before: Option<i64>,
        limit: u64,
    ) -> Result<Vec<(i64, MessageLink)>, Error> {
        let mut query = message_link::Entity::find()
            .filter(message_link::Column::ConnectionId.eq(connection.0))
            .filter(message_link::Column::UserId.eq(user_id));
        if let Some(before) = before {
            query = query.filter(message_link::Column::Id.lt(before));
        }
        query
            .order_by_desc(message_link::Column::Id)
            .limit(limit)
            .all(self.db)
            .await?
            .into_iter()
            .map(|m| Ok((m.id, m.try_into()?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_names_its_connection_only_in_its_own_shape() {
        let random = "A".repeat(43);
        assert_eq!(
            key_connection(&format!("sb_12_{random}")),
            Some(ConnectionId(12))
        );
        assert_eq!(
            key_connection(&format!("sb_12_a_b{random}")),
            Some(ConnectionId(12))
        );
        assert_eq!(key_connection(&format!("xx_12_{random}")), None);
        assert_eq!(key_connection("sb_12_short"), None);
        assert_eq!(key_connection(&format!("sb_x_{random}")), None);
        assert_eq!(key_connection(&format!("sb_12_{random}!")), None);
    }

    #[test]
    fn actions_round_trip_through_json() {
        let action = ApiAction::SetStatus {
            user_id: 5,
            status: "closed".into(),
        };
        let text = serde_json::to_string(&action).unwrap();
        assert!(text.contains("\"kind\":\"set_status\""));
        assert_eq!(serde_json::from_str::<ApiAction>(&text).unwrap(), action);
    }
}

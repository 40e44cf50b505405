use crate::connections::{ConnectionId, ConnectionStatus};
use crate::secret::SecretError;

/// Everything a storage call can fail with. Messages never contain secrets.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error(transparent)]
    DatabaseUrl(#[from] crate::db::DatabaseUrlError),
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("{what} {id} was not found")]
    NotFound { what: &'static str, id: i64 },
    #[error("connection {id} cannot go from {from} to {to}")]
    IllegalTransition {
        id: ConnectionId,
        from: ConnectionStatus,
        to: ConnectionStatus,
    },
    #[error("this Telegram identity is already connection {existing} (owned by {owner_id})")]
    AlreadyConnected {
        existing: ConnectionId,
        owner_id: i64,
    },
    #[error(
        "connection {id} belongs to another Telegram identity; sign in as the same bot or account"
    )]
    DifferentIdentity { id: ConnectionId },
    #[error("a stored value is unreadable: {0}")]
    Corrupt(String),
    #[error("the database writer stopped before confirming a write (the process is stopping)")]
    WriterGone,
}

impl Error {
    pub(crate) fn not_found(what: &'static str, id: i64) -> Self {
        Error::NotFound { what, id }
    }
}

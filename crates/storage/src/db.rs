//! Opening the pool with settings that suit each backend.

use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

/// Which SQL database is behind a `Storage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A `DATABASE_URL` this build cannot use.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("DATABASE_URL must start with sqlite:// or postgres:// (got `{scheme}`)")]
pub struct DatabaseUrlError {
    pub scheme: String,
}

impl Backend {
    pub fn of_url(url: &str) -> Result<Backend, DatabaseUrlError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            // Only the scheme: the rest of a URL may hold a password.
            let scheme = url
                .split_once(':')
                .map_or("", |(s, _)| s)
                .chars()
                .take(20)
                .collect();
            Err(DatabaseUrlError { scheme })
        }
    }
}

/// How many pooled connections: SQLite in WAL mode reads in parallel and writes one at a time
/// (busy_timeout queues writers), so a small pool lets readers run beside a writer.
const SQLITE_POOL: u32 = 8;
const POSTGRES_POOL: u32 = 16;
/// How long a SQLite writer waits for the lock before failing.
pub const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The journal's own SQLite connection keeps this many KiB of pages cached: the pages a batch
/// writes (the dialogs, the link indexes' leaves) stay in memory between batches instead of
/// being read again (SQLite's default is 2 MiB a connection).
const SQLITE_WRITER_CACHE_KIB: i64 = 32 * 1024;

/// The journal's connection copies the write-ahead log back into the database every this many
/// pages (SQLite's default is 1,000). Its batches modify the same pages over and over (the
/// dialogs' rows, the link indexes' newest leaves); a longer log copies each of them once per
/// checkpoint instead of eight times, and syncs the file an eighth as often. The log grows to
/// 32 MiB before it is reused.
const SQLITE_WRITER_CHECKPOINT_PAGES: u32 = 8_192;

/// For a SQLite file: a connection of its own for the journal (one writer at a time anyway),
/// opened on first use, so its page cache stays warm and it never waits for a pooled one. `None`
/// for PostgreSQL (the pool serves) and for an in-memory database (a second connection would be
/// a database of its own).
pub(crate) async fn connect_writer(url: &str) -> Result<Option<DatabaseConnection>, crate::Error> {
    if Backend::of_url(url)? != Backend::Sqlite || in_memory(url) {
        return Ok(None);
    }
    let mut options = base_options(url);
    options
        .max_connections(1)
        .min_connections(0)
        .connect_lazy(true)
        .map_sqlx_sqlite_opts(|o| {
            sqlite_settings(o)
                .pragma("cache_size", format!("-{SQLITE_WRITER_CACHE_KIB}"))
                .pragma(
                    "wal_autocheckpoint",
                    SQLITE_WRITER_CHECKPOINT_PAGES.to_string(),
                )
        });
    Ok(Some(Database::connect(options).await?))
}

/// Every connection to an in-memory database is a database of its own.
fn in_memory(url: &str) -> bool {
    url.contains(":memory:") || url.contains("mode=memory")
}

/// What every pool of ours sets, whatever the backend.
fn base_options(url: &str) -> ConnectOptions {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(10));
    options
}

/// What every SQLite connection of ours runs with.
fn sqlite_settings(
    o: sea_orm::sqlx::sqlite::SqliteConnectOptions,
) -> sea_orm::sqlx::sqlite::SqliteConnectOptions {
    o.journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(SQLITE_BUSY_TIMEOUT)
        .foreign_keys(true)
}

pub(crate) async fn connect(url: &str) -> Result<(DatabaseConnection, Backend), crate::Error> {
    let backend = Backend::of_url(url)?;
    let mut options = base_options(url);
    match backend {
        Backend::Sqlite => {
            options
                .max_connections(if in_memory(url) { 1 } else { SQLITE_POOL })
                .min_connections(1)
                .map_sqlx_sqlite_opts(sqlite_settings);
        }
        Backend::Postgres => {
            options.max_connections(POSTGRES_POOL).min_connections(1);
        }
    }
    let db = Database::connect(options).await?;
    Ok((db, backend))
}

/// Ends a write transaction: commit on success, an awaited rollback on error. A transaction that
/// is merely dropped is rolled back only when its pooled connection is next used, and until then
/// it keeps its locks (among them the change counter's row, which every writer needs).
pub(crate) async fn finish<T>(
    txn: sea_orm::DatabaseTransaction,
    result: Result<T, crate::Error>,
) -> Result<T, crate::Error> {
    match result {
        Ok(value) => {
            txn.commit().await?;
            Ok(value)
        }
        Err(err) => {
            if let Err(rollback) = txn.rollback().await {
                tracing::warn!(error = %rollback, "rollback failed; the connection will be discarded");
            }
            Err(err)
        }
    }
}

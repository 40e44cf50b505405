//! Test support: fresh databases on every backend a test should cover.
//!
//! SQLite always runs (a new file in a temporary directory). PostgreSQL runs when
//! `TEST_DATABASE_URL` names one; each test gets a schema of its own, dropped afterwards. With
//! `CI=true` a missing or unreachable PostgreSQL fails the test instead of skipping it.

use std::cell::Cell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use sea_orm::{ConnectionTrait as _, Database};

use crate::secret::{Sealer, SecretKey};
use crate::{Backend, Storage};

thread_local! {
    static CLOCK: Cell<Option<i64>> = const { Cell::new(None) };
}

/// Sets what [`crate::now`] answers on this thread (`None`: the real clock again), so a test can
/// build a history at known times. Per thread, so tests running beside each other are not
/// affected; a `#[tokio::test]` (current-thread runtime) runs the code under test on its thread.
pub fn set_clock(at: Option<i64>) {
    CLOCK.with(|c| c.set(at));
}

pub(crate) fn clock() -> Option<i64> {
    CLOCK.with(Cell::get)
}

/// How long a test waits for something that must happen before calling it a hang. Generous on
/// purpose: CI runs on two shared cores, often while other work compiles, and a wait ends as
/// soon as its event happens, so the bound costs nothing when things work.
pub const PATIENCE: Duration = Duration::from_secs(180);

/// Waits until `check` holds, looking again every few milliseconds; panics naming `what` only
/// after [`PATIENCE`] (a real hang).
pub async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    loop {
        if check().await {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "waited {PATIENCE:?} in vain until {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// A database for one test; dropping it removes the database.
pub struct TestDb {
    pub storage: Storage,
    guard: Guard,
}

enum Guard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, schema: String },
}

impl TestDb {
    pub fn backend(&self) -> Backend {
        self.storage.backend()
    }

    /// The URL of this test's database, for code under test that connects by itself.
    pub fn url(&self) -> String {
        match &self.guard {
            Guard::Sqlite(dir) => {
                format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display())
            }
            Guard::Postgres { admin_url, schema } => schema_url(admin_url, schema),
        }
    }
}

impl TestDb {
    /// A pool of its own on this database, with its key: another process of the same deployment
    /// (a relay to kill). The future does not borrow the test database, so it can run on the
    /// other process's runtime.
    pub fn another_process(
        &self,
    ) -> impl std::future::Future<Output = Result<Storage, crate::Error>> + Send + 'static {
        let url = self.url();
        let sealer = std::sync::Arc::clone(&self.storage.sealer);
        async move { Storage::connect_sharing(&url, sealer).await }
    }
}

impl std::ops::Deref for TestDb {
    type Target = Storage;
    fn deref(&self) -> &Storage {
        &self.storage
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        if let Guard::Postgres { admin_url, schema } = self {
            let (url, schema) = (admin_url.clone(), schema.clone());
            // Drop runs inside the test's runtime, which cannot block on itself: use a thread.
            let _ = std::thread::spawn(move || {
                let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
                rt.block_on(async {
                    if let Ok(db) = Database::connect(url.as_str()).await {
                        // The test's own pool may still hold connections (this thread blocks the
                        // runtime that would close them): end them, then drop the schema.
                        let _ = db
                            .execute_unprepared(&format!(
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '{schema}'"
                            ))
                            .await;
                        let _ = db.execute_unprepared("SET lock_timeout = '10s'").await;
                        let _ = db.execute_unprepared(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE")).await;
                        let _ = db.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// A sealer with a fresh random key.
pub fn sealer() -> Sealer {
    Sealer::new(SecretKey::generate(), "SWITCHBOARD_SECRET_KEY (test)")
}

/// A fresh, migrated SQLite database in a temporary directory.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("a temporary directory for the test database");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
    let storage = Storage::open(&url, sealer())
        .await
        .expect("open the SQLite test database");
    TestDb {
        storage,
        guard: Guard::Sqlite(dir),
    }
}

/// Whether this run must include PostgreSQL (`CI=true`).
pub fn postgres_required() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// A fresh, migrated PostgreSQL schema, or `None` when `TEST_DATABASE_URL` is unset outside CI.
pub async fn postgres() -> Option<TestDb> {
    let admin_url = match std::env::var("TEST_DATABASE_URL") {
        Ok(url) if !url.is_empty() => url,
        _ if postgres_required() => {
            panic!("CI=true but TEST_DATABASE_URL is not set: the PostgreSQL tests must run in CI")
        }
        _ => return None,
    };
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let schema = format!(
        "sbt_{}_{}_{}",
        crate::now(),
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let admin = Database::connect(admin_url.as_str())
        .await
        .unwrap_or_else(|e| {
            panic!("TEST_DATABASE_URL is set but PostgreSQL cannot be reached: {e}")
        });
    drop_stale_schemas(&admin).await;
    admin
        .execute_unprepared(&format!("CREATE SCHEMA {schema}"))
        .await
        .expect("create a schema for the test");
    let _ = admin.close().await;
    let storage = Storage::open(&schema_url(&admin_url, &schema), sealer())
        .await
        .expect("open the PostgreSQL test schema");
    Some(TestDb {
        storage,
        guard: Guard::Postgres { admin_url, schema },
    })
}

/// Every backend this run covers: SQLite, and PostgreSQL when configured (always in CI).
pub async fn all() -> Vec<TestDb> {
    let mut dbs = vec![sqlite().await];
    dbs.extend(postgres().await);
    dbs
}

fn schema_url(admin_url: &str, schema: &str) -> String {
    let sep = if admin_url.contains('?') { '&' } else { '?' };
    format!("{admin_url}{sep}options=-c%20search_path%3D{schema}&application_name={schema}")
}

/// Schemas left by test runs that were killed before their clean-up (older than two hours).
async fn drop_stale_schemas(admin: &sea_orm::DatabaseConnection) {
    static DONE: std::sync::Once = std::sync::Once::new();
    let mut first = false;
    DONE.call_once(|| first = true);
    if !first {
        return;
    }
    let cutoff = crate::now() - 2 * 3600;
    let Ok(rows) = admin
        .query_all_raw(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'sbt\\_%'",
        ))
        .await
    else {
        return;
    };
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "nspname") else {
            continue;
        };
        let stamp = name.split('_').nth(1).and_then(|s| s.parse::<i64>().ok());
        if stamp.is_some_and(|s| s < cutoff) {
            let _ = admin
                .execute_unprepared(&format!("DROP SCHEMA IF EXISTS {name} CASCADE"))
                .await;
        }
    }
}

//! The supervisor: follows the database and keeps one worker running per connection that should
//! run. The setup bot never talks to it; it only changes rows and bumps the revision.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use storage::{Connection, ConnectionId, Storage};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::gateway::{Gateway, GatewayError};
use crate::worker::{Worker, WorkerError};

/// Opens a connection's Telegram session (grammers for real, telegram-sim in tests).
#[async_trait]
pub trait GatewayFactory: Send + Sync + 'static {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError>;
}

/// How often the supervisor looks for changes, and how often AUTOCLOSE runs.
#[derive(Debug, Clone)]
pub struct SupervisorOptions {
    pub poll: Duration,
    pub autoclose_every: Duration,
}

impl Default for SupervisorOptions {
    fn default() -> Self {
        Self {
            poll: Duration::from_secs(1),
            autoclose_every: Duration::from_secs(60),
        }
    }
}

struct Running {
    revision: i64,
    reload: watch::Sender<i64>,
    stop: CancellationToken,
    task: JoinHandle<()>,
}

pub struct Supervisor {
    storage: Storage,
    factory: Arc<dyn GatewayFactory>,
    options: SupervisorOptions,
    running: HashMap<ConnectionId, Running>,
}

impl Supervisor {
    pub fn new(
        storage: Storage,
        factory: Arc<dyn GatewayFactory>,
        options: SupervisorOptions,
    ) -> Self {
        Self {
            storage,
            factory,
            options,
            running: HashMap::new(),
        }
    }

    /// Runs until `shutdown`, then stops every worker.
    pub async fn run(mut self, shutdown: CancellationToken) {
        let mut seen = None;
        let mut tick = tokio::time::interval(self.options.poll);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                _ = tick.tick() => {}
            }
            // Finished workers (a revoked session, a dead gateway) are picked up again by sync.
            self.running.retain(|_, r| !r.task.is_finished());
            let changed = match self.storage.revision().current().await {
                Ok(revision) if seen != Some(revision) => {
                    seen = Some(revision);
                    true
                }
                Ok(_) => false,
                Err(err) => {
                    tracing::warn!(error = %err, "the database is unreachable; retrying");
                    continue;
                }
            };
            let missing = self.running.len() != self.wanted_count().await;
            if (changed || missing)
                && let Err(err) = self.sync().await
            {
                tracing::warn!(error = %err, "syncing workers with the database");
            }
        }
        self.stop_all().await;
    }

    async fn wanted_count(&self) -> usize {
        self.storage
            .connections()
            .list_all()
            .await
            .map(|all| all.iter().filter(|c| wants_worker(c)).count())
            .unwrap_or(self.running.len())
    }

    /// Starts, stops and reloads workers to match the database. Public for tests.
    pub async fn sync(&mut self) -> Result<(), storage::Error> {
        let connections = self.storage.connections().list_all().await?;
        let wanted: HashMap<ConnectionId, Connection> = connections
            .into_iter()
            .filter(wants_worker)
            .map(|c| (c.id, c))
            .collect();
        let gone: Vec<ConnectionId> = self
            .running
            .keys()
            .filter(|id| !wanted.contains_key(id))
            .copied()
            .collect();
        for id in gone {
            if let Some(running) = self.running.remove(&id) {
                stop(running).await;
                tracing::info!(connection = id.0, "worker stopped");
            }
        }
        for (id, connection) in wanted {
            match self.running.get_mut(&id) {
                Some(running) if running.revision != connection.revision => {
                    // Parameters or settings changed: applied in place, the session stays open.
                    running.revision = connection.revision;
                    let _ = running.reload.send(connection.revision);
                }
                Some(_) => {}
                None => self.start(connection).await?,
            }
        }
        Ok(())
    }

    async fn start(&mut self, connection: Connection) -> Result<(), storage::Error> {
        let id = connection.id;
        let gateway = match self.factory.open(&connection).await {
            Ok(gateway) => gateway,
            Err(GatewayError::SessionRevoked) => {
                self.storage
                    .connections()
                    .mark_needs_login(id, "the session was ended on Telegram's side")
                    .await?;
                return Ok(());
            }
            Err(err) => {
                tracing::warn!(connection = id.0, error = %err, "cannot open the session; will retry");
                return Ok(());
            }
        };
        let worker = match Worker::new(
            self.storage.clone(),
            Arc::clone(&gateway),
            connection.clone(),
        )
        .await
        {
            Ok(worker) => worker,
            Err(WorkerError::Gateway(GatewayError::SessionRevoked)) => {
                self.storage
                    .connections()
                    .mark_needs_login(id, "the session was ended on Telegram's side")
                    .await?;
                return Ok(());
            }
            Err(err) => {
                tracing::warn!(connection = id.0, error = %err, "cannot start the worker; will retry");
                return Ok(());
            }
        };
        let (reload, reload_rx) = watch::channel(connection.revision);
        let stop = CancellationToken::new();
        let task = tokio::spawn(run_worker(
            worker,
            gateway,
            reload_rx,
            stop.clone(),
            self.options.autoclose_every,
            self.storage.clone(),
        ));
        self.running.insert(
            id,
            Running {
                revision: connection.revision,
                reload,
                stop,
                task,
            },
        );
        tracing::info!(connection = id.0, "worker started");
        Ok(())
    }

    async fn stop_all(&mut self) {
        for (_, running) in self.running.drain() {
            stop(running).await;
        }
    }

    /// Connections with a running worker, for tests and metrics.
    pub fn running(&self) -> Vec<ConnectionId> {
        let mut ids: Vec<_> = self.running.keys().copied().collect();
        ids.sort();
        ids
    }
}

fn wants_worker(connection: &Connection) -> bool {
    connection.signed_in && connection.status.wants_worker()
}

async fn stop(running: Running) {
    running.stop.cancel();
    if tokio::time::timeout(Duration::from_secs(10), running.task)
        .await
        .is_err()
    {
        tracing::warn!("a worker did not stop within 10 s");
    }
}

/// One worker's loop: updates, reloads, AUTOCLOSE, until stopped.
async fn run_worker(
    mut worker: Worker,
    gateway: Arc<dyn Gateway>,
    mut reload: watch::Receiver<i64>,
    stop: CancellationToken,
    autoclose_every: Duration,
    storage: Storage,
) {
    let id = worker.connection_id();
    let mut autoclose = tokio::time::interval(autoclose_every);
    autoclose.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        let result = tokio::select! {
            () = stop.cancelled() => break,
            changed = reload.changed() => match changed {
                Ok(()) => worker.reload().await,
                Err(_) => break,
            },
            _ = autoclose.tick() => worker.autoclose(storage::now()).await,
            update = gateway.next_update() => match update {
                Some(update) => handle_with_retry(&mut worker, update, &stop).await,
                None => break,
            },
        };
        match result {
            Ok(()) => {}
            Err(WorkerError::Gateway(GatewayError::SessionRevoked)) => {
                if let Err(err) = storage
                    .connections()
                    .mark_needs_login(id, "the session was ended on Telegram's side")
                    .await
                {
                    tracing::warn!(connection = id.0, error = %err, "recording needs_login");
                }
                break;
            }
            Err(err) => tracing::warn!(connection = id.0, error = %err, "handling an update"),
        }
    }
    gateway.close().await;
}

/// Handles an update, retrying what may pass (the database briefly unreachable, a flood wait, the
/// network) until it succeeds or the worker stops: an update is never dropped for a passing
/// fault. Retrying is safe because every step is idempotent through the message links.
async fn handle_with_retry(
    worker: &mut Worker,
    update: crate::gateway::Update,
    stop: &CancellationToken,
) -> Result<(), WorkerError> {
    let mut backoff = Duration::from_millis(200);
    loop {
        let wait = match worker.handle(update.clone()).await {
            Ok(()) => return Ok(()),
            Err(WorkerError::Gateway(GatewayError::FloodWait { seconds })) => {
                Duration::from_secs(u64::from(seconds))
            }
            Err(err @ (WorkerError::Storage(_) | WorkerError::Gateway(GatewayError::Network))) => {
                tracing::warn!(connection = worker.connection_id().0, error = %err, retry_in = ?backoff, "will retry the update");
                let wait = backoff;
                backoff = (backoff * 2).min(Duration::from_secs(30));
                wait
            }
            Err(err) => return Err(err),
        };
        tokio::select! {
            () = stop.cancelled() => return Ok(()),
            () = tokio::time::sleep(wait) => {}
        }
    }
}

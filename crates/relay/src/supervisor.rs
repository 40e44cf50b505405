//! The supervisor: follows the database and keeps one worker running per connection that should
//! run. The setup bot never talks to it; it only changes rows and bumps the revision.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use storage::{Connection, ConnectionId, Storage};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::gateway::{Gateway, GatewayError};
use crate::metrics::{ErrorKind, Metered, Metrics};
use crate::pacing::{Limits, Paced};
use crate::worker::{Worker, WorkerError};

/// Opens a connection's Telegram session (grammers for real, telegram-sim in tests).
#[async_trait]
pub trait GatewayFactory: Send + Sync + 'static {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError>;
}

/// How often the supervisor looks for changes, how often AUTOCLOSE runs, and how leases work.
#[derive(Debug, Clone)]
pub struct SupervisorOptions {
    pub poll: Duration,
    pub autoclose_every: Duration,
    /// This process's name in `lease_owner` and `relays`; unique per process.
    pub relay_id: String,
    /// How long a lease lasts without renewal: a dead relay's connections move after this.
    pub lease_ttl: Duration,
    /// How often leases are renewed and the share of connections is recomputed.
    pub heartbeat: Duration,
    /// How webhook events are delivered and retried.
    pub webhooks: crate::webhooks::WebhookOptions,
}

impl Default for SupervisorOptions {
    fn default() -> Self {
        Self {
            poll: Duration::from_secs(1),
            autoclose_every: Duration::from_secs(60),
            relay_id: default_relay_id(),
            lease_ttl: Duration::from_secs(15),
            heartbeat: Duration::from_secs(5),
            webhooks: crate::webhooks::WebhookOptions::default(),
        }
    }
}

/// `host-pid-random`: unique per process, readable in the database.
pub fn default_relay_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "relay".into());
    let mut bytes = [0u8; 4];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    format!(
        "{host}-{}-{:08x}",
        std::process::id(),
        u32::from_le_bytes(bytes)
    )
}

struct Running {
    /// The lease is ours until then (unix seconds); past it, the worker must already be stopped.
    lease_until: i64,
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
    metrics: Arc<Metrics>,
    /// Pacing for every connection instead of Telegram's limits for its kind.
    limits: Option<Limits>,
    /// The connections with a running worker, each with the revision its worker has applied.
    applied: watch::Sender<BTreeMap<ConnectionId, i64>>,
    /// Looks at the database now instead of at the next poll (a change made in this process).
    wake: Arc<tokio::sync::Notify>,
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
            metrics: Metrics::new(),
            limits: None,
            applied: watch::Sender::new(BTreeMap::new()),
            wake: Arc::new(tokio::sync::Notify::new()),
        }
    }

    /// A handle that makes the supervisor look at the database at once: the HTTP API in the same
    /// process wakes it after handing a request over, instead of waiting for the next poll.
    pub fn waker(&self) -> Arc<tokio::sync::Notify> {
        Arc::clone(&self.wake)
    }

    /// The connections this supervisor runs a worker for, each with the revision of the
    /// settings its worker has applied: a worker appears once it is ready, moves when a change
    /// has taken effect, and is gone once it has stopped. (Tests wait on it instead of on time.)
    pub fn workers(&self) -> watch::Receiver<BTreeMap<ConnectionId, i64>> {
        self.applied.subscribe()
    }

    /// Wakes on `wake` (shared with the HTTP API of this process) besides its own handle.
    pub fn with_wake(mut self, wake: Arc<tokio::sync::Notify>) -> Self {
        self.wake = wake;
        self
    }

    /// Counts into `metrics` (the process's, which `/metrics` exposes) instead of its own.
    pub fn with_metrics(mut self, metrics: Arc<Metrics>) -> Self {
        self.metrics = metrics;
        self
    }

    /// Paces every connection by `limits` instead of Telegram's limits for its kind (a local
    /// Bot API server with other limits; benchmarks of the engine itself).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = Some(limits);
        self
    }

    pub fn metrics(&self) -> Arc<Metrics> {
        Arc::clone(&self.metrics)
    }

    /// Runs until `shutdown`, then stops every worker and gives its leases up.
    pub async fn run(mut self, shutdown: CancellationToken) {
        let mut seen = None;
        let mut tick = tokio::time::interval(self.options.poll);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut next_heartbeat = tokio::time::Instant::now();
        loop {
            tokio::select! {
                () = shutdown.cancelled() => break,
                _ = tick.tick() => {}
                () = self.wake.notified() => {}
            }
            self.metrics.tick();
            // Finished workers (a revoked session, a dead gateway) are picked up again by sync.
            let finished: Vec<ConnectionId> = self
                .running
                .iter()
                .filter(|(_, r)| r.task.is_finished())
                .map(|(id, _)| *id)
                .collect();
            for id in finished {
                self.running.remove(&id);
                let _ = self
                    .storage
                    .connections()
                    .release_lease(id, &self.options.relay_id)
                    .await;
            }
            let beat = tokio::time::Instant::now() >= next_heartbeat;
            if beat {
                next_heartbeat = tokio::time::Instant::now() + self.options.heartbeat;
                self.renew_leases().await;
            }
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
            if (changed || beat)
                && let Err(err) = self.sync().await
            {
                tracing::warn!(error = %err, "syncing workers with the database");
            }
            self.metrics.set_workers(self.running.len());
        }
        self.metrics.set_workers(0);
        self.stop_all().await;
        let _ = self.storage.relays().remove(&self.options.relay_id).await;
    }

    fn ttl_secs(&self) -> i64 {
        self.options.lease_ttl.as_secs().max(1) as i64
    }

    /// Renews every lease this relay holds, in one statement per 500; a worker whose lease was
    /// lost, or could not be renewed before it ran out, is stopped at once, so no two relays ever
    /// run one connection.
    async fn renew_leases(&mut self) {
        let now = storage::now();
        let relay = self.options.relay_id.clone();
        if let Err(err) = self.storage.relays().heartbeat(&relay, now).await {
            tracing::warn!(error = %err, "recording the relay's heartbeat");
        }
        let ids: Vec<ConnectionId> = self.running.keys().copied().collect();
        let renewed = self
            .storage
            .connections()
            .renew_leases(&ids, &relay, now, self.ttl_secs())
            .await;
        let lost: Vec<ConnectionId> = match renewed {
            Ok(held) => {
                let held: HashSet<ConnectionId> = held.into_iter().collect();
                let until = now + self.ttl_secs();
                for (id, running) in &mut self.running {
                    if held.contains(id) {
                        running.lease_until = until;
                    }
                }
                let lost: Vec<ConnectionId> =
                    ids.into_iter().filter(|id| !held.contains(id)).collect();
                for id in &lost {
                    tracing::warn!(
                        connection = id.0,
                        "the lease went to another relay; stopping the worker"
                    );
                }
                lost
            }
            // The database is unreachable: keep going while each lease lasts, then fence.
            Err(err) => {
                tracing::warn!(error = %err, "renewing the leases");
                self.running
                    .iter()
                    .filter(|(_, r)| now + 1 >= r.lease_until)
                    .map(|(id, _)| *id)
                    .collect()
            }
        };
        for id in lost {
            if let Some(running) = self.running.remove(&id) {
                stop(running).await;
            }
        }
    }

    /// Starts, stops and reloads workers to match the database, within this relay's fair share
    /// of the connections. Public for tests.
    pub async fn sync(&mut self) -> Result<(), storage::Error> {
        let now = storage::now();
        let relay = self.options.relay_id.clone();
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
            self.stop_and_release(id).await;
            tracing::info!(connection = id.0, "worker stopped");
        }
        for (id, connection) in &wanted {
            if let Some(running) = self.running.get_mut(id)
                && running.revision != connection.revision
            {
                // Parameters or settings changed: applied in place, the session stays open.
                running.revision = connection.revision;
                let _ = running.reload.send(connection.revision);
            }
        }
        // Each live relay takes about the same number of connections.
        self.storage.relays().heartbeat(&relay, now).await?;
        let live = self
            .storage
            .relays()
            .live_since(now - self.ttl_secs())
            .await?
            .max(1) as usize;
        let share = wanted.len().div_ceil(live);
        while self.running.len() > share {
            let Some(extra) = self.running.keys().max().copied() else {
                break;
            };
            self.stop_and_release(extra).await;
            tracing::info!(connection = extra.0, "handed over to another relay");
        }
        let mut candidates: Vec<ConnectionId> = wanted
            .keys()
            .filter(|id| !self.running.contains_key(id))
            .copied()
            .collect();
        candidates.sort();
        let mut candidates = candidates.into_iter();
        // Claim as many as the share has room for; those another relay holds are skipped, and
        // the next ones tried, until the share is full or no candidate is left.
        loop {
            let room = share.saturating_sub(self.running.len());
            let batch: Vec<ConnectionId> = candidates.by_ref().take(room).collect();
            if batch.is_empty() {
                break;
            }
            let claimed = self
                .storage
                .connections()
                .claim_leases(&batch, &relay, now, self.ttl_secs())
                .await?;
            let connections = claimed
                .into_iter()
                .filter_map(|id| wanted.get(&id).cloned())
                .collect();
            self.start_many(connections, now + self.ttl_secs()).await;
        }
        Ok(())
    }

    async fn stop_and_release(&mut self, id: ConnectionId) {
        if let Some(running) = self.running.remove(&id) {
            stop(running).await;
        }
        // Released only after the worker has stopped: the next relay never overlaps with it.
        if let Err(err) = self
            .storage
            .connections()
            .release_lease(id, &self.options.relay_id)
            .await
        {
            tracing::warn!(connection = id.0, error = %err, "releasing the lease");
        }
    }

    /// Starts workers for connections whose leases this relay just claimed, opening up to
    /// `PARALLEL_OPENS` sessions at once (a real session is a network round trip or more, and a
    /// relay starting thousands must not open them one after the other); gives a lease back when
    /// no worker could start.
    async fn start_many(&mut self, connections: Vec<Connection>, lease_until: i64) {
        let opener = Opener {
            storage: self.storage.clone(),
            factory: Arc::clone(&self.factory),
            limits: self.limits,
            metrics: Arc::clone(&self.metrics),
            webhooks: self.options.webhooks.clone(),
        };
        let mut queue = connections.into_iter();
        let mut opening = tokio::task::JoinSet::new();
        loop {
            while opening.len() < PARALLEL_OPENS
                && let Some(connection) = queue.next()
            {
                let opener = opener.clone();
                opening.spawn(async move {
                    let opened = opener.open(&connection).await;
                    (connection, opened)
                });
            }
            let Some(done) = opening.join_next().await else {
                break;
            };
            let (connection, opened) = match done {
                Ok(done) => done,
                // Only running workers' leases are renewed: this one runs out within the TTL.
                Err(err) => {
                    tracing::warn!(error = %err, "opening a worker panicked");
                    continue;
                }
            };
            let id = connection.id;
            match opened {
                Ok(Some((gateway, worker))) => {
                    self.spawn_worker(connection, gateway, worker, lease_until)
                }
                Ok(None) => self.release(id).await,
                Err(err) => {
                    tracing::warn!(connection = id.0, error = %err, "starting a worker");
                    self.release(id).await;
                }
            }
        }
    }

    async fn release(&self, id: ConnectionId) {
        let _ = self
            .storage
            .connections()
            .release_lease(id, &self.options.relay_id)
            .await;
    }

    fn spawn_worker(
        &mut self,
        connection: Connection,
        gateway: Arc<dyn Gateway>,
        worker: Worker,
        lease_until: i64,
    ) {
        let id = connection.id;
        let (reload, reload_rx) = watch::channel(connection.revision);
        let stop = CancellationToken::new();
        self.applied.send_modify(|applied| {
            applied.insert(id, connection.revision);
        });
        let task = tokio::spawn(run_worker(
            worker,
            gateway,
            reload_rx,
            stop.clone(),
            self.options.autoclose_every,
            self.storage.clone(),
            Arc::clone(&self.metrics),
            self.applied.clone(),
        ));
        self.running.insert(
            id,
            Running {
                lease_until,
                revision: connection.revision,
                reload,
                stop,
                task,
            },
        );
        tracing::info!(connection = id.0, "worker started");
    }

    async fn stop_all(&mut self) {
        let ids: Vec<ConnectionId> = self.running.keys().copied().collect();
        for id in ids {
            self.stop_and_release(id).await;
        }
    }
}

/// How many sessions a relay opens at once when it starts many workers.
const PARALLEL_OPENS: usize = 32;

/// What opening a worker needs, cloned into each concurrent opening.
#[derive(Clone)]
struct Opener {
    storage: Storage,
    factory: Arc<dyn GatewayFactory>,
    limits: Option<Limits>,
    metrics: Arc<Metrics>,
    webhooks: crate::webhooks::WebhookOptions,
}

impl Opener {
    /// Opens the session and prepares the worker; `None` when that failed (recorded, or
    /// retried with the next sync).
    async fn open(
        &self,
        connection: &Connection,
    ) -> Result<Option<(Arc<dyn Gateway>, Worker)>, storage::Error> {
        let id = connection.id;
        let gateway = match self.factory.open(connection).await {
            // Each connection paces its own sends: one busy connection never delays another.
            Ok(gateway) => {
                let limits = self.limits.unwrap_or(match connection.kind {
                    storage::ConnectionKind::Bot => Limits::BOTS,
                    storage::ConnectionKind::Account => Limits::ACCOUNTS,
                });
                let paced = Paced::new(gateway, limits).with_metrics(Arc::clone(&self.metrics));
                Arc::new(Metered::new(paced, Arc::clone(&self.metrics))) as Arc<dyn Gateway>
            }
            Err(GatewayError::SessionRevoked { reason }) => {
                self.storage
                    .connections()
                    .mark_needs_login(id, &reason)
                    .await?;
                return Ok(None);
            }
            Err(err) => {
                tracing::warn!(connection = id.0, error = %err, "cannot open the session; will retry");
                return Ok(None);
            }
        };
        let worker = match Worker::new(
            self.storage.clone(),
            Arc::clone(&gateway),
            connection.clone(),
        )
        .await
        {
            Ok(mut worker) => {
                worker.set_webhook_options(self.webhooks.clone());
                worker
            }
            Err(WorkerError::Gateway(GatewayError::SessionRevoked { reason })) => {
                gateway.close().await;
                self.storage
                    .connections()
                    .mark_needs_login(id, &reason)
                    .await?;
                return Ok(None);
            }
            Err(err) => {
                tracing::warn!(connection = id.0, error = %err, "cannot start the worker; will retry");
                gateway.close().await;
                return Ok(None);
            }
        };
        Ok(Some((gateway, worker)))
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
#[allow(clippy::too_many_arguments)] // one call site, each argument a different part
async fn run_worker(
    mut worker: Worker,
    gateway: Arc<dyn Gateway>,
    mut reload: watch::Receiver<i64>,
    stop: CancellationToken,
    autoclose_every: Duration,
    storage: Storage,
    metrics: Arc<Metrics>,
    applied: watch::Sender<BTreeMap<ConnectionId, i64>>,
) {
    let id = worker.connection_id();
    let mut autoclose = tokio::time::interval(autoclose_every);
    autoclose.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    // Whether the last update handed out was handled (not cut short by a failure or the stop).
    let mut handled = true;
    loop {
        let result = tokio::select! {
            () = stop.cancelled() => break,
            changed = reload.changed() => match changed {
                Ok(()) => {
                    let revision = *reload.borrow_and_update();
                    let reloaded = worker.reload().await;
                    if reloaded.is_ok() {
                        applied.send_modify(|applied| {
                            applied.insert(id, revision);
                        });
                    }
                    reloaded
                }
                Err(_) => break,
            },
            _ = autoclose.tick() => worker.autoclose(storage::now()).await,
            update = gateway.next_update() => match update {
                Some(update) => handle_with_retry(&mut worker, update, &stop, &metrics).await,
                None => break,
            },
            // While no update comes, what is on its way to the database is seen in (its webhook
            // rows announced, a failed batch handed over again).
            settled = worker.settle_oldest(), if worker.has_unsettled() => settled,
        };
        handled = result.is_ok();
        match result {
            // Only once what was handled is also committed may a restart skip it.
            Ok(()) if !worker.has_unsettled() => gateway.recorded().await,
            Ok(()) => {}
            Err(WorkerError::Gateway(GatewayError::SessionRevoked { reason })) => {
                if let Err(err) = storage.connections().mark_needs_login(id, &reason).await {
                    tracing::warn!(connection = id.0, error = %err, "recording needs_login");
                }
                break;
            }
            Err(err) => {
                if let WorkerError::Storage(_) = err {
                    metrics.count_error(ErrorKind::Database);
                }
                tracing::warn!(connection = id.0, error = %err, "handling an update")
            }
        }
    }
    // Broadcasts stop with the worker (before its lease is released); the database keeps
    // where they stood.
    worker.shutdown().await;
    if handled && !worker.has_unsettled() {
        gateway.recorded().await;
    }
    gateway.close().await;
    applied.send_modify(|applied| {
        applied.remove(&id);
    });
}

/// Handles an update, retrying what may pass (the database briefly unreachable, a flood wait, the
/// network) until it succeeds or the worker stops: an update is never dropped for a passing
/// fault. Retrying is safe because every step is idempotent through the message links.
async fn handle_with_retry(
    worker: &mut Worker,
    update: crate::gateway::Update,
    stop: &CancellationToken,
    metrics: &Metrics,
) -> Result<(), WorkerError> {
    let mut backoff = Duration::from_millis(200);
    let mut _retrying = None;
    loop {
        let wait = match worker.handle_ahead(update.clone()).await {
            Ok(()) => return Ok(()),
            Err(WorkerError::Gateway(GatewayError::FloodWait { seconds })) => {
                Duration::from_secs(u64::from(seconds))
            }
            Err(err @ (WorkerError::Storage(_) | WorkerError::Gateway(GatewayError::Network))) => {
                if let WorkerError::Storage(_) = err {
                    metrics.count_error(ErrorKind::Database);
                }
                tracing::warn!(connection = worker.connection_id().0, error = %err, retry_in = ?backoff, "will retry the update");
                let wait = backoff;
                backoff = (backoff * 2).min(Duration::from_secs(30));
                wait
            }
            Err(err) => return Err(err),
        };
        _retrying.get_or_insert_with(|| metrics.retrying());
        tokio::select! {
            () = stop.cancelled() => return Ok(()),
            () = tokio::time::sleep(wait) => {}
        }
    }
}

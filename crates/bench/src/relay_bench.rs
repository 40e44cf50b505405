//! Relay throughput and latency: users → topics and operators → users through real workers
//! under a real supervisor, on a real database, against telegram-sim, without pacing (the
//! engine's own speed; Telegram's limits are the pacing benchmark's subject).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use relay::metrics::{Direction, Metrics};
use relay::supervisor::Supervisor;
use storage::Storage;
use telegram_sim::World;
use tokio_util::sync::CancellationToken;

use crate::fixtures::{self, BenchFactory, Copies, Edge, Linked, UNPACED};

pub struct Size {
    pub connections: usize,
    pub users_per_connection: usize,
    /// Messages per direction in the throughput runs.
    pub messages: usize,
    /// How long each latency run sends at each of `rates`.
    pub latency_run: Duration,
    /// Offered rates (msg/s) for the latency runs.
    pub rates: &'static [u32],
}

/// What a throughput run sends.
#[derive(Clone, Copy)]
enum Traffic {
    OneWay(Direction),
    /// Users and operators in turn, as in a real conversation: each message changes its
    /// dialog's status (waiting for support ↔ support answered), which a one-way run does only
    /// once per dialog.
    Conversations,
}

impl Traffic {
    fn directions(self) -> &'static [Direction] {
        match self {
            Traffic::OneWay(Direction::ToTopic) => &[Direction::ToTopic],
            Traffic::OneWay(Direction::Intercepted) => &[Direction::Intercepted],
            Traffic::OneWay(Direction::ToUser) => &[Direction::ToUser],
            Traffic::Conversations => &[Direction::ToTopic, Direction::ToUser],
        }
    }

    /// Message `i` of a run: its direction, and which of that direction's messages it is.
    fn message(self, i: usize) -> (Direction, usize) {
        match self {
            Traffic::OneWay(direction) => (direction, i),
            // The user writes, then an operator answers in their topic (users and topics are
            // in the same order).
            Traffic::Conversations => (self.directions()[i % 2], i / 2),
        }
    }
}

struct Bench {
    edge: &'static str,
    world: World,
    linked: Vec<Linked>,
    /// (bot, user) for every user.
    users: Vec<(i64, i64)>,
    /// (group, topic) for every user's dialog, filled after the first contact.
    topics: Vec<(i64, i64)>,
    operator: i64,
    copies: Arc<Copies>,
    metrics: Arc<Metrics>,
}

/// Runs both directions on `db`, through the in-process edge or over MTProto (`wire`); returns
/// the two summary lines.
pub async fn run(
    db: &Storage,
    backend: &str,
    size: &Size,
    wire: bool,
) -> Result<Vec<String>, String> {
    run_with(db, backend, size, wire, None).await
}

/// Like [`run`], with every connection's WEBHOOKS set to `webhooks` (a parameter value) before
/// the relay starts: the relay's throughput while it also queues events.
pub async fn run_with(
    db: &Storage,
    backend: &str,
    size: &Size,
    wire: bool,
    webhooks: Option<&str>,
) -> Result<Vec<String>, String> {
    let world = World::new();
    let edge = Edge::start(wire, &world).await?;
    let admin = world.add_user("Boss", None, None, Some("en"));
    let operator = world.add_user("Olga", None, None, Some("en"));
    let linked = fixtures::linked_bots(db, &world, &edge, admin, size.connections).await;
    for l in &linked {
        world.add_member(l.group, operator, Default::default());
    }
    if let Some(value) = webhooks {
        let value = storage::params::Param::Webhooks
            .parse(value)
            .map_err(|e| e.to_string())?;
        for l in &linked {
            db.parameters()
                .set(l.connection, &value)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    let ceiling = ceiling(db, size.connections).await?;
    let factory = BenchFactory::new(db, &world, &edge, &linked);
    let copies = Arc::clone(&factory.copies);
    let supervisor = Supervisor::new(db.clone(), Arc::new(factory), fixtures::options("bench"))
        .with_limits(UNPACED);
    let metrics = supervisor.metrics();
    let stop = CancellationToken::new();
    let task = tokio::spawn(supervisor.run(stop.clone()));
    let n = size.connections as i64;
    fixtures::wait_until(Duration::from_secs(60), || metrics.workers() == n).await?;

    let mut users = Vec::new();
    for l in &linked {
        for u in 0..size.users_per_connection {
            let user = world.add_user(&format!("User{u}"), Some("Bench"), None, Some("en"));
            users.push((l.bot, user));
        }
    }
    let mut bench = Bench {
        edge: edge.name(),
        world,
        linked,
        users,
        topics: Vec::new(),
        operator,
        copies,
        metrics,
    };
    let result = bench.measure(db, backend, size, ceiling).await;
    stop.cancel();
    let _ = task.await;
    result
}

impl Bench {
    async fn measure(
        &mut self,
        db: &Storage,
        backend: &str,
        size: &Size,
        ceiling: f64,
    ) -> Result<Vec<String>, String> {
        // First contact: every user gets a dialog and a topic (not measured).
        let before = self.copies.count();
        for (bot, user) in &self.users {
            self.world.user_writes(*user, *bot, "hello");
        }
        let want = before + self.users.len() as u64;
        fixtures::wait_until(Duration::from_secs(300), || self.copies.count() >= want).await?;
        for l in &self.linked {
            for topic in self.world.topics(l.group) {
                self.topics.push((l.group, topic.id));
            }
        }
        if self.topics.len() != self.users.len() {
            return Err(format!(
                "{} topics for {} users",
                self.topics.len(),
                self.users.len()
            ));
        }
        // The first answer in each topic (changes the dialog's status; not measured).
        let before = self.metrics.relayed(Direction::ToUser);
        for (group, topic) in &self.topics {
            self.world
                .post_in_group(*group, Some(*topic), self.operator, "hi", None);
        }
        let want = before + self.topics.len() as u64;
        fixtures::wait_until(Duration::from_secs(300), || {
            self.metrics.relayed(Direction::ToUser) >= want
        })
        .await?;

        let mut lines = Vec::new();
        for direction in [Direction::ToTopic, Direction::ToUser] {
            let (rate, per_commit) = self
                .throughput(db, Traffic::OneWay(direction), size.messages)
                .await?;
            let mut latencies = Vec::new();
            for offered in size.rates {
                let (p50, p99, sent) = self.latency(direction, size, *offered).await?;
                latencies.push(format!(
                    "at {offered} msg/s: p50 {p50:.2} ms, p99 {p99:.2} ms ({sent} messages)"
                ));
            }
            let name = match direction {
                Direction::ToTopic => "users→topics",
                _ => "operators→users",
            };
            lines.push(format!(
                "relay {backend} {} {name}: {rate:.0} msg/s ({} messages, {} connections, {} users) = {:.2}× the database's single-row write ceiling ({ceiling:.0} tx/s), {per_commit:.1} messages per commit; {}",
                self.edge,
                size.messages,
                self.linked.len(),
                self.users.len(),
                rate / ceiling,
                latencies.join("; "),
            ));
        }
        let (rate, per_commit) = self
            .throughput(db, Traffic::Conversations, size.messages)
            .await?;
        lines.push(format!(
            "relay {backend} {} conversations: {rate:.0} msg/s ({} messages, a user's message and an operator's answer in turn, each changing its dialog's status) = {:.2}× the database's single-row write ceiling ({ceiling:.0} tx/s), {per_commit:.1} messages per commit",
            self.edge,
            size.messages,
            rate / ceiling,
        ));
        Ok(lines)
    }

    /// Sends message `i` of a run in `direction`; returns its (source chat, message id).
    fn send(&self, direction: Direction, i: usize) -> (i64, i64) {
        match direction {
            Direction::ToTopic => {
                let (bot, user) = self.users[i % self.users.len()];
                (user, self.world.user_writes(user, bot, "a question"))
            }
            _ => {
                let (group, topic) = self.topics[i % self.topics.len()];
                let id =
                    self.world
                        .post_in_group(group, Some(topic), self.operator, "an answer", None);
                (group, id)
            }
        }
    }

    /// Messages per second with `messages` sent at once.
    async fn throughput(
        &self,
        db: &Storage,
        traffic: Traffic,
        messages: usize,
    ) -> Result<(f64, f64), String> {
        let journal = db.journal().stats();
        let relayed = || -> u64 {
            traffic
                .directions()
                .iter()
                .map(|d| self.metrics.relayed(*d))
                .sum()
        };
        let before = relayed();
        let start = Instant::now();
        for i in 0..messages {
            let (direction, n) = traffic.message(i);
            self.send(direction, n);
        }
        let want = before + messages as u64;
        fixtures::wait_until(Duration::from_secs(600), || relayed() >= want).await?;
        // Relayed means copied; done means recorded too (the workers hand records over and
        // go on: the last ones are committed a little after their copies)…
        fixtures::wait_until(Duration::from_secs(60), || {
            let stats = db.journal().stats();
            stats.messages >= stats.submitted
        })
        .await?;
        // …and the copies' echoes handled: over MTProto each copy comes back to the session as
        // an update, queued behind the rest of the burst. Counted in, and not left for the
        // latency runs to wait behind.
        self.drain(traffic.directions()[0]).await?;
        let rate = messages as f64 / start.elapsed().as_secs_f64();
        let after = db.journal().stats();
        let per_commit = (after.messages - journal.messages) as f64
            / (after.batches - journal.batches).max(1) as f64;
        Ok((rate, per_commit))
    }

    /// Returns once every connection has handled what was queued for it: one more message
    /// per connection, relayed only after everything ahead of it in its stream of updates.
    async fn drain(&self, direction: Direction) -> Result<(), String> {
        let before = self.metrics.relayed(direction);
        let per_connection = self.users.len() / self.linked.len();
        for connection in 0..self.linked.len() {
            self.send(direction, connection * per_connection);
        }
        let want = before + self.linked.len() as u64;
        fixtures::wait_until(Duration::from_secs(600), || {
            self.metrics.relayed(direction) >= want
        })
        .await
    }

    /// p50 and p99 from a message reaching Telegram to its copy landing, at `rate` msg/s.
    async fn latency(
        &self,
        direction: Direction,
        size: &Size,
        rate: u32,
    ) -> Result<(f64, f64, usize), String> {
        // From a quiet edge: no echoes of the previous run still queued.
        self.drain(direction).await?;
        self.copies.at.lock().map_err(|_| "poisoned")?.clear();
        self.copies.timing.store(true, Ordering::Relaxed);
        let before = self.metrics.relayed(direction);
        let total = (size.latency_run.as_secs_f64() * f64::from(rate)) as usize;
        let mut sent: HashMap<(i64, i64), Instant> = HashMap::with_capacity(total);
        let start = Instant::now();
        let every = Duration::from_secs(1) / rate;
        for i in 0..total {
            // Each message at its own time: sleeping to an absolute deadline does not drift.
            let due = start + every * i as u32;
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                tokio::time::sleep(wait).await;
            }
            let at = Instant::now();
            sent.insert(self.send(direction, i), at);
        }
        let want = before + total as u64;
        fixtures::wait_until(Duration::from_secs(120), || {
            self.metrics.relayed(direction) >= want
        })
        .await?;
        self.copies.timing.store(false, Ordering::Relaxed);
        let landed = self.copies.at.lock().map_err(|_| "poisoned")?;
        let mut latencies: Vec<Duration> = sent
            .iter()
            .filter_map(|(key, at)| landed.get(key).map(|done| done.duration_since(*at)))
            .collect();
        if latencies.len() != total {
            return Err(format!("{} of {total} copies timed", latencies.len()));
        }
        latencies.sort();
        Ok((
            fixtures::percentile_ms(&latencies, 50.0),
            fixtures::percentile_ms(&latencies, 99.0),
            total,
        ))
    }
}

/// The database's own ceiling on this machine, now: single-row write transactions per second
/// through the relay's pool, from as many writers as there are connections (each worker is one
/// writer). A relay spending one transaction per message could reach this at best; the relay's
/// figure as a multiple of it makes numbers from a noisy machine comparable.
async fn ceiling(db: &Storage, writers: usize) -> Result<f64, String> {
    const WRITES: usize = 4_000;
    let admin = 4_100_000_000;
    db.admins()
        .ensure(admin, "en")
        .await
        .map_err(|e| e.to_string())?;
    let scratch = db
        .connections()
        .create(admin, storage::ConnectionKind::Bot)
        .await
        .map_err(|e| e.to_string())?
        .id;
    let writers = writers.max(1);
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for w in 0..writers {
        let db = db.clone();
        tasks.spawn(async move {
            for i in (w..WRITES).step_by(writers) {
                db.handled_updates()
                    .record(scratch, 1, i as i64)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            Ok::<(), String>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.map_err(|e| e.to_string())??;
    }
    let rate = WRITES as f64 / start.elapsed().as_secs_f64();
    db.connections()
        .delete(scratch)
        .await
        .map_err(|e| e.to_string())?;
    Ok(rate)
}

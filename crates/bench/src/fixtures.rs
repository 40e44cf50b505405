//! What the benchmarks share: connected bots in the simulated world, a gateway factory that
//! times copies, a fast supervisor, percentiles and the resident memory.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use account_session::Authenticator as _;
use async_trait::async_trait;
use relay::gateway::{Gateway, GatewayError, GatewayLayer, Rights};
use relay::pacing::{Limits, Rate};
use relay::supervisor::{GatewayFactory, SupervisorOptions};
use secrecy::ExposeSecret as _;
use storage::{Connection, ConnectionId, ConnectionKind, Identity, SignIn, Storage};
use telegram_sim::World;

pub const ALL_RIGHTS: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

/// No pacing at all: the relay benchmarks measure the engine, not Telegram's limits.
pub const UNPACED: Limits = Limits {
    per_chat: Rate {
        count: 1,
        per: Duration::ZERO,
    },
    per_group: Rate {
        count: 1,
        per: Duration::ZERO,
    },
    overall: Rate {
        count: 1,
        per: Duration::ZERO,
    },
};

/// Which edge the relay reaches (simulated) Telegram through.
#[derive(Clone)]
pub enum Edge {
    /// telegram-sim's `Gateway` in process: the engine alone.
    Sim,
    /// The real grammers client over MTProto (TL, AES-IGE, sockets) against `mtproto-sim` on the
    /// same World: what a production relay pays per message on top of the engine.
    Wire(Arc<mtproto_sim::MtprotoSim>),
}

impl Edge {
    pub fn name(&self) -> &'static str {
        match self {
            Edge::Sim => "sim",
            Edge::Wire(_) => "mtproto",
        }
    }

    /// The MTProto simulator on `world` for `wire`, or the in-process edge.
    pub async fn start(wire: bool, world: &World) -> Result<Edge, String> {
        if !wire {
            return Ok(Edge::Sim);
        }
        mtproto_sim::MtprotoSim::start(world.clone())
            .await
            .map(|sim| Edge::Wire(Arc::new(sim)))
            .map_err(|e| format!("the MTProto simulator does not start: {e}"))
    }
}

/// A bot connected and linked to its own backend group.
#[derive(Debug, Clone)]
pub struct Linked {
    pub connection: ConnectionId,
    pub bot: i64,
    pub group: i64,
    pub session: Vec<u8>,
}

/// Connects `n` bots owned by `admin`, each linked to a group of its own, `parallel` at a time.
pub async fn linked_bots(
    db: &Storage,
    world: &World,
    edge: &Edge,
    admin: i64,
    n: usize,
) -> Vec<Linked> {
    db.admins()
        .ensure(admin, "en")
        .await
        .expect("admin row for the benchmark");
    let mut out = Vec::with_capacity(n);
    let mut tasks = tokio::task::JoinSet::new();
    let parallel = match db.backend() {
        storage::Backend::Sqlite => 4,
        storage::Backend::Postgres => 16,
    };
    for i in 0..n {
        if tasks.len() >= parallel
            && let Some(done) = tasks.join_next().await
        {
            out.push(done.expect("connection set-up task"));
        }
        let (db, world, edge) = (db.clone(), world.clone(), edge.clone());
        tasks.spawn(async move { link_one(&db, &world, &edge, admin, i).await });
    }
    while let Some(done) = tasks.join_next().await {
        out.push(done.expect("connection set-up task"));
    }
    out.sort_by_key(|l| l.connection);
    out
}

async fn link_one(db: &Storage, world: &World, edge: &Edge, admin: i64, i: usize) -> Linked {
    let name = format!("bench_{i}_bot");
    let (bot, token) = world.add_bot(&name, &name);
    let group = world.create_group(admin, &format!("Support {i}"), true);
    world.add_member(group, bot, ALL_RIGHTS);
    let session = match edge {
        Edge::Sim => {
            let signed = world
                .authenticator()
                .sign_in_bot(&token)
                .await
                .expect("simulated bot sign-in");
            signed.session.expose_secret().clone()
        }
        Edge::Wire(wire) => {
            wire.sign_in(bot)
                .await
                .expect("a session seeded on the MTProto simulator")
                .blob
        }
    };
    let c = db
        .connections()
        .create(admin, ConnectionKind::Bot)
        .await
        .expect("create a connection");
    let sign_in = SignIn {
        identity: Identity {
            tg_user_id: bot,
            username: Some(name.clone()),
            title: name,
        },
        session: &session,
        bot_token: None,
    };
    db.connections()
        .store_sign_in(c.id, sign_in)
        .await
        .expect("store the sign-in");
    db.connections()
        .link_backend(c.id, group)
        .await
        .expect("link the group");
    if let Edge::Wire(wire) = edge {
        // The session has heard from its group, as a linked bot's has.
        wire.give_chat(db, c.id, bot, group)
            .await
            .expect("the session knows its group");
    }
    Linked {
        connection: c.id,
        bot,
        group,
        session,
    }
}

/// When each copy (source chat, message) landed.
#[derive(Default)]
pub struct Copies {
    pub done: AtomicU64,
    pub at: Mutex<HashMap<(i64, i64), Instant>>,
    /// Record times only while a latency run wants them.
    pub timing: std::sync::atomic::AtomicBool,
}

impl Copies {
    fn record(&self, from_chat: i64, msg_id: i64) {
        if self.timing.load(Ordering::Relaxed) {
            let now = Instant::now();
            self.at
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert((from_chat, msg_id), now);
        }
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    pub fn count(&self) -> u64 {
        self.done.load(Ordering::Relaxed)
    }
}

/// Opens the supervisor's sessions through the benchmark's edge; copies are counted and timed.
pub struct BenchFactory {
    pub world: World,
    pub sessions: HashMap<ConnectionId, Vec<u8>>,
    pub copies: Arc<Copies>,
    /// Over the wire: the real factory, reading the sealed sessions from the database.
    pub wire: Option<relay::grammers_gateway::GrammersFactory>,
}

impl BenchFactory {
    pub fn new(db: &Storage, world: &World, edge: &Edge, linked: &[Linked]) -> BenchFactory {
        BenchFactory {
            world: world.clone(),
            sessions: linked
                .iter()
                .map(|l| (l.connection, l.session.clone()))
                .collect(),
            copies: Arc::new(Copies::default()),
            wire: match edge {
                Edge::Sim => None,
                Edge::Wire(_) => Some(relay::grammers_gateway::GrammersFactory {
                    storage: db.clone(),
                    options: account_session::ClientOptions {
                        // The benchmark measures relaying, not the session's periodic save.
                        flush_interval: Duration::from_secs(3600),
                        ..account_session::ClientOptions::new(1)
                    },
                }),
            },
        }
    }
}

#[async_trait]
impl GatewayFactory for BenchFactory {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError> {
        let copies = Arc::clone(&self.copies);
        if let Some(wire) = &self.wire {
            let inner = wire.open(connection).await?;
            return Ok(Arc::new(Timed { inner, copies }));
        }
        let session = self
            .sessions
            .get(&connection.id)
            .ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        Ok(Arc::new(Timed {
            inner: self.world.open_gateway(session)?,
            copies,
        }))
    }
}

/// Supervisor timings for a benchmark: default leases, a quick first look at the database.
pub fn options(relay: &str) -> SupervisorOptions {
    SupervisorOptions {
        poll: Duration::from_millis(50),
        autoclose_every: Duration::from_secs(3600),
        relay_id: relay.to_owned(),
        // The webhook benchmark's receiver is on this machine.
        webhooks: relay::webhooks::WebhookOptions::local(),
        ..SupervisorOptions::default()
    }
}

/// Waits until `done` holds, checking every millisecond; `Err` after `limit`.
pub async fn wait_until(limit: Duration, mut done: impl FnMut() -> bool) -> Result<(), String> {
    let deadline = Instant::now() + limit;
    while !done() {
        if Instant::now() > deadline {
            return Err(format!("not done within {} s", limit.as_secs()));
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    Ok(())
}

/// The `p`-th percentile (0..=100) of sorted durations, in milliseconds.
pub fn percentile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)].as_secs_f64() * 1000.0
}

/// The process's resident memory in KiB (VmRSS in /proc/self/status).
pub fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A gateway that notes when each copy landed.
struct Timed<G> {
    inner: G,
    copies: Arc<Copies>,
}

#[async_trait]
impl<G: Gateway> GatewayLayer for Timed<G> {
    type Inner = G;

    fn inner(&self) -> &G {
        &self.inner
    }

    async fn copy_message(
        &self,
        from: i64,
        msg: i64,
        to: i64,
        topic: Option<i64>,
        reply: Option<i64>,
        note: Option<&str>,
        dedup: i64,
    ) -> Result<i64, GatewayError> {
        let copy = self
            .inner
            .copy_message(from, msg, to, topic, reply, note, dedup)
            .await?;
        self.copies.record(from, msg);
        Ok(copy)
    }
}

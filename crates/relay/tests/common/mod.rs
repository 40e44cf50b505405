//! What the relay's integration tests share: a simulated bot connected and linked to a group,
//! a gateway factory over the simulation, and waiting for something to become true.
#![allow(dead_code)] // each test file uses part of it

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use account_session::Authenticator as _;
use async_trait::async_trait;
use secrecy::ExposeSecret as _;
use storage::{Connection, ConnectionId, ConnectionKind, Identity, SignIn, Storage};
use switchboard_relay::gateway::{Gateway, GatewayError, Rights, Update};
use switchboard_relay::supervisor::{GatewayFactory, SupervisorOptions};
use telegram_sim::World;

/// Every admin right the relay asks for.
pub const ALL: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

/// A bot connected by `admin` and linked to `group`, where it is an admin.
pub struct LinkedBot {
    pub connection: ConnectionId,
    pub bot: i64,
    pub session: Vec<u8>,
}

pub async fn linked_bot(
    db: &Storage,
    world: &World,
    admin: i64,
    group: i64,
    name: &str,
) -> LinkedBot {
    let (bot, token) = world.add_bot(name, name);
    world.add_member(group, bot, ALL);
    let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
    let session = signed.session.expose_secret().clone();
    let connection = store_linked(db, admin, bot, name, &session, group).await;
    LinkedBot {
        connection,
        bot,
        session,
    }
}

/// Stores a bot connection of `admin`, signed in with `session` and linked to `group`.
async fn store_linked(
    db: &Storage,
    admin: i64,
    bot: i64,
    name: &str,
    session: &[u8],
    group: i64,
) -> ConnectionId {
    db.admins().ensure(admin, "en").await.unwrap();
    let c = db
        .connections()
        .create(admin, ConnectionKind::Bot)
        .await
        .unwrap();
    let identity = Identity {
        tg_user_id: bot,
        username: None,
        title: name.to_owned(),
    };
    db.connections()
        .store_sign_in(
            c.id,
            SignIn {
                identity,
                session,
                bot_token: None,
            },
        )
        .await
        .unwrap();
    db.connections().link_backend(c.id, group).await.unwrap();
    c.id
}

/// Opens simulated sessions for the supervisor from sessions known up front.
pub struct SimFactory {
    pub world: World,
    pub sessions: HashMap<ConnectionId, Vec<u8>>,
}

#[async_trait]
impl GatewayFactory for SimFactory {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError> {
        let session = self
            .sessions
            .get(&connection.id)
            .ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        Ok(Arc::new(self.world.open_gateway(session)?))
    }
}

/// Fast supervisor timings for tests.
pub fn options(relay: &str, lease_ttl: Duration, heartbeat: Duration) -> SupervisorOptions {
    SupervisorOptions {
        poll: Duration::from_millis(20),
        autoclose_every: Duration::from_secs(3600),
        relay_id: relay.to_owned(),
        lease_ttl,
        heartbeat,
        webhooks: switchboard_relay::webhooks::WebhookOptions::local(),
    }
}

/// Waits until `check` holds (a real hang fails after `storage::testing::PATIENCE`).
#[allow(unused_imports)] // each test file uses part of it
pub use storage::testing::eventually;

/// Which edge the relay reaches Telegram through: the simulated `Gateway` in process, or the real
/// grammers client over MTProto (TL, crypto, sockets) against `mtproto-sim` on the same World.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Sim,
    Wire,
}

/// Both edges: a scenario that runs through both proves the real code and the trait-level model
/// agree.
pub const EDGES: [Edge; 2] = [Edge::Sim, Edge::Wire];

/// Every (edge, database) pair a scenario runs on.
pub async fn edges_and_databases() -> Vec<(Edge, storage::testing::TestDb)> {
    let mut pairs = Vec::new();
    for edge in EDGES {
        for db in storage::testing::all().await {
            pairs.push((edge, db));
        }
    }
    pairs
}

/// The Telegram a test's relays talk to: the World, reached through `edge`.
pub struct Telegram {
    pub world: World,
    pub edge: Edge,
    /// The MTProto server over the World (`Edge::Wire` only).
    pub wire: Option<mtproto_sim::MtprotoSim>,
    sessions: HashMap<ConnectionId, Vec<u8>>,
}

impl Telegram {
    pub async fn start(edge: Edge, world: &World) -> Telegram {
        let wire = match edge {
            Edge::Sim => None,
            Edge::Wire => Some(
                mtproto_sim::MtprotoSim::start(world.clone())
                    .await
                    .expect("the MTProto simulator starts on 127.0.0.1"),
            ),
        };
        Telegram {
            world: world.clone(),
            edge,
            wire,
            sessions: HashMap::new(),
        }
    }

    /// A bot connected by `admin` and linked to `group`, where it is an admin; over the wire its
    /// stored session is one the MTProto simulator knows, and it has seen the group.
    pub async fn linked_bot(
        &mut self,
        db: &Storage,
        admin: i64,
        group: i64,
        name: &str,
    ) -> LinkedBot {
        self.linked(db, admin, group, name, true).await
    }

    /// Like [`Telegram::linked_bot`], but over the wire the session has never received an
    /// update from the group: it can address it, and has no pts for it yet.
    pub async fn linked_bot_new_to_group(
        &mut self,
        db: &Storage,
        admin: i64,
        group: i64,
        name: &str,
    ) -> LinkedBot {
        self.linked(db, admin, group, name, false).await
    }

    async fn linked(
        &mut self,
        db: &Storage,
        admin: i64,
        group: i64,
        name: &str,
        seen_group: bool,
    ) -> LinkedBot {
        let Some(wire) = &self.wire else {
            let linked = linked_bot(db, &self.world, admin, group, name).await;
            self.sessions
                .insert(linked.connection, linked.session.clone());
            return linked;
        };
        let (bot, _token) = self.world.add_bot(name, name);
        self.world.add_member(group, bot, ALL);
        let seeded = wire.sign_in(bot).await.unwrap();
        let connection = store_linked(db, admin, bot, name, &seeded.blob, group).await;
        if seen_group {
            // The session has heard from its backend group (as once anyone posted there).
            wire.give_chat(db, connection, bot, group).await.unwrap();
        } else {
            wire.cache_chat(db, connection, bot, group).await.unwrap();
        }
        LinkedBot {
            connection,
            bot,
            session: seeded.blob,
        }
    }

    /// What a relay process opens its sessions with (`storage`: that process's own pool).
    pub fn factory(&self, storage: &Storage) -> Arc<dyn GatewayFactory> {
        match self.edge {
            Edge::Sim => Arc::new(SimFactory {
                world: self.world.clone(),
                sessions: self.sessions.clone(),
            }),
            Edge::Wire => Arc::new(switchboard_relay::grammers_gateway::GrammersFactory {
                storage: storage.clone(),
                options: account_session::ClientOptions {
                    // Never on a tick within a test: what a test sees saved was saved because
                    // the relay chose to save it then.
                    flush_interval: Duration::from_secs(3600),
                    ..account_session::ClientOptions::new(1)
                },
            }),
        }
    }

    /// Over the wire: nothing the relay sent broke Telegram's documented contracts.
    pub fn assert_no_violations(&self) {
        if let Some(wire) = &self.wire {
            assert_eq!(
                wire.violations(),
                Vec::<String>::new(),
                "nothing refused at the protocol level"
            );
        }
    }
}

/// A connection driven by hand: the test hands the worker what Telegram sent, and after
/// [`Direct::pending`] every update caused so far has been handed over — through either edge.
pub struct Direct {
    /// The session the worker relays through.
    pub gateway: Arc<dyn Gateway>,
    /// The simulated edge's own handle (it can say what is queued right now).
    sim: Option<Arc<telegram_sim::SimGateway>>,
    /// Over the wire: who posts the barriers, and where.
    barrier: Option<Barrier>,
}

/// Over MTProto nothing says "that was everything": a barrier message is posted in each update
/// box the session reads (its private chats, the backend group), and what came before both is
/// what was pending. Updates within a box arrive in order, so nothing is left behind.
struct Barrier {
    world: World,
    poster: i64,
    me: i64,
    group: i64,
}

const BARRIER: &str = "⏸ barrier";

impl Telegram {
    /// `me` (a bot or an account of the World, member of `group`) connected by `admin` with
    /// `identity` and linked to `group`; over the wire its session has heard from the group.
    pub async fn connect(
        &mut self,
        db: &Storage,
        admin: i64,
        group: i64,
        me: i64,
        identity: Identity,
        kind: ConnectionKind,
    ) -> ConnectionId {
        let c = self
            .connect_unlinked(db, admin, me, identity, kind, None)
            .await;
        db.connections().link_backend(c, group).await.unwrap();
        if let Some(wire) = &self.wire {
            wire.give_chat(db, c, me, group).await.unwrap();
        }
        c
    }

    /// `me` connected by `admin` (with its bot token, for a bot), no group linked yet.
    pub async fn connect_unlinked(
        &mut self,
        db: &Storage,
        admin: i64,
        me: i64,
        identity: Identity,
        kind: ConnectionKind,
        bot_token: Option<&str>,
    ) -> ConnectionId {
        let session = match &self.wire {
            None => self.world.authorize(me).session.expose_secret().clone(),
            Some(wire) => wire.sign_in(me).await.unwrap().blob,
        };
        db.admins().ensure(admin, "en").await.unwrap();
        let c = db.connections().create(admin, kind).await.unwrap();
        db.connections()
            .store_sign_in(
                c.id,
                SignIn {
                    identity,
                    session: &session,
                    bot_token,
                },
            )
            .await
            .unwrap();
        self.sessions.insert(c.id, session);
        c.id
    }

    /// Opens `connection`'s session for a worker the test drives itself (linked: its group is
    /// where the barrier goes).
    pub async fn open(&self, db: &Storage, connection: ConnectionId) -> Direct {
        let row = db.connections().get(connection).await.unwrap().unwrap();
        let group = row.backend_chat_id.expect("a linked connection");
        self.open_watching(db, connection, group).await
    }

    /// Opens `connection`'s session; over the wire `group` is where the barrier goes once the
    /// connection is a member there.
    pub async fn open_watching(
        &self,
        db: &Storage,
        connection: ConnectionId,
        group: i64,
    ) -> Direct {
        let row = db.connections().get(connection).await.unwrap().unwrap();
        match self.edge {
            Edge::Sim => {
                let sim = Arc::new(
                    self.world
                        .open_gateway(&self.sessions[&connection])
                        .unwrap(),
                );
                Direct {
                    gateway: sim.clone(),
                    sim: Some(sim),
                    barrier: None,
                }
            }
            Edge::Wire => {
                let me = row
                    .identity
                    .as_ref()
                    .expect("a signed-in connection")
                    .tg_user_id;
                let poster = self.world.add_user("Barrier", None, None, None);
                self.world.add_member(group, poster, Rights::default());
                Direct {
                    gateway: self.factory(db).open(&row).await.unwrap(),
                    sim: None,
                    barrier: Some(Barrier {
                        world: self.world.clone(),
                        poster,
                        me,
                        group,
                    }),
                }
            }
        }
    }
}

impl Direct {
    /// Every update Telegram has sent this session so far.
    pub async fn pending(&self) -> Vec<Update> {
        let Some(barrier) = &self.barrier else {
            return self
                .sim
                .as_ref()
                .expect("the simulated edge")
                .pending()
                .await;
        };
        let w = &barrier.world;
        let private = w.user_writes(barrier.poster, barrier.me, BARRIER);
        // The group's box only once the connection is in the group (before linking it is not).
        let member = w
            .members(barrier.group)
            .iter()
            .any(|(id, _)| *id == barrier.me);
        let general = if member {
            w.post_in_group(barrier.group, None, barrier.poster, BARRIER, None)
        } else {
            0
        };
        let (mut seen_private, mut seen_general) = (false, !member);
        let mut out = Vec::new();
        while !(seen_private && seen_general) {
            let update =
                tokio::time::timeout(storage::testing::PATIENCE, self.gateway.next_update())
                    .await
                    .expect("the barriers arrive")
                    .expect("the session is open");
            match &update {
                Update::Private(m) if m.msg_id == private && m.user.id == barrier.poster => {
                    seen_private = true
                }
                Update::Group(m) if m.msg_id == general && m.sender.id == barrier.poster => {
                    seen_general = true
                }
                _ => out.push(update),
            }
        }
        out
    }
}

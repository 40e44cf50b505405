//! The relay's core flow through the REAL edge: `GrammersFactory` opens the sealed session from
//! the database, `GrammersGateway` drives the real grammers client, and the MTProto simulator
//! serves the World over the wire (TL, crypto, sockets), enforcing Telegram's method contracts.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::ALL;
use mtproto_sim::MtprotoSim;
use storage::{ConnectionId, ConnectionKind, Identity, SignIn, Storage};
use switchboard_relay::grammers_gateway::GrammersFactory;
use switchboard_relay::pacing::{Limits, Rate};
use switchboard_relay::supervisor::Supervisor;
use telegram_sim::World;
use tokio_util::sync::CancellationToken;

/// Generous: only a real hang reaches it.
const LIMIT: u64 = 30;

/// A help desk whose bot runs over MTProto.
struct WireDesk {
    world: World,
    sim: MtprotoSim,
    bot: i64,
    connection: ConnectionId,
    group: i64,
    operator: i64,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

async fn connect(
    db: &Storage,
    sim: &MtprotoSim,
    admin: i64,
    (bot, kind): (i64, ConnectionKind),
    group: i64,
) -> ConnectionId {
    let seeded = sim.sign_in(bot).await.unwrap();
    db.admins().ensure(admin, "en").await.unwrap();
    let c = db.connections().create(admin, kind).await.unwrap();
    let identity = Identity {
        tg_user_id: bot,
        username: Some("shop_bot".into()),
        title: "Shop".into(),
    };
    db.connections()
        .store_sign_in(
            c.id,
            SignIn {
                identity,
                session: &seeded.blob,
                bot_token: None,
            },
        )
        .await
        .unwrap();
    db.connections().link_backend(c.id, group).await.unwrap();
    // The bot's session has seen its backend group (as it does once anyone posts there).
    sim.give_chat(db, c.id, bot, group).await.unwrap();
    c.id
}

/// The common pts in the connection's stored session.
async fn saved_pts(db: &Storage, connection: ConnectionId) -> i32 {
    use grammers_session::Session as _;
    let Ok(Some(session)) = account_session::StoredSession::load(db, connection).await else {
        return 0;
    };
    session.updates_state().await.map_or(0, |s| s.pts)
}

/// A relay process: the supervisor with the real grammers factory.
fn relay(db: &Storage) -> (CancellationToken, tokio::task::JoinHandle<()>) {
    relay_paced(db, None)
}

/// A relay process pacing by `limits` instead of Telegram's (None: Telegram's).
fn relay_paced(
    db: &Storage,
    limits: Option<Limits>,
) -> (CancellationToken, tokio::task::JoinHandle<()>) {
    let factory = GrammersFactory {
        storage: db.clone(),
        options: account_session::ClientOptions::new(1),
    };
    let options = common::options("wire", Duration::from_secs(30), Duration::from_secs(1));
    let mut supervisor = Supervisor::new(db.clone(), Arc::new(factory), options);
    if let Some(limits) = limits {
        supervisor = supervisor.with_limits(limits);
    }
    let shutdown = CancellationToken::new();
    let task = tokio::spawn(supervisor.run(shutdown.clone()));
    (shutdown, task)
}

impl WireDesk {
    /// Stops the relay (its sessions closed), then starts a new one on the same database.
    async fn restart(&mut self, db: &Storage, while_down: impl FnOnce()) {
        self.shutdown.cancel();
        let task = std::mem::replace(&mut self.task, tokio::spawn(async {}));
        let _ = tokio::time::timeout(Duration::from_secs(LIMIT), task).await;
        self.wait("the old session is gone", async || self.sim.online() == 0)
            .await;
        while_down();
        (self.shutdown, self.task) = relay(db);
        self.wait("the new session is online", async || self.sim.online() > 0)
            .await;
    }

    async fn start(db: &Storage) -> Self {
        Self::start_as(db, ConnectionKind::Bot).await
    }

    /// A desk whose connection is a bot, or a user account ("bot" then names the account).
    async fn start_as(db: &Storage, kind: ConnectionKind) -> Self {
        Self::start_with(db, kind, None).await
    }

    /// A desk whose relay paces by `limits` (None: Telegram's).
    async fn start_with(db: &Storage, kind: ConnectionKind, limits: Option<Limits>) -> Self {
        let world = World::new();
        let bot = match kind {
            ConnectionKind::Bot => world.add_bot("shop_bot", "Shop").0,
            ConnectionKind::Account => world.add_account("4915100000001", "Shop", Some("shop")),
        };
        let operator = world.add_user("Olga", None, None, Some("en"));
        let group = world.create_group(operator, "Support", true);
        world.add_member(group, bot, ALL);
        let sim = MtprotoSim::start(world.clone()).await.unwrap();
        let connection = connect(db, &sim, operator, (bot, kind), group).await;
        let (shutdown, task) = relay_paced(db, limits);
        let desk = Self {
            world,
            sim,
            bot,
            connection,
            group,
            operator,
            shutdown,
            task,
        };
        desk.wait("the bot's session is online", async || {
            desk.sim.online() > 0
        })
        .await;
        desk
    }

    /// Waits until `check` holds; on a hang, says what the simulator refused.
    async fn wait(&self, what: &str, mut check: impl AsyncFnMut() -> bool) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(LIMIT);
        while tokio::time::Instant::now() < deadline {
            if check().await {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!(
            "timed out waiting until {what}; RPC errors: {:?}; violations: {:?}; topics: {:?}; \
             server trace: {:#?}",
            self.sim.errors(),
            self.sim.violations(),
            self.world.topics(self.group),
            self.sim.trace()
        );
    }

    /// `user` writes "first"; once it is in their new topic and the relay has saved its update
    /// state past everything so far (its own welcome included: a restart before that replays the
    /// welcome as if another session sent it), the topic and how many messages it holds.
    async fn first_topic_saved(&self, db: &Storage, user: i64) -> (i64, usize) {
        let world = &self.world;
        world.user_writes(user, self.bot, "first");
        self.wait("the first message is in a topic", async || {
            world.topics(self.group).first().is_some_and(|t| {
                world
                    .topic_messages(self.group, t.id)
                    .iter()
                    .any(|m| m.text == "first")
            })
        })
        .await;
        let topic = world.topics(self.group)[0].id;
        let before = world.topic_messages(self.group, topic).len();
        let pts = self.sim.pts(self.bot);
        self.wait("the update state is saved", async || {
            saved_pts(db, self.connection).await >= pts
        })
        .await;
        (topic, before)
    }

    async fn stop(self) {
        self.shutdown.cancel();
        let _ = tokio::time::timeout(Duration::from_secs(LIMIT), self.task).await;
        assert_eq!(
            self.sim.violations(),
            Vec::<String>::new(),
            "nothing refused at the protocol level"
        );
    }
}

#[tokio::test]
async fn a_users_message_becomes_a_topic_and_the_operators_answer_reaches_them_over_mtproto() {
    for db in storage::testing::all().await {
        let desk = WireDesk::start(&db).await;
        let world = &desk.world;
        let anna = world.add_user("Anna", None, None, Some("de"));
        world.user_writes(anna, desk.bot, "Wo ist meine Bestellung?");
        desk.wait("the copy is in a new topic", async || {
            world.topics(desk.group).first().is_some_and(|t| {
                world
                    .topic_messages(desk.group, t.id)
                    .iter()
                    .any(|m| m.text == "Wo ist meine Bestellung?")
            })
        })
        .await;
        let topic = world.topics(desk.group)[0].clone();
        assert_eq!(topic.title, "🟪 Anna");

        world.post_in_group(
            desk.group,
            Some(topic.id),
            desk.operator,
            "Sie ist unterwegs!",
            None,
        );
        desk.wait("the user receives the answer", async || {
            world
                .private_chat(anna, desk.bot)
                .iter()
                .any(|m| m.from == desk.bot && m.text == "Sie ist unterwegs!")
        })
        .await;
        desk.stop().await;
    }
}

#[tokio::test]
async fn a_users_reply_to_an_operator_is_a_reply_in_the_topic_over_mtproto() {
    for db in storage::testing::all().await {
        let desk = WireDesk::start(&db).await;
        let world = &desk.world;
        let anna = world.add_user("Anna", None, None, Some("de"));
        world.user_writes(anna, desk.bot, "Hallo");
        desk.wait("a topic", async || !world.topics(desk.group).is_empty())
            .await;
        let topic = world.topics(desk.group)[0].id;
        let operator_msg = world.post_in_group(
            desk.group,
            Some(topic),
            desk.operator,
            "Wie kann ich helfen?",
            None,
        );
        desk.wait("the answer arrives", async || {
            world
                .private_chat(anna, desk.bot)
                .iter()
                .any(|m| m.text == "Wie kann ich helfen?")
        })
        .await;
        let answer = world
            .private_chat(anna, desk.bot)
            .into_iter()
            .find(|m| m.text == "Wie kann ich helfen?")
            .unwrap();
        world.user_replies(anna, desk.bot, "Danke!", Some(answer.id));
        desk.wait("the reply is in the topic", async || {
            world
                .topic_messages(desk.group, topic)
                .iter()
                .any(|m| m.text == "Danke!")
        })
        .await;
        let copy = world
            .topic_messages(desk.group, topic)
            .into_iter()
            .find(|m| m.text == "Danke!")
            .unwrap();
        assert_eq!(
            copy.reply_to,
            Some(operator_msg),
            "a reply to the operator's message"
        );
        desk.stop().await;
    }
}

#[tokio::test]
async fn an_account_answers_a_user_it_has_never_seen_over_mtproto() {
    for db in storage::testing::all().await {
        let desk = WireDesk::start_as(&db, ConnectionKind::Account).await;
        let world = &desk.world;
        // Telegram hands an account a stranger's text as updateShortMessage, naming no user.
        let anna = world.add_user("Anna", None, None, Some("de"));
        world.user_writes(anna, desk.bot, "Hallo?");
        desk.wait("the copy is in a new topic", async || {
            world.topics(desk.group).first().is_some_and(|t| {
                world
                    .topic_messages(desk.group, t.id)
                    .iter()
                    .any(|m| m.text == "Hallo?")
            })
        })
        .await;
        assert_eq!(
            world.topics(desk.group)[0].title,
            "🟪 Anna",
            "named after the user"
        );
        let topic = world.topics(desk.group)[0].id;
        world.post_in_group(desk.group, Some(topic), desk.operator, "Guten Tag!", None);
        desk.wait("the user receives the answer", async || {
            world
                .private_chat(anna, desk.bot)
                .iter()
                .any(|m| m.from == desk.bot && m.text == "Guten Tag!")
        })
        .await;
        desk.stop().await;
    }
}

#[tokio::test]
async fn a_restarted_relay_catches_up_on_what_arrived_while_it_was_down_exactly_once_over_mtproto()
{
    for db in storage::testing::all().await {
        let mut desk = WireDesk::start(&db).await;
        let world = desk.world.clone();
        let anna = world.add_user("Anna", None, None, Some("en"));
        let (topic, before) = desk.first_topic_saved(&db, anna).await;

        let bot = desk.bot;
        desk.restart(&db, || {
            world.user_writes(anna, bot, "while you were away");
        })
        .await;
        // Updates are handled in order: once a later message is copied, anything the catch-up
        // replayed has been handled too.
        world.user_writes(anna, bot, "and now");
        desk.wait("the message after the restart is copied", async || {
            world
                .topic_messages(desk.group, topic)
                .iter()
                .any(|m| m.text == "and now")
        })
        .await;
        let texts: Vec<String> = world
            .topic_messages(desk.group, topic)
            .into_iter()
            .skip(before)
            .map(|m| m.text)
            .collect();
        assert_eq!(
            texts,
            vec!["while you were away".to_owned(), "and now".to_owned()],
            "the offline message exactly once, nothing replayed"
        );
        assert!(
            !world
                .general_messages(desk.group)
                .iter()
                .any(|m| m.text.contains("may be missing")),
            "a complete catch-up raises no alarm"
        );
        desk.stop().await;
    }
}

#[tokio::test]
async fn a_relay_away_longer_than_telegram_replays_says_what_may_be_missing_over_mtproto() {
    for db in storage::testing::all().await {
        let mut desk = WireDesk::start(&db).await;
        let world = desk.world.clone();
        let anna = world.add_user("Anna", None, None, Some("en"));
        let (topic, before) = desk.first_topic_saved(&db, anna).await;

        // Telegram replays at most 3 events; the relay misses 5.
        desk.sim.set_difference_limit(3);
        let bot = desk.bot;
        desk.restart(&db, || {
            for n in 1..=5 {
                world.user_writes(anna, bot, &format!("away {n}"));
            }
        })
        .await;
        // Telegram skips everything up to the pts its differenceTooLong names, so what must
        // arrive is sent after the relay's catch-up got that answer (its probe's, then
        // grammers' own): sent earlier, a real client would skip it too.
        desk.wait("the catch-up has jumped", async || {
            desk.sim.too_long_answers() >= 2
        })
        .await;
        world.user_writes(anna, bot, "and now");
        desk.wait("the message after the restart is copied", async || {
            world
                .topic_messages(desk.group, topic)
                .iter()
                .any(|m| m.text == "and now")
        })
        .await;

        let notices: Vec<String> = world
            .general_messages(desk.group)
            .into_iter()
            .map(|m| m.text)
            .filter(|t| t.contains("may be missing"))
            .collect();
        assert_eq!(notices.len(), 1, "one notice in General: {notices:?}");
        assert!(
            notices[0].contains("messages sent to Shop since 20") && notices[0].contains(" UTC"),
            "the notice says since when: {}",
            notices[0]
        );
        // What Telegram would not replay is gone (as it is for any client); the operators
        // were told, and relaying goes on from the present.
        let texts: Vec<String> = world
            .topic_messages(desk.group, topic)
            .into_iter()
            .skip(before)
            .map(|m| m.text)
            .collect();
        assert_eq!(texts, vec!["and now".to_owned()]);
        desk.stop().await;
    }
}

/// An account ("Shop") signed in over MTProto and linked to a forum group where Olga operates,
/// with no relay running: a test opens its gateway itself. (world, simulator, account, connection)
async fn signed_in_account(db: &Storage, phone: &str) -> (World, MtprotoSim, i64, ConnectionId) {
    let world = World::new();
    let account = world.add_account(phone, "Shop", None);
    let operator = world.add_user("Olga", None, None, Some("en"));
    let group = world.create_group(operator, "Support", true);
    world.add_member(group, account, ALL);
    let sim = MtprotoSim::start(world.clone()).await.unwrap();
    let connection = connect(
        db,
        &sim,
        operator,
        (account, ConnectionKind::Account),
        group,
    )
    .await;
    (world, sim, account, connection)
}

#[tokio::test]
async fn an_update_is_not_lost_when_waiting_for_it_is_interrupted_over_mtproto() {
    use switchboard_relay::gateway::{Gateway as _, Update};
    use switchboard_relay::grammers_gateway::GrammersGateway;
    for db in storage::testing::all().await {
        let (world, sim, account, connection) = signed_in_account(&db, "4915100000002").await;
        let gateway =
            GrammersGateway::open(&db, connection, &account_session::ClientOptions::new(1))
                .await
                .unwrap();
        // A stranger's message: receiving it takes a lookup round trip after grammers has taken
        // it from its stream, which is where the supervisor's timers interrupt a wait.
        let anna = world.add_user("Anna", None, None, Some("de"));
        world.user_writes(anna, account, "Hallo?");
        let deadline = tokio::time::Instant::now() + Duration::from_secs(LIMIT);
        let update = loop {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the message was lost; server trace: {:#?}",
                sim.trace()
            );
            // Polled once, then dropped: as a select! does when another branch is ready.
            let once = tokio::select! {
                biased;
                update = gateway.next_update() => update,
                () = std::future::ready(()) => None,
            };
            if let Some(update) = once {
                break update;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        };
        let Update::Private(message) = update else {
            panic!("expected the private message, got {update:?}");
        };
        assert_eq!(
            (message.text.as_str(), message.user.first_name.as_str()),
            ("Hallo?", "Anna")
        );
        gateway.close().await;
    }
}

/// A restarted relay catches up on what arrived while it was down in one getDifference, and
/// grammers' own update state jumps past all of it at once. Saving that state (as the relay did
/// before taking each update) and stopping half-way through the backlog skipped the rest on the
/// next start. The saved state covers only what the relay reported recorded: the rest is
/// replayed, the update handed out but not recorded included.
#[tokio::test]
async fn a_relay_stopped_half_way_through_a_catch_up_replays_the_rest_over_mtproto() {
    use switchboard_relay::gateway::{Gateway as _, Update};
    use switchboard_relay::grammers_gateway::GrammersGateway;
    for db in storage::testing::all().await {
        let (world, sim, account, connection) = signed_in_account(&db, "4915100000003").await;
        let open = async || {
            GrammersGateway::open(&db, connection, &account_session::ClientOptions::new(1))
                .await
                .unwrap()
        };
        let next_text = async |gateway: &GrammersGateway| {
            let update = tokio::time::timeout(Duration::from_secs(LIMIT), gateway.next_update())
                .await
                .unwrap_or_else(|_| panic!("no update; server trace: {:#?}", sim.trace()));
            match update {
                Some(Update::Private(m)) => m.text,
                other => panic!("expected a private message, got {other:?}"),
            }
        };
        let anna = world.add_user("Anna", None, None, Some("de"));
        let first = open().await;
        world.user_writes(anna, account, "hello");
        assert_eq!(next_text(&first).await, "hello");
        first.recorded().await;
        first.close().await;

        // Down: four messages wait on the server.
        for n in 1..=4 {
            world.user_writes(anna, account, &format!("backlog {n}"));
        }
        // (Catching up may also replay what it cannot tell is behind it: "hello" came in a
        // difference too, whose end is saved only once something after it is recorded.)
        let until = async |gateway: &GrammersGateway, text: &str| {
            let mut seen = Vec::new();
            while seen.last().is_none_or(|t| t != text) {
                seen.push(next_text(gateway).await);
            }
            seen
        };
        let second = open().await;
        until(&second, "backlog 1").await;
        second.recorded().await;
        assert_eq!(next_text(&second).await, "backlog 2");
        // Stopped with "backlog 2" handed out and not recorded.
        second.close().await;

        let third = open().await;
        let seen = until(&third, "backlog 4").await;
        assert!(
            seen.ends_with(&["backlog 2".into(), "backlog 3".into(), "backlog 4".into()]),
            "the rest of the backlog, from the unrecorded message on: {seen:?}"
        );
        third.close().await;
    }
}

/// The edge's defects of issue 13, each shown over the wire.
#[path = "over_mtproto/edge.rs"]
mod edge;

/// grammers drops updates that arrive while its queue is full, and finds the gap only when a
/// later update shows it, or after 15 minutes without updates (grammers-mtsender 0.11
/// `sender_pool.rs`, `try_send`; grammers-session `NO_UPDATES_TIMEOUT`): the tail of a burst
/// larger than the queue waited a quarter of an hour. The queue now holds any burst.
#[tokio::test]
async fn every_message_of_a_burst_larger_than_the_update_queue_arrives_promptly_over_mtproto() {
    const USERS: usize = 30;
    const EACH: usize = 100;
    // Unpaced: the burst is what arrives, not what Telegram lets the relay send back.
    let unpaced = Rate {
        count: 1,
        per: Duration::ZERO,
    };
    let limits = Limits {
        per_chat: unpaced,
        per_group: unpaced,
        overall: unpaced,
    };
    for db in storage::testing::all().await {
        let desk = WireDesk::start_with(&db, ConnectionKind::Bot, Some(limits)).await;
        let world = &desk.world;
        let users: Vec<i64> = (0..USERS)
            .map(|n| world.add_user(&format!("U{n}"), None, None, Some("en")))
            .collect();
        for i in 0..EACH {
            for user in &users {
                world.user_writes(*user, desk.bot, &format!("burst {i}"));
            }
        }
        let copies = || {
            world
                .topics(desk.group)
                .iter()
                .map(|t| {
                    world
                        .topic_messages(desk.group, t.id)
                        .iter()
                        .filter(|m| m.text.starts_with("burst "))
                        .count()
                })
                .sum::<usize>()
        };
        storage::testing::eventually("every message of the burst is in a topic", async || {
            copies() == USERS * EACH
        })
        .await;
        assert_eq!(world.topics(desk.group).len(), USERS, "one topic per user");
        desk.stop().await;
    }
}

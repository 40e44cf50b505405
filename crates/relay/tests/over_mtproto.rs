//! The relay's core flow through the REAL edge: `GrammersFactory` opens the sealed session from
//! the database, `GrammersGateway` drives the real grammers client, and the MTProto simulator
//! serves the World over the wire (TL, crypto, sockets), enforcing Telegram's method contracts.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::{ALL, eventually};
use mtproto_sim::MtprotoSim;
use storage::{ConnectionId, ConnectionKind, Identity, SignIn, Storage};
use switchboard_relay::grammers_gateway::GrammersFactory;
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
    group: i64,
    operator: i64,
    shutdown: CancellationToken,
    task: tokio::task::JoinHandle<()>,
}

async fn connect(db: &Storage, sim: &MtprotoSim, admin: i64, bot: i64, group: i64) -> ConnectionId {
    let seeded = sim.sign_in(bot).await.unwrap();
    db.admins().ensure(admin, "en").await.unwrap();
    let c = db
        .connections()
        .create(admin, ConnectionKind::Bot)
        .await
        .unwrap();
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

impl WireDesk {
    async fn start(db: &Storage) -> Self {
        let world = World::new();
        let (bot, _) = world.add_bot("shop_bot", "Shop");
        let operator = world.add_user("Olga", None, None, Some("en"));
        let group = world.create_group(operator, "Support", true);
        world.add_member(group, bot, ALL);
        let sim = MtprotoSim::start(world.clone()).await.unwrap();
        connect(db, &sim, operator, bot, group).await;
        let factory = GrammersFactory {
            storage: db.clone(),
            options: account_session::ClientOptions::new(1),
        };
        let options = common::options("wire", Duration::from_secs(30), Duration::from_secs(1));
        let supervisor = Supervisor::new(db.clone(), Arc::new(factory), options);
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(supervisor.run(shutdown.clone()));
        let desk = Self {
            world,
            sim,
            bot,
            group,
            operator,
            shutdown,
            task,
        };
        eventually("the bot's session is online", LIMIT, async || {
            desk.sim.online() > 0
        })
        .await;
        desk
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
        eventually("the copy is in a new topic", LIMIT, async || {
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
        eventually("the user receives the answer", LIMIT, async || {
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
        eventually("a topic", LIMIT, async || {
            !world.topics(desk.group).is_empty()
        })
        .await;
        let topic = world.topics(desk.group)[0].id;
        let operator_msg = world.post_in_group(
            desk.group,
            Some(topic),
            desk.operator,
            "Wie kann ich helfen?",
            None,
        );
        eventually("the answer arrives", LIMIT, async || {
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
        eventually("the reply is in the topic", LIMIT, async || {
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

//! Faults that must lose nothing and double nothing: every message sent by users is counted and
//! must arrive exactly once, in order per dialog.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use account_session::Authenticator as _;
use async_trait::async_trait;
use secrecy::ExposeSecret as _;
use storage::{Connection, ConnectionId, ConnectionKind, Identity, SignIn, Storage};
use switchboard_relay::gateway::{Gateway, GatewayError, Rights};
use switchboard_relay::supervisor::{GatewayFactory, Supervisor, SupervisorOptions};
use telegram_sim::World;
use tokio_util::sync::CancellationToken;

const ALL: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

struct Factory {
    world: World,
    sessions: HashMap<ConnectionId, Vec<u8>>,
}

#[async_trait]
impl GatewayFactory for Factory {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError> {
        let session = self
            .sessions
            .get(&connection.id)
            .ok_or(GatewayError::SessionRevoked)?;
        Ok(Arc::new(self.world.open_gateway(session)?))
    }
}

fn options(relay: &str) -> SupervisorOptions {
    SupervisorOptions {
        poll: Duration::from_millis(20),
        autoclose_every: Duration::from_secs(3600),
        relay_id: relay.to_owned(),
        lease_ttl: Duration::from_secs(2),
        heartbeat: Duration::from_millis(150),
    }
}

/// What each user's topic shows, in order.
fn topic_texts(world: &World, group: i64) -> HashMap<String, Vec<String>> {
    world
        .topics(group)
        .into_iter()
        .map(|t| {
            (
                t.title.clone(),
                world
                    .topic_messages(group, t.id)
                    .into_iter()
                    .map(|m| m.text)
                    .collect(),
            )
        })
        .collect()
}

async fn eventually(what: &str, seconds: u64, mut check: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(seconds);
    while tokio::time::Instant::now() < deadline {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting until {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_killed_mid_stream_catches_up_after_restart_without_loss_or_doubles() {
    for db in storage::testing::all().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        db.admins().ensure(admin, "en").await.unwrap();
        let group = world.create_group(admin, "Support", true);
        let (bot, token) = world.add_bot("shop_bot", "Shop");
        world.add_member(group, bot, ALL);
        let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
        let c = db
            .connections()
            .create(admin, ConnectionKind::Bot)
            .await
            .unwrap();
        let identity = Identity {
            tg_user_id: bot,
            username: None,
            title: "Shop".into(),
        };
        db.connections()
            .store_sign_in(
                c.id,
                SignIn {
                    identity,
                    session: signed.session.expose_secret(),
                    bot_token: None,
                },
            )
            .await
            .unwrap();
        db.connections().link_backend(c.id, group).await.unwrap();
        db.parameters()
            .set(c.id, &storage::params::Param::Welcome.parse("OFF").unwrap())
            .await
            .unwrap();
        let sessions = HashMap::from([(c.id, signed.session.expose_secret().clone())]);
        let factory = || {
            Arc::new(Factory {
                world: world.clone(),
                sessions: sessions.clone(),
            })
        };

        // The first relay runs on a runtime of its own, so it can be killed like a process.
        let url = db.url();
        let first_factory = factory();
        let rt = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            let storage = rt
                .block_on(Storage::connect(&url, storage::testing::sealer()))
                .unwrap();
            rt.spawn(
                Supervisor::new(storage, first_factory, options("relay-1"))
                    .run(CancellationToken::new()),
            );
            rt
        })
        .join()
        .unwrap();

        let users: Vec<(i64, String)> = (0..3)
            .map(|n| {
                (
                    world.add_user(&format!("User{n}"), None, None, None),
                    format!("🟪 User{n}"),
                )
            })
            .collect();
        let mut sent: HashMap<String, Vec<String>> = HashMap::new();
        let mut send = |round: usize| {
            for (user, title) in &users {
                let text = format!("message {round}");
                world.user_writes(*user, bot, &text);
                sent.entry(title.clone()).or_default().push(text);
            }
        };
        // Within one minute's budget for a bot in a group (20 messages, topics included), so
        // pacing does not stretch the test: 3 topics and 15 copies.
        for round in 0..2 {
            send(round);
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        eventually("the first relay is relaying", 10, || {
            world.topics(group).len() == 3
        })
        .await;
        // Killed in the middle of the stream: no clean-up, no release, its queue lost.
        for round in 2..4 {
            send(round);
        }
        rt.shutdown_background();
        send(4);

        // A new relay takes over after the lease runs out and catches up.
        let stop = CancellationToken::new();
        let second = tokio::spawn(
            Supervisor::new(db.storage.clone(), factory(), options("relay-2")).run(stop.clone()),
        );
        let total: usize = sent.values().map(Vec::len).sum();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        while tokio::time::Instant::now() < deadline
            && topic_texts(&world, group)
                .values()
                .map(Vec::len)
                .sum::<usize>()
                < total
        {
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await; // any double would have landed by now
        let shown = topic_texts(&world, group);
        for (title, texts) in &sent {
            assert_eq!(
                shown.get(title),
                Some(texts),
                "{title}: every message exactly once, in order"
            );
        }
        stop.cancel();
        second.await.unwrap();
    }
}

#[tokio::test]
async fn a_new_users_first_two_messages_at_once_make_one_topic() {
    for db in storage::testing::all().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        db.admins().ensure(admin, "en").await.unwrap();
        let group = world.create_group(admin, "Support", true);
        let (bot, token) = world.add_bot("shop_bot", "Shop");
        world.add_member(group, bot, ALL);
        let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
        let c = db
            .connections()
            .create(admin, ConnectionKind::Bot)
            .await
            .unwrap();
        let identity = Identity {
            tg_user_id: bot,
            username: None,
            title: "Shop".into(),
        };
        db.connections()
            .store_sign_in(
                c.id,
                SignIn {
                    identity,
                    session: signed.session.expose_secret(),
                    bot_token: None,
                },
            )
            .await
            .unwrap();
        db.connections().link_backend(c.id, group).await.unwrap();
        let sessions = HashMap::from([(c.id, signed.session.expose_secret().clone())]);
        let stop = CancellationToken::new();
        let relay = tokio::spawn(
            Supervisor::new(
                db.storage.clone(),
                Arc::new(Factory {
                    world: world.clone(),
                    sessions,
                }),
                options("relay"),
            )
            .run(stop.clone()),
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
        let anna = world.add_user("Anna", None, None, None);
        world.user_writes(anna, bot, "hello");
        world.user_writes(anna, bot, "are you there?");
        eventually("both are relayed", 10, || {
            world
                .topics(group)
                .iter()
                .any(|t| world.topic_messages(group, t.id).len() == 2)
        })
        .await;
        assert_eq!(world.topics(group).len(), 1, "one topic, not two");
        assert_eq!(db.dialogs().count(c.id).await.unwrap(), 1);
        stop.cancel();
        relay.await.unwrap();
    }
}

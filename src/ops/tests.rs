//! `/metrics` after relaying in the simulated Telegram, and `/healthz` healthy and not.

use std::sync::Arc;
use std::time::Duration;

use account_session::Authenticator as _;
use relay::gateway::{GatewayError, Rights};
use relay::supervisor::{Supervisor, SupervisorOptions};
use secrecy::ExposeSecret as _;
use storage::{ConnectionKind, DialogStatus, Identity, SignIn};
use telegram_sim::World;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio_util::sync::CancellationToken;

use super::*;

const ALL: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

/// A bot connected by `admin` and linked to `group`; returns the bot's id.
async fn linked_bot(db: &Storage, world: &World, admin: i64, group: i64) -> i64 {
    let (bot, token) = world.add_bot("shop_bot", "Shop");
    world.add_member(group, bot, ALL);
    let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
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
    let sign_in = SignIn {
        identity,
        session: signed.session.expose_secret(),
        bot_token: None,
    };
    db.connections().store_sign_in(c.id, sign_in).await.unwrap();
    db.connections().link_backend(c.id, group).await.unwrap();
    bot
}

/// `GET path` over plain HTTP/1.1: the status code and the body.
async fn get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

/// The value of the sample `line` (a metric name with its labels) in a scrape.
fn sample(scrape: &str, line: &str) -> Option<f64> {
    scrape
        .lines()
        .find_map(|l| l.strip_prefix(line)?.strip_prefix(' ')?.parse().ok())
}

async fn eventually(what: &str, mut check: impl AsyncFnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + storage::testing::PATIENCE;
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting until {what}");
}

async fn serve_ops(ops: Ops) -> (std::net::SocketAddr, CancellationToken) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let stop = CancellationToken::new();
    tokio::spawn(serve(listener, Arc::new(ops), stop.clone()));
    (addr, stop)
}

fn supervisor_options() -> SupervisorOptions {
    SupervisorOptions {
        poll: Duration::from_millis(20),
        autoclose_every: Duration::from_secs(3600),
        heartbeat: Duration::from_millis(200),
        ..SupervisorOptions::default()
    }
}

#[tokio::test]
async fn metrics_count_what_was_relayed_and_healthz_follows_the_relay_loop() {
    for db in storage::testing::all().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        let operator = world.add_user("Olga", None, None, Some("en"));
        let group = world.create_group(admin, "Support", true);
        world.add_member(group, operator, Rights::default());
        let bot = linked_bot(&db, &world, admin, group).await;

        let factory = Arc::new(world.gateway_factory(db.storage.clone()));
        let supervisor = Supervisor::new(db.storage.clone(), factory, supervisor_options());
        let metrics = supervisor.metrics();
        let relay_stop = CancellationToken::new();
        let relay = tokio::spawn(supervisor.run(relay_stop.clone()));
        let (addr, ops_stop) = serve_ops(Ops {
            storage: db.storage.clone(),
            relay: Some(Arc::clone(&metrics)),
            stale_after: Duration::from_millis(500),
        })
        .await;

        eventually("the worker runs", async || metrics.workers() == 1).await;
        assert_eq!(
            get(addr, "/healthz").await,
            (200, "database: ok\nrelay: ok\n".into())
        );

        // Three users write (one twice); an operator answers two of them; the third user has
        // blocked the bot by the time the answer comes.
        let users: Vec<i64> = ["Anna", "Ben", "Carl"]
            .iter()
            .map(|name| world.add_user(name, None, None, Some("en")))
            .collect();
        for user in &users {
            world.user_writes(*user, bot, "hello");
        }
        world.user_writes(users[0], bot, "anyone?");
        eventually("four messages are in topics", async || {
            world
                .topics(group)
                .iter()
                .map(|t| world.topic_messages(group, t.id).len())
                .sum::<usize>()
                == 4
        })
        .await;
        world.block(users[2], bot);
        let topics = world.topics(group);
        for topic in &topics {
            world.post_in_group(group, Some(topic.id), operator, "we are on it", None);
        }
        eventually("two answers arrive and the block is noticed", async || {
            let received: usize = users
                .iter()
                .map(|u| {
                    world
                        .private_chat(*u, bot)
                        .iter()
                        .filter(|m| m.text == "we are on it")
                        .count()
                })
                .sum();
            received == 2 && metrics.errors(ErrorKind::Blocked) == 1
        })
        .await;

        let (status, scrape) = get(addr, "/metrics").await;
        assert_eq!(status, 200);
        let expect = [
            (
                "switchboard_messages_relayed_total{direction=\"to_topic\"}",
                4.0,
            ),
            (
                "switchboard_messages_relayed_total{direction=\"to_user\"}",
                2.0,
            ),
            (
                "switchboard_messages_relayed_total{direction=\"intercepted\"}",
                0.0,
            ),
            ("switchboard_errors_total{kind=\"blocked\"}", 1.0),
            ("switchboard_errors_total{kind=\"network\"}", 0.0),
            ("switchboard_flood_waits_total", 0.0),
            ("switchboard_connections{status=\"active\"}", 1.0),
            ("switchboard_connections{status=\"stopped\"}", 0.0),
            ("switchboard_workers", 1.0),
            ("switchboard_outbound_waiting", 0.0),
            ("switchboard_updates_retrying", 0.0),
            ("switchboard_database_up", 1.0),
        ];
        for (line, value) in expect {
            assert_eq!(sample(&scrape, line), Some(value), "{line} in:\n{scrape}");
        }
        assert!(
            scrape.contains("# TYPE switchboard_messages_relayed counter"),
            "{scrape}"
        );
        assert!(scrape.trim_end().ends_with("# EOF"), "{scrape}");

        // A FLOOD_WAIT Telegram still answers is waited out, counted, and the answer arrives.
        world.fail_next_send(GatewayError::FloodWait { seconds: 1 });
        world.post_in_group(group, Some(topics[0].id), operator, "one more thing", None);
        eventually("the answer arrives after the wait", async || {
            world
                .private_chat(users[0], bot)
                .iter()
                .any(|m| m.text == "one more thing")
        })
        .await;
        let (_, scrape) = get(addr, "/metrics").await;
        assert_eq!(sample(&scrape, "switchboard_flood_waits_total"), Some(1.0));
        assert_eq!(
            sample(
                &scrape,
                "switchboard_messages_relayed_total{direction=\"to_user\"}"
            ),
            Some(3.0)
        );

        // Dialogs by status, and one whose user has waited over an hour (set in the database:
        // the relay's clock is real).
        let connection = db.connections().list_owned(admin).await.unwrap()[0].id;
        let dialogs = db.dialogs();
        let now = storage::now();
        dialogs
            .set_status(connection, users[1], DialogStatus::Closed, now)
            .await
            .unwrap();
        dialogs
            .set_status(connection, users[2], DialogStatus::UserAnswered, now - 7200)
            .await
            .unwrap();
        dialogs
            .set_status(connection, users[0], DialogStatus::SupportAnswered, now)
            .await
            .unwrap();
        let (_, scrape) = get(addr, "/metrics").await;
        for (line, value) in [
            ("switchboard_dialogs{status=\"user_answered\"}", 1.0),
            ("switchboard_dialogs{status=\"support_answered\"}", 1.0),
            ("switchboard_dialogs{status=\"closed\"}", 1.0),
            ("switchboard_dialogs_unanswered_over_1h", 1.0),
        ] {
            assert_eq!(sample(&scrape, line), Some(value), "{line} in:\n{scrape}");
        }
        dialogs
            .set_status(connection, users[2], DialogStatus::UserAnswered, now - 600)
            .await
            .unwrap();
        let (_, scrape) = get(addr, "/metrics").await;
        assert_eq!(
            sample(&scrape, "switchboard_dialogs_unanswered_over_1h"),
            Some(0.0),
            "ten minutes is not over an hour"
        );

        // The relay loop stops: unhealthy once it has been quiet for longer than allowed.
        relay_stop.cancel();
        relay.await.unwrap();
        tokio::time::sleep(Duration::from_millis(600)).await;
        assert_eq!(
            get(addr, "/healthz").await,
            (503, "database: ok\nrelay: not running\n".into())
        );
        ops_stop.cancel();
    }
}

#[tokio::test]
async fn healthz_is_unavailable_when_the_database_does_not_answer() {
    for db in storage::testing::all().await {
        // A process without a relay (the setup bot alone) is healthy with its database.
        let (addr, stop) = serve_ops(Ops {
            storage: db.storage.clone(),
            relay: None,
            stale_after: DEFAULT_STALE_AFTER,
        })
        .await;
        assert_eq!(get(addr, "/healthz").await, (200, "database: ok\n".into()));

        // Closing the pool makes every query fail, as an unreachable database does.
        db.storage.clone().close().await.unwrap();
        assert_eq!(
            get(addr, "/healthz").await,
            (503, "database: unreachable\n".into())
        );
        let (status, scrape) = get(addr, "/metrics").await;
        assert_eq!(
            status, 200,
            "metrics still answer, saying the database is down"
        );
        assert_eq!(sample(&scrape, "switchboard_database_up"), Some(0.0));
        assert_eq!(
            sample(&scrape, "switchboard_connections{status=\"active\"}"),
            None
        );
        stop.cancel();
    }
}

//! The supervisor follows the database: workers start, stop and take new parameters as the setup
//! bot changes rows, with no other channel between them — through both edges (the simulated
//! gateway, and the real grammers client over MTProto).

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use common::{Edge, Telegram};
use storage::testing::eventually;
use storage::{Connection, ConnectionStatus};
use switchboard_relay::gateway::{Gateway, GatewayError};
use switchboard_relay::supervisor::{GatewayFactory, Supervisor, SupervisorOptions};
use telegram_sim::World;
use tokio_util::sync::CancellationToken;

/// Opens sessions through the test's edge, counting opens (a reload must not reopen).
struct CountingFactory {
    inner: Arc<dyn GatewayFactory>,
    opens: AtomicUsize,
}

#[async_trait]
impl GatewayFactory for CountingFactory {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError> {
        let gateway = self.inner.open(connection).await?;
        // Counted once the session is open (the simulated edge has no catch-up for messages
        // sent before that).
        self.opens.fetch_add(1, Ordering::SeqCst);
        Ok(gateway)
    }
}

#[tokio::test]
async fn workers_follow_the_database() {
    for (edge, db) in common::edges_and_databases().await {
        let world = World::new();
        let mut telegram = Telegram::start(edge, &world).await;
        let admin = world.add_user("Boss", None, None, Some("en"));
        let group = world.create_group(admin, "Support", true);
        let linked = telegram.linked_bot(&db, admin, group, "shop_bot").await;
        let (bot, c) = (linked.bot, linked.connection);

        let factory = Arc::new(CountingFactory {
            inner: telegram.factory(&db.storage),
            opens: AtomicUsize::new(0),
        });
        let options = SupervisorOptions {
            poll: Duration::from_millis(20),
            autoclose_every: Duration::from_secs(3600),
            heartbeat: Duration::from_millis(200),
            ..SupervisorOptions::default()
        };
        let supervisor = Supervisor::new(db.storage.clone(), factory.clone(), options);
        let workers = supervisor.workers();
        // The revision the connection's worker has applied; None while it has no worker.
        let applied = || workers.borrow().get(&c).copied();
        let revision = async || db.connections().get(c).await.unwrap().unwrap().revision;
        let shutdown = CancellationToken::new();
        let task = tokio::spawn(supervisor.run(shutdown.clone()));

        // Started from the database: a user's message becomes a topic.
        eventually("the worker is started", async || {
            factory.opens.load(Ordering::SeqCst) == 1 && applied().is_some()
        })
        .await;
        let anna = world.add_user("Anna", None, None, Some("en"));
        world.user_writes(anna, bot, "hello");
        eventually("the topic appears", async || world.topics(group).len() == 1).await;

        // Parameter changes are applied without reopening the session.
        db.parameters()
            .set(c, &storage::params::Param::Welcome.parse("OFF").unwrap())
            .await
            .unwrap();
        db.parameters()
            .set(c, &storage::params::Param::IconColor.parse("red").unwrap())
            .await
            .unwrap();
        let changed = revision().await;
        eventually("the worker applied the change", async || {
            applied() == Some(changed)
        })
        .await;
        let bob = world.add_user("Bob", None, None, Some("en"));
        world.user_writes(bob, bot, "hi there");
        eventually("Bob's topic appears in red", async || {
            world
                .topics(group)
                .iter()
                .any(|t| t.title == "🟪 Bob" && t.icon_color == 0xFB6F5F)
        })
        .await;
        assert_eq!(
            factory.opens.load(Ordering::SeqCst),
            1,
            "the parameter change did not reopen the session"
        );
        assert!(
            world.private_chat(bob, bot).iter().all(|m| m.from != bot),
            "WELCOME=OFF was applied"
        );

        // Stopped in the setup bot: nothing is relayed.
        db.connections().stop(c).await.unwrap();
        eventually("the worker stopped", async || applied().is_none()).await;
        let carl = world.add_user("Carl", None, None, Some("en"));
        world.user_writes(carl, bot, "anyone?");
        // Nothing picks it up while stopped (a worker that lingered would relay it here).
        tokio::time::sleep(Duration::from_millis(150)).await;
        assert_eq!(
            world.topics(group).len(),
            2,
            "no topic for Carl while stopped"
        );

        // Started again: a new session, relaying again (over the wire it also catches up on
        // Carl, whose message came while it was stopped).
        db.connections().start(c).await.unwrap();
        eventually("restarted", async || {
            factory.opens.load(Ordering::SeqCst) == 2 && applied().is_some()
        })
        .await;
        let dana = world.add_user("Dana", None, None, Some("en"));
        world.user_writes(dana, bot, "hello again");
        eventually("Dana's topic appears", async || {
            world.topics(group).iter().any(|t| t.title == "🟪 Dana")
        })
        .await;
        if edge == Edge::Wire {
            eventually("caught up on what came while stopped", async || {
                world.topics(group).iter().any(|t| t.title == "🟪 Carl")
            })
            .await;
        }

        // The session was ended on Telegram's side: needs_login, with an event for the admin.
        db.connections().stop(c).await.unwrap();
        eventually("the worker stopped", async || applied().is_none()).await;
        world.revoke_sessions(bot);
        db.connections().start(c).await.unwrap();
        eventually("needs_login is recorded", async || {
            db.connections().get(c).await.unwrap().unwrap().status == ConnectionStatus::NeedsLogin
        })
        .await;
        assert!(
            db.events()
                .undelivered(10)
                .await
                .unwrap()
                .iter()
                .any(|e| e.kind == storage::EventKind::NeedsLogin)
        );

        // Deleted: its worker goes away with it, and the supervisor carries on.
        db.connections().delete(c).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!task.is_finished());

        shutdown.cancel();
        tokio::time::timeout(storage::testing::PATIENCE, task)
            .await
            .expect("the supervisor stops")
            .unwrap();
        telegram.assert_no_violations();
    }
}

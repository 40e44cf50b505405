//! The supervisor follows the database: workers start, stop and take new parameters as the setup
//! bot changes rows, with no other channel between them.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use account_session::Authenticator as _;
use async_trait::async_trait;
use secrecy::ExposeSecret as _;
use storage::testing::eventually;
use storage::{Connection, ConnectionKind, ConnectionStatus, Identity, SignIn};
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

/// Opens sim sessions from the stored session, counting opens (a reload must not reopen).
struct SimFactory {
    world: World,
    storage: storage::Storage,
    opens: AtomicUsize,
}

#[async_trait]
impl GatewayFactory for SimFactory {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError> {
        let session = self
            .storage
            .connections()
            .session(connection.id)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        let session = session.ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        let gateway = Arc::new(self.world.open_gateway(session.expose_secret())?);
        // Counted once the session receives updates: the simulation has no catch-up for
        // messages sent before that.
        self.opens.fetch_add(1, Ordering::SeqCst);
        Ok(gateway)
    }
}

#[tokio::test]
async fn workers_follow_the_database() {
    for db in storage::testing::all().await {
        let world = World::new();
        let (bot, token) = world.add_bot("shop_bot", "Shop");
        let admin = world.add_user("Boss", None, None, Some("en"));
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
        let group = world.create_group(admin, "Support", true);
        world.add_member(group, bot, ALL);
        db.connections().link_backend(c.id, group).await.unwrap();

        let factory = Arc::new(SimFactory {
            world: world.clone(),
            storage: db.storage.clone(),
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
        let applied = || workers.borrow().get(&c.id).copied();
        let revision = async || db.connections().get(c.id).await.unwrap().unwrap().revision;
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
            .set(c.id, &storage::params::Param::Welcome.parse("OFF").unwrap())
            .await
            .unwrap();
        db.parameters()
            .set(
                c.id,
                &storage::params::Param::IconColor.parse("red").unwrap(),
            )
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
        db.connections().stop(c.id).await.unwrap();
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

        // Started again: a new session, relaying again.
        db.connections().start(c.id).await.unwrap();
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

        // The session was ended on Telegram's side: needs_login, with an event for the admin.
        db.connections().stop(c.id).await.unwrap();
        eventually("the worker stopped", async || applied().is_none()).await;
        world.revoke_sessions(bot);
        db.connections().start(c.id).await.unwrap();
        eventually("needs_login is recorded", async || {
            db.connections().get(c.id).await.unwrap().unwrap().status
                == ConnectionStatus::NeedsLogin
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
        db.connections().delete(c.id).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!task.is_finished());

        shutdown.cancel();
        tokio::time::timeout(storage::testing::PATIENCE, task)
            .await
            .expect("the supervisor stops")
            .unwrap();
    }
}

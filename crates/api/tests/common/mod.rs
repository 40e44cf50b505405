//! A help desk for API tests and the demo: two bots, each connected by its own admin and linked
//! to its own forum group, run by a real relay `Supervisor` over the simulated Telegram and a
//! real database, with the HTTP API served on 127.0.0.1:0 and a key made for each connection.
#![allow(dead_code)] // each user of the fixture uses part of it

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use account_session::Authenticator as _;
use async_trait::async_trait;
use relay::gateway::{Gateway, GatewayError, Rights};
use relay::pacing::Limits;
use relay::supervisor::{GatewayFactory, Supervisor, SupervisorOptions};
use secrecy::ExposeSecret as _;
use storage::testing::{TestDb, eventually};
use storage::{Connection, ConnectionId, ConnectionKind, Identity, SignIn, Storage};
use switchboard_api::ApiOptions;
use telegram_sim::World;
use tokio_util::sync::CancellationToken;

const ALL: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

/// One connection of the desk.
pub struct Side {
    pub connection: ConnectionId,
    pub bot: i64,
    pub admin: i64,
    pub group: i64,
    /// Its API key.
    pub key: String,
}

pub struct Desk {
    pub db: TestDb,
    pub world: World,
    /// `http://127.0.0.1:<port>`
    pub base: String,
    pub http: reqwest::Client,
    pub a: Side,
    pub b: Side,
    shutdown: CancellationToken,
}

impl Drop for Desk {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

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
            .ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        Ok(Arc::new(self.world.open_gateway(session)?))
    }
}

async fn side(
    db: &Storage,
    world: &World,
    name: &str,
    sessions: &mut HashMap<ConnectionId, Vec<u8>>,
) -> Side {
    let admin = world.add_user(&format!("Boss of {name}"), None, None, Some("en"));
    let group = world.create_group(admin, "Support", true);
    let (bot, token) = world.add_bot(name, name);
    world.add_member(group, bot, ALL);
    let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
    let session = signed.session.expose_secret().clone();
    db.admins().ensure(admin, "en").await.unwrap();
    let c = db
        .connections()
        .create(admin, ConnectionKind::Bot)
        .await
        .unwrap();
    let identity = Identity {
        tg_user_id: bot,
        username: Some(name.to_owned()),
        title: name.to_owned(),
    };
    db.connections()
        .store_sign_in(
            c.id,
            SignIn {
                identity,
                session: &session,
                bot_token: None,
            },
        )
        .await
        .unwrap();
    db.connections().link_backend(c.id, group).await.unwrap();
    sessions.insert(c.id, session);
    let key = db.api_keys().create(c.id).await.unwrap();
    Side {
        connection: c.id,
        bot,
        admin,
        group,
        key: key.expose_secret().to_owned(),
    }
}

impl Desk {
    /// Starts the relay and the API; returns once both connections' workers run.
    /// `limits`: Telegram's (None) or the demo's relaxed ones.
    pub async fn start(db: TestDb, options: ApiOptions, limits: Option<Limits>) -> Desk {
        Self::start_polling(db, options, limits, Duration::from_millis(20)).await
    }

    /// Like [`Desk::start`], with the relay looking at the database every `poll` by itself (the
    /// API wakes it at once when it hands an action over).
    pub async fn start_polling(
        db: TestDb,
        mut options: ApiOptions,
        limits: Option<Limits>,
        poll: Duration,
    ) -> Desk {
        let world = World::new();
        let mut sessions = HashMap::new();
        let a = side(&db.storage, &world, "shop_bot", &mut sessions).await;
        let b = side(&db.storage, &world, "other_bot", &mut sessions).await;
        let factory = Arc::new(Factory {
            world: world.clone(),
            sessions,
        });
        let relay_options = SupervisorOptions {
            poll,
            autoclose_every: Duration::from_secs(3600),
            // Webhook receivers in tests listen on 127.0.0.1.
            webhooks: relay::webhooks::WebhookOptions::local(),
            ..SupervisorOptions::default()
        };
        let mut supervisor = Supervisor::new(db.storage.clone(), factory, relay_options);
        if let Some(limits) = limits {
            supervisor = supervisor.with_limits(limits);
        }
        let workers = supervisor.workers();
        options.wake = Some(supervisor.waker());
        let shutdown = CancellationToken::new();
        tokio::spawn(supervisor.run(shutdown.clone()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(switchboard_api::serve(
            listener,
            db.storage.clone(),
            options,
            shutdown.clone(),
        ));
        let (ca, cb) = (a.connection, b.connection);
        eventually("both workers run", async || {
            let running = workers.borrow();
            running.contains_key(&ca) && running.contains_key(&cb)
        })
        .await;
        Desk {
            db,
            world,
            base,
            http: reqwest::Client::new(),
            a,
            b,
            shutdown,
        }
    }

    /// A user who writes to a side's bot; returns once their dialog has its topic.
    pub async fn user_writes(&self, side: &Side, name: &str, text: &str) -> (i64, i64) {
        let user = self
            .world
            .add_user(name, None, Some(&name.to_lowercase()), Some("en"));
        self.world.user_writes(user, side.bot, text);
        let (db, c) = (&self.db, side.connection);
        let mut topic = None;
        eventually("the user's topic exists", async || {
            topic = db
                .dialogs()
                .get(c, user)
                .await
                .unwrap()
                .and_then(|d| d.topic_id);
            topic.is_some()
        })
        .await;
        (user, topic.unwrap_or_default())
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, side: &Side, path: &str) -> reqwest::RequestBuilder {
        self.http.get(self.url(path)).bearer_auth(&side.key)
    }

    pub fn send(
        &self,
        side: &Side,
        method: reqwest::Method,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .bearer_auth(&side.key)
    }
}

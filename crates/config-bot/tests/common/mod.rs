//! A running setup bot for tests: the real teloxide dispatcher over HTTP against telegram-sim's
//! Bot API, signing in through the simulated world, on a real database; optionally a real relay
//! supervisor beside it.
#![allow(dead_code)] // each test file uses part of it

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use i18n::Lang;
use relay::supervisor::{Supervisor, SupervisorOptions};
use storage::testing::TestDb;
use storage::{Connection, ConnectionId, ConnectionStatus};
use switchboard_config_bot::Options;
use telegram_sim::{BotApi, SentMessage, World};
use teloxide::Bot;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// Which sign-in edge the setup bot uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// `SimAuthenticator`, at the trait level.
    Sim,
    /// The real `GrammersAuthenticator` over the MTProto simulator.
    Mtproto,
}

pub const EDGES: [Edge; 2] = [Edge::Sim, Edge::Mtproto];

/// Every test database, once with each edge.
pub async fn with_edges() -> Vec<(Edge, TestDb)> {
    let mut all = Vec::new();
    for edge in EDGES {
        all.extend(
            storage::testing::all()
                .await
                .into_iter()
                .map(|db| (edge, db)),
        );
    }
    all
}

pub struct Setup {
    pub world: World,
    /// The MTProto server, when the bot signs in over the wire.
    pub sim: Option<Arc<mtproto_sim::MtprotoSim>>,
    pub api: BotApi,
    pub db: TestDb,
    bot_task: tokio::task::JoinHandle<()>,
    relay: Option<CancellationToken>,
    /// The relay's workers with the revision each has applied (with a relay).
    workers: Option<watch::Receiver<BTreeMap<ConnectionId, i64>>>,
}

impl Drop for Setup {
    fn drop(&mut self) {
        self.bot_task.abort();
        if let Some(relay) = &self.relay {
            relay.cancel();
        }
    }
}

impl Setup {
    /// The setup bot, running.
    pub async fn start(db: TestDb) -> Setup {
        Self::start_with(db, Edge::Sim).await
    }

    /// The setup bot signing in through `edge`.
    pub async fn start_with(db: TestDb, edge: Edge) -> Setup {
        let world = World::new();
        let api = BotApi::start(&world, "switchboard_setup_bot", "Switchboard")
            .await
            .unwrap();
        let sim = match edge {
            Edge::Sim => None,
            Edge::Mtproto => Some(Arc::new(
                mtproto_sim::MtprotoSim::start(world.clone()).await.unwrap(),
            )),
        };
        let bot_task = spawn_bot(&world, &api, &db, sim.as_ref());
        Setup {
            world,
            sim,
            api,
            db,
            bot_task,
            relay: None,
            workers: None,
        }
    }

    /// Kills the setup bot process and starts a new one on the same database and Telegram:
    /// whatever was only in memory (logins in progress) is gone.
    pub async fn restart_bot(&mut self) {
        self.bot_task.abort();
        let _ = (&mut self.bot_task).await;
        self.bot_task = spawn_bot(&self.world, &self.api, &self.db, self.sim.as_ref());
    }

    /// The setup bot and a relay supervisor on the same database and world.
    pub async fn with_relay(db: TestDb) -> Setup {
        Self::with_relay_on(db, Edge::Sim).await
    }

    /// The setup bot and a relay supervisor through `edge`: over MTProto both are the real
    /// thing end to end (GrammersAuthenticator signs in, GrammersFactory opens what it stored).
    pub async fn with_relay_on(db: TestDb, edge: Edge) -> Setup {
        let mut setup = Setup::start_with(db, edge).await;
        let stop = CancellationToken::new();
        let factory: Arc<dyn relay::supervisor::GatewayFactory> = match edge {
            Edge::Sim => Arc::new(setup.world.gateway_factory((*setup.db).clone())),
            Edge::Mtproto => Arc::new(relay::grammers_gateway::GrammersFactory {
                storage: (*setup.db).clone(),
                options: account_session::ClientOptions::new(1),
            }),
        };
        let supervisor = Supervisor::new(
            (*setup.db).clone(),
            factory,
            SupervisorOptions {
                poll: Duration::from_millis(20),
                autoclose_every: Duration::from_secs(3600),
                relay_id: "test-relay".into(),
                lease_ttl: Duration::from_secs(15),
                heartbeat: Duration::from_millis(200),
                webhooks: Default::default(),
            },
        );
        setup.workers = Some(supervisor.workers());
        tokio::spawn(supervisor.run(stop.clone()));
        setup.relay = Some(stop);
        setup
    }

    /// Waits until the relay runs a worker for `connection`: the supervisor starts one only
    /// with its session open (over MTProto: connected and answering), so from then on what
    /// Telegram pushes to the connection reaches the relay. (Not the simulator's count of live
    /// connections: the setup bot's sign-in client may still be one of them.)
    pub async fn relay_running(&self, connection: ConnectionId) {
        let workers = self.workers.as_ref().expect("a setup with a relay");
        eventually("the relay runs the connection", || {
            workers.borrow().contains_key(&connection)
        })
        .await;
    }

    /// Waits until the relay's worker for `admin`'s only connection runs with the connection's
    /// current settings (a parameter change has taken effect).
    pub async fn relay_applied(&self, admin: i64) {
        let workers = self.workers.as_ref().expect("a setup with a relay");
        let [connection] = self
            .connections(admin)
            .await
            .try_into()
            .expect("one connection");
        eventually("the relay applied the change", || {
            workers.borrow().get(&connection.id) == Some(&connection.revision)
        })
        .await;
    }

    /// A person who talks to the setup bot, their Telegram app set to `language`.
    pub fn admin(&self, name: &str, language: &str) -> i64 {
        self.world.add_user(name, None, None, Some(language))
    }

    /// Sends a text and waits until the bot's answer contains `expect`.
    pub async fn send(&self, user: i64, text: &str, expect: &str) -> SentMessage {
        let before = self.api.sent_to(user);
        self.api.user_sends(user, text);
        self.answer(user, &before, expect).await
    }

    /// Sends a text and returns its message id (for checking it was deleted), waiting for an
    /// answer containing `expect`.
    pub async fn send_secret(&self, user: i64, text: &str, expect: &str) -> (i64, SentMessage) {
        let before = self.api.sent_to(user);
        let id = self.api.user_sends(user, text);
        (id, self.answer(user, &before, expect).await)
    }

    /// Presses the button labelled `label` on the newest message that has it; waits until the
    /// bot's answer contains `expect`.
    pub async fn press(&self, user: i64, label: &str, expect: &str) -> SentMessage {
        let message = self.with_button(user, label);
        let data = message.callback_data(label).unwrap();
        let before = self.api.sent_to(user);
        self.api.user_presses(user, message.message_id, &data);
        self.answer(user, &before, expect).await
    }

    /// Presses the English button `button` (a text id) and waits for the screen `screen` (a text
    /// id, recognised by its first line).
    pub async fn step(&self, user: i64, button: &str, screen: &str) -> SentMessage {
        self.press(user, &en(button), &first_line(&en(screen)))
            .await
    }

    /// Presses a button with hand-made callback data (a forged or stale one).
    pub async fn press_data(&self, user: i64, message_id: i64, data: &str) {
        let answers = self.api.callback_answers().len();
        self.api.user_presses(user, message_id, data);
        eventually("the callback is answered", || {
            self.api.callback_answers().len() > answers
        })
        .await;
    }

    /// The newest message to `user` that still shows a button labelled `label`.
    pub fn with_button(&self, user: i64, label: &str) -> SentMessage {
        self.api
            .sent_to(user)
            .into_iter()
            .rev()
            .find(|m| !m.deleted && m.buttons().iter().flatten().any(|b| b == label))
            .unwrap_or_else(|| {
                panic!(
                    "no message with [{label}]; the bot sent {:#?}",
                    self.api.sent_to(user)
                )
            })
    }

    /// Waits for a message to `user`, new or changed since `before`, that contains `expect`.
    pub async fn answer(&self, user: i64, before: &[SentMessage], expect: &str) -> SentMessage {
        let deadline = tokio::time::Instant::now() + storage::testing::PATIENCE;
        loop {
            let found = self.api.sent_to(user).into_iter().rev().find(|m| {
                !m.deleted
                    && !before.iter().any(|b| {
                        b.message_id == m.message_id && b.edits == m.edits && b.text == m.text
                    })
                    && m.text.contains(expect)
            });
            if let Some(found) = found {
                return found;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for an answer containing {expect:?}; the bot sent {:#?}",
                self.api.sent_to(user)
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// The connections `admin` owns.
    pub async fn connections(&self, admin: i64) -> Vec<Connection> {
        self.db.connections().list_owned(admin).await.unwrap()
    }

    /// Waits until `admin`'s only connection has `status`.
    pub async fn wait_status(&self, admin: i64, status: ConnectionStatus) -> Connection {
        let deadline = tokio::time::Instant::now() + storage::testing::PATIENCE;
        loop {
            let list = self.connections(admin).await;
            if let [c] = list.as_slice()
                && c.status == status
            {
                return c.clone();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {status}; connections: {list:#?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

fn spawn_bot(
    world: &World,
    api: &BotApi,
    db: &TestDb,
    sim: Option<&Arc<mtproto_sim::MtprotoSim>>,
) -> tokio::task::JoinHandle<()> {
    let bot = Bot::new(&api.token).set_api_url(url::Url::parse(&api.url).unwrap());
    let storage = (**db).clone();
    let auth: Arc<dyn account_session::Authenticator> = match sim {
        None => Arc::new(world.authenticator()),
        Some(sim) => {
            let sim = Arc::clone(sim);
            Arc::new(
                account_session::GrammersAuthenticator::new(
                    1,
                    secrecy::SecretString::from("0123456789abcdef"),
                )
                .with_sessions(Arc::new(move || sim.unauthorized_session())),
            )
        }
    };
    let options = Options {
        events_every: Duration::from_millis(50),
    };
    tokio::spawn(async move {
        switchboard_config_bot::run(bot, storage, auth, options, std::future::pending())
            .await
            .unwrap();
    })
}

/// An English text with its HTML as Telegram shows it (the sim keeps the HTML source).
pub fn en(id: &str) -> String {
    Lang::En.text(id)
}

pub fn en_with(id: &str, args: &[(&str, &str)]) -> String {
    let args: Vec<(&str, String)> = args.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
    Lang::En.text_with(id, &args)
}

/// The first line of a text: enough to recognise a screen without its arguments.
pub fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().to_owned()
}

/// Waits until `check` holds (a real hang fails after `storage::testing::PATIENCE`).
pub async fn eventually(what: &str, check: impl Fn() -> bool) {
    storage::testing::eventually(what, async || check()).await;
}

/// The text a QR code photo carries.
pub fn scan(png: &[u8]) -> String {
    let image = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .expect("a valid PNG")
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code in the image");
    grids[0].decode().expect("the QR code decodes").1
}

impl Setup {
    /// Drives the flow to connect a new bot for `admin`; returns the connection at step 3.
    pub async fn connect_bot(&self, admin: i64, username: &str, title: &str) -> Connection {
        let (_, token) = self.world.add_bot(username, title);
        let before = self.connections(admin).await.len();
        // Whatever the list shows: the welcome's greeting is always there.
        self.begin_bot(admin).await;
        self.send(
            admin,
            &token,
            &en_with("setup-signed-in", &[("name", title)]),
        )
        .await;
        let list = self.connections(admin).await;
        assert_eq!(list.len(), before + 1);
        list.into_iter().last().unwrap()
    }
}

impl Setup {
    /// A bot connected through the flow and bound to group -10042, as the relay binds it (the
    /// tests that need no relay).
    pub async fn linked_bot(&self, admin: i64, username: &str, title: &str) -> Connection {
        let c = self.connect_bot(admin, username, title).await;
        self.db
            .connections()
            .link_backend(c.id, -10_042)
            .await
            .unwrap()
    }

    /// /start → [New connection] → [Connect a bot]: the admin is asked for the token.
    pub async fn begin_bot(&self, admin: i64) {
        self.begin(admin, "setup-button-bot", "setup-ask-token")
            .await;
    }

    /// /start → [New connection] → [Connect an account]: the sign-in methods are shown.
    pub async fn begin_account(&self, admin: i64) {
        self.begin(admin, "setup-button-account", "setup-choose-method")
            .await;
    }

    async fn begin(&self, admin: i64, button: &str, expect: &str) {
        self.send(admin, "/start", &en("setup-welcome")).await;
        self.step(admin, "setup-button-new", "setup-choose-kind")
            .await;
        self.press(admin, &en(button), &first_line(&en(expect)))
            .await;
    }
}

/// Every admin right the relay asks for in a backend group.
pub fn all_rights() -> relay::gateway::Rights {
    relay::gateway::Rights {
        manage_topics: true,
        delete_messages: true,
        pin_messages: true,
        ban_users: true,
        invite_users: true,
    }
}

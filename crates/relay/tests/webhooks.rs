//! WEBHOOKS end to end: a real relay (supervisor and worker over the simulated Telegram, a real
//! database) and a real HTTP receiver on 127.0.0.1, asserting what the receiver gets.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::IntoResponse;
use common::{ALL, SimFactory, linked_bot};
use secrecy::ExposeSecret as _;
use serde_json::Value;
use storage::params::Param;
use storage::testing::{TestDb, eventually};
use storage::{ConnectionId, DeliveryState, EventKind};
use switchboard_relay::supervisor::Supervisor;
use switchboard_relay::webhooks::sign;
use telegram_sim::World;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;

/// One request the receiver answered.
#[derive(Debug, Clone)]
struct Hit {
    path: String,
    id: String,
    timestamp: i64,
    signature: String,
    body: String,
    status: u16,
}

impl Hit {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).expect("a webhook body is JSON")
    }
    fn event(&self) -> String {
        self.json()["type"].as_str().unwrap_or_default().to_owned()
    }
}

/// A receiver whose answer the test sets: a status for `/hook`, a held answer, and a reply for
/// `/cmd`.
#[derive(Clone)]
struct Receiver {
    url: String,
    hits: Arc<Mutex<Vec<Hit>>>,
    status: Arc<AtomicU16>,
    /// While true, requests wait (a hanging receiver).
    hold: watch::Sender<bool>,
}

impl Receiver {
    async fn start() -> Receiver {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let receiver = Receiver {
            url,
            hits: Arc::default(),
            status: Arc::new(AtomicU16::new(200)),
            hold: watch::channel(false).0,
        };
        let app = axum::Router::new()
            .fallback(axum::routing::post(answer))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        receiver
    }

    fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// The events taken (answered 2xx), in the order they were taken.
    fn taken(&self) -> Vec<Hit> {
        self.hits()
            .into_iter()
            .filter(|h| (200..300).contains(&h.status) && h.path == "/hook")
            .collect()
    }

    fn taken_types(&self) -> Vec<String> {
        self.taken().iter().map(Hit::event).collect()
    }
}

async fn answer(
    State(receiver): State<Receiver>,
    uri: Uri,
    headers: HeaderMap,
    body: String,
) -> impl IntoResponse {
    let mut held = receiver.hold.subscribe();
    let _ = held.wait_for(|hold| !*hold).await;
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let status = match uri.path() {
        "/cmd" => 200,
        "/moved" => 308,
        _ => receiver.status.load(Ordering::SeqCst),
    };
    receiver.hits.lock().unwrap().push(Hit {
        path: uri.path().to_owned(),
        id: header("webhook-id"),
        timestamp: header("webhook-timestamp").parse().unwrap_or(0),
        signature: header("webhook-signature"),
        body,
        status,
    });
    let reply = if uri.path() == "/cmd" {
        r#"{"text": "Invoice <b>#42</b> sent"}"#
    } else {
        "{}"
    };
    (
        StatusCode::from_u16(status).unwrap(),
        [("content-type", "application/json"), ("location", "/hook")],
        reply,
    )
}

/// A help desk with a running relay: a bot linked to a forum group, WEBHOOKS set first.
struct Desk {
    db: TestDb,
    world: World,
    admin: i64,
    bot: i64,
    group: i64,
    connection: ConnectionId,
    factory: Arc<SimFactory>,
    relay: Option<CancellationToken>,
}

impl Desk {
    async fn with_webhooks(db: TestDb, webhooks: &str) -> Desk {
        let world = World::new();
        let admin = world.add_user("Boss", None, Some("boss"), Some("en"));
        let group = world.create_group(admin, "Support", true);
        let linked = linked_bot(&db, &world, admin, group, "shop_bot").await;
        db.parameters()
            .set(linked.connection, &Param::Webhooks.parse(webhooks).unwrap())
            .await
            .unwrap();
        let factory = Arc::new(SimFactory {
            world: world.clone(),
            sessions: HashMap::from([(linked.connection, linked.session.clone())]),
        });
        let mut desk = Desk {
            db,
            world,
            admin,
            bot: linked.bot,
            group,
            connection: linked.connection,
            factory,
            relay: None,
        };
        desk.start_relay().await;
        desk
    }

    async fn start_relay(&mut self) {
        let supervisor = Supervisor::new(
            self.db.storage.clone(),
            self.factory.clone(),
            common::options(
                "relay",
                std::time::Duration::from_secs(15),
                std::time::Duration::from_millis(200),
            ),
        );
        let workers = supervisor.workers();
        let stop = CancellationToken::new();
        tokio::spawn(supervisor.run(stop.clone()));
        let id = self.connection;
        eventually("the relay runs the connection", async || {
            workers.borrow().contains_key(&id)
        })
        .await;
        self.relay = Some(stop);
    }

    async fn stop_relay(&mut self) {
        if let Some(stop) = self.relay.take() {
            stop.cancel();
        }
        // The lease is released when the worker has stopped.
        let id = self.connection;
        eventually("the relay let the connection go", async || {
            let c = self.db.connections().get(id).await.unwrap().unwrap();
            c.lease_owner.is_none()
        })
        .await;
    }

    /// The user's topic, once it exists.
    async fn topic(&self) -> i64 {
        eventually("the topic exists", async || {
            !self.world.topics(self.group).is_empty()
        })
        .await;
        self.world.topics(self.group)[0].id
    }

    fn topic_texts(&self, topic: i64) -> Vec<String> {
        self.world
            .topic_messages(self.group, topic)
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    async fn secret(&self) -> String {
        self.db
            .webhooks()
            .signing_secret(self.connection)
            .await
            .unwrap()
            .expect("a signing secret exists once something was delivered")
            .expose_secret()
            .to_owned()
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        if let Some(stop) = self.relay.take() {
            stop.cancel();
        }
    }
}

const ALL_EVENTS: &str = r#"["dialog_created","dialog_reopened","dialog_closed","dialog_status_changed","message_received","message_sent","message_intercepted","label_added","label_removed","broadcast_finished"]"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_dialog_event_reaches_the_receiver_signed_in_order_with_its_documented_body() {
    for db in storage::testing::all().await {
        let receiver = Receiver::start().await;
        let hooks = format!(r#"{{"{}/hook": {ALL_EVENTS}}}"#, receiver.url);
        let desk = Desk::with_webhooks(db, &hooks).await;
        let anna = desk
            .world
            .add_user("Anna", Some("Smith"), Some("anna"), Some("en"));
        desk.world.user_writes(anna, desk.bot, "hello");
        let topic = desk.topic().await;
        eventually("the first message is in the topic", async || {
            desk.topic_texts(topic).iter().any(|t| t == "hello")
        })
        .await;
        let (admin, group) = (desk.admin, desk.group);
        desk.world
            .post_in_group(group, Some(topic), admin, "Hi Anna", None);
        eventually("the answer reached Anna", async || {
            desk.world
                .private_chat(anna, desk.bot)
                .iter()
                .any(|m| m.text == "Hi Anna")
        })
        .await;
        desk.world
            .post_in_group(group, Some(topic), admin, "/close", None);
        eventually("the dialog is closed", async || {
            receiver.taken_types().contains(&"dialog_closed".to_owned())
        })
        .await;
        desk.world.user_writes(anna, desk.bot, "one more thing");
        eventually("the dialog reopened", async || {
            receiver
                .taken_types()
                .contains(&"dialog_reopened".to_owned())
        })
        .await;
        desk.world
            .other_session_writes(desk.bot, anna, "Your order shipped");
        desk.world
            .post_in_group(group, None, admin, "/mark new VIP", None);
        eventually("the label exists", async || {
            !desk
                .db
                .labels()
                .list(desk.connection)
                .await
                .unwrap()
                .is_empty()
        })
        .await;
        desk.world
            .post_in_group(group, Some(topic), admin, "/mark VIP", None);
        eventually("the label is on", async || {
            receiver.taken_types().contains(&"label_added".to_owned())
        })
        .await;
        desk.world
            .post_in_group(group, Some(topic), admin, "/mark del VIP", None);
        let expected = [
            "dialog_created",
            "message_received",
            "message_sent",
            "dialog_status_changed",
            "dialog_status_changed",
            "dialog_closed",
            "dialog_status_changed",
            "dialog_reopened",
            "message_received",
            "message_intercepted",
            "label_added",
            "label_removed",
        ];
        eventually("every event arrived", async || {
            receiver.taken().len() >= expected.len()
        })
        .await;
        let taken = receiver.taken();
        assert_eq!(receiver.taken_types(), expected, "{taken:#?}");

        // Each one signed as Standard Webhooks says, with its own id.
        let secret = desk.secret().await;
        let mut ids = std::collections::HashSet::new();
        for hit in &taken {
            assert!(
                sign::verify(&secret, &hit.id, hit.timestamp, &hit.body, &hit.signature),
                "a valid signature on {hit:?}"
            );
            assert_eq!(hit.json()["id"], hit.id.as_str());
            assert!(ids.insert(hit.id.clone()), "one delivery per event");
        }

        // The documented body.
        let created = taken[0].json();
        assert_eq!(created["connection"]["id"], desk.connection.0);
        assert_eq!(created["connection"]["kind"], "bot");
        assert_eq!(created["dialog"]["user_id"], anna);
        assert_eq!(created["dialog"]["topic_id"], topic);
        assert_eq!(created["dialog"]["name"], "Anna Smith");
        assert_eq!(created["dialog"]["username"], "anna");
        assert!(created["time"].as_str().unwrap().ends_with('Z'));
        let received = taken[1].json();
        assert_eq!(received["message"]["text"], "hello");
        assert_eq!(received["message"]["operator"], Value::Null);
        assert!(received["message"]["topic_message_id"].as_i64().unwrap() > 0);
        let sent = taken[2].json();
        assert_eq!(sent["message"]["text"], "Hi Anna");
        assert_eq!(sent["message"]["operator"]["id"], admin);
        assert_eq!(sent["message"]["operator"]["name"], "Boss");
        let answered = taken[3].json();
        assert_eq!(answered["status"]["from"], "user_answered");
        assert_eq!(answered["status"]["to"], "support_answered");
        assert_eq!(taken[9].json()["message"]["text"], "Your order shipped");
        assert_eq!(taken[10].json()["label"], "VIP");
        assert_eq!(
            taken[10].json()["dialog"]["labels"],
            serde_json::json!(["VIP"])
        );
        assert_eq!(taken[11].json()["dialog"]["labels"], serde_json::json!([]));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_down_for_a_while_gets_everything_once_in_order_and_a_refusal_is_not_retried() {
    for db in storage::testing::all().await {
        let receiver = Receiver::start().await;
        let hooks = format!(r#"{{"{}/hook": ["message_received"]}}"#, receiver.url);
        let desk = Desk::with_webhooks(db, &hooks).await;
        let anna = desk.world.add_user("Anna", None, None, Some("en"));
        receiver.status.store(503, Ordering::SeqCst);
        for i in 1..=5 {
            desk.world
                .user_writes(anna, desk.bot, &format!("message {i}"));
        }
        eventually("the receiver refused a few attempts", async || {
            receiver.hits().iter().filter(|h| h.status == 503).count() >= 3
        })
        .await;
        assert!(receiver.taken().is_empty());
        receiver.status.store(200, Ordering::SeqCst);
        eventually("all five arrived", async || receiver.taken().len() == 5).await;
        let texts: Vec<String> = receiver
            .taken()
            .iter()
            .map(|h| h.json()["message"]["text"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(
            texts,
            (1..=5).map(|i| format!("message {i}")).collect::<Vec<_>>()
        );
        // Every retry of the first event was the same event: one id, signed anew each time.
        let first_id = receiver.taken()[0].id.clone();
        assert!(
            receiver
                .hits()
                .iter()
                .filter(|h| h.status == 503)
                .all(|h| h.id == first_id)
        );

        // A 4xx is final: given up at once, the admin told, and later events still go.
        receiver.status.store(410, Ordering::SeqCst);
        desk.world.user_writes(anna, desk.bot, "refused");
        eventually("the refusal is recorded", async || {
            desk.db
                .webhooks()
                .all(desk.connection)
                .await
                .unwrap()
                .iter()
                .any(|d| d.state == DeliveryState::Failed)
        })
        .await;
        let refused = receiver.hits().iter().filter(|h| h.status == 410).count();
        assert_eq!(refused, 1, "a 4xx is not retried");
        let notices = desk.db.events().undelivered(100).await.unwrap();
        let notice = notices
            .iter()
            .find(|e| e.kind == EventKind::WebhookFailed)
            .expect("the admin hears of the given-up delivery");
        assert_eq!(notice.payload["status"], 410);
        receiver.status.store(200, Ordering::SeqCst);
        desk.world.user_writes(anna, desk.bot, "after");
        eventually("the next event is delivered", async || {
            receiver.taken().len() == 6
        })
        .await;
        assert_eq!(receiver.taken()[5].json()["message"]["text"], "after");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_restart_mid_delivery_loses_and_repeats_nothing() {
    for db in storage::testing::all().await {
        let receiver = Receiver::start().await;
        let hooks = format!(r#"{{"{}/hook": ["message_received"]}}"#, receiver.url);
        let mut desk = Desk::with_webhooks(db, &hooks).await;
        let anna = desk.world.add_user("Anna", None, None, Some("en"));
        desk.world.user_writes(anna, desk.bot, "before 1");
        eventually("the first was taken", async || !receiver.taken().is_empty()).await;
        receiver.status.store(503, Ordering::SeqCst);
        for i in 2..=3 {
            desk.world
                .user_writes(anna, desk.bot, &format!("before {i}"));
        }
        eventually("a delivery is being retried", async || {
            receiver.hits().iter().any(|h| h.status == 503)
        })
        .await;
        desk.stop_relay().await;
        desk.world.user_writes(anna, desk.bot, "while away");
        receiver.status.store(200, Ordering::SeqCst);
        desk.start_relay().await;
        desk.world.user_writes(anna, desk.bot, "after");
        eventually("everything arrived", async || receiver.taken().len() >= 5).await;
        let texts: Vec<String> = receiver
            .taken()
            .iter()
            .map(|h| h.json()["message"]["text"].as_str().unwrap().to_owned())
            .collect();
        let mut unique = texts.clone();
        unique.dedup();
        assert_eq!(unique, texts, "nothing taken twice");
        assert_eq!(
            texts,
            ["before 1", "before 2", "before 3", "while away", "after"]
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listed_topic_command_is_answered_in_the_topic_by_the_receiver() {
    for db in storage::testing::all().await {
        let receiver = Receiver::start().await;
        let hooks = format!(r#"{{"{}/cmd": ["/invoice", "/close"]}}"#, receiver.url);
        let desk = Desk::with_webhooks(db, &hooks).await;
        let anna = desk.world.add_user("Anna", None, None, Some("en"));
        desk.world.user_writes(anna, desk.bot, "I need an invoice");
        let topic = desk.topic().await;
        let (admin, group) = (desk.admin, desk.group);
        let command = desk
            .world
            .post_in_group(group, Some(topic), admin, "/invoice 42", None);
        eventually("the receiver's answer is in the topic", async || {
            desk.topic_texts(topic)
                .iter()
                .any(|t| t.contains("Invoice <b>#42</b> sent"))
        })
        .await;
        let answer = desk
            .world
            .topic_messages(group, topic)
            .into_iter()
            .find(|m| m.text.contains("Invoice <b>#42</b> sent"))
            .unwrap();
        assert_eq!(answer.reply_to, Some(command), "a reply to the command");
        assert!(
            !desk
                .topic_texts(topic)
                .iter()
                .any(|t| t.contains("not a command")),
            "a listed command is not refused as unknown"
        );
        let hit = receiver
            .hits()
            .into_iter()
            .find(|h| h.path == "/cmd")
            .unwrap();
        let body = hit.json();
        assert_eq!(body["type"], "command");
        assert_eq!(body["command"]["name"], "invoice");
        assert_eq!(body["command"]["args"], "42");
        assert_eq!(body["operator"]["id"], admin);
        assert_eq!(body["dialog"]["user_id"], anna);
        let secret = desk.secret().await;
        assert!(sign::verify(
            &secret,
            &hit.id,
            hit.timestamp,
            &hit.body,
            &hit.signature
        ));
        assert!(
            !desk
                .world
                .private_chat(anna, desk.bot)
                .iter()
                .any(|m| m.text.contains("/invoice")),
            "the command never reaches the user"
        );

        // A built-in that is also listed is performed and posted.
        desk.world
            .post_in_group(group, Some(topic), admin, "/close", None);
        eventually("/close was posted too", async || {
            receiver.hits().iter().filter(|h| h.path == "/cmd").count() == 2
        })
        .await;
        eventually("/close closed the dialog", async || {
            desk.db
                .dialogs()
                .get(desk.connection, anna)
                .await
                .unwrap()
                .unwrap()
                .status
                == storage::DialogStatus::Closed
        })
        .await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_finished_broadcast_is_reported_with_its_figures() {
    for db in storage::testing::all().await {
        let receiver = Receiver::start().await;
        let hooks = format!(r#"{{"{}/hook": ["broadcast_finished"]}}"#, receiver.url);
        let desk = Desk::with_webhooks(db, &hooks).await;
        let (admin, group, bot) = (desk.admin, desk.group, desk.bot);
        let anna = desk.world.add_user("Anna", None, None, Some("en"));
        desk.world.user_writes(anna, bot, "hello");
        let topic = desk.topic().await;
        desk.world
            .post_in_group(group, None, admin, "/mark new VIP", None);
        eventually("the label exists", async || {
            !desk
                .db
                .labels()
                .list(desk.connection)
                .await
                .unwrap()
                .is_empty()
        })
        .await;
        desk.world
            .post_in_group(group, Some(topic), admin, "/mark VIP", None);
        eventually("Anna is a VIP", async || {
            let dialog = desk.db.dialogs().get(desk.connection, anna).await.unwrap();
            dialog.is_some_and(|d| d.labels == ["VIP"])
        })
        .await;
        let content = desk
            .world
            .post_in_group(group, None, admin, "Sale today", None);
        desk.world
            .post_in_group(group, None, admin, "/send to VIP", Some(content));
        eventually("the broadcast card is posted", async || {
            desk.world
                .general_messages(group)
                .iter()
                .any(|m| m.from == bot && !m.buttons.is_empty())
        })
        .await;
        let card = desk
            .world
            .general_messages(group)
            .into_iter()
            .rfind(|m| m.from == bot && !m.buttons.is_empty())
            .unwrap();
        let broadcast = desk
            .db
            .broadcasts()
            .unfinished(desk.connection)
            .await
            .unwrap()
            .expect("a draft");
        desk.world
            .press_button(admin, group, card.id, &format!("bc:{}:start", broadcast.id));
        eventually("the broadcast is reported", async || {
            receiver.taken_types() == ["broadcast_finished"]
        })
        .await;
        assert!(
            desk.world
                .private_chat(anna, bot)
                .iter()
                .any(|m| m.text == "Sale today")
        );
        let hit = &receiver.taken()[0];
        let secret = desk.secret().await;
        assert!(sign::verify(
            &secret,
            &hit.id,
            hit.timestamp,
            &hit.body,
            &hit.signature
        ));
        let body = hit.json();
        assert_eq!(body["broadcast"]["status"], "done");
        assert_eq!(body["broadcast"]["sent"], 1);
        assert_eq!(body["broadcast"]["failed"], 0);
        assert_eq!(body["broadcast"]["audience"]["label"], "VIP");
        assert_eq!(body["connection"]["id"], desk.connection.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redirect_is_not_followed_and_a_delivery_retried_too_long_is_given_up() {
    for db in storage::testing::all().await {
        let receiver = Receiver::start().await;
        let hooks = format!(r#"{{"{}/moved": ["message_received"]}}"#, receiver.url);
        let mut desk = Desk::with_webhooks(db, &hooks).await;
        let anna = desk.world.add_user("Anna", None, None, Some("en"));
        desk.world.user_writes(anna, desk.bot, "hello");
        eventually("the redirect is refused", async || {
            desk.db
                .webhooks()
                .all(desk.connection)
                .await
                .unwrap()
                .iter()
                .any(|d| d.state == DeliveryState::Failed && d.last_status == Some(308))
        })
        .await;
        assert!(
            receiver.hits().iter().all(|h| h.path == "/moved"),
            "the Location was not followed"
        );
        assert_eq!(receiver.hits().len(), 1, "a redirect is not retried");

        // A receiver failing for longer than deliveries are retried: given up, the admin told.
        // (The relay is stopped: this deliverer alone sends the queue.)
        desk.stop_relay().await;
        let connection = desk.connection;
        receiver.status.store(503, Ordering::SeqCst);
        let row = storage::Outgoing {
            url: format!("{}/hook", receiver.url),
            event_id: "evt_too_long".into(),
            event_type: "message_received".into(),
            body: "{}".into(),
        };
        desk.db
            .webhooks()
            .enqueue(connection, &[row])
            .await
            .unwrap();
        let options = switchboard_relay::webhooks::WebhookOptions {
            give_up_after: std::time::Duration::ZERO,
            ..switchboard_relay::webhooks::WebhookOptions::local()
        };
        let deliverer = switchboard_relay::webhooks::Deliverer::start(
            desk.db.storage.clone(),
            connection,
            options,
        );
        eventually("the delivery is given up", async || {
            desk.db
                .webhooks()
                .all(connection)
                .await
                .unwrap()
                .iter()
                .any(|d| d.event_id == "evt_too_long" && d.state == DeliveryState::Failed)
        })
        .await;
        deliverer.stop();
        let given_up = desk.db.webhooks().all(connection).await.unwrap();
        let given_up = given_up
            .iter()
            .find(|d| d.event_id == "evt_too_long")
            .unwrap();
        assert_eq!(given_up.last_status, Some(503));
        assert!(
            given_up
                .last_error
                .as_deref()
                .unwrap_or_default()
                .contains("retried for")
        );
        let notices = desk.db.events().undelivered(100).await.unwrap();
        assert!(
            notices
                .iter()
                .any(|e| e.kind == EventKind::WebhookFailed
                    && e.payload["event_id"] == "evt_too_long")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_receiver_never_delays_relaying() {
    for db in storage::testing::all().await {
        let receiver = Receiver::start().await;
        receiver.hold.send_replace(true);
        let hooks = format!(r#"{{"{}/hook": ["message_received"]}}"#, receiver.url);
        let desk = Desk::with_webhooks(db, &hooks).await;
        let anna = desk.world.add_user("Anna", None, None, Some("en"));
        // Five: within the group's burst allowance, so pacing does not stretch the test.
        for i in 1..=5 {
            desk.world.user_writes(anna, desk.bot, &format!("m{i}"));
        }
        let topic = desk.topic().await;
        eventually("all five are relayed while the hook hangs", async || {
            desk.topic_texts(topic)
                .iter()
                .filter(|t| t.starts_with('m'))
                .count()
                == 5
        })
        .await;
        assert!(
            receiver.hits().is_empty(),
            "the receiver has answered nothing yet"
        );
        receiver.hold.send_replace(false);
        // A request the relay gave up waiting for may still be answered when the hold ends:
        // count events, not requests.
        let taken_events = || {
            receiver
                .taken()
                .into_iter()
                .map(|h| h.id)
                .collect::<std::collections::HashSet<_>>()
                .len()
        };
        eventually("then all five are delivered", async || taken_events() == 5).await;
    }
}

// Keep `ALL` (the rights) in use for future scenarios that add members.
#[allow(dead_code)]
const _RIGHTS: switchboard_relay::gateway::Rights = ALL;

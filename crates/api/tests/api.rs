//! The HTTP API through a real HTTP client, against the real server and the real relay worker
//! over the simulated Telegram, on SQLite (and PostgreSQL under CI): what the user and the
//! operators see when the API acts, and what it refuses.

mod common;

use std::time::Duration;

use common::Desk;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use storage::testing::{self, eventually};
use switchboard_api::{ApiOptions, Rate};

const PROBLEM: &str = "application/problem+json";

/// The API's options with the wait for the relay stretched to the tests' patience: a test that
/// expects an outcome waits for the event, however busy the machine (the 202 path has its own
/// test with a short wait).
fn patient() -> ApiOptions {
    ApiOptions {
        wait: testing::PATIENCE,
        ..ApiOptions::default()
    }
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.unwrap()
}

fn content_type(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn every_endpoint_over_the_real_relay() {
    for db in testing::all().await {
        let desk = Desk::start(db, patient(), None).await;
        let a = &desk.a;
        let (anna, anna_topic) = desk.user_writes(a, "Anna", "hello").await;
        let (ben, _) = desk.user_writes(a, "Ben", "hi there").await;
        desk.db.labels().create(a.connection, "vip").await.unwrap();

        // Reading: the list, filters, pages, one dialog by user and by topic, history.
        let page = json_of(desk.get(a, "/api/v1/dialogs").send().await.unwrap()).await;
        let users: Vec<i64> = page["dialogs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["user_id"].as_i64().unwrap())
            .collect();
        assert_eq!(users, {
            let mut both = vec![anna, ben];
            both.sort();
            both
        });
        assert_eq!(page["dialogs"][0]["status"], "user_answered");
        let first = json_of(desk.get(a, "/api/v1/dialogs?limit=1").send().await.unwrap()).await;
        assert_eq!(first["dialogs"].as_array().unwrap().len(), 1);
        assert_eq!(first["next_offset"], 1);
        let none = json_of(
            desk.get(a, "/api/v1/dialogs?status=closed")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(none["dialogs"], json!([]));
        let later = json_of(
            desk.get(a, "/api/v1/dialogs?updated_since=99999999999")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(later["dialogs"], json!([]));
        let one = json_of(
            desk.get(a, &format!("/api/v1/dialogs/{anna}"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(one["name"], "Anna");
        assert_eq!(one["topic_id"], anna_topic);
        let by_topic = json_of(
            desk.get(a, &format!("/api/v1/topics/{anna_topic}"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(by_topic["user_id"], anna);
        let history = json_of(
            desk.get(a, &format!("/api/v1/dialogs/{anna}/messages"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(history["messages"].as_array().unwrap().len(), 1);
        assert_eq!(history["messages"][0]["direction"], "in");

        // Sending: the user gets the text once; the topic shows it marked; the dialog is answered.
        let send = |key: &str, text: &str| {
            desk.send(a, Method::POST, &format!("/api/v1/dialogs/{anna}/messages"))
                .header("Idempotency-Key", key)
                .json(&json!({ "text": text }))
        };
        let sent = send("order-1", "Your order <b>shipped</b>")
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), StatusCode::OK);
        let sent = json_of(sent).await;
        assert_eq!(sent["status"], "done");
        let again = json_of(
            send("order-1", "Your order <b>shipped</b>")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(again["id"], sent["id"], "the same key is the same request");
        let private = desk.world.private_chat(anna, a.bot);
        let got: Vec<&str> = private
            .iter()
            .filter(|m| m.from == a.bot && m.text.contains("shipped"))
            .map(|m| m.text.as_str())
            .collect();
        assert_eq!(
            got,
            ["Your order &lt;b&gt;shipped&lt;/b&gt;"],
            "exactly one message, as plain text"
        );
        let topic = desk.world.topic_messages(a.group, anna_topic);
        assert!(
            topic
                .iter()
                .any(|m| m.text.contains("Sent through the API") && m.text.contains("shipped")),
            "{topic:#?}"
        );
        let reused = send("order-1", "something else").send().await.unwrap();
        assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(content_type(&reused), PROBLEM);
        let title = |desk: &Desk| {
            desk.world
                .topics(a.group)
                .into_iter()
                .find(|t| t.id == anna_topic)
                .map(|t| t.title)
                .unwrap_or_default()
        };
        assert!(title(&desk).starts_with("🟨"), "{}", title(&desk));
        let history = json_of(
            desk.get(a, &format!("/api/v1/dialogs/{anna}/messages?limit=1"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(history["messages"][0]["direction"], "out");
        assert_eq!(
            history["messages"][0]["user_msg_id"],
            sent["result"]["user_msg_id"]
        );
        let older = history["next_before"].as_i64().unwrap();
        let rest = json_of(
            desk.get(
                a,
                &format!("/api/v1/dialogs/{anna}/messages?before={older}"),
            )
            .send()
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(rest["messages"][0]["direction"], "in");
        assert_eq!(rest["next_before"], Value::Null);

        // Status: closed shows in the title, as /close does.
        let closed = desk
            .send(a, Method::PUT, &format!("/api/v1/dialogs/{anna}/status"))
            .json(&json!({ "status": "closed" }))
            .send()
            .await
            .unwrap();
        assert_eq!(closed.status(), StatusCode::OK);
        assert!(title(&desk).starts_with("⬛"), "{}", title(&desk));
        let bad = desk
            .send(a, Method::PUT, &format!("/api/v1/dialogs/{anna}/status"))
            .json(&json!({ "status": "sleeping" }))
            .send()
            .await
            .unwrap();
        assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let bad = json_of(bad).await;
        assert_eq!(bad["type"], "urn:switchboard:problem:invalid-input");
        assert!(
            bad["detail"].as_str().unwrap().contains("sleeping"),
            "{bad}"
        );

        // Labels: on and off, as /mark does; an unknown label is refused by name.
        let labelled = desk
            .send(a, Method::POST, &format!("/api/v1/dialogs/{ben}/labels"))
            .json(&json!({ "label": "VIP" }))
            .send()
            .await
            .unwrap();
        assert_eq!(labelled.status(), StatusCode::OK);
        let ben_now = desk
            .db
            .dialogs()
            .get(a.connection, ben)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ben_now.labels, ["vip"]);
        let unknown = desk
            .send(a, Method::POST, &format!("/api/v1/dialogs/{ben}/labels"))
            .json(&json!({ "label": "nope" }))
            .send()
            .await
            .unwrap();
        assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let vip = json_of(
            desk.get(a, "/api/v1/dialogs?label=vip")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(vip["dialogs"][0]["user_id"], ben);
        assert_eq!(vip["dialogs"].as_array().unwrap().len(), 1);

        // A broadcast to the label reaches Ben, not Anna.
        let started = desk
            .send(a, Method::POST, "/api/v1/broadcasts")
            .json(&json!({ "label": "vip", "text": "Sale today" }))
            .send()
            .await
            .unwrap();
        assert_eq!(started.status(), StatusCode::OK);
        let started = json_of(started).await;
        assert_eq!(started["result"]["recipients"], 1);
        eventually("Ben gets the broadcast", async || {
            desk.world
                .private_chat(ben, a.bot)
                .iter()
                .any(|m| m.text.contains("Sale today"))
        })
        .await;
        assert!(
            !desk
                .world
                .private_chat(anna, a.bot)
                .iter()
                .any(|m| m.text.contains("Sale today"))
        );
        let request = json_of(
            desk.get(a, &format!("/api/v1/requests/{}", started["id"]))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(request["kind"], "broadcast");
        assert_eq!(request["status"], "done");

        let removed = desk
            .send(
                a,
                Method::DELETE,
                &format!("/api/v1/dialogs/{ben}/labels/vip"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(removed.status(), StatusCode::OK);
        let ben_now = desk
            .db
            .dialogs()
            .get(a.connection, ben)
            .await
            .unwrap()
            .unwrap();
        assert!(ben_now.labels.is_empty());

        // The document is served.
        let doc = json_of(
            desk.http
                .get(desk.url("/api/v1/openapi.json"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert!(doc["paths"]["/api/v1/dialogs/{user_id}/messages"]["post"].is_object());
    }
}

#[tokio::test]
async fn a_key_sees_only_its_own_connection_and_a_reset_key_is_refused() {
    for db in testing::all().await {
        let mut desk = Desk::start(db, patient(), None).await;
        let (carl, carl_topic) = desk.user_writes(&desk.b, "Carl", "hello B").await;
        let (a, b) = (&desk.a, &desk.b);

        // A's key on B's dialog, topic, history and actions: not found, and nothing sent.
        for path in [
            format!("/api/v1/dialogs/{carl}"),
            format!("/api/v1/topics/{carl_topic}"),
            format!("/api/v1/dialogs/{carl}/messages"),
        ] {
            let r = desk.get(a, &path).send().await.unwrap();
            assert_eq!(r.status(), StatusCode::NOT_FOUND, "{path}");
            assert_eq!(content_type(&r), PROBLEM);
            assert_eq!(
                json_of(r).await["type"],
                "urn:switchboard:problem:not-found"
            );
        }
        let r = desk
            .send(a, Method::POST, &format!("/api/v1/dialogs/{carl}/messages"))
            .json(&json!({ "text": "not yours" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        let listed = json_of(desk.get(a, "/api/v1/dialogs").send().await.unwrap()).await;
        assert_eq!(listed["dialogs"], json!([]));
        assert!(
            desk.get(b, &format!("/api/v1/dialogs/{carl}"))
                .send()
                .await
                .unwrap()
                .status()
                .is_success()
        );

        // No key, a malformed one, a made-up one of the right shape.
        let none = desk
            .http
            .get(desk.url("/api/v1/dialogs"))
            .send()
            .await
            .unwrap();
        assert_eq!(none.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(content_type(&none), PROBLEM);
        for key in [
            "nonsense".to_owned(),
            format!("sb_{}_{}", b.connection.0, "A".repeat(43)),
        ] {
            let r = desk
                .http
                .get(desk.url("/api/v1/dialogs"))
                .bearer_auth(&key)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
            let body = r.text().await.unwrap();
            assert!(!body.contains(&key), "a problem never quotes the key");
        }

        // Reset: the old key is refused from then on, the new one works.
        let old = desk.b.key.clone();
        let new = desk.db.api_keys().create(desk.b.connection).await.unwrap();
        use secrecy::ExposeSecret as _;
        desk.b.key = new.expose_secret().to_owned();
        let r = desk
            .http
            .get(desk.url("/api/v1/dialogs"))
            .bearer_auth(&old)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
        let r = desk.get(&desk.b, "/api/v1/dialogs").send().await.unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert!(desk.world.private_chat(carl, desk.a.bot).is_empty());
    }
}

#[tokio::test]
async fn a_burst_is_refused_with_429_and_retry_after() {
    let db = testing::sqlite().await;
    let options = ApiOptions {
        rate: Rate {
            burst: 3,
            per_second: 0.01,
        },
        wait: Duration::from_secs(10),
        wake: None,
    };
    let desk = Desk::start(db, options, None).await;
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..5 {
        let r = desk.get(&desk.a, "/api/v1/dialogs").send().await.unwrap();
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(content_type(&r), PROBLEM);
            retry_after = r
                .headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
        }
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    assert!(
        retry_after.is_some_and(|s| (1..=100).contains(&s)),
        "{retry_after:?}"
    );
    // Another key has its own bucket.
    let r = desk.get(&desk.b, "/api/v1/dialogs").send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_action_for_a_stopped_connection_is_accepted_and_done_when_it_runs_again() {
    let db = testing::sqlite().await;
    let options = ApiOptions {
        wait: Duration::from_millis(300),
        ..ApiOptions::default()
    };
    let desk = Desk::start(db, options, None).await;
    let a = &desk.a;
    let (anna, _) = desk.user_writes(a, "Anna", "hello").await;
    desk.db.connections().stop(a.connection).await.unwrap();
    eventually("the worker stops", async || {
        // A stopped connection's worker is gone once the supervisor has seen the change.
        desk.db
            .connections()
            .get(a.connection)
            .await
            .unwrap()
            .unwrap()
            .lease_owner
            .is_none()
    })
    .await;
    let r = desk
        .send(a, Method::POST, &format!("/api/v1/dialogs/{anna}/messages"))
        .header("Idempotency-Key", "k1")
        .json(&json!({ "text": "later" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::ACCEPTED);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    let accepted = json_of(r).await;
    assert_eq!(accepted["status"], "pending");
    desk.db.connections().start(a.connection).await.unwrap();
    eventually("the request is done", async || {
        let now = json_of(desk.get(a, &location).send().await.unwrap()).await;
        now["status"] == "done"
    })
    .await;
    let texts: Vec<String> = desk
        .world
        .private_chat(anna, a.bot)
        .into_iter()
        .filter(|m| m.text == "later")
        .map(|m| m.text)
        .collect();
    assert_eq!(texts, ["later"]);
}

/// The served document is well formed: every reference resolves, every operation is secured
/// and documents 401 as a problem.
#[test]
fn the_openapi_document_is_consistent() {
    let doc = serde_json::to_value(switchboard_api::openapi()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    if k == "$ref" {
                        out.push(v.as_str().unwrap());
                    } else {
                        refs(v, out);
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(!all.is_empty());
    for r in all {
        let name = r.strip_prefix("#/components/schemas/").unwrap();
        assert!(
            doc["components"]["schemas"][name].is_object(),
            "{r} does not resolve"
        );
    }
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            assert!(op["operationId"].is_string(), "{method} {path}");
            assert!(op["security"].is_array(), "{method} {path}");
            assert!(
                op["responses"]["401"]["content"]["application/problem+json"].is_object(),
                "{method} {path}"
            );
        }
    }
    assert_eq!(operations, 10);
}

#[tokio::test]
async fn a_blocked_user_is_a_conflict_and_an_interrupted_send_is_never_repeated() {
    for db in testing::all().await {
        let desk = Desk::start(db, patient(), None).await;
        let a = &desk.a;
        let (ben, ben_topic) = desk.user_writes(a, "Ben", "hello").await;

        // Ben blocked the bot: 409 `blocked`, and the operators read why in his topic.
        desk.world.block(ben, a.bot);
        let r = desk
            .send(a, Method::POST, &format!("/api/v1/dialogs/{ben}/messages"))
            .json(&json!({ "text": "are you there?" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert_eq!(content_type(&r), PROBLEM);
        let problem = json_of(r).await;
        assert_eq!(problem["type"], "urn:switchboard:problem:blocked");
        let request = problem["request_id"].as_i64().unwrap();
        let notice = desk.world.topic_messages(a.group, ben_topic);
        // relay-user-blocked, in the operators' language (English here).
        assert!(
            notice
                .iter()
                .any(|m| m.text.contains("Not delivered: the user has blocked")),
            "{notice:#?}"
        );
        let failed = json_of(
            desk.get(a, &format!("/api/v1/requests/{request}"))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(failed["status"], "failed");
        assert_eq!(failed["result"]["error"], "blocked");

        // A worker that stopped after claiming a send (it may have gone out, or not): the next
        // worker reports it interrupted and sends nothing.
        let (anna, _) = desk.user_writes(a, "Anna", "hi").await;
        desk.db.connections().stop(a.connection).await.unwrap();
        eventually("the worker stops", async || {
            let c = desk
                .db
                .connections()
                .get(a.connection)
                .await
                .unwrap()
                .unwrap();
            c.lease_owner.is_none()
        })
        .await;
        let action = storage::ApiAction::SendMessage {
            user_id: anna,
            text: "half way".into(),
        };
        let storage::Submitted::New(claimed) = desk
            .db
            .api_requests()
            .submit(a.connection, Some("k"), &action)
            .await
            .unwrap()
        else {
            panic!("a new request");
        };
        assert!(desk.db.api_requests().claim(claimed.id).await.unwrap());
        desk.db.connections().start(a.connection).await.unwrap();
        let path = format!("/api/v1/requests/{}", claimed.id);
        eventually("the next worker reports it interrupted", async || {
            json_of(desk.get(a, &path).send().await.unwrap()).await["status"] == "failed"
        })
        .await;
        let again = desk
            .send(a, Method::POST, &format!("/api/v1/dialogs/{anna}/messages"))
            .header("Idempotency-Key", "k")
            .json(&json!({ "text": "half way" }))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::BAD_GATEWAY);
        assert_eq!(
            json_of(again).await["type"],
            "urn:switchboard:problem:interrupted"
        );
        assert!(
            !desk
                .world
                .private_chat(anna, a.bot)
                .iter()
                .any(|m| m.text == "half way")
        );
    }
}

/// A receiver of webhook events on 127.0.0.1: the `type` of each body, in order.
async fn webhook_receiver() -> (String, std::sync::Arc<std::sync::Mutex<Vec<Value>>>) {
    use std::sync::{Arc, Mutex};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let bodies: Arc<Mutex<Vec<Value>>> = Arc::default();
    let seen = Arc::clone(&bodies);
    let app = axum::Router::new().fallback(axum::routing::post(move |body: String| {
        let seen = Arc::clone(&seen);
        async move {
            if let Ok(json) = serde_json::from_str(&body) {
                seen.lock().unwrap().push(json);
            }
            "{}"
        }
    }));
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, bodies)
}

#[tokio::test]
async fn api_actions_raise_the_webhook_events_an_operator_would() {
    for db in testing::all().await {
        let desk = Desk::start(db, patient(), None).await;
        let a = &desk.a;
        let (anna, _) = desk.user_writes(a, "Anna", "hello").await;
        desk.db.labels().create(a.connection, "vip").await.unwrap();
        let (url, bodies) = webhook_receiver().await;
        let webhooks = format!(
            r#"{{"{url}": ["message_sent", "dialog_status_changed", "dialog_closed", "label_added"]}}"#
        );
        desk.db
            .parameters()
            .set(
                a.connection,
                &storage::params::Param::Webhooks.parse(&webhooks).unwrap(),
            )
            .await
            .unwrap();

        let sent = desk
            .send(a, Method::POST, &format!("/api/v1/dialogs/{anna}/messages"))
            .json(&json!({ "text": "Your order shipped" }))
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), StatusCode::OK);
        let closed = desk
            .send(a, Method::PUT, &format!("/api/v1/dialogs/{anna}/status"))
            .json(&json!({ "status": "closed" }))
            .send()
            .await
            .unwrap();
        assert_eq!(closed.status(), StatusCode::OK);
        let labelled = desk
            .send(a, Method::POST, &format!("/api/v1/dialogs/{anna}/labels"))
            .json(&json!({ "label": "vip" }))
            .send()
            .await
            .unwrap();
        assert_eq!(labelled.status(), StatusCode::OK);

        let types = || -> Vec<String> {
            bodies
                .lock()
                .unwrap()
                .iter()
                .map(|b| b["type"].as_str().unwrap_or_default().to_owned())
                .collect()
        };
        eventually("the receiver has every event", async || types().len() >= 5).await;
        // dialog_status_changed comes twice: answered by the send, then closed.
        assert_eq!(
            types(),
            [
                "message_sent",
                "dialog_status_changed",
                "dialog_status_changed",
                "dialog_closed",
                "label_added"
            ]
        );
        let first = bodies.lock().unwrap()[0].to_string();
        assert!(first.contains("Your order shipped"), "{first}");
    }
}

#[tokio::test]
async fn an_action_wakes_the_relay_of_its_process_instead_of_waiting_for_its_poll() {
    let db = testing::sqlite().await;
    // The relay looks at the database by itself only once an hour: a 200 within the wait can
    // only come from the API waking it.
    let desk = Desk::start_polling(db, patient(), None, Duration::from_secs(3600)).await;
    let a = &desk.a;
    let (anna, _) = desk.user_writes(a, "Anna", "hello").await;
    let closed = desk
        .send(a, Method::PUT, &format!("/api/v1/dialogs/{anna}/status"))
        .json(&json!({ "status": "closed" }))
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 200, "done, not 202 waiting for the poll");
    let dialog = desk
        .db
        .dialogs()
        .get(a.connection, anna)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(dialog.status, storage::DialogStatus::Closed);
}

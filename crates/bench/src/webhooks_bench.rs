//! WEBHOOKS: how fast the deliverer empties a queue to a receiver on this machine, and what
//! queuing events costs relaying (the same relay benchmark with WEBHOOKS off and on).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use relay::webhooks::{Deliverer, WebhookOptions};
use storage::{ConnectionKind, Outgoing, Storage};

use crate::relay_bench;

/// A receiver on 127.0.0.1 that takes everything (`204`) and counts it.
pub struct Receiver {
    pub url: String,
    pub taken: Arc<AtomicU64>,
}

impl Receiver {
    pub async fn start() -> Result<Receiver, String> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .map_err(|e| e.to_string())?;
        let url = format!(
            "http://{}/hook",
            listener.local_addr().map_err(|e| e.to_string())?
        );
        let taken = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&taken);
        let app = axum::Router::new().fallback(axum::routing::post(move || {
            let counter = Arc::clone(&counter);
            async move {
                counter.fetch_add(1, Ordering::Relaxed);
                axum::http::StatusCode::NO_CONTENT
            }
        }));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Receiver { url, taken })
    }
}

/// Events delivered per second: `events` queued for each of `urls` receivers of one connection,
/// then one deliverer sends them all (in order per URL, URLs side by side).
pub async fn delivery(
    db: &Storage,
    backend: &str,
    events: usize,
    urls: usize,
) -> Result<String, String> {
    let admin = 4_200_000_000 + urls as i64;
    db.admins()
        .ensure(admin, "en")
        .await
        .map_err(|e| e.to_string())?;
    let connection = db
        .connections()
        .create(admin, ConnectionKind::Bot)
        .await
        .map_err(|e| e.to_string())?;
    let mut receivers = Vec::new();
    for _ in 0..urls {
        receivers.push(Receiver::start().await?);
    }
    let body = r#"{"id":"evt_bench","type":"message_received","message":{"text":"a question"}}"#;
    let rows: Vec<Outgoing> = (0..events)
        .flat_map(|i| {
            receivers.iter().map(move |r| Outgoing {
                url: r.url.clone(),
                event_id: format!("evt_{i:024}"),
                event_type: "message_received".into(),
                body: body.into(),
            })
        })
        .collect();
    for chunk in rows.chunks(500) {
        db.webhooks()
            .enqueue(connection.id, chunk)
            .await
            .map_err(|e| e.to_string())?;
    }
    let total = (events * urls) as u64;
    let start = Instant::now();
    let deliverer = Deliverer::start(db.clone(), connection.id, WebhookOptions::local());
    crate::fixtures::wait_until(Duration::from_secs(600), || {
        receivers
            .iter()
            .map(|r| r.taken.load(Ordering::Relaxed))
            .sum::<u64>()
            >= total
    })
    .await?;
    let elapsed = start.elapsed();
    deliverer.stop();
    Ok(format!(
        "webhooks {backend} delivery: {:.0} events/s ({total} events to {urls} receiver(s) on 127.0.0.1, signed, each recorded)",
        total as f64 / elapsed.as_secs_f64()
    ))
}

/// The relay benchmark three times: WEBHOOKS off; on with the receiver down (the events are
/// only queued: the cost of writing the outbox with each change); on with a receiver on this
/// machine taking everything (queuing plus delivering, on the same cores as the relay).
pub async fn overhead(
    dbs: [&Storage; 3],
    backend: &str,
    size: &relay_bench::Size,
) -> Result<Vec<String>, String> {
    let receiver = Receiver::start().await?;
    // Nothing listens on port 9 (discard): every attempt fails at once and is retried later.
    let down = r#"{"http://127.0.0.1:9/hook": ["message_received", "message_sent"]}"#.to_owned();
    let up = format!(
        r#"{{"{}": ["message_received", "message_sent"]}}"#,
        receiver.url
    );
    let runs = [
        ("webhooks off", None),
        ("webhooks on, queued only", Some(down)),
        ("webhooks on, delivered", Some(up)),
    ];
    let mut results = Vec::new();
    for ((label, hooks), db) in runs.into_iter().zip(dbs) {
        let lines = relay_bench::run_with(db, backend, size, false, hooks.as_deref()).await?;
        results.push((label, lines));
    }
    let rate = |line: &str| -> Option<f64> {
        let after = line.split(": ").nth(1)?;
        after.split(" msg/s").next()?.trim().parse().ok()
    };
    let mut lines = Vec::new();
    let directions = results[0].1.len();
    for d in 0..directions {
        let base = rate(&results[0].1[d]);
        for (label, run) in &results {
            let ratio = match (base, rate(&run[d])) {
                (Some(x), Some(y)) => format!(" = {:.2}× of off", y / x),
                _ => String::new(),
            };
            lines.push(format!("{}   [{label}{ratio}]", run[d]));
        }
    }
    lines.push(format!(
        "webhooks {backend}: the receiver took {} events during the delivered run",
        receiver.taken.load(Ordering::Relaxed)
    ));
    Ok(lines)
}

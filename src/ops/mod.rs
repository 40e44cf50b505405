//! `/metrics` (Prometheus text) and `/healthz`, served on `METRICS_ADDR` when it is set.
//!
//! The relay counts into plain atomics (`relay::metrics`); a scrape reads them, asks the database
//! for what only it knows (connections by status, events waiting for the setup bot), and encodes
//! the lot with `prometheus-client`.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeMetric as _};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::registry::Registry;
use relay::metrics::{Direction, ErrorKind, Metrics};
use storage::{ConnectionStatus, Storage};
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

#[cfg(test)]
mod tests;

/// How long a database question may take before `/healthz` calls the database unreachable.
const DATABASE_TIMEOUT: Duration = Duration::from_secs(2);

/// What the endpoints read.
pub struct Ops {
    pub storage: Storage,
    /// The relay's metrics, when this process runs a relay.
    pub relay: Option<Arc<Metrics>>,
    /// The relay loop counts as dead when it has not turned for this long. It turns every
    /// second; starting thousands of workers at once can hold one turn for a few seconds.
    pub stale_after: Duration,
}

pub const DEFAULT_STALE_AFTER: Duration = Duration::from_secs(30);

pub fn router(ops: Arc<Ops>) -> Router {
    Router::new()
        .route("/metrics", axum::routing::get(metrics))
        .route("/healthz", axum::routing::get(healthz))
        .with_state(ops)
}

/// Serves until `shutdown`.
pub async fn serve(listener: TcpListener, ops: Arc<Ops>, shutdown: CancellationToken) {
    let result = axum::serve(listener, router(ops))
        .with_graceful_shutdown(shutdown.cancelled_owned())
        .await;
    if let Err(err) = result {
        tracing::warn!(error = %err, "the metrics endpoint stopped");
    }
}

async fn metrics(State(ops): State<Arc<Ops>>) -> impl IntoResponse {
    let db = async {
        let connections = ops.storage.connections().count_by_status().await?;
        let events = ops.storage.events().count_undelivered().await?;
        let analytics = ops.storage.analytics();
        let dialogs = analytics.dialogs_by_status().await?;
        let unanswered = analytics
            .waiting_since_before(storage::now() - UNANSWERED_AFTER)
            .await?;
        Ok::<_, storage::Error>((connections, events, dialogs, unanswered))
    };
    let counts = match tokio::time::timeout(DATABASE_TIMEOUT, db).await {
        Ok(Ok(counts)) => Some(counts),
        Ok(Err(err)) => {
            tracing::warn!(error = %err, "reading connection counts for /metrics");
            None
        }
        Err(_) => None,
    };
    let snapshot = Snapshot {
        database_up: counts.is_some(),
        relay: ops.relay.clone(),
        db: counts.map(
            |(connections, events_undelivered, dialogs, unanswered)| Counts {
                connections,
                events_undelivered,
                dialogs,
                unanswered,
            },
        ),
    };
    let mut registry = Registry::default();
    registry.register_collector(Box::new(snapshot));
    let mut body = String::new();
    match prometheus_client::encoding::text::encode(&mut body, &registry) {
        Ok(()) => (
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            body,
        ),
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "encoding the metrics failed\n".to_owned(),
        ),
    }
}

/// `200 ok` when the database answers and the relay loop (if this process runs one) is alive;
/// `503` with the failing part named otherwise.
async fn healthz(State(ops): State<Arc<Ops>>) -> impl IntoResponse {
    let database = matches!(
        tokio::time::timeout(DATABASE_TIMEOUT, ops.storage.revision().current()).await,
        Ok(Ok(_))
    );
    let relay = ops.relay.as_ref().map(|m| {
        m.since_last_tick()
            .is_some_and(|since| since <= ops.stale_after)
    });
    let mut body = format!(
        "database: {}\n",
        if database { "ok" } else { "unreachable" }
    );
    if let Some(alive) = relay {
        body.push_str(if alive {
            "relay: ok\n"
        } else {
            "relay: not running\n"
        });
    }
    let healthy = database && relay != Some(false);
    let status = if healthy {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
}

/// A dialog waiting this long for an answer counts as unanswered on `/metrics`.
const UNANSWERED_AFTER: i64 = 3600;

/// One scrape's numbers.
#[derive(Debug)]
struct Snapshot {
    database_up: bool,
    /// What the database said; `None` when it did not answer.
    db: Option<Counts>,
    relay: Option<Arc<Metrics>>,
}

#[derive(Debug)]
struct Counts {
    connections: Vec<(ConnectionStatus, u64)>,
    events_undelivered: u64,
    /// Dialogs by status (`user_answered`, `support_answered`, `closed`).
    dialogs: Vec<(String, i64)>,
    /// Dialogs waiting for an answer for over an hour.
    unanswered: i64,
}

fn gauge(
    encoder: &mut DescriptorEncoder,
    name: &str,
    help: &str,
    value: i64,
) -> Result<(), std::fmt::Error> {
    let metric = ConstGauge::new(value);
    metric.encode(encoder.encode_descriptor(name, help, None, MetricType::Gauge)?)
}

impl Collector for Snapshot {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        gauge(
            &mut encoder,
            "switchboard_database_up",
            "Whether the database answered this scrape",
            i64::from(self.database_up),
        )?;
        if let Some(db) = &self.db {
            {
                let mut family = encoder.encode_descriptor(
                    "switchboard_connections",
                    "Connections in the database, by status",
                    None,
                    MetricType::Gauge,
                )?;
                for (status, n) in &db.connections {
                    let labels = [("status", status.as_str())];
                    ConstGauge::new(*n as i64).encode(family.encode_family(&labels)?)?;
                }
            }
            gauge(
                &mut encoder,
                "switchboard_events_undelivered",
                "Relay events waiting for the setup bot to deliver them (a queue)",
                db.events_undelivered as i64,
            )?;
            {
                let mut family = encoder.encode_descriptor(
                    "switchboard_dialogs",
                    "Dialogs of all connections, by status",
                    None,
                    MetricType::Gauge,
                )?;
                for status in ["user_answered", "support_answered", "closed"] {
                    let n = db
                        .dialogs
                        .iter()
                        .find(|(s, _)| s == status)
                        .map_or(0, |(_, n)| *n);
                    let labels = [("status", status)];
                    ConstGauge::new(n).encode(family.encode_family(&labels)?)?;
                }
            }
            gauge(
                &mut encoder,
                "switchboard_dialogs_unanswered_over_1h",
                "Dialogs whose user has waited over an hour for an answer",
                db.unanswered,
            )?;
        }
        let Some(relay) = &self.relay else {
            return Ok(());
        };
        gauge(
            &mut encoder,
            "switchboard_workers",
            "Connections this relay process runs",
            relay.workers(),
        )?;
        {
            let mut family = encoder.encode_descriptor(
                "switchboard_messages_relayed",
                "Messages relayed, by direction",
                None,
                MetricType::Counter,
            )?;
            for direction in Direction::ALL {
                let labels = [("direction", direction.as_str())];
                ConstCounter::new(relay.relayed(direction))
                    .encode(family.encode_family(&labels)?)?;
            }
        }
        ConstCounter::new(relay.flood_waits()).encode(encoder.encode_descriptor(
            "switchboard_flood_waits",
            "FLOOD_WAITs Telegram answered despite pacing (each was waited out and retried)",
            None,
            MetricType::Counter,
        )?)?;
        {
            let mut family = encoder.encode_descriptor(
                "switchboard_errors",
                "Failures met while relaying, by kind",
                None,
                MetricType::Counter,
            )?;
            for kind in ErrorKind::ALL {
                let labels = [("kind", kind.as_str())];
                ConstCounter::new(relay.errors(kind)).encode(family.encode_family(&labels)?)?;
            }
        }
        gauge(
            &mut encoder,
            "switchboard_outbound_waiting",
            "Sends waiting for pacing or in flight to Telegram (a queue)",
            relay.outbound_waiting(),
        )?;
        gauge(
            &mut encoder,
            "switchboard_updates_retrying",
            "Updates held back by a passing fault and being retried (a queue)",
            relay.updates_retrying(),
        )?;
        Ok(())
    }
}

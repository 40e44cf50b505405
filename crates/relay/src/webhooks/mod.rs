//! WEBHOOKS (issue 15): event bodies, Standard Webhooks signatures, the guarded HTTP client, the
//! per-connection deliverer, and topic commands posted to a receiver.
//!
//! Events are queued in `webhook_deliveries` in the same transaction as the change they report
//! (see `storage::WebhookOutbox`); the deliverer sends them from there, so relaying never waits
//! for a receiver and a restart loses nothing.

pub mod body;
pub mod command;
pub mod deliver;
pub mod http;
pub mod sign;

use std::time::Duration;

pub use deliver::Deliverer;

/// How deliveries are made and retried.
#[derive(Debug, Clone)]
pub struct WebhookOptions {
    /// Let requests reach loopback and private addresses (tests; a receiver on the same host by
    /// the operator's explicit choice, `WEBHOOKS_ALLOW_PRIVATE`).
    pub allow_private: bool,
    /// The first retry's delay; each next one doubles, up to `retry_max`, with ±20% jitter.
    pub retry_base: Duration,
    pub retry_max: Duration,
    /// A delivery still failing this long after its event is given up (and the admin told).
    pub give_up_after: Duration,
    /// One request's time limit.
    pub timeout: Duration,
    /// How long a topic command waits for its answer.
    pub command_timeout: Duration,
    /// Delivered and given-up rows are kept this long, then pruned.
    pub keep_finished: Duration,
}

impl Default for WebhookOptions {
    fn default() -> Self {
        Self {
            allow_private: false,
            retry_base: Duration::from_secs(5),
            retry_max: Duration::from_secs(3600),
            give_up_after: Duration::from_secs(24 * 3600),
            timeout: Duration::from_secs(15),
            command_timeout: Duration::from_secs(10),
            keep_finished: Duration::from_secs(7 * 24 * 3600),
        }
    }
}

impl WebhookOptions {
    /// For receivers on this machine (tests, benchmarks): loopback allowed, quick retries.
    pub fn local() -> Self {
        Self {
            allow_private: true,
            retry_base: Duration::from_millis(50),
            retry_max: Duration::from_secs(1),
            timeout: Duration::from_secs(5),
            ..Self::default()
        }
    }
}

/// Unix milliseconds now (retries are scheduled finer than the tables' seconds).
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Builds a connection's outbox rows and wakes its deliverer: what the worker and its broadcast
/// runners share. Without WEBHOOKS it builds nothing and costs nothing.
#[derive(Clone)]
pub struct Announcer {
    pub connection: storage::Connection,
    pub params: storage::params::Parameters,
    pub wake: Option<std::sync::Arc<tokio::sync::Notify>>,
}

impl Announcer {
    /// The rows of one event (empty when no URL listens to it).
    pub fn rows(
        &self,
        event: storage::params::WebhookEvent,
        dialog: Option<&storage::Dialog>,
        detail: &body::Detail,
    ) -> Vec<storage::Outgoing> {
        body::outgoing(event, &self.connection, dialog, &self.params, detail)
    }

    /// Rows were committed: deliver them now rather than at the next idle check.
    pub fn queued(&self, rows: &[storage::Outgoing]) {
        if !rows.is_empty()
            && let Some(wake) = &self.wake
        {
            wake.notify_one();
        }
    }
}

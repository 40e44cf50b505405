//! The deliverer: one per running connection (it runs where the connection's lease is), one task
//! per URL with something pending. Each URL's events go strictly in order: the next is sent only
//! once the one before was delivered or given up.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use storage::{ConnectionId, Delivery, Storage};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use super::http::{Answer, HookClient, HttpError};
use super::{WebhookOptions, now_ms, sign};

/// How often the deliverer looks for work it was not woken for (another process queued it, or
/// a wake-up raced with a URL task ending).
const IDLE_CHECK: Duration = Duration::from_secs(5);
/// At most this often the main loop looks for URLs with work and no task.
const WAKE_INTERVAL: Duration = Duration::from_millis(20);

/// The handle a worker keeps: wake it after queuing, drop (or `stop`) it to stop delivering.
pub struct Deliverer {
    wake: Arc<Notify>,
    stop: CancellationToken,
}

impl Deliverer {
    /// Starts delivering the connection's pending events.
    pub fn start(storage: Storage, connection: ConnectionId, options: WebhookOptions) -> Self {
        let wake = Arc::new(Notify::new());
        let stop = CancellationToken::new();
        let client = match HookClient::new(options.timeout, options.allow_private) {
            Ok(client) => client,
            Err(err) => {
                tracing::error!(error = %err, "webhooks: no HTTP client; nothing will be delivered");
                return Self { wake, stop };
            }
        };
        let shared = Arc::new(Shared {
            storage,
            connection,
            options,
            client,
            running: Mutex::new(HashSet::new()),
            stop: stop.clone(),
        });
        tokio::spawn(run(shared, Arc::clone(&wake)));
        Self { wake, stop }
    }

    /// Something was queued: look now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// The wake-up, for whoever queues (broadcast runners).
    pub fn waker(&self) -> Arc<Notify> {
        Arc::clone(&self.wake)
    }

    pub fn stop(&self) {
        self.stop.cancel();
    }
}

impl Drop for Deliverer {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

struct Shared {
    storage: Storage,
    connection: ConnectionId,
    options: WebhookOptions,
    client: HookClient,
    /// URLs with a task sending their queue.
    running: Mutex<HashSet<String>>,
    stop: CancellationToken,
}

impl Shared {
    fn running(&self) -> std::sync::MutexGuard<'_, HashSet<String>> {
        // A poisoned set is still a set of URLs: keep going.
        self.running.lock().unwrap_or_else(|e| e.into_inner())
    }
}

async fn run(shared: Arc<Shared>, wake: Arc<Notify>) {
    let mut last_prune = 0;
    loop {
        match shared
            .storage
            .webhooks()
            .pending_urls(shared.connection)
            .await
        {
            Ok(urls) => {
                for url in urls {
                    if shared.running().insert(url.clone()) {
                        tokio::spawn(send_queue(Arc::clone(&shared), url));
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "webhooks: cannot read the outbox"),
        }
        let now = storage::now();
        if now - last_prune > 3600 {
            last_prune = now;
            let before = now - shared.options.keep_finished.as_secs() as i64;
            if let Err(err) = shared
                .storage
                .webhooks()
                .prune(shared.connection, before)
                .await
            {
                tracing::warn!(error = %err, "webhooks: cannot prune the outbox");
            }
        }
        tokio::select! {
            () = shared.stop.cancelled() => return,
            () = wake.notified() => {}
            () = tokio::time::sleep(IDLE_CHECK) => {}
        }
        // Wake-ups come with every relayed message under load; one look per interval serves
        // them all (a URL's own task keeps sending meanwhile).
        pause(&shared, WAKE_INTERVAL).await;
    }
}

/// How many of a URL's rows are read at once, and how many deliveries at most are marked in one
/// statement. A crash (not a stop) before the mark sends at most this many again, same ids.
const BATCH: u64 = 32;

/// Sends one URL's queue, in order, until it is empty.
async fn send_queue(shared: Arc<Shared>, url: String) {
    let outbox = shared.storage.webhooks();
    loop {
        if shared.stop.is_cancelled() {
            return;
        }
        let batch = match outbox.pending(shared.connection, &url, BATCH).await {
            Ok(batch) => batch,
            Err(err) => {
                tracing::warn!(error = %err, "webhooks: cannot read the outbox");
                pause(&shared, Duration::from_secs(1)).await;
                continue;
            }
        };
        if batch.is_empty() {
            // Leave the set first, then look once more: a row queued in between is either seen
            // here or (if queued after) makes the main loop start a new task.
            shared.running().remove(&url);
            match outbox.head(shared.connection, &url).await {
                Ok(Some(_)) if shared.running().insert(url.clone()) => continue,
                _ => return,
            }
        }
        let mut taken = Taken::default();
        for delivery in &batch {
            let wait = delivery.next_attempt_at - now_ms();
            if wait > 0 {
                taken.record(&shared).await;
                pause(&shared, Duration::from_millis(wait as u64)).await;
                break;
            }
            match attempt(&shared, delivery).await {
                Some(status) => {
                    if status != taken.status {
                        taken.record(&shared).await;
                    }
                    taken.push(delivery.id, status);
                }
                // Recorded as a retry or given up, or abandoned: read the queue again.
                None => break,
            }
        }
        taken.record(&shared).await;
    }
}

/// Deliveries taken but not yet marked, all with the same status.
#[derive(Default)]
struct Taken {
    ids: Vec<i64>,
    status: u16,
}

impl Taken {
    fn push(&mut self, id: i64, status: u16) {
        self.ids.push(id);
        self.status = status;
    }

    async fn record(&mut self, shared: &Shared) {
        if self.ids.is_empty() {
            return;
        }
        let outbox = shared.storage.webhooks();
        // Until the mark is written the rows stay pending: a database hiccup is retried here
        // rather than resending what the receiver has.
        loop {
            match outbox
                .delivered_all(&self.ids, self.status, storage::now())
                .await
            {
                Ok(()) => break,
                Err(err) => {
                    tracing::warn!(error = %err, "webhooks: cannot record deliveries");
                    if shared.stop.is_cancelled() {
                        return;
                    }
                    pause(shared, Duration::from_secs(1)).await;
                }
            }
        }
        self.ids.clear();
    }
}

async fn pause(shared: &Shared, duration: Duration) {
    tokio::select! {
        () = shared.stop.cancelled() => {}
        () = tokio::time::sleep(duration) => {}
    }
}

/// What to do after one attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Delivered(u16),
    /// Refused for good (a redirect, or a 4xx other than 408, 425 and 429): retrying cannot help.
    Refused(u16),
    /// Try again (5xx, 408, 425, 429, network, timeout), not before `retry_after` seconds.
    Retry {
        status: Option<u16>,
        retry_after: Option<u64>,
        reason: String,
    },
}

pub fn verdict(result: &Result<Answer, HttpError>) -> Verdict {
    match result {
        Ok(answer) if (200..300).contains(&answer.status) => Verdict::Delivered(answer.status),
        // A redirect is not followed (the receiver's URL is the admin's to fix), and a 4xx other
        // than "timeout / too early / too many" will be refused again: neither is retried.
        Ok(answer)
            if (300..400).contains(&answer.status)
                || ((400..500).contains(&answer.status)
                    && !matches!(answer.status, 408 | 425 | 429)) =>
        {
            Verdict::Refused(answer.status)
        }
        Ok(answer) => Verdict::Retry {
            status: Some(answer.status),
            retry_after: answer.retry_after,
            reason: format!("HTTP {}", answer.status),
        },
        // A private address will not become public by waiting; but DNS may change: retry.
        Err(err) => Verdict::Retry {
            status: None,
            retry_after: None,
            reason: err.to_string(),
        },
    }
}

/// The delay before retry number `attempt` (1 for the first retry): exponential with ±20%
/// jitter, capped, and never sooner than the receiver's `Retry-After`.
pub fn backoff(options: &WebhookOptions, attempt: u32, retry_after: Option<u64>) -> Duration {
    let base = options.retry_base.as_millis() as u64;
    let exp = base.saturating_mul(1u64 << attempt.saturating_sub(1).min(30));
    let capped = exp.min(options.retry_max.as_millis() as u64);
    let mut bytes = [0u8; 2];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    let unit = f64::from(u16::from_le_bytes(bytes)) / f64::from(u16::MAX); // 0..=1
    let jittered = (capped as f64 * (0.8 + 0.4 * unit)) as u64;
    let floor = retry_after
        .map_or(0, |s| s.saturating_mul(1000))
        .min(options.retry_max.as_millis() as u64);
    Duration::from_millis(jittered.max(floor))
}

/// One attempt. `Some(status)` when the receiver took it (the caller records it with others);
/// `None` when the outcome is recorded here (a retry, a refusal) or the attempt was abandoned.
async fn attempt(shared: &Shared, delivery: &Delivery) -> Option<u16> {
    let outbox = shared.storage.webhooks();
    let secret = match outbox.ensure_signing_secret(shared.connection).await {
        Ok((secret, _)) => secret,
        Err(err) => {
            tracing::warn!(error = %err, "webhooks: no signing secret");
            pause(shared, Duration::from_secs(1)).await;
            return None;
        }
    };
    let headers = {
        use secrecy::ExposeSecret as _;
        sign::headers(
            secret.expose_secret(),
            &delivery.event_id,
            storage::now(),
            &delivery.body,
        )
    };
    let headers = match headers {
        Ok(headers) => headers,
        Err(err) => {
            tracing::error!(error = %err, "webhooks: cannot sign");
            pause(shared, Duration::from_secs(60)).await;
            return None;
        }
    };
    // A stopping worker (its lease moving on) abandons the request unrecorded: the next holder
    // sends it again with the same id, rather than two relays sending the queue at once.
    let result = tokio::select! {
        () = shared.stop.cancelled() => return None,
        result = shared.client.post(&delivery.url, &headers, delivery.body.clone()) => result,
    };
    let now = storage::now();
    let recorded = match verdict(&result) {
        Verdict::Delivered(status) => return Some(status),
        Verdict::Refused(status) => {
            let reason = format!("HTTP {status}");
            outbox.give_up(delivery, Some(status), &reason, now).await
        }
        Verdict::Retry {
            status,
            retry_after,
            reason,
        } => {
            let age = Duration::from_secs((now - delivery.created_at).max(0) as u64);
            if age >= shared.options.give_up_after {
                let reason = format!("{reason}; retried for {} h", age.as_secs() / 3600);
                outbox.give_up(delivery, status, &reason, now).await
            } else {
                let attempt = u32::try_from(delivery.attempts).unwrap_or(0) + 1;
                let delay = backoff(&shared.options, attempt, retry_after);
                let next = now_ms() + delay.as_millis() as i64;
                tracing::debug!(url = %delivery.url, %reason, ?delay, "webhooks: retrying later");
                outbox.retry_later(delivery.id, next, status, &reason).await
            }
        }
    };
    if let Err(err) = recorded {
        tracing::warn!(error = %err, "webhooks: cannot record a delivery attempt");
        pause(shared, Duration::from_secs(1)).await;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16) -> Result<Answer, HttpError> {
        Ok(Answer {
            status,
            retry_after: None,
            content_type: None,
            body: Vec::new(),
        })
    }

    #[test]
    fn client_errors_are_final_and_server_errors_are_retried() {
        assert_eq!(verdict(&answer(204)), Verdict::Delivered(204));
        assert_eq!(verdict(&answer(404)), Verdict::Refused(404));
        assert_eq!(verdict(&answer(410)), Verdict::Refused(410));
        assert_eq!(verdict(&answer(308)), Verdict::Refused(308));
        for status in [408, 425, 429, 500, 503] {
            assert!(
                matches!(verdict(&answer(status)), Verdict::Retry { .. }),
                "{status}"
            );
        }
        assert!(matches!(
            verdict(&Err(HttpError::Timeout)),
            Verdict::Retry { .. }
        ));
    }

    #[test]
    fn backoff_doubles_with_jitter_is_capped_and_honours_retry_after() {
        let options = WebhookOptions::default();
        let first = backoff(&options, 1, None).as_millis();
        assert!((4_000..=6_000).contains(&first), "{first}");
        let fifth = backoff(&options, 5, None).as_millis();
        assert!((64_000..=96_000).contains(&fifth), "{fifth}");
        let late = backoff(&options, 40, None).as_millis();
        assert!(late <= 3_600_000 * 6 / 5, "{late}");
        assert!(backoff(&options, 1, Some(120)).as_millis() >= 120_000);
    }
}

//! Runs a broadcast: copies its message to each recipient through the connection's (paced)
//! gateway, keeps the progress message current, and posts the delivery report at the end.
//!
//! Exactly once, across restarts: a recipient is claimed in the database (`pending → sending`)
//! before the send and settled after it. The send's Telegram random_id is derived from
//! (connection, broadcast, user), so a recipient left in `sending` by a crash is sent again with
//! the same random_id and Telegram refuses the repeat (`AlreadySent`, counted as sent) when the
//! first attempt had arrived. Telegram remembers random ids for a limited time, so a claim older
//! than [`RunnerOptions::retry_within`] is not retried but reported as `unknown`.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use i18n::Lang;
use storage::{Broadcast, BroadcastStatus, ConnectionId, RecipientStatus, Storage};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use crate::gateway::{Gateway, GatewayError};
use crate::logic::broadcast::{self as plan, CardView};

/// How a runner behaves; the defaults suit production.
#[derive(Debug, Clone)]
pub struct RunnerOptions {
    /// How often the progress message is edited while sending.
    pub card_every: Duration,
    /// A claim left by a crash is retried (same random_id) only this soon after it was made.
    pub retry_within: Duration,
    /// Recipients read from the database at a time; the status (pause, cancel) is read again
    /// between batches.
    pub batch: u64,
}

impl Default for RunnerOptions {
    fn default() -> Self {
        Self {
            card_every: Duration::from_secs(5),
            retry_within: Duration::from_secs(3600),
            batch: 25,
        }
    }
}

/// The broadcasts that have a task sending them in one worker.
///
/// A task leaves this set only under its lock, after one more look at the broadcast's status. An
/// operator's resume or cancel is committed before the worker asks [`Sending::enter`] or
/// [`Sending::contains`], so it is either seen by that last look (and the task goes on) or finds
/// the task gone (and the worker acts itself): a resume never lands between a task's last look
/// and its exit, which would leave a running broadcast that nobody sends, and a cancellation is
/// never left without its report.
#[derive(Clone, Default)]
pub struct Sending(Arc<tokio::sync::Mutex<HashSet<i64>>>);

impl Sending {
    /// Marks the broadcast as being sent; false when a task sends it already.
    pub async fn enter(&self, id: i64) -> bool {
        self.0.lock().await.insert(id)
    }

    /// Whether a task is sending the broadcast now.
    pub async fn contains(&self, id: i64) -> bool {
        self.0.lock().await.contains(&id)
    }

    /// Whether no broadcast is being sent.
    pub async fn is_empty(&self) -> bool {
        self.0.lock().await.is_empty()
    }
}

/// What a runner needs of its connection.
#[derive(Clone)]
pub struct Runner {
    pub storage: Storage,
    pub gateway: Arc<dyn Gateway>,
    pub connection: ConnectionId,
    pub backend: i64,
    pub lang: Lang,
    pub is_bot: bool,
    pub options: RunnerOptions,
    /// The worker's set of broadcasts being sent; the caller has entered this one.
    pub sending: Sending,
    /// Queues `broadcast_finished` for WEBHOOKS.
    pub announcer: Option<crate::webhooks::Announcer>,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Storage(#[from] storage::Error),
    #[error("Telegram: {0}")]
    Gateway(#[from] GatewayError),
}

/// The random_id of the copy for one recipient: the same on every attempt and in every process.
pub fn dedup_key(connection: i64, broadcast: i64, user: i64) -> i64 {
    crate::gateway::stable_random_id(0xB5AD_4ECE_DA1C_E2A9, &[connection, broadcast, user])
}

/// The error column of the report: a short code, the same in every language.
fn error_code(err: &GatewayError) -> String {
    match err {
        GatewayError::Blocked => "blocked".into(),
        GatewayError::CannotCopy => "cannot_copy".into(),
        GatewayError::NotFound => "not_found".into(),
        GatewayError::NotAllowed => "not_allowed".into(),
        GatewayError::Other(name) => name.clone(),
        other => other.to_string(),
    }
}

impl Runner {
    /// `broadcast_finished` with the final figures, when some URL listens to it.
    async fn finished_hooks(
        &self,
        broadcast: &Broadcast,
    ) -> Result<Vec<storage::Outgoing>, RunError> {
        use storage::params::WebhookEvent;
        let Some(announcer) = &self.announcer else {
            return Ok(Vec::new());
        };
        if announcer
            .params
            .webhooks
            .urls_for(WebhookEvent::BroadcastFinished)
            .next()
            .is_none()
        {
            return Ok(Vec::new());
        }
        let tally = self.storage.broadcasts().tally(broadcast.id).await?;
        let audience = match &broadcast.audience {
            storage::BroadcastAudience::All => serde_json::json!({"kind": "all"}),
            storage::BroadcastAudience::Label(name) => {
                serde_json::json!({"kind": "label", "label": name})
            }
            storage::BroadcastAudience::List(users) => {
                serde_json::json!({"kind": "list", "size": users.len()})
            }
        };
        let detail = crate::webhooks::body::Detail::Broadcast(serde_json::json!({
            "id": broadcast.id,
            "status": "done",
            "audience": audience,
            "sent": tally.sent,
            "failed": tally.failed,
            "unknown": tally.unknown,
            "started_at": broadcast.started_at.map(crate::webhooks::body::rfc3339),
        }));
        Ok(announcer.rows(WebhookEvent::BroadcastFinished, None, &detail))
    }

    /// Sends until the broadcast is done, paused, cancelled, or `stop`; retries passing faults.
    /// The caller has entered `id` in [`Runner::sending`]; the task leaves it when it ends.
    pub async fn run(self, id: i64, stop: CancellationToken) {
        let mut backoff = Duration::from_secs(1);
        loop {
            let result = tokio::select! {
                () = stop.cancelled() => break,
                result = self.run_once(id, &stop) => result,
            };
            let result = match result {
                Ok(ended) => self.leave_unless_changed(id, ended, &stop).await,
                Err(err) => Err(err),
            };
            match result {
                Ok(true) => return,
                Ok(false) => backoff = Duration::from_secs(1), // resumed or cancelled meanwhile
                Err(RunError::Gateway(GatewayError::SessionRevoked { .. })) => break,
                Err(err) => {
                    tracing::warn!(broadcast = id, error = %err, retry_in = ?backoff, "broadcast interrupted; will retry");
                    tokio::select! {
                        () = stop.cancelled() => break,
                        () = tokio::time::sleep(backoff) => {}
                    }
                    backoff = (backoff * 2).min(Duration::from_secs(60));
                }
            }
        }
        self.sending.0.lock().await.remove(&id);
    }

    /// The last look, under the lock of [`Sending`]: leaves (true) when the broadcast is still as
    /// this task left it, or goes on (false) when an operator changed it since.
    async fn leave_unless_changed(
        &self,
        id: i64,
        ended: Option<BroadcastStatus>,
        stop: &CancellationToken,
    ) -> Result<bool, RunError> {
        let mut sending = self.sending.0.lock().await;
        let now = self.storage.broadcasts().get(id).await?.map(|b| b.status);
        if now == ended || stop.is_cancelled() {
            sending.remove(&id);
            return Ok(true);
        }
        Ok(false)
    }

    /// Sends until the broadcast is no longer running; returns the status it ended on (`None`:
    /// the broadcast is gone, or `stop`).
    async fn run_once(
        &self,
        id: i64,
        stop: &CancellationToken,
    ) -> Result<Option<BroadcastStatus>, RunError> {
        let broadcasts = self.storage.broadcasts();
        let started = Instant::now();
        let mut settled = 0u64;
        let mut last_card = Instant::now();
        let Some(mut broadcast) = broadcasts.get(id).await? else {
            return Ok(None);
        };
        settled += self.recover(&broadcast).await?;
        loop {
            if broadcast.status != BroadcastStatus::Running {
                // Paused or cancelled by an operator: show it, and report a cancellation (the
                // card first, so it never lags behind a report that is already there).
                self.update_card(&broadcast, None).await?;
                if broadcast.status == BroadcastStatus::Cancelled {
                    self.post_report(&broadcast).await?;
                }
                return Ok(Some(broadcast.status));
            }
            let batch = broadcasts.pending(id, self.options.batch).await?;
            if batch.is_empty() {
                // Claims another runner left (a lease moved mid-send) are settled here too; a
                // second attempt with the same random_id cannot deliver twice.
                self.recover(&broadcast).await?;
                // Every recipient is settled: the final figures on the card, then the report,
                // then the status. An operator never sees a report under a card that lags behind
                // it, and a crash before the status change repeats the report rather than
                // losing it.
                let done = Broadcast {
                    status: BroadcastStatus::Done,
                    ..broadcast.clone()
                };
                self.update_card(&done, None).await?;
                self.post_report(&broadcast).await?;
                let hooks = self.finished_hooks(&broadcast).await?;
                let finished = broadcasts
                    .transition_announcing(
                        id,
                        &[BroadcastStatus::Running],
                        BroadcastStatus::Done,
                        self.connection,
                        &hooks,
                    )
                    .await?;
                if finished && let Some(announcer) = &self.announcer {
                    announcer.queued(&hooks);
                }
                if finished {
                    return Ok(Some(BroadcastStatus::Done));
                }
                // Paused or cancelled at the last moment: show that instead.
                broadcast = broadcasts.get(id).await?.ok_or(storage::Error::NotFound {
                    what: "broadcast",
                    id,
                })?;
                continue;
            }
            for user in batch {
                if stop.is_cancelled() {
                    return Ok(None);
                }
                if !broadcasts.claim(id, user).await? {
                    continue; // another runner has it
                }
                self.deliver(&broadcast, user).await?;
                settled += 1;
                if last_card.elapsed() >= self.options.card_every {
                    last_card = Instant::now();
                    let (rate, _) = plan::pace(settled, started.elapsed(), 0);
                    self.update_card(&broadcast, rate).await?;
                }
            }
            broadcast = broadcasts.get(id).await?.ok_or(storage::Error::NotFound {
                what: "broadcast",
                id,
            })?;
        }
    }

    /// Settles the claims a stopped runner left: sent again with the same random_id while
    /// Telegram still remembers it, reported as unknown after that. Returns how many.
    async fn recover(&self, broadcast: &Broadcast) -> Result<u64, RunError> {
        let claims = self.storage.broadcasts().in_flight(broadcast.id).await?;
        let oldest = storage::now() - self.options.retry_within.as_secs() as i64;
        for (user, claimed_at) in &claims {
            if *claimed_at < oldest {
                self.storage
                    .broadcasts()
                    .settle(
                        broadcast.id,
                        *user,
                        RecipientStatus::Unknown,
                        Some("interrupted"),
                    )
                    .await?;
            } else {
                self.deliver(broadcast, *user).await?;
            }
        }
        Ok(claims.len() as u64)
    }

    /// Sends to one claimed recipient and settles the claim.
    async fn deliver(&self, broadcast: &Broadcast, user: i64) -> Result<(), RunError> {
        let dedup = dedup_key(self.connection.0, broadcast.id, user);
        let mut attempt = 0;
        let outcome = loop {
            let result = copy_content(self.gateway.as_ref(), broadcast, user, dedup).await;
            match result {
                // AlreadySent: an earlier attempt arrived and only its answer was lost.
                Ok(()) | Err(GatewayError::AlreadySent) => break Ok(()),
                Err(GatewayError::FloodWait { seconds }) => {
                    // The paced gateway waits these out itself; an unpaced one lands here.
                    tokio::time::sleep(Duration::from_secs(u64::from(seconds))).await;
                }
                Err(GatewayError::Network) if attempt < 3 => {
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(1 << attempt)).await;
                }
                // The claim stays: the next run sends again with the same random_id.
                Err(err @ (GatewayError::Network | GatewayError::SessionRevoked { .. })) => {
                    return Err(err.into());
                }
                Err(err) => break Err(err),
            }
        };
        let (status, error) = match &outcome {
            Ok(()) => (RecipientStatus::Sent, None),
            Err(err) => (RecipientStatus::Failed, Some(error_code(err))),
        };
        self.storage
            .broadcasts()
            .settle(broadcast.id, user, status, error.as_deref())
            .await?;
        Ok(())
    }

    /// Edits the progress message to show the broadcast as it is now.
    pub async fn update_card(
        &self,
        broadcast: &Broadcast,
        rate: Option<f64>,
    ) -> Result<(), RunError> {
        let Some(card) = broadcast.card_msg_id else {
            return Ok(());
        };
        let tally = self.storage.broadcasts().tally(broadcast.id).await?;
        let view = CardView {
            id: broadcast.id,
            status: broadcast.status,
            audience: &broadcast.audience,
            audience_size: tally.total(),
            tally,
            rate,
            is_bot: self.is_bot,
        };
        let html = plan::card(self.lang, &view);
        let buttons = plan::buttons(self.lang, broadcast.id, broadcast.status, self.is_bot);
        match self
            .gateway
            .edit_html(self.backend, card, &html, &buttons)
            .await
        {
            // The progress message was deleted: sending goes on without it.
            Ok(()) | Err(GatewayError::NotFound) => Ok(()),
            Err(err) => Err(err.into()),
        }
    }

    /// Posts the delivery report (CSV) in the General topic, under the progress message.
    pub async fn post_report(&self, broadcast: &Broadcast) -> Result<(), RunError> {
        let recipients = self.storage.broadcasts().recipients(broadcast.id).await?;
        if recipients.is_empty() {
            return Ok(());
        }
        let tally = self.storage.broadcasts().tally(broadcast.id).await?;
        let csv = plan::report_csv(&recipients);
        let caption = self.lang.text_with(
            "relay-send-report",
            &[
                ("id", broadcast.id.to_string()),
                ("sent", tally.sent.to_string()),
                ("failed", (tally.failed + tally.unknown).to_string()),
            ],
        );
        let name = format!("broadcast-{}-report.csv", broadcast.id);
        self.gateway
            .send_document(
                self.backend,
                None,
                broadcast.card_msg_id,
                &name,
                &csv,
                &caption,
            )
            .await?;
        Ok(())
    }
}

/// Copies a broadcast's message (one message, or a whole album) to `to`, deduplicated by `dedup`.
pub(crate) async fn copy_content(
    gateway: &dyn Gateway,
    broadcast: &Broadcast,
    to: i64,
    dedup: i64,
) -> Result<(), GatewayError> {
    match broadcast.source_msg_ids.as_slice() {
        [one] => gateway
            .copy_message(broadcast.source_chat_id, *one, to, None, None, None, dedup)
            .await
            .map(|_| ()),
        ids => gateway
            .copy_album(broadcast.source_chat_id, ids, to, None, None, dedup)
            .await
            .map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dedup_keys_are_stable_and_distinct() {
        assert_eq!(dedup_key(1, 2, 3), dedup_key(1, 2, 3));
        let keys: std::collections::HashSet<i64> = (0..1000)
            .map(|u| dedup_key(1, 2, 5_000_000_000 + u))
            .collect();
        assert_eq!(keys.len(), 1000);
        assert_ne!(dedup_key(1, 2, 3), dedup_key(1, 3, 3));
    }
}

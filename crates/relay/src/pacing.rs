//! Outbound pacing under Telegram's limits, so bursts never meet FLOOD_WAIT by design.
//!
//! [`Pacer`] is the functional core: exact sliding windows (the times of the last `count` sends
//! per bucket) that say how long the next message to a chat must wait. [`Paced`] wraps any
//! [`Gateway`] (like teloxide's `Throttle` adaptor): each connection has its own, sends in order
//! through it, and waits as told; when Telegram asks for a wait anyway it sleeps and retries in
//! place, so order is kept and nothing is doubled.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use async_trait::async_trait;
use tokio::sync::Mutex;
use tokio::time::Instant;

use crate::gateway::{Gateway, GatewayError, GatewayLayer};
use crate::logic::broadcast::Button;

/// At most `count` messages in any window of `per`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: usize,
    pub per: Duration,
}

/// The limits one bot or account sends under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// To one private chat.
    pub per_chat: Rate,
    /// To one group (chat ids below zero).
    pub per_group: Rate,
    /// To all chats together.
    pub overall: Rate,
}

impl Limits {
    /// Telegram's published limits for bots.
    pub const BOTS: Limits = Limits {
        per_chat: Rate {
            count: 1,
            per: Duration::from_secs(1),
        },
        per_group: Rate {
            count: 20,
            per: Duration::from_secs(60),
        },
        overall: Rate {
            count: 30,
            per: Duration::from_secs(1),
        },
    };

    /// Accounts' limits are not published; these stay well inside what clients observe.
    pub const ACCOUNTS: Limits = Limits {
        per_chat: Rate {
            count: 1,
            per: Duration::from_secs(1),
        },
        per_group: Rate {
            count: 20,
            per: Duration::from_secs(60),
        },
        overall: Rate {
            count: 20,
            per: Duration::from_secs(1),
        },
    };
}

/// Send times of the last `rate.count` messages of one bucket.
#[derive(Debug, Default)]
struct Window {
    sent: VecDeque<Instant>,
}

impl Window {
    /// When the next message may go: now, or when the oldest send leaves the window.
    fn ready_at(&self, rate: Rate, now: Instant) -> Instant {
        if self.sent.len() < rate.count {
            return now;
        }
        self.sent
            .front()
            .map_or(now, |oldest| (*oldest + rate.per).max(now))
    }

    fn record(&mut self, rate: Rate, at: Instant) {
        self.sent.push_back(at);
        while self.sent.len() > rate.count {
            self.sent.pop_front();
        }
    }

    fn idle(&self, rate: Rate, now: Instant) -> bool {
        self.sent.back().is_none_or(|last| *last + rate.per <= now)
    }
}

/// The sliding windows of one connection.
#[derive(Debug)]
pub struct Pacer {
    limits: Limits,
    chats: HashMap<i64, Window>,
    overall: Window,
}

impl Pacer {
    pub fn new(limits: Limits) -> Self {
        Self {
            limits,
            chats: HashMap::new(),
            overall: Window::default(),
        }
    }

    fn rate_for(&self, chat: i64) -> Rate {
        if chat < 0 {
            self.limits.per_group
        } else {
            self.limits.per_chat
        }
    }

    /// How long a message to `chat` must wait at `now` (zero: it may go).
    pub fn delay(&self, chat: i64, now: Instant) -> Duration {
        let rate = self.rate_for(chat);
        let chat_ready = self.chats.get(&chat).map_or(now, |w| w.ready_at(rate, now));
        let ready = chat_ready.max(self.overall.ready_at(self.limits.overall, now));
        ready.saturating_duration_since(now)
    }

    /// Records a message to `chat` sent at `at`.
    pub fn record(&mut self, chat: i64, at: Instant) {
        let rate = self.rate_for(chat);
        self.chats.entry(chat).or_default().record(rate, at);
        self.overall.record(self.limits.overall, at);
        // Forget chats that have gone quiet, so a bot with many users does not keep them all.
        if self.chats.len() > 1_000 {
            let limits = self.limits;
            self.chats.retain(|chat, w| {
                !w.idle(
                    if *chat < 0 {
                        limits.per_group
                    } else {
                        limits.per_chat
                    },
                    at,
                )
            });
        }
    }

    /// Chats with a window in memory.
    pub fn tracked_chats(&self) -> usize {
        self.chats.len()
    }
}

/// A [`Gateway`] that paces what it sends.
pub struct Paced<G> {
    inner: G,
    pacer: Mutex<Pacer>,
    flood_waits: AtomicU64,
    /// The process's counters, when the supervisor runs this connection.
    metrics: Option<Arc<crate::metrics::Metrics>>,
}

impl<G> Paced<G> {
    pub fn new(inner: G, limits: Limits) -> Self {
        Self {
            inner,
            pacer: Mutex::new(Pacer::new(limits)),
            flood_waits: AtomicU64::new(0),
            metrics: None,
        }
    }

    /// Also counts flood waits in the process's metrics.
    pub fn with_metrics(mut self, metrics: Arc<crate::metrics::Metrics>) -> Self {
        self.metrics = Some(metrics);
        self
    }

    /// How many times Telegram still asked to wait (the target is zero).
    pub fn flood_waits(&self) -> u64 {
        self.flood_waits.load(Ordering::Relaxed)
    }

    pub fn inner(&self) -> &G {
        &self.inner
    }
}

impl<G: Gateway> Paced<G> {
    /// Sends `messages` messages to `chat` through `send`, in turn with everything else this
    /// connection sends, waiting as the limits say and as Telegram asks.
    async fn paced<T, F, Fut>(&self, chat: i64, messages: usize, send: F) -> Result<T, GatewayError>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<T, GatewayError>>,
    {
        let mut pacer = self.pacer.lock().await;
        loop {
            for _ in 0..messages {
                loop {
                    let wait = pacer.delay(chat, Instant::now());
                    if wait.is_zero() {
                        break;
                    }
                    tokio::time::sleep(wait).await;
                }
                pacer.record(chat, Instant::now());
            }
            match send().await {
                Err(GatewayError::FloodWait { seconds }) => {
                    self.flood_waits.fetch_add(1, Ordering::Relaxed);
                    if let Some(metrics) = &self.metrics {
                        metrics.count_flood_wait();
                        metrics.count_error(crate::metrics::ErrorKind::FloodWait);
                    }
                    tracing::warn!(chat, seconds, "Telegram asked to wait; retrying in order");
                    tokio::time::sleep(Duration::from_secs(u64::from(seconds))).await;
                }
                other => return other,
            }
        }
    }
}

#[async_trait]
impl<G: Gateway> GatewayLayer for Paced<G> {
    type Inner = G;

    fn inner(&self) -> &G {
        &self.inner
    }

    async fn create_topic(
        &self,
        chat_id: i64,
        title: &str,
        icon_color: i32,
    ) -> Result<i64, GatewayError> {
        // Creating a topic posts its service message: it counts against the group.
        self.paced(chat_id, 1, || {
            self.inner.create_topic(chat_id, title, icon_color)
        })
        .await
    }

    async fn rename_topic(
        &self,
        chat_id: i64,
        topic_id: i64,
        title: &str,
    ) -> Result<(), GatewayError> {
        self.paced(chat_id, 0, || {
            self.inner.rename_topic(chat_id, topic_id, title)
        })
        .await
    }

    async fn reopen_topic(&self, chat_id: i64, topic_id: i64) -> Result<(), GatewayError> {
        self.paced(chat_id, 0, || self.inner.reopen_topic(chat_id, topic_id))
            .await
    }

    async fn copy_message(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        note: Option<&str>,
        dedup: i64,
    ) -> Result<i64, GatewayError> {
        let messages = if note.is_some() { 2 } else { 1 };
        self.paced(to_chat, messages, || {
            self.inner
                .copy_message(from_chat, msg_id, to_chat, topic_id, reply_to, note, dedup)
        })
        .await
    }

    async fn copy_album(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        dedup: i64,
    ) -> Result<Vec<i64>, GatewayError> {
        // Telegram counts each part of an album as a message.
        self.paced(to_chat, msg_ids.len(), || {
            self.inner
                .copy_album(from_chat, msg_ids, to_chat, topic_id, reply_to, dedup)
        })
        .await
    }

    async fn update_copy(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        copy_id: i64,
    ) -> Result<(), GatewayError> {
        self.paced(to_chat, 0, || {
            self.inner.update_copy(from_chat, msg_id, to_chat, copy_id)
        })
        .await
    }

    async fn delete_messages(&self, chat_id: i64, msg_ids: &[i64]) -> Result<(), GatewayError> {
        self.paced(chat_id, 0, || self.inner.delete_messages(chat_id, msg_ids))
            .await
    }

    async fn send_html(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
    ) -> Result<i64, GatewayError> {
        self.paced(chat_id, 1, || {
            self.inner.send_html(chat_id, topic_id, reply_to, html)
        })
        .await
    }

    async fn send_buttons(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<i64, GatewayError> {
        self.paced(chat_id, 1, || {
            self.inner
                .send_buttons(chat_id, topic_id, reply_to, html, buttons)
        })
        .await
    }

    async fn edit_html(
        &self,
        chat_id: i64,
        msg_id: i64,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<(), GatewayError> {
        self.paced(chat_id, 0, || {
            self.inner.edit_html(chat_id, msg_id, html, buttons)
        })
        .await
    }

    async fn send_document(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        file_name: &str,
        bytes: &[u8],
        caption_html: &str,
    ) -> Result<i64, GatewayError> {
        self.paced(chat_id, 1, || {
            self.inner
                .send_document(chat_id, topic_id, reply_to, file_name, bytes, caption_html)
        })
        .await
    }
}

/// Lets an `Arc`'d gateway be paced (the supervisor's factories hand out `Arc<dyn Gateway>`).
#[async_trait]
impl GatewayLayer for Arc<dyn Gateway> {
    type Inner = dyn Gateway;

    fn inner(&self) -> &(dyn Gateway + 'static) {
        &**self
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Schedules `chats` in order from `start`, as `Paced` does; returns each send time.
    fn schedule(limits: Limits, chats: &[i64], start: Instant) -> Vec<Instant> {
        let mut pacer = Pacer::new(limits);
        let mut now = start;
        chats
            .iter()
            .map(|chat| {
                now += pacer.delay(*chat, now);
                pacer.record(*chat, now);
                now
            })
            .collect()
    }

    /// The most sends any window of `per` (starting at a send) contains.
    fn worst_window(times: &[Instant], per: Duration) -> usize {
        times
            .iter()
            .map(|start| {
                times
                    .iter()
                    .filter(|t| **t >= *start && **t < *start + per)
                    .count()
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn a_group_gets_twenty_a_minute_after_a_burst_of_twenty() {
        let start = Instant::now();
        let times = schedule(Limits::BOTS, &[-100; 25], start);
        assert!(
            times[..20].iter().all(|t| *t == start),
            "the first twenty go at once"
        );
        assert_eq!(times[20], start + Duration::from_secs(60));
        assert_eq!(worst_window(&times, Duration::from_secs(60)), 20);
    }

    #[test]
    fn one_chat_gets_one_a_second_and_many_chats_get_thirty_a_second() {
        let start = Instant::now();
        let times = schedule(Limits::BOTS, &[5, 5, 5], start);
        assert_eq!(
            times,
            vec![
                start,
                start + Duration::from_secs(1),
                start + Duration::from_secs(2)
            ]
        );

        let users: Vec<i64> = (1..=3_000).collect();
        let times = schedule(Limits::BOTS, &users, start);
        let took = times.last().unwrap().duration_since(start);
        // 3,000 messages at 30/s: the first 30 at once, then 30 each second: 99 s.
        assert_eq!(took, Duration::from_secs(99));
        let allowed = 3_000.0 / (took.as_secs_f64() + 1.0);
        assert!(allowed >= 0.97 * 30.0, "achieved {allowed:.1}/s of 30/s");
    }

    proptest! {
        #[test]
        fn no_schedule_ever_exceeds_a_limit(chats in proptest::collection::vec(prop_oneof![1i64..6, -3i64..-1], 1..200)) {
            let start = Instant::now();
            let times = schedule(Limits::BOTS, &chats, start);
            prop_assert!(times.windows(2).all(|w| w[0] <= w[1]), "in order");
            prop_assert!(worst_window(&times, Duration::from_secs(1)) <= 30);
            let mut by_chat: HashMap<i64, Vec<Instant>> = HashMap::new();
            for (chat, time) in chats.iter().zip(&times) {
                by_chat.entry(*chat).or_default().push(*time);
            }
            for (chat, times) in by_chat {
                if chat < 0 {
                    prop_assert!(worst_window(&times, Duration::from_secs(60)) <= 20);
                } else {
                    prop_assert!(worst_window(&times, Duration::from_secs(1)) <= 1);
                }
            }
        }
    }
}

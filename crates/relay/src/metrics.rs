//! What the relay counts for operators: messages relayed by direction, flood waits, errors by
//! kind, queue depths, and the supervisor loop's last sign of life. Plain atomics, so counting
//! costs no lock and this crate needs no metrics library; the binary exposes them to Prometheus.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use async_trait::async_trait;

use crate::gateway::{AdminJoin, Gateway, GatewayError, GatewayLayer, GroupInfo, Me, Rights};
use crate::logic::Person;
use crate::logic::broadcast::Button;
use crate::logic::general::UserRef;

/// Where a relayed message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// A user's message copied into its topic.
    ToTopic,
    /// A message the bot or account sent from another session, copied into the topic.
    Intercepted,
    /// An operator's answer copied to the user.
    ToUser,
}

impl Direction {
    pub const ALL: [Direction; 3] = [
        Direction::ToTopic,
        Direction::Intercepted,
        Direction::ToUser,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::ToTopic => "to_topic",
            Direction::Intercepted => "intercepted",
            Direction::ToUser => "to_user",
        }
    }
}

/// What went wrong, as the relay tells failures apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    Blocked,
    TopicDeleted,
    TopicClosed,
    CannotCopy,
    FloodWait,
    SessionRevoked,
    NotFound,
    Network,
    AlreadySent,
    NotAllowed,
    TooLarge,
    Telegram,
    /// The database failed (a worker retries the update).
    Database,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 13] = [
        ErrorKind::Blocked,
        ErrorKind::TopicDeleted,
        ErrorKind::TopicClosed,
        ErrorKind::CannotCopy,
        ErrorKind::FloodWait,
        ErrorKind::SessionRevoked,
        ErrorKind::NotFound,
        ErrorKind::Network,
        ErrorKind::AlreadySent,
        ErrorKind::NotAllowed,
        ErrorKind::TooLarge,
        ErrorKind::Telegram,
        ErrorKind::Database,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Blocked => "blocked",
            ErrorKind::TopicDeleted => "topic_deleted",
            ErrorKind::TopicClosed => "topic_closed",
            ErrorKind::CannotCopy => "cannot_copy",
            ErrorKind::FloodWait => "flood_wait",
            ErrorKind::SessionRevoked => "session_revoked",
            ErrorKind::NotFound => "not_found",
            ErrorKind::Network => "network",
            ErrorKind::AlreadySent => "already_sent",
            ErrorKind::NotAllowed => "not_allowed",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Telegram => "telegram",
            ErrorKind::Database => "database",
        }
    }

    pub fn of(err: &GatewayError) -> ErrorKind {
        match err {
            GatewayError::Blocked => ErrorKind::Blocked,
            GatewayError::TopicDeleted => ErrorKind::TopicDeleted,
            GatewayError::TopicClosed => ErrorKind::TopicClosed,
            GatewayError::CannotCopy => ErrorKind::CannotCopy,
            GatewayError::FloodWait { .. } => ErrorKind::FloodWait,
            GatewayError::SessionRevoked { .. } => ErrorKind::SessionRevoked,
            GatewayError::NotFound => ErrorKind::NotFound,
            GatewayError::Network => ErrorKind::Network,
            GatewayError::AlreadySent => ErrorKind::AlreadySent,
            GatewayError::NotAllowed => ErrorKind::NotAllowed,
            GatewayError::TooLarge => ErrorKind::TooLarge,
            GatewayError::Other(_) => ErrorKind::Telegram,
        }
    }
}

/// The relay's counters and gauges. One per process, shared by the supervisor and its workers.
#[derive(Debug)]
pub struct Metrics {
    relayed: [AtomicU64; 3],
    errors: [AtomicU64; 13],
    flood_waits: AtomicU64,
    workers: AtomicI64,
    /// Sends waiting for the pacer or in flight (the outbound queue).
    outbound_waiting: AtomicI64,
    /// Updates held back by a passing fault and being retried.
    updates_retrying: AtomicI64,
    /// Milliseconds since `started` at the supervisor loop's last turn; 0 before the first.
    last_tick_ms: AtomicU64,
    started: Instant,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            relayed: Default::default(),
            errors: Default::default(),
            flood_waits: AtomicU64::new(0),
            workers: AtomicI64::new(0),
            outbound_waiting: AtomicI64::new(0),
            updates_retrying: AtomicI64::new(0),
            last_tick_ms: AtomicU64::new(0),
            started: Instant::now(),
        }
    }
}

fn index<T: PartialEq>(all: &[T], item: &T) -> usize {
    all.iter()
        .position(|x| x == item)
        .expect("every variant is listed in ALL")
}

impl Metrics {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn relayed(&self, direction: Direction) -> u64 {
        self.relayed[index(&Direction::ALL, &direction)].load(Ordering::Relaxed)
    }

    pub fn count_relayed(&self, direction: Direction, messages: u64) {
        self.relayed[index(&Direction::ALL, &direction)].fetch_add(messages, Ordering::Relaxed);
    }

    pub fn errors(&self, kind: ErrorKind) -> u64 {
        self.errors[index(&ErrorKind::ALL, &kind)].load(Ordering::Relaxed)
    }

    pub fn count_error(&self, kind: ErrorKind) {
        self.errors[index(&ErrorKind::ALL, &kind)].fetch_add(1, Ordering::Relaxed);
    }

    /// FLOOD_WAITs Telegram still answered despite pacing (the target is zero).
    pub fn flood_waits(&self) -> u64 {
        self.flood_waits.load(Ordering::Relaxed)
    }

    pub fn count_flood_wait(&self) {
        self.flood_waits.fetch_add(1, Ordering::Relaxed);
    }

    /// Workers running in this process.
    pub fn workers(&self) -> i64 {
        self.workers.load(Ordering::Relaxed)
    }

    pub(crate) fn set_workers(&self, n: usize) {
        self.workers.store(n as i64, Ordering::Relaxed);
    }

    pub fn outbound_waiting(&self) -> i64 {
        self.outbound_waiting.load(Ordering::Relaxed)
    }

    pub fn updates_retrying(&self) -> i64 {
        self.updates_retrying.load(Ordering::Relaxed)
    }

    pub(crate) fn retrying(&self) -> Gauge<'_> {
        Gauge::enter(&self.updates_retrying)
    }

    pub(crate) fn tick(&self) {
        let ms = self.started.elapsed().as_millis().max(1) as u64;
        self.last_tick_ms.store(ms, Ordering::Relaxed);
    }

    /// How long ago the supervisor loop last turned; `None` before its first turn.
    pub fn since_last_tick(&self) -> Option<Duration> {
        match self.last_tick_ms.load(Ordering::Relaxed) {
            0 => None,
            ms => Some(
                self.started
                    .elapsed()
                    .saturating_sub(Duration::from_millis(ms)),
            ),
        }
    }
}

/// Holds a gauge up by one while alive (also when the future holding it is dropped).
pub(crate) struct Gauge<'a>(&'a AtomicI64);

impl<'a> Gauge<'a> {
    fn enter(gauge: &'a AtomicI64) -> Self {
        gauge.fetch_add(1, Ordering::Relaxed);
        Self(gauge)
    }
}

impl Drop for Gauge<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A [`Gateway`] that counts what passes through it: copies that succeeded, by direction, and
/// every failure that reaches the worker, by kind; its outbound gauge counts sends waiting for
/// the pacer or in flight. The supervisor puts it around the pacer, which counts the FLOOD_WAITs
/// it waits out itself (they never reach this layer).
pub struct Metered<G> {
    inner: G,
    metrics: Arc<Metrics>,
}

impl<G> Metered<G> {
    pub fn new(inner: G, metrics: Arc<Metrics>) -> Self {
        Self { inner, metrics }
    }

    fn observe<T>(&self, result: Result<T, GatewayError>) -> Result<T, GatewayError> {
        if let Err(err) = &result {
            self.metrics.count_error(ErrorKind::of(err));
            if matches!(err, GatewayError::FloodWait { .. }) {
                self.metrics.count_flood_wait();
            }
        }
        result
    }

    /// A copy into a group goes to a topic; into a private chat, to a user.
    fn count_copies(&self, to_chat: i64, intercepted: bool, messages: usize) {
        let direction = match (to_chat < 0, intercepted) {
            (true, false) => Direction::ToTopic,
            (true, true) => Direction::Intercepted,
            (false, _) => Direction::ToUser,
        };
        self.metrics.count_relayed(direction, messages as u64);
    }

    async fn outbound<T>(
        &self,
        send: impl Future<Output = Result<T, GatewayError>>,
    ) -> Result<T, GatewayError> {
        let _waiting = Gauge::enter(&self.metrics.outbound_waiting);
        self.observe(send.await)
    }
}

#[async_trait]
impl<G: Gateway> GatewayLayer for Metered<G> {
    type Inner = G;

    fn inner(&self) -> &G {
        &self.inner
    }

    async fn me(&self) -> Result<Me, GatewayError> {
        self.observe(self.inner.me().await)
    }

    async fn create_topic(&self, chat: i64, title: &str, icon: i32) -> Result<i64, GatewayError> {
        self.outbound(self.inner.create_topic(chat, title, icon))
            .await
    }

    async fn rename_topic(&self, chat: i64, topic: i64, title: &str) -> Result<(), GatewayError> {
        self.outbound(self.inner.rename_topic(chat, topic, title))
            .await
    }

    async fn reopen_topic(&self, chat: i64, topic: i64) -> Result<(), GatewayError> {
        self.outbound(self.inner.reopen_topic(chat, topic)).await
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
        let copy = self
            .outbound(
                self.inner
                    .copy_message(from_chat, msg_id, to_chat, topic_id, reply_to, note, dedup),
            )
            .await?;
        self.count_copies(to_chat, note.is_some(), 1);
        Ok(copy)
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
        let copies = self
            .outbound(
                self.inner
                    .copy_album(from_chat, msg_ids, to_chat, topic_id, reply_to, dedup),
            )
            .await?;
        self.count_copies(to_chat, false, copies.len());
        Ok(copies)
    }

    async fn update_copy(
        &self,
        from: i64,
        msg: i64,
        to: i64,
        copy: i64,
    ) -> Result<(), GatewayError> {
        self.outbound(self.inner.update_copy(from, msg, to, copy))
            .await
    }

    async fn delete_messages(&self, chat_id: i64, msg_ids: &[i64]) -> Result<(), GatewayError> {
        self.outbound(self.inner.delete_messages(chat_id, msg_ids))
            .await
    }

    async fn send_html(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
    ) -> Result<i64, GatewayError> {
        self.outbound(self.inner.send_html(chat_id, topic_id, reply_to, html))
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
        self.outbound(
            self.inner
                .send_buttons(chat_id, topic_id, reply_to, html, buttons),
        )
        .await
    }

    async fn edit_html(
        &self,
        chat_id: i64,
        msg_id: i64,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<(), GatewayError> {
        self.outbound(self.inner.edit_html(chat_id, msg_id, html, buttons))
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
        self.outbound(self.inner.send_document(
            chat_id,
            topic_id,
            reply_to,
            file_name,
            bytes,
            caption_html,
        ))
        .await
    }

    async fn download(
        &self,
        chat_id: i64,
        msg_id: i64,
        max_bytes: usize,
    ) -> Result<Vec<u8>, GatewayError> {
        self.observe(self.inner.download(chat_id, msg_id, max_bytes).await)
    }

    async fn answer_callback(&self, query_id: i64, text: Option<&str>) -> Result<(), GatewayError> {
        self.observe(self.inner.answer_callback(query_id, text).await)
    }

    async fn find_user(&self, who: &UserRef) -> Result<Person, GatewayError> {
        self.observe(self.inner.find_user(who).await)
    }

    async fn user_info(&self, user_id: i64) -> Result<Person, GatewayError> {
        self.observe(self.inner.user_info(user_id).await)
    }

    async fn group_info(&self, chat_id: i64) -> Result<GroupInfo, GatewayError> {
        self.observe(self.inner.group_info(chat_id).await)
    }

    async fn member_rights(&self, chat_id: i64, user_id: i64) -> Result<Rights, GatewayError> {
        self.observe(self.inner.member_rights(chat_id, user_id).await)
    }

    async fn create_forum_group(&self, title: &str) -> Result<i64, GatewayError> {
        self.observe(self.inner.create_forum_group(title).await)
    }

    async fn bring_in_admin(
        &self,
        chat_id: i64,
        admin: i64,
        username: Option<&str>,
    ) -> Result<AdminJoin, GatewayError> {
        self.observe(self.inner.bring_in_admin(chat_id, admin, username).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauges_fall_back_when_dropped_and_counters_are_per_label() {
        let metrics = Metrics::new();
        {
            let _a = metrics.retrying();
            let _b = metrics.retrying();
            assert_eq!(metrics.updates_retrying(), 2);
        }
        assert_eq!(metrics.updates_retrying(), 0);
        metrics.count_relayed(Direction::ToUser, 3);
        metrics.count_error(ErrorKind::of(&GatewayError::Other("X".into())));
        assert_eq!(metrics.relayed(Direction::ToUser), 3);
        assert_eq!(metrics.relayed(Direction::ToTopic), 0);
        assert_eq!(metrics.errors(ErrorKind::Telegram), 1);
        assert_eq!(metrics.since_last_tick(), None);
        metrics.tick();
        assert!(metrics.since_last_tick().is_some());
    }
}

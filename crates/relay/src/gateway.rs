//! The Telegram operations the relay needs, as one trait: implemented over grammers for real and
//! by `telegram-sim` in tests. Each failure the relay must treat differently is its own variant.

use async_trait::async_trait;

mod layer;
pub use layer::GatewayLayer;

use crate::logic::Person;
use crate::logic::broadcast::Button;
use crate::logic::general::UserRef;

/// Who the connected bot or account is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    pub id: i64,
    pub username: Option<String>,
    pub title: String,
    pub is_bot: bool,
}

/// What happened on Telegram, as the relay needs to know it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Update {
    /// A message in a private chat with the connected bot or account.
    Private(PrivateMessage),
    /// A message in a group (the backend group, or one being linked).
    Group(GroupMessage),
    /// A message was edited: in the private chat with `chat_id` (a user id), or in a group.
    Edited { chat_id: i64, msg_id: i64 },
    /// Messages were deleted, in the private chat with a user or in a group. Telegram does not
    /// always say which private chat (then `chat_id` is `None`).
    Deleted {
        chat_id: Option<i64>,
        msg_ids: Vec<i64>,
    },
    /// (Bots) Someone pressed an inline button of a message the bot sent.
    Callback(CallbackQuery),
    /// Telegram would not replay everything that arrived while the session was away
    /// (`updates.differenceTooLong`): messages since `since` (unix seconds; the last update the
    /// session had, when it knows) may never arrive. The operators must be told.
    Gap { since: Option<i64> },
}

/// A press on an inline button; it must be answered (`answer_callback`), or the presser's app
/// shows a spinner until it times out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallbackQuery {
    pub query_id: i64,
    /// Where the message with the button is.
    pub chat_id: i64,
    pub msg_id: i64,
    pub sender: Person,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrivateMessage {
    /// The other side of the chat.
    pub user: Person,
    pub msg_id: i64,
    /// Sent by the connected bot or account itself, from another session (not the relay).
    pub outgoing: bool,
    /// The text or caption.
    pub text: String,
    pub reply_to: Option<i64>,
    /// The album's other messages, in order, when `msg_id` opens an album (empty otherwise).
    pub album: Vec<i64>,
    /// The kind of media it carries ("photo", "voice", …; `text` is then its caption).
    pub media: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupMessage {
    pub chat_id: i64,
    /// The forum topic it was posted in; `None` for General.
    pub topic_id: Option<i64>,
    pub sender: Person,
    pub msg_id: i64,
    pub text: String,
    /// The message it replies to, inside the topic (not the topic's root).
    pub reply_to: Option<i64>,
    /// The album's other messages, in order, when `msg_id` opens an album (empty otherwise).
    pub album: Vec<i64>,
    /// The kind of media it carries ("photo", "voice", …; `text` is then its caption).
    pub media: Option<String>,
}

/// Admin rights that matter to the relay.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rights {
    pub manage_topics: bool,
    pub delete_messages: bool,
    pub pin_messages: bool,
    pub ban_users: bool,
    pub invite_users: bool,
}

/// How the admin came into the group an account created for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdminJoin {
    /// Added and made an admin with every right the help desk needs.
    Promoted,
    /// Added, but Telegram refused the promotion (its error name): they promote themselves.
    NotPromoted { reason: String },
    /// Telegram would not let the account add them (privacy settings): a link to join by.
    InviteLink(String),
}

/// A group as the relay needs to judge it for linking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInfo {
    pub chat_id: i64,
    pub title: String,
    /// Topics are on.
    pub is_forum: bool,
    /// The connected bot's or account's own rights there.
    pub my_rights: Rights,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GatewayError {
    /// The user blocked the bot, or deleted their account.
    #[error("the user blocked the bot or account")]
    Blocked,
    /// The topic was deleted in the group.
    #[error("the topic was deleted")]
    TopicDeleted,
    /// The topic was closed by hand in Telegram.
    #[error("the topic is closed")]
    TopicClosed,
    /// The source chat forbids copying (protected content), or the kind cannot be sent here.
    #[error("the message cannot be copied")]
    CannotCopy,
    #[error("Telegram asks to wait {seconds} s")]
    FloodWait { seconds: u32 },
    /// The session is gone on Telegram's side (ended, or the account itself deleted or banned):
    /// only a new sign-in helps. `reason` is Telegram's error name, which the setup bot shows.
    #[error("the session was revoked ({reason})")]
    SessionRevoked { reason: String },
    #[error("the message or chat no longer exists")]
    NotFound,
    #[error("Telegram cannot be reached")]
    Network,
    /// This exact copy was sent before (its answer was lost): it must not be sent again.
    #[error("this message was sent already")]
    AlreadySent,
    /// Telegram does not let this bot or account do it (a bot writing first, looking up a phone).
    #[error("Telegram does not allow this here")]
    NotAllowed,
    #[error("the file is too large")]
    TooLarge,
    #[error("Telegram answered {0}")]
    Other(String),
}

impl GatewayError {
    /// The session is gone for `reason` (Telegram's error name, e.g. `AUTH_KEY_UNREGISTERED`).
    pub fn revoked(reason: impl Into<String>) -> Self {
        Self::SessionRevoked {
            reason: reason.into(),
        }
    }
}

/// The relay's Telegram: one instance per connection, speaking as its bot or account.
#[async_trait]
pub trait Gateway: Send + Sync {
    async fn me(&self) -> Result<Me, GatewayError>;

    /// The next update; `None` when the connection is gone for good.
    async fn next_update(&self) -> Option<Update>;

    /// Creates a forum topic and returns its id.
    async fn create_topic(
        &self,
        chat_id: i64,
        title: &str,
        icon_color: i32,
    ) -> Result<i64, GatewayError>;

    async fn rename_topic(
        &self,
        chat_id: i64,
        topic_id: i64,
        title: &str,
    ) -> Result<(), GatewayError>;

    /// Reopens a topic closed by hand.
    async fn reopen_topic(&self, chat_id: i64, topic_id: i64) -> Result<(), GatewayError>;

    /// Copies (never forwards: no "forwarded from" header) a message into another chat or topic,
    /// as a reply to `reply_to` there; `note` is a line shown above the copy. Returns the new id.
    /// `dedup` is the same for every attempt at the same copy: Telegram refuses a repeat
    /// (`AlreadySent`) instead of sending the message twice when an earlier answer was lost.
    #[allow(clippy::too_many_arguments)]
    async fn copy_message(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        note: Option<&str>,
        dedup: i64,
    ) -> Result<i64, GatewayError>;

    /// Copies an album (several messages) as one album; returns the new ids in the same order.
    #[allow(clippy::too_many_arguments)]
    async fn copy_album(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        dedup: i64,
    ) -> Result<Vec<i64>, GatewayError>;

    /// Makes an earlier copy show the current content of its original again (edits).
    async fn update_copy(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        copy_id: i64,
    ) -> Result<(), GatewayError>;

    /// Deletes messages the connection sent (copies whose originals were deleted).
    async fn delete_messages(&self, chat_id: i64, msg_ids: &[i64]) -> Result<(), GatewayError>;

    /// Sends an HTML text, in a topic and as a reply when given. Returns the new id.
    async fn send_html(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
    ) -> Result<i64, GatewayError>;

    /// Sends an HTML text with inline buttons under it (bots; accounts cannot send them and get
    /// the text alone). Returns the new id.
    async fn send_buttons(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<i64, GatewayError>;

    /// Replaces the text and buttons of a message the connection sent (no buttons: none left).
    /// Unchanged content is not an error.
    async fn edit_html(
        &self,
        chat_id: i64,
        msg_id: i64,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<(), GatewayError>;

    /// Sends a file (a report, an export) with an HTML caption; a `.png` is sent as a photo
    /// (the /stats dashboard). Returns the new id.
    #[allow(clippy::too_many_arguments)]
    async fn send_document(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        file_name: &str,
        bytes: &[u8],
        caption_html: &str,
    ) -> Result<i64, GatewayError>;

    /// The contents of the file a message carries; its text when it carries none. `TooLarge`
    /// above `max_bytes`.
    async fn download(
        &self,
        chat_id: i64,
        msg_id: i64,
        max_bytes: usize,
    ) -> Result<Vec<u8>, GatewayError>;

    /// Answers a button press, with a short notice for the presser when given.
    async fn answer_callback(&self, query_id: i64, text: Option<&str>) -> Result<(), GatewayError>;

    /// A user this connection may open a dialog with (`/new`): accounts resolve usernames and
    /// import phone numbers as contacts; bots find only users they already know (who started
    /// them), since bots cannot write first (`NotAllowed`). `NotFound` when there is no such user.
    async fn find_user(&self, who: &UserRef) -> Result<Person, GatewayError>;

    /// A user as Telegram shows them now (for /info: name, username, language, premium).
    async fn user_info(&self, user_id: i64) -> Result<Person, GatewayError>;

    async fn group_info(&self, chat_id: i64) -> Result<GroupInfo, GatewayError>;

    /// A member's admin rights in a group (none for a plain member).
    async fn member_rights(&self, chat_id: i64, user_id: i64) -> Result<Rights, GatewayError>;

    /// (Accounts) Creates a supergroup with Topics; its chat id. Only that, so the caller can
    /// record the group before anything else can fail (a retry must never create a second one).
    async fn create_forum_group(&self, title: &str) -> Result<i64, GatewayError>;

    /// (Accounts) Brings `admin` into `chat_id`, a group the account created: adds and promotes
    /// them (found by `username` when the account has never seen them), or answers an invite
    /// link when Telegram refuses the add. Safe to repeat after a
    /// failure part-way (an admin already in, or already promoted, is not an error).
    async fn bring_in_admin(
        &self,
        chat_id: i64,
        admin: i64,
        username: Option<&str>,
    ) -> Result<AdminJoin, GatewayError>;

    /// Ends the session's network tasks, saving what must survive a restart.
    async fn close(&self) {}

    /// Everything handed out by `next_update` so far is handled and recorded (the worker's
    /// window is empty): a restart need not replay it. Until then the session's saved update
    /// state stays behind it, so a crash replays what may have lost its records, and never
    /// skips an update (`grammers_gateway/progress.rs`).
    async fn recorded(&self) {}

    /// Whether Telegram hands this session its own sends to users back as outgoing messages
    /// (MTProto does, for accounts and bots alike): then a copy whose link was lost would come
    /// back looking like a message from another session, unless its intent was written first
    /// (`storage::CopyIntents`).
    fn echoes_own_sends(&self) -> bool {
        false
    }
}

/// A random_id for Telegram that is the same for every attempt at the same send: `parts` mixed
/// into `seed` with a fixed function (not the process's random hasher — a restarted relay must
/// derive the same number, so Telegram refuses a repeat as RANDOM_ID_DUPLICATE).
pub(crate) fn stable_random_id(seed: u64, parts: &[i64]) -> i64 {
    let mut x = seed;
    for part in parts {
        x ^= *part as u64;
        x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x ^= x >> 31;
        x = x.wrapping_mul(0x94D0_49BB_1331_11EB);
        x ^= x >> 29;
    }
    x as i64
}

#[cfg(test)]
mod tests {
    use super::stable_random_id;

    /// The numbers must not change between versions: a relay upgraded between a send and its
    /// retry must derive the same random_id (values computed independently of this code).
    #[test]
    fn stable_random_ids_stay_the_same_across_versions() {
        let copy = stable_random_id(0x9E37_79B9_7F4A_7C15, &[7, -1001, 42, -100_123]);
        assert_eq!(copy, -7_658_565_991_407_996_523);
        let broadcast = stable_random_id(0xB5AD_4ECE_DA1C_E2A9, &[7, 3, 555]);
        assert_eq!(broadcast, -8_438_664_550_213_583_275);
    }
}

//! The relay's [`Gateway`] over real Telegram, with grammers and the connection's stored session.
//!
//! Chat ids are Bot-API style, as the database stores them: a user's id for their private chat,
//! `-100…` for supergroups. Copies are `messages.forwardMessages` with `drop_author`, which sends
//! the content (text with formatting, any media, albums) as the connection's own message with no
//! "forwarded from" header.

use std::sync::Arc;

use account_session::{ClientOptions, OpenClient, StoredSession, client};
use async_trait::async_trait;
use grammers_client::client::UpdateStream;
use grammers_client::update::Update as TgUpdate;
use grammers_mtsender::{InvocationError, UpdatesConfiguration};
use grammers_session::Session as _;
use grammers_session::types::{PeerId, PeerRef};
use grammers_tl_types as tl;
use storage::{ConnectionId, Storage};
use tokio::sync::Mutex;

use crate::gateway::{
    CallbackQuery, Gateway, GatewayError, GroupInfo, GroupMessage, Me, NewGroup, PrivateMessage,
    Rights, Update,
};
use crate::logic::Person;
use crate::logic::broadcast::Button;
use crate::logic::general::UserRef;

/// One connection's MTProto session, speaking as its bot or account.
pub struct GrammersGateway {
    open: Mutex<Option<OpenClient>>,
    core: Arc<Core>,
    me: Me,
    /// The update being received. The supervisor waits for updates in a `select!` beside its
    /// reload and AUTOCLOSE timers, which drops an unfinished `next_update` whenever a timer
    /// fires first; receiving is kept here and resumed by the next call, so an update grammers
    /// has already taken from its stream is never lost that way.
    pending: Mutex<Option<Receiving>>,
}

type Receiving = std::pin::Pin<Box<dyn Future<Output = Option<Update>> + Send>>;

/// What requests and receiving share.
pub struct Core {
    client: grammers_client::Client,
    session: Arc<StoredSession>,
    stream: Mutex<Incoming>,
    own: OwnSends,
}

impl std::ops::Deref for GrammersGateway {
    type Target = Core;

    fn deref(&self) -> &Core {
        &self.core
    }
}

/// What this session sent into private chats itself. Telegram hands a session its own sends back
/// as outgoing messages (grammers feeds the answers' updates into the stream); those must not
/// look like messages from another session (INTERCEPT_EXTERNAL), or a broadcast would copy
/// itself into every user's topic.
#[derive(Default)]
struct OwnSends {
    recent: std::sync::Mutex<std::collections::VecDeque<(i64, i64)>>,
    /// Private sends whose answer has not arrived yet: their echo may come first.
    in_flight: std::sync::atomic::AtomicUsize,
}

/// How many own sends are remembered: far more than arrive between a send and its echo.
const OWN_SENDS: usize = 10_000;

impl OwnSends {
    fn record(&self, chat: i64, ids: &[i64]) {
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        for id in ids {
            recent.push_back((chat, *id));
        }
        while recent.len() > OWN_SENDS {
            recent.pop_front();
        }
    }

    fn contains(&self, chat: i64, id: i64) -> bool {
        self.recent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&(chat, id))
    }

    /// Whether an outgoing private message is one of this session's sends; waits (briefly) for
    /// sends still in flight, whose ids are not known yet.
    async fn is_own(&self, chat: i64, id: i64) -> bool {
        use std::sync::atomic::Ordering;
        for _ in 0..100 {
            if self.contains(chat, id) {
                return true;
            }
            if self.in_flight.load(Ordering::Acquire) == 0 {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        self.contains(chat, id)
    }

    /// Runs a send into `chat`, remembering the ids it produced when it is a private chat.
    async fn track<F: Future<Output = Result<Vec<i64>, GatewayError>>>(
        &self,
        chat: i64,
        send: F,
    ) -> Result<Vec<i64>, GatewayError> {
        use std::sync::atomic::Ordering;
        if chat < 0 {
            return send.await;
        }
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        let result = send.await;
        if let Ok(ids) = &result {
            self.record(chat, ids);
        }
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
        result
    }
}

/// Inline buttons as Telegram's reply markup; `None` without buttons.
fn inline_markup(buttons: &[Vec<Button>]) -> Option<tl::enums::ReplyMarkup> {
    let rows: Vec<tl::enums::KeyboardInlineButtonRow> = buttons
        .iter()
        .filter(|row| !row.is_empty())
        .map(|row| {
            tl::types::KeyboardInlineButtonRow {
                buttons: row
                    .iter()
                    .map(|b| {
                        tl::types::KeyboardInlineButton {
                            style: None,
                            text: b.text.clone(),
                            r#type: tl::types::InlineButtonTypeCallback {
                                requires_password: false,
                                data: b.data.as_bytes().to_vec(),
                            }
                            .into(),
                        }
                        .into()
                    })
                    .collect(),
            }
            .into()
        })
        .collect();
    (!rows.is_empty()).then(|| {
        tl::types::ReplyInlineMarkup {
            force_reply: false,
            rows,
        }
        .into()
    })
}

/// Updates as they arrive, with one mapped update held back while an album is collected.
struct Incoming {
    stream: UpdateStream,
    held: Option<(Update, Option<i64>)>,
}

/// How long to wait for the next part of an album (Telegram sends the parts back to back).
const ALBUM_WINDOW: std::time::Duration = std::time::Duration::from_millis(400);

fn random_id() -> i64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    i64::from_le_bytes(bytes)
}

/// What a failed request means to the relay.
pub fn classify(err: &InvocationError) -> GatewayError {
    match err {
        InvocationError::Rpc(rpc) => match rpc.name.as_str() {
            // Not PEER_ID_INVALID: that is a peer this session lacks the access hash of (our
            // defect, issue 13 defect 3), not a user's decision.
            "USER_IS_BLOCKED" | "INPUT_USER_DEACTIVATED" | "USER_DEACTIVATED" | "USER_IS_BOT" => {
                GatewayError::Blocked
            }
            "TOPIC_DELETED" | "MESSAGE_THREAD_INVALID" | "TOPIC_ID_INVALID" => {
                GatewayError::TopicDeleted
            }
            "TOPIC_CLOSED" => GatewayError::TopicClosed,
            "CHAT_FORWARDS_RESTRICTED"
            | "MEDIA_INVALID"
            | "MEDIA_EMPTY"
            | "MESSAGE_EMPTY"
            | "CHAT_SEND_MEDIA_FORBIDDEN"
            | "CHAT_SEND_PHOTOS_FORBIDDEN"
            | "CHAT_SEND_VOICES_FORBIDDEN"
            | "CHAT_SEND_STICKERS_FORBIDDEN" => GatewayError::CannotCopy,
            "RANDOM_ID_DUPLICATE" => GatewayError::AlreadySent,
            "MESSAGE_ID_INVALID"
            | "MESSAGE_NOT_MODIFIED"
            | "MESSAGE_DELETE_FORBIDDEN"
            | "CHANNEL_INVALID" => GatewayError::NotFound,
            "FLOOD_WAIT" | "FLOOD_PREMIUM_WAIT" | "SLOWMODE_WAIT" => GatewayError::FloodWait {
                seconds: rpc.value.unwrap_or(60),
            },
            _ if rpc.code == 420 => GatewayError::FloodWait {
                seconds: rpc.value.unwrap_or(60),
            },
            _ if rpc.code == 401 => GatewayError::SessionRevoked,
            name => GatewayError::Other(name.to_owned()),
        },
        InvocationError::Io(_) | InvocationError::Dropped(_) | InvocationError::Transport(_) => {
            GatewayError::Network
        }
        other => GatewayError::Other(format!("{other}")),
    }
}

/// Where a message goes inside a forum: a reply to `reply_to` within `topic`, or (without one) a
/// message in the topic, which Telegram expresses as a reply to the topic's root.
fn input_reply_to(topic: Option<i32>, reply_to: Option<i64>) -> Option<tl::enums::InputReplyTo> {
    let reply_to_msg_id = reply_to.and_then(|r| i32::try_from(r).ok()).or(topic)?;
    Some(tl::enums::InputReplyTo::Message(
        tl::types::InputReplyToMessage {
            reply_to_msg_id,
            top_msg_id: topic,
            reply_to_peer_id: None,
            quote_text: None,
            quote_entities: None,
            quote_offset: None,
            monoforum_peer_id: None,
            todo_item_id: None,
            poll_option: None,
        },
    ))
}

fn rights_of(admin: &tl::types::ChatAdminRights) -> Rights {
    Rights {
        manage_topics: admin.manage_topics,
        delete_messages: admin.delete_messages,
        pin_messages: admin.pin_messages,
        ban_users: admin.ban_users,
        invite_users: admin.invite_users,
    }
}

fn person_of(user: &grammers_client::peer::User) -> Person {
    Person {
        id: user.id().bare_id().unwrap_or_default(),
        first_name: user.first_name().unwrap_or_default().to_owned(),
        last_name: user.last_name().map(str::to_owned),
        username: user.username().map(str::to_owned),
        language: user.lang_code().map(str::to_owned),
        is_premium: matches!(&user.raw, tl::enums::User::User(u) if u.premium),
    }
}

/// The topic a group message belongs to, and the message it replies to within that topic.
fn topic_and_reply(header: Option<tl::enums::MessageReplyHeader>) -> (Option<i64>, Option<i64>) {
    let Some(tl::enums::MessageReplyHeader::Header(h)) = header else {
        return (None, None);
    };
    let reply = h.reply_to_msg_id.map(i64::from);
    if !h.forum_topic {
        return (None, reply);
    }
    match h.reply_to_top_id {
        // A reply inside a topic: the top id is the topic, the message id the replied-to message.
        Some(top) => (Some(i64::from(top)), reply),
        // A plain message in a topic "replies" to the topic's root only.
        None => (reply, None),
    }
}

impl GrammersGateway {
    /// Opens the stored session of `connection` and starts receiving its updates, catching up on
    /// what arrived while it was offline.
    pub async fn open(
        storage: &Storage,
        connection: ConnectionId,
        options: &ClientOptions,
    ) -> Result<Self, GatewayError> {
        let session = StoredSession::load(storage, connection)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?
            .ok_or(GatewayError::SessionRevoked)?;
        let mut open = client::open(Arc::new(session), options);
        let client = open.client.clone();
        let session = Arc::clone(open.session());
        let updates = open
            .updates
            .take()
            .ok_or_else(|| GatewayError::Other("updates already taken".into()))?;
        let stream = client
            .stream_updates(updates, UpdatesConfiguration { catch_up: true })
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        let user = client.get_me().await.map_err(|e| classify(&e))?;
        let me = Me {
            id: user.id().bare_id().unwrap_or_default(),
            username: user.username().map(str::to_owned),
            title: user.first_name().unwrap_or_default().to_owned(),
            is_bot: user.is_bot(),
        };
        Ok(Self {
            open: Mutex::new(Some(open)),
            core: Arc::new(Core {
                client,
                session,
                stream: Mutex::new(Incoming { stream, held: None }),
                own: OwnSends::default(),
            }),
            me,
            pending: Mutex::new(None),
        })
    }

    /// Closes the session with its update state saved.
    pub async fn close(&self) {
        // An unfinished receive holds the stream, and may hold an update taken from it that
        // was never handed over: then the state saved before it stands (a replay is absorbed
        // by the message links; a skip would be a loss).
        let interrupted = self.pending.lock().await.take().is_some();
        let incoming = self.stream.lock().await;
        if !interrupted
            && incoming.held.is_none()
            && let Err(err) = incoming.stream.sync_update_state().await
        {
            tracing::warn!(error = %err, "keeping the update state on close");
        }
        drop(incoming);
        if let Some(open) = self.open.lock().await.take()
            && let Err(err) = open.close().await
        {
            tracing::warn!(error = %err, "saving the session on close");
        }
    }
}

impl Core {
    async fn peer(&self, chat_id: i64) -> Result<PeerRef, GatewayError> {
        let id = PeerId::from_bot_api_dialog_id(chat_id).ok_or(GatewayError::NotFound)?;
        let known = self
            .session
            .peer_ref(id)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        Ok(known.unwrap_or_else(|| id.to_ambient_ref()))
    }

    async fn input_peer(&self, chat_id: i64) -> Result<tl::enums::InputPeer, GatewayError> {
        Ok(self.peer(chat_id).await?.into())
    }

    async fn input_channel(&self, chat_id: i64) -> Result<tl::enums::InputChannel, GatewayError> {
        Ok(self.peer(chat_id).await?.into())
    }

    async fn invoke<R: tl::RemoteCall>(&self, request: &R) -> Result<R::Return, GatewayError> {
        self.client.invoke(request).await.map_err(|e| classify(&e))
    }

    /// `messages.forwardMessages` with `drop_author`: copies (one message, or an album in one
    /// request so it stays an album), in a topic when given. New ids, in order. Never a reply:
    /// forwardMessages' `reply_to` takes only `inputReplyToMonoForum` and excludes `top_msg_id`
    /// (core.telegram.org/method/messages.forwardMessages); replies go through
    /// [`Self::send_copy_as_reply`].
    async fn forward(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        to_chat: i64,
        topic_id: Option<i64>,
        dedup: i64,
    ) -> Result<Vec<i64>, GatewayError> {
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let id: Vec<i32> = msg_ids
            .iter()
            .map(|m| i32::try_from(*m).map_err(|_| GatewayError::NotFound))
            .collect::<Result<_, _>>()?;
        // Derived from `dedup`, so a retried copy carries the same random ids and Telegram refuses
        // it as a duplicate (RANDOM_ID_DUPLICATE) instead of sending it twice.
        let random_ids: Vec<i64> = (0..id.len() as i64)
            .map(|n| dedup.wrapping_add(n))
            .collect();
        let request = tl::functions::messages::ForwardMessages {
            silent: false,
            background: false,
            with_my_score: false,
            drop_author: true,
            drop_media_captions: false,
            noforwards: false,
            allow_paid_floodskip: false,
            from_ephemeral: false,
            from_peer: self.input_peer(from_chat).await?,
            id,
            random_id: random_ids.clone(),
            to_peer: self.input_peer(to_chat).await?,
            top_msg_id: topic,
            reply_to: None,
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            video_timestamp: None,
            allow_paid_stars: None,
            suggested_post: None,
        };
        self.own
            .track(to_chat, async {
                let updates = self.invoke(&request).await?;
                random_ids
                    .iter()
                    .map(|r| {
                        Self::new_message_id(&updates, *r).ok_or_else(|| {
                            GatewayError::Other("no message id in the answer".into())
                        })
                    })
                    .collect()
            })
            .await
    }

    /// The message `msg_id` of `from_chat` as Telegram stores it.
    async fn source_message(
        &self,
        from_chat: i64,
        msg_id: i64,
    ) -> Result<tl::types::Message, GatewayError> {
        let id = vec![tl::enums::InputMessage::Id(tl::types::InputMessageId {
            id: i32::try_from(msg_id).map_err(|_| GatewayError::NotFound)?,
        })];
        let answer = if from_chat < 0 {
            self.invoke(&tl::functions::channels::GetMessages {
                channel: self.input_channel(from_chat).await?,
                id,
            })
            .await?
        } else {
            self.invoke(&tl::functions::messages::GetMessages { id })
                .await?
        };
        let messages = match answer {
            tl::enums::messages::Messages::Messages(m) => m.messages,
            tl::enums::messages::Messages::Slice(m) => m.messages,
            tl::enums::messages::Messages::ChannelMessages(m) => m.messages,
            tl::enums::messages::Messages::NotModified(_) => Vec::new(),
        };
        match messages.into_iter().next() {
            Some(tl::enums::Message::Message(source)) => Ok(source),
            _ => Err(GatewayError::NotFound),
        }
    }

    /// A copy that replies to `reply_to`: a forward cannot be a reply, so a text is sent anew
    /// (text and entities kept) as a reply inside the topic. `None` for media, which is still
    /// forwarded without the reply link (issue 13: sendMedia with the source's media is the
    /// rest of that fix).
    async fn send_copy_as_reply(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: i64,
        dedup: i64,
    ) -> Result<Option<i64>, GatewayError> {
        let source = self.source_message(from_chat, msg_id).await?;
        if source.media.is_some() || source.message.is_empty() {
            return Ok(None);
        }
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let request = tl::functions::messages::SendMessage {
            no_webpage: false,
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: source.invert_media,
            allow_paid_floodskip: false,
            peer: self.input_peer(to_chat).await?,
            reply_to: input_reply_to(topic, Some(reply_to)),
            message: source.message,
            // The same random id on every attempt, as for forwards: a retry is refused as a
            // duplicate instead of sent twice.
            random_id: dedup,
            reply_markup: None,
            entities: source.entities,
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
            suggested_post: None,
            rich_message: None,
        };
        self.send_request(to_chat, &request, dedup).await.map(Some)
    }

    /// Sends a request that creates one message and returns its id, remembering it as the
    /// session's own when it went to a private chat.
    async fn send_request<R>(
        &self,
        chat_id: i64,
        request: &R,
        random_id: i64,
    ) -> Result<i64, GatewayError>
    where
        R: tl::RemoteCall<Return = tl::enums::Updates>,
    {
        let ids = self
            .own
            .track(chat_id, async {
                let updates = self.invoke(request).await?;
                Self::new_message_id(&updates, random_id)
                    .map(|id| vec![id])
                    .ok_or_else(|| GatewayError::Other("no message id in the answer".into()))
            })
            .await?;
        ids.into_iter()
            .next()
            .ok_or_else(|| GatewayError::Other("no message id in the answer".into()))
    }

    /// The id of the message a request created, from its `Updates` answer.
    fn new_message_id(updates: &tl::enums::Updates, random_id: i64) -> Option<i64> {
        let list: &[tl::enums::Update] = match updates {
            tl::enums::Updates::Updates(u) => &u.updates,
            tl::enums::Updates::Combined(u) => &u.updates,
            tl::enums::Updates::UpdateShortSentMessage(m) => return Some(i64::from(m.id)),
            _ => return None,
        };
        list.iter().find_map(|u| match u {
            tl::enums::Update::MessageId(m) if m.random_id == random_id => Some(i64::from(m.id)),
            _ => None,
        })
    }

    /// The sender of a private message from a user this session holds no access hash for, with
    /// their hash cached from now on: accounts receive strangers' texts as `updateShortMessage`,
    /// which names no user, and grammers does not fetch missing peers. A private message fetched
    /// by id carries its sender (issue 13 defect 3). `None` when the user is known already, or
    /// when the lookup fails (the message is then handled with what is known).
    async fn resolve_stranger(&self, user: i64, msg_id: i64) -> Option<Person> {
        use grammers_session::types::{PeerAuth, PeerInfo};
        let id = PeerId::user(user)?;
        if self.session.peer_ref(id).await.ok()?.is_some() {
            return None;
        }
        let request = tl::functions::messages::GetMessages {
            id: vec![tl::enums::InputMessage::Id(tl::types::InputMessageId {
                id: i32::try_from(msg_id).ok()?,
            })],
        };
        let users = match self.invoke(&request).await {
            Ok(tl::enums::messages::Messages::Messages(m)) => m.users,
            Ok(tl::enums::messages::Messages::Slice(m)) => m.users,
            Ok(tl::enums::messages::Messages::ChannelMessages(m)) => m.users,
            Ok(tl::enums::messages::Messages::NotModified(_)) => Vec::new(),
            Err(err) => {
                tracing::warn!(error = %err, "looking up the sender of a private message");
                return None;
            }
        };
        let u = users.into_iter().find_map(|u| match u {
            tl::enums::User::User(u) if u.id == user => Some(u),
            _ => None,
        })?;
        let info = PeerInfo::User {
            id: u.id,
            auth: u.access_hash.map(PeerAuth::from_hash),
            bot: Some(u.bot),
            is_self: Some(false),
        };
        if let Err(err) = self.session.cache_peer(info).await {
            tracing::warn!(error = %err, "caching the sender of a private message");
        }
        Some(Person {
            id: u.id,
            first_name: u.first_name.unwrap_or_default(),
            last_name: u.last_name,
            username: u.username,
            language: u.lang_code,
            is_premium: u.premium,
        })
    }

    /// The next update the relay cares about; `None` once the session is gone.
    async fn receive(&self, stream: &mut UpdateStream) -> Option<(Update, Option<i64>)> {
        loop {
            // grammers keeps pts/qts/seq inside the stream; hand them to the session (memory
            // only; its flusher writes them) so a restart resumes from here instead of
            // replaying history (issue 13 defect 2). Before taking the next update: what was
            // taken so far has been handled (or ignored), so a crash loses nothing.
            if let Err(err) = stream.sync_update_state().await {
                tracing::warn!(error = %err, "keeping the update state");
            }
            match stream.next().await {
                Ok(update) => {
                    if let Some(mut mapped) = self.map_update(update) {
                        if let (Update::Private(m), _) = &mut mapped
                            && let Some(person) = self.resolve_stranger(m.user.id, m.msg_id).await
                        {
                            m.user = person;
                        }
                        if let (Update::Private(m), _) = &mapped
                            && m.outgoing
                            && self.own.is_own(m.user.id, m.msg_id).await
                        {
                            continue; // the relay's own send, handed back
                        }
                        return Some(mapped);
                    }
                }
                Err(err) => match classify(&err) {
                    GatewayError::SessionRevoked => return None,
                    other => {
                        tracing::warn!(error = %other, "receiving updates; retrying");
                        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                    }
                },
            }
        }
    }

    /// The relay's view of an update, with the album (grouped id) it belongs to.
    fn map_update(&self, update: TgUpdate) -> Option<(Update, Option<i64>)> {
        match update {
            TgUpdate::NewMessage(message) => {
                if message.action().is_some() {
                    return None; // service messages (topic created, member joined, …)
                }
                let chat = message.peer_id();
                let msg_id = i64::from(message.id());
                let grouped = message.grouped_id();
                if let Some(user) = chat
                    .bare_id()
                    .filter(|_| chat.kind() == grammers_session::types::PeerKind::User)
                {
                    let person = match message.peer() {
                        Some(grammers_client::peer::Peer::User(u)) => person_of(u),
                        _ => Person {
                            id: user,
                            first_name: String::new(),
                            last_name: None,
                            username: None,
                            language: None,
                            is_premium: false,
                        },
                    };
                    return Some((
                        Update::Private(PrivateMessage {
                            user: person,
                            msg_id,
                            outgoing: message.outgoing(),
                            text: message.text().to_owned(),
                            reply_to: message.reply_to_message_id().map(i64::from),
                            album: Vec::new(),
                        }),
                        grouped,
                    ));
                }
                let sender = match message.sender() {
                    Some(grammers_client::peer::Peer::User(u)) => person_of(u),
                    _ => return None, // anonymous admins and channels are not operators the relay can answer for
                };
                let (topic_id, reply_to) = topic_and_reply(message.reply_header());
                Some((
                    Update::Group(GroupMessage {
                        chat_id: chat.bot_api_dialog_id()?,
                        topic_id,
                        sender,
                        msg_id,
                        text: message.text().to_owned(),
                        reply_to,
                        album: Vec::new(),
                    }),
                    grouped,
                ))
            }
            TgUpdate::MessageEdited(message) => {
                let chat = message.peer_id();
                let chat_id = if chat.kind() == grammers_session::types::PeerKind::User {
                    chat.bare_id()?
                } else {
                    chat.bot_api_dialog_id()?
                };
                Some((
                    Update::Edited {
                        chat_id,
                        msg_id: i64::from(message.id()),
                    },
                    None,
                ))
            }
            TgUpdate::CallbackQuery(query) => {
                let tl::enums::Update::BotCallbackQuery(raw) = &query.raw else {
                    return None; // inline-mode messages: the relay sends none
                };
                let sender = match query.sender() {
                    Some(grammers_client::peer::Peer::User(u)) => person_of(u),
                    _ => Person {
                        id: raw.user_id,
                        first_name: String::new(),
                        last_name: None,
                        username: None,
                        language: None,
                        is_premium: false,
                    },
                };
                Some((
                    Update::Callback(CallbackQuery {
                        query_id: raw.query_id,
                        chat_id: query.peer_id().bot_api_dialog_id()?,
                        msg_id: i64::from(raw.msg_id),
                        sender,
                        data: query.data().to_vec(),
                    }),
                    None,
                ))
            }
            TgUpdate::MessageDeleted(deletion) => {
                let chat_id = deletion
                    .channel_id()
                    .and_then(|c| PeerId::channel(c)?.bot_api_dialog_id());
                Some((
                    Update::Deleted {
                        chat_id,
                        msg_ids: deletion.messages().iter().map(|m| i64::from(*m)).collect(),
                    },
                    None,
                ))
            }
            _ => None,
        }
    }
}

impl Core {
    /// The next update, with an album's parts collected into it.
    async fn receive_next(self: Arc<Self>) -> Option<Update> {
        let mut incoming = self.stream.lock().await;
        let (mut first, grouped) = match incoming.held.take() {
            Some(held) => held,
            None => self.receive(&mut incoming.stream).await?,
        };
        let Some(grouped) = grouped else {
            return Some(first);
        };
        // Collect the album's other parts, which arrive back to back.
        loop {
            match tokio::time::timeout(ALBUM_WINDOW, self.receive(&mut incoming.stream)).await {
                Ok(Some((next, Some(g)))) if g == grouped => match (&mut first, next) {
                    (Update::Private(a), Update::Private(b)) => a.album.push(b.msg_id),
                    (Update::Group(a), Update::Group(b)) => a.album.push(b.msg_id),
                    (_, other) => {
                        incoming.held = Some((other, Some(g)));
                        break;
                    }
                },
                Ok(Some(other)) => {
                    incoming.held = Some(other);
                    break;
                }
                Ok(None) | Err(_) => break,
            }
        }
        Some(first)
    }
}

#[async_trait]
impl Gateway for GrammersGateway {
    async fn me(&self) -> Result<Me, GatewayError> {
        Ok(self.me.clone())
    }

    async fn next_update(&self) -> Option<Update> {
        let mut pending = self.pending.lock().await;
        let receiving =
            pending.get_or_insert_with(|| Box::pin(Arc::clone(&self.core).receive_next()));
        let update = receiving.await;
        *pending = None;
        update
    }

    async fn create_topic(
        &self,
        chat_id: i64,
        title: &str,
        icon_color: i32,
    ) -> Result<i64, GatewayError> {
        let random_id = random_id();
        let request = tl::functions::messages::CreateForumTopic {
            title_missing: false,
            peer: self.input_peer(chat_id).await?,
            title: title.to_owned(),
            icon_color: Some(icon_color),
            icon_emoji_id: None,
            random_id,
            send_as: None,
        };
        let updates = self.invoke(&request).await?;
        // The topic's id is the id of the service message that created it.
        Core::new_message_id(&updates, random_id)
            .ok_or_else(|| GatewayError::Other("no topic id in the answer".into()))
    }

    async fn rename_topic(
        &self,
        chat_id: i64,
        topic_id: i64,
        title: &str,
    ) -> Result<(), GatewayError> {
        let request = tl::functions::messages::EditForumTopic {
            peer: self.input_peer(chat_id).await?,
            topic_id: i32::try_from(topic_id).map_err(|_| GatewayError::TopicDeleted)?,
            title: Some(title.to_owned()),
            icon_emoji_id: None,
            closed: None,
            hidden: None,
        };
        match self.invoke(&request).await {
            Ok(_) => Ok(()),
            // The title is already this one.
            Err(GatewayError::Other(name)) if name == "TOPIC_NOT_MODIFIED" => Ok(()),
            Err(err) => Err(err),
        }
    }

    async fn reopen_topic(&self, chat_id: i64, topic_id: i64) -> Result<(), GatewayError> {
        let request = tl::functions::messages::EditForumTopic {
            peer: self.input_peer(chat_id).await?,
            topic_id: i32::try_from(topic_id).map_err(|_| GatewayError::TopicDeleted)?,
            title: None,
            icon_emoji_id: None,
            closed: Some(false),
            hidden: None,
        };
        self.invoke(&request).await.map(|_| ())
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
        if let Some(note) = note {
            self.send_html(to_chat, topic_id, None, note).await?;
        }
        if let Some(reply_to) = reply_to
            && let Some(id) = self
                .send_copy_as_reply(from_chat, msg_id, to_chat, topic_id, reply_to, dedup)
                .await?
        {
            return Ok(id);
        }
        let ids = self
            .forward(from_chat, &[msg_id], to_chat, topic_id, dedup)
            .await?;
        ids.into_iter()
            .next()
            .ok_or_else(|| GatewayError::Other("no message id in the answer".into()))
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
        // An album stays an album only as a forward, which cannot reply (see `forward`).
        let _ = reply_to;
        self.forward(from_chat, msg_ids, to_chat, topic_id, dedup)
            .await
    }

    async fn update_copy(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        copy_id: i64,
    ) -> Result<(), GatewayError> {
        let source = self.source_message(from_chat, msg_id).await?;
        // Text and caption edits (what people fix); a replaced photo stays as first sent.
        let request = tl::functions::messages::EditMessage {
            no_webpage: false,
            invert_media: false,
            peer: self.input_peer(to_chat).await?,
            id: i32::try_from(copy_id).map_err(|_| GatewayError::NotFound)?,
            message: Some(source.message),
            media: None,
            reply_markup: None,
            entities: source.entities,
            schedule_date: None,
            schedule_repeat_period: None,
            quick_reply_shortcut_id: None,
            rich_message: None,
        };
        match self.invoke(&request).await {
            Err(GatewayError::NotFound) | Ok(_) => Ok(()),
            Err(err) => Err(err),
        }
    }

    async fn delete_messages(&self, chat_id: i64, msg_ids: &[i64]) -> Result<(), GatewayError> {
        let id: Vec<i32> = msg_ids
            .iter()
            .filter_map(|m| i32::try_from(*m).ok())
            .collect();
        if chat_id < 0 {
            self.invoke(&tl::functions::channels::DeleteMessages {
                channel: self.input_channel(chat_id).await?,
                id,
            })
            .await?;
        } else {
            self.invoke(&tl::functions::messages::DeleteMessages { revoke: true, id })
                .await?;
        }
        Ok(())
    }

    async fn send_html(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
    ) -> Result<i64, GatewayError> {
        let (message, entities) = grammers_client::parsers::parse_html_message(html);
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let reply = input_reply_to(topic, reply_to);
        let random_id = random_id();
        let request = tl::functions::messages::SendMessage {
            no_webpage: true,
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: self.input_peer(chat_id).await?,
            reply_to: reply,
            message,
            random_id,
            reply_markup: None,
            entities: (!entities.is_empty()).then_some(entities),
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
            suggested_post: None,
            rich_message: None,
        };
        self.send_request(chat_id, &request, random_id).await
    }

    async fn send_buttons(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<i64, GatewayError> {
        let markup = if self.me.is_bot {
            inline_markup(buttons)
        } else {
            None // accounts cannot send inline keyboards; the text says what to type instead
        };
        let (message, entities) = grammers_client::parsers::parse_html_message(html);
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let random_id = random_id();
        let request = tl::functions::messages::SendMessage {
            no_webpage: true,
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: self.input_peer(chat_id).await?,
            reply_to: input_reply_to(topic, reply_to),
            message,
            random_id,
            reply_markup: markup,
            entities: (!entities.is_empty()).then_some(entities),
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
            suggested_post: None,
            rich_message: None,
        };
        self.send_request(chat_id, &request, random_id).await
    }

    async fn edit_html(
        &self,
        chat_id: i64,
        msg_id: i64,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<(), GatewayError> {
        let (message, entities) = grammers_client::parsers::parse_html_message(html);
        let request = tl::functions::messages::EditMessage {
            no_webpage: true,
            invert_media: false,
            peer: self.input_peer(chat_id).await?,
            id: i32::try_from(msg_id).map_err(|_| GatewayError::NotFound)?,
            message: Some(message),
            media: None,
            // Without markup Telegram removes the buttons, which is what a finished card wants.
            reply_markup: if self.me.is_bot {
                inline_markup(buttons)
            } else {
                None
            },
            entities: (!entities.is_empty()).then_some(entities),
            schedule_date: None,
            schedule_repeat_period: None,
            quick_reply_shortcut_id: None,
            rich_message: None,
        };
        match self.client.invoke(&request).await {
            Ok(_) => Ok(()),
            Err(InvocationError::Rpc(rpc)) if rpc.name == "MESSAGE_NOT_MODIFIED" => Ok(()),
            Err(err) => Err(classify(&err)),
        }
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
        let mut stream = std::io::Cursor::new(bytes);
        let uploaded = self
            .client
            .upload_stream(&mut stream, bytes.len(), file_name.to_owned())
            .await
            .map_err(|e| match e.kind() {
                std::io::ErrorKind::Other => GatewayError::Network,
                _ => GatewayError::Other(e.to_string()),
            })?;
        let media: tl::enums::InputMedia = if file_name.ends_with(".png") {
            // A picture (the /stats dashboard) goes as a photo, shown inline.
            tl::types::InputMediaUploadedPhoto {
                spoiler: false,
                live_photo: false,
                file: uploaded.raw,
                stickers: None,
                ttl_seconds: None,
                video: None,
            }
            .into()
        } else {
            let mime = if file_name.ends_with(".json") {
                "application/json"
            } else {
                "text/csv"
            };
            tl::types::InputMediaUploadedDocument {
                nosound_video: false,
                force_file: true,
                spoiler: false,
                file: uploaded.raw,
                thumb: None,
                mime_type: mime.to_owned(),
                attributes: vec![
                    tl::types::DocumentAttributeFilename {
                        file_name: file_name.to_owned(),
                    }
                    .into(),
                ],
                stickers: None,
                video_cover: None,
                video_timestamp: None,
                ttl_seconds: None,
            }
            .into()
        };
        let (message, entities) = grammers_client::parsers::parse_html_message(caption_html);
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let random_id = random_id();
        let request = tl::functions::messages::SendMedia {
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: self.input_peer(chat_id).await?,
            reply_to: input_reply_to(topic, reply_to),
            media,
            message,
            random_id,
            reply_markup: None,
            entities: (!entities.is_empty()).then_some(entities),
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
            suggested_post: None,
        };
        self.send_request(chat_id, &request, random_id).await
    }

    async fn download(
        &self,
        chat_id: i64,
        msg_id: i64,
        max_bytes: usize,
    ) -> Result<Vec<u8>, GatewayError> {
        let peer = self.peer(chat_id).await?;
        let id = i32::try_from(msg_id).map_err(|_| GatewayError::NotFound)?;
        let message = self
            .client
            .get_messages_by_id(peer, &[id])
            .await
            .map_err(|e| classify(&e))?
            .into_iter()
            .next()
            .flatten()
            .ok_or(GatewayError::NotFound)?;
        let Some(media) = message.media() else {
            return Ok(message.text().as_bytes().to_vec());
        };
        let mut chunks = self.client.iter_download(&media);
        let mut bytes = Vec::new();
        while let Some(chunk) = chunks.next().await.map_err(|e| classify(&e))? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > max_bytes {
                return Err(GatewayError::TooLarge);
            }
        }
        Ok(bytes)
    }

    async fn answer_callback(&self, query_id: i64, text: Option<&str>) -> Result<(), GatewayError> {
        self.invoke(&tl::functions::messages::SetBotCallbackAnswer {
            alert: false,
            query_id,
            message: text.map(str::to_owned),
            url: None,
            cache_time: 0,
        })
        .await
        .map(|_| ())
    }

    async fn find_user(&self, who: &UserRef) -> Result<Person, GatewayError> {
        use grammers_session::types::{PeerAuth, PeerInfo};
        let user = match who {
            UserRef::Phone(_) if self.me.is_bot => return Err(GatewayError::NotAllowed),
            UserRef::Phone(phone) => {
                let request = tl::functions::contacts::ImportContacts {
                    contacts: vec![
                        tl::types::InputPhoneContact {
                            client_id: 0,
                            phone: phone.clone(),
                            first_name: phone.clone(),
                            last_name: String::new(),
                            note: None,
                        }
                        .into(),
                    ],
                };
                let tl::enums::contacts::ImportedContacts::Contacts(imported) =
                    self.invoke(&request).await?;
                imported.users.into_iter().next()
            }
            UserRef::Username(name) => {
                // Raw, so a bot's lookup does not make the user "known" by itself.
                let request = tl::functions::contacts::ResolveUsername {
                    username: name.clone(),
                    referer: None,
                };
                match self.invoke(&request).await {
                    Ok(tl::enums::contacts::ResolvedPeer::Peer(p)) => p.users.into_iter().next(),
                    Err(GatewayError::Other(name)) if name == "USERNAME_NOT_OCCUPIED" => None,
                    Err(GatewayError::Other(name)) if name == "USERNAME_INVALID" => None,
                    Err(err) => return Err(err),
                }
            }
            UserRef::Id(id) => {
                let known = PeerId::user(*id).ok_or(GatewayError::NotFound)?;
                if self
                    .session
                    .peer_ref(known)
                    .await
                    .map_err(|e| GatewayError::Other(e.to_string()))?
                    .is_none()
                {
                    // Without an access hash Telegram answers nothing about a user.
                    return Err(GatewayError::NotFound);
                }
                return self.user_info(*id).await;
            }
        };
        let Some(tl::enums::User::User(user)) = user else {
            return Err(GatewayError::NotFound);
        };
        if user.bot {
            return Err(GatewayError::NotAllowed);
        }
        let id = PeerId::user(user.id).ok_or(GatewayError::NotFound)?;
        let known = self
            .session
            .peer_ref(id)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?
            .is_some();
        if self.me.is_bot && !known {
            // A bot may only write to users who started it, and those it has seen.
            return Err(GatewayError::NotAllowed);
        }
        if !known {
            self.session
                .cache_peer(PeerInfo::User {
                    id: user.id,
                    auth: user.access_hash.map(PeerAuth::from_hash),
                    bot: Some(user.bot),
                    is_self: Some(false),
                })
                .await
                .map_err(|e| GatewayError::Other(e.to_string()))?;
        }
        Ok(Person {
            id: user.id,
            first_name: user.first_name.unwrap_or_default(),
            last_name: user.last_name,
            username: user.username,
            language: user.lang_code,
            is_premium: user.premium,
        })
    }

    async fn user_info(&self, user_id: i64) -> Result<Person, GatewayError> {
        let user: tl::enums::InputUser = self.peer(user_id).await?.into();
        let users = self
            .invoke(&tl::functions::users::GetUsers { id: vec![user] })
            .await?;
        match users.into_iter().next() {
            Some(tl::enums::User::User(u)) => Ok(Person {
                id: u.id,
                first_name: u.first_name.unwrap_or_default(),
                last_name: u.last_name,
                username: u.username,
                language: u.lang_code,
                is_premium: u.premium,
            }),
            _ => Err(GatewayError::NotFound),
        }
    }

    async fn group_info(&self, chat_id: i64) -> Result<GroupInfo, GatewayError> {
        let channel = self.input_channel(chat_id).await?;
        let chats = match self
            .invoke(&tl::functions::channels::GetChannels { id: vec![channel] })
            .await?
        {
            tl::enums::messages::Chats::Chats(c) => c.chats,
            tl::enums::messages::Chats::Slice(c) => c.chats,
        };
        let Some(tl::enums::Chat::Channel(channel)) = chats.into_iter().next() else {
            return Err(GatewayError::NotFound);
        };
        let my_rights = if channel.creator {
            Rights {
                manage_topics: true,
                delete_messages: true,
                pin_messages: true,
                ban_users: true,
                invite_users: true,
            }
        } else {
            channel
                .admin_rights
                .as_ref()
                .map(|r| match r {
                    tl::enums::ChatAdminRights::Rights(r) => rights_of(r),
                })
                .unwrap_or_default()
        };
        Ok(GroupInfo {
            chat_id,
            title: channel.title,
            is_forum: channel.forum,
            my_rights,
        })
    }

    async fn close(&self) {
        GrammersGateway::close(self).await;
    }

    async fn create_forum_group(&self, title: &str, admin: i64) -> Result<NewGroup, GatewayError> {
        use grammers_session::types::{ChannelKind, PeerAuth, PeerInfo};
        let request = tl::functions::channels::CreateChannel {
            broadcast: false,
            megagroup: true,
            for_import: false,
            forum: true,
            title: title.to_owned(),
            about: String::new(),
            geo_point: None,
            address: None,
            ttl_period: None,
        };
        let chats = match self.invoke(&request).await? {
            tl::enums::Updates::Updates(u) => u.chats,
            tl::enums::Updates::Combined(u) => u.chats,
            _ => Vec::new(),
        };
        let Some(tl::enums::Chat::Channel(channel)) = chats
            .into_iter()
            .find(|c| matches!(c, tl::enums::Chat::Channel(_)))
        else {
            return Err(GatewayError::Other("no channel in the answer".into()));
        };
        // Raw requests do not cache peers by themselves: remember the new group's access hash.
        let info = PeerInfo::Channel {
            id: channel.id,
            auth: channel.access_hash.map(PeerAuth::from_hash),
            kind: Some(ChannelKind::Megagroup),
        };
        self.session
            .cache_peer(info)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?;
        let chat_id = PeerId::channel(channel.id)
            .and_then(PeerId::bot_api_dialog_id)
            .ok_or(GatewayError::NotFound)?;
        let input_channel = self.input_channel(chat_id).await?;
        let admin_ref = self.peer(admin).await?;
        let invited = self
            .invoke(&tl::functions::channels::InviteToChannel {
                channel: input_channel.clone(),
                users: vec![admin_ref.into()],
            })
            .await;
        let added = match invited {
            Ok(tl::enums::messages::InvitedUsers::Users(users)) => {
                users.missing_invitees.is_empty()
            }
            Err(GatewayError::FloodWait { seconds }) => {
                return Err(GatewayError::FloodWait { seconds });
            }
            Err(_) => false,
        };
        if added {
            let rights = tl::types::ChatAdminRights {
                change_info: true,
                post_messages: false,
                edit_messages: false,
                delete_messages: true,
                ban_users: true,
                invite_users: true,
                pin_messages: true,
                add_admins: true,
                anonymous: false,
                manage_call: true,
                other: true,
                manage_topics: true,
                post_stories: false,
                edit_stories: false,
                delete_stories: false,
                manage_direct_messages: false,
                manage_ranks: false,
                manage_linked_peers: false,
                manage_welcome_messages: false,
            };
            let promote = tl::functions::channels::EditAdmin {
                channel: input_channel,
                user_id: admin_ref.into(),
                admin_rights: rights.into(),
                rank: None,
            };
            self.invoke(&promote).await?;
            return Ok(NewGroup {
                chat_id,
                admin_added: true,
                invite_link: None,
            });
        }
        let invite = tl::functions::messages::ExportChatInvite {
            legacy_revoke_permanent: false,
            request_needed: false,
            peer: self.input_peer(chat_id).await?,
            expire_date: None,
            usage_limit: None,
            title: None,
            subscription_pricing: None,
        };
        let link = match self.invoke(&invite).await? {
            tl::enums::ExportedChatInvite::ChatInviteExported(invite) => Some(invite.link),
            _ => None,
        };
        Ok(NewGroup {
            chat_id,
            admin_added: false,
            invite_link: link,
        })
    }

    async fn member_rights(&self, chat_id: i64, user_id: i64) -> Result<Rights, GatewayError> {
        let request = tl::functions::channels::GetParticipant {
            channel: self.input_channel(chat_id).await?,
            participant: self.input_peer(user_id).await?,
        };
        let tl::enums::channels::ChannelParticipant::Participant(answer) =
            self.invoke(&request).await?;
        Ok(match answer.participant {
            tl::enums::ChannelParticipant::Creator(c) => match c.admin_rights {
                tl::enums::ChatAdminRights::Rights(r) => Rights {
                    ban_users: true,
                    ..rights_of(&r)
                },
            },
            tl::enums::ChannelParticipant::Admin(a) => match a.admin_rights {
                tl::enums::ChatAdminRights::Rights(r) => rights_of(&r),
            },
            _ => Rights::default(),
        })
    }
}

/// Opens real sessions for the supervisor.
pub struct GrammersFactory {
    pub storage: Storage,
    pub options: ClientOptions,
}

#[async_trait]
impl crate::supervisor::GatewayFactory for GrammersFactory {
    async fn open(
        &self,
        connection: &storage::Connection,
    ) -> Result<Arc<dyn Gateway>, GatewayError> {
        Ok(Arc::new(
            GrammersGateway::open(&self.storage, connection.id, &self.options).await?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rpc(code: i32, message: &str) -> InvocationError {
        InvocationError::Rpc(grammers_mtsender::RpcError::from(tl::types::RpcError {
            error_code: code,
            error_message: message.into(),
        }))
    }

    #[test]
    fn telegram_errors_become_what_the_worker_acts_on() {
        assert_eq!(
            classify(&rpc(403, "USER_IS_BLOCKED")),
            GatewayError::Blocked
        );
        assert_eq!(
            classify(&rpc(400, "PEER_ID_INVALID")),
            GatewayError::Other("PEER_ID_INVALID".into()),
            "a missing access hash is not a block"
        );
        assert_eq!(
            classify(&rpc(400, "TOPIC_DELETED")),
            GatewayError::TopicDeleted
        );
        assert_eq!(
            classify(&rpc(400, "TOPIC_CLOSED")),
            GatewayError::TopicClosed
        );
        assert_eq!(
            classify(&rpc(400, "CHAT_FORWARDS_RESTRICTED")),
            GatewayError::CannotCopy
        );
        assert_eq!(
            classify(&rpc(420, "FLOOD_WAIT_17")),
            GatewayError::FloodWait { seconds: 17 }
        );
        assert_eq!(
            classify(&rpc(401, "AUTH_KEY_UNREGISTERED")),
            GatewayError::SessionRevoked
        );
        assert_eq!(
            classify(&InvocationError::Io(std::io::Error::other("reset"))),
            GatewayError::Network
        );
        assert_eq!(
            classify(&rpc(400, "SOMETHING_ELSE")),
            GatewayError::Other("SOMETHING_ELSE".into())
        );
    }

    fn header(
        forum_topic: bool,
        msg: Option<i32>,
        top: Option<i32>,
    ) -> Option<tl::enums::MessageReplyHeader> {
        Some(tl::enums::MessageReplyHeader::Header(
            tl::types::MessageReplyHeader {
                reply_to_scheduled: false,
                forum_topic,
                quote: false,
                reply_to_ephemeral: false,
                reply_to_msg_id: msg,
                reply_to_peer_id: None,
                reply_from: None,
                reply_media: None,
                reply_to_top_id: top,
                quote_text: None,
                quote_entities: None,
                quote_offset: None,
                todo_item_id: None,
                poll_option: None,
            },
        ))
    }

    #[test]
    fn messages_are_placed_in_topics_and_replies_kept_inside_them() {
        let Some(tl::enums::InputReplyTo::Message(in_topic)) = input_reply_to(Some(900), None)
        else {
            panic!()
        };
        assert_eq!(
            (in_topic.reply_to_msg_id, in_topic.top_msg_id),
            (900, Some(900)),
            "a message in topic 900"
        );
        let Some(tl::enums::InputReplyTo::Message(reply)) = input_reply_to(Some(900), Some(950))
        else {
            panic!()
        };
        assert_eq!(
            (reply.reply_to_msg_id, reply.top_msg_id),
            (950, Some(900)),
            "a reply inside topic 900"
        );
        assert!(
            input_reply_to(None, None).is_none(),
            "a plain message in a chat"
        );
    }

    #[test]
    fn topics_and_replies_are_read_from_the_reply_header() {
        assert_eq!(topic_and_reply(None), (None, None), "General");
        assert_eq!(
            topic_and_reply(header(true, Some(900), None)),
            (Some(900), None),
            "a plain message in topic 900"
        );
        assert_eq!(
            topic_and_reply(header(true, Some(950), Some(900))),
            (Some(900), Some(950)),
            "a reply inside topic 900"
        );
        assert_eq!(
            topic_and_reply(header(false, Some(5), None)),
            (None, Some(5)),
            "a reply in General"
        );
    }
}

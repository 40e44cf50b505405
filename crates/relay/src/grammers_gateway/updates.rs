//! Receiving: updates mapped to the relay's, albums collected, the update state kept for catch-up.

use std::sync::Arc;

use grammers_client::client::UpdateStream;
use grammers_client::update::Update as TgUpdate;
use grammers_mtsender::InvocationError;
use grammers_session::types::PeerId;
use grammers_tl_types as tl;

use crate::gateway::{CallbackQuery, GatewayError, GroupMessage, PrivateMessage, Update};
use crate::logic::Person;

use super::Core;
use super::classify::classify;
use super::peers::person_of;
use super::progress::{self, Taken};

/// Updates as they arrive, with one mapped update held back while an album is collected.
pub(super) struct Incoming {
    pub(super) stream: UpdateStream,
    pub(super) held: Option<Received>,
}

/// A mapped update, its album's grouped id, and its state (`progress.rs`).
pub(super) type Received = (Update, Option<i64>, Taken);

/// How long to wait for the next part of an album (Telegram sends the parts back to back).
const ALBUM_WINDOW: std::time::Duration = std::time::Duration::from_millis(400);

/// The topic a group message belongs to, and the message it replies to within that topic.
pub(super) fn topic_and_reply(
    header: Option<tl::enums::MessageReplyHeader>,
) -> (Option<i64>, Option<i64>) {
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

/// Whether Telegram will replay everything since the session's saved update state. It asks
/// `updates.getDifference` as grammers is about to, for one event only (`pts_limit`), and reads
/// the shape of the answer: on `differenceTooLong` grammers jumps to the new pts and hands over
/// nothing of the span (grammers-session 0.11 `message_box`, `apply_difference`), which the
/// relay would otherwise never notice (core.telegram.org/api/updates#recovering-gaps).
/// getDifference changes nothing on the server, so asking first is safe.
pub(super) async fn probe_gap(
    client: &grammers_client::Client,
    session: &account_session::StoredSession,
) -> Option<Update> {
    use grammers_session::Session as _;
    let state = session.updates_state().await.ok()?;
    if state.pts <= 0 {
        return None; // a first start: nothing to catch up on
    }
    let probe = tl::functions::updates::GetDifference {
        pts: state.pts,
        pts_limit: Some(1),
        pts_total_limit: None,
        date: state.date.max(1),
        qts: state.qts,
        qts_limit: None,
    };
    match client.invoke(&probe).await {
        Ok(tl::enums::updates::Difference::TooLong(_)) => Some(Update::Gap {
            since: (state.date > 1).then_some(i64::from(state.date)),
        }),
        Ok(_) => None,
        Err(err) => {
            // grammers' own catch-up will meet the same trouble and report it.
            tracing::warn!(error = %err, "asking whether the catch-up is complete");
            None
        }
    }
}

impl Core {
    fn progress(&self) -> std::sync::MutexGuard<'_, progress::Progress> {
        self.progress.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Saves the state of everything handed out so far: the relay has recorded it.
    pub(super) async fn recorded(&self) {
        let states = self.progress().recorded();
        self.save(states).await;
    }

    /// Writes `states` into the session (memory; its flusher writes them out), and a channel
    /// heard of for the first time at once.
    async fn save(&self, states: Vec<grammers_session::types::UpdateState>) {
        use grammers_session::Session as _;
        if states.is_empty() {
            return;
        }
        for state in states {
            if let Err(err) = self.session.set_update_state(state).await {
                tracing::warn!(error = %err, "keeping the update state");
            }
        }
        self.save_new_channels().await;
    }

    /// Writes the update state at once when it holds a channel it did not hold when last
    /// written (the backend group, the first time this session hears from it), not on the next
    /// flush tick: until then a relay restarted after a crash has no pts to call
    /// updates.getChannelDifference with (users and bots alike must:
    /// core.telegram.org/method/updates.getChannelDifference), and would never see what
    /// operators wrote while it was down. Later channel pts ride on the flush tick: an older
    /// pts only replays, and replays are absorbed by the message links.
    async fn save_new_channels(&self) {
        use grammers_session::Session as _;
        use std::sync::atomic::Ordering::Relaxed;
        let Ok(state) = self.session.updates_state().await else {
            return;
        };
        let known = state.channels.len();
        if known > self.saved_channels.load(Relaxed) {
            match self.session.flush().await {
                Ok(()) => self.saved_channels.store(known, Relaxed),
                Err(err) => tracing::warn!(error = %err, "saving a new channel's update state"),
            }
        }
    }

    /// The next update the relay cares about, with its state; `None` once the session is gone,
    /// or no update came by `deadline`.
    pub(super) async fn receive(
        &self,
        incoming: &mut Incoming,
        deadline: Option<tokio::time::Instant>,
    ) -> Option<Received> {
        let mut failures = 0u32;
        loop {
            // Only the wait for an update times out: once taken from the stream, an update
            // is seen through (a timeout around all of this could drop one half-mapped).
            let next = match deadline {
                Some(at) => tokio::time::timeout_at(at, incoming.stream.next())
                    .await
                    .ok()?,
                None => incoming.stream.next().await,
            };
            match next {
                Ok(update) => {
                    failures = 0;
                    let state = Taken::new(update.raw(), update.state().clone());
                    if let Some((mut mapped, grouped)) = self.map_update(update) {
                        if let Update::Private(m) = &mut mapped
                            && let Some(person) = self.resolve_stranger(m.user.id, m.msg_id).await
                        {
                            m.user = person;
                        }
                        let own = match &mapped {
                            Update::Private(m) if m.outgoing => {
                                self.own.is_own(m.user.id, m.msg_id).await
                            }
                            _ => false,
                        };
                        if !own {
                            return Some((mapped, grouped, state));
                        }
                        // The relay's own send, handed back: nothing to handle.
                    }
                    let save = self.progress().skipped(state);
                    self.save(save).await;
                }
                // Only what passes is retried (issue 13 defect 8): a closed client
                // (`Dropped`) or a refusal would fail the same way forever; `None` ends the
                // worker, and the supervisor opens the session anew or records why it cannot.
                Err(err) => match (&err, classify(&err)) {
                    (InvocationError::Dropped(_), _) => return None,
                    (_, GatewayError::FloodWait { seconds }) => {
                        tokio::time::sleep(std::time::Duration::from_secs(seconds.into())).await;
                    }
                    (_, GatewayError::Network) => {
                        failures = failures.saturating_add(1);
                        tracing::warn!(error = %err, failures, "receiving updates; retrying");
                        let wait = 1u64 << failures.min(6);
                        tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
                    }
                    (_, other) => {
                        tracing::warn!(error = %other, "receiving updates failed; stopping");
                        return None;
                    }
                },
            }
        }
    }

    /// The relay's view of an update, with the album (grouped id) it belongs to.
    pub(super) fn map_update(&self, update: TgUpdate) -> Option<(Update, Option<i64>)> {
        match update {
            TgUpdate::NewMessage(message) => {
                if message.action().is_some() {
                    return None; // service messages (topic created, member joined, …)
                }
                let chat = message.peer_id();
                let msg_id = i64::from(message.id());
                let grouped = message.grouped_id();
                let digest = super::content::digest(&std::ops::Deref::deref(&message).raw);
                if let Some(key) = chat.bot_api_dialog_id() {
                    self.contents.changed(key, msg_id, digest);
                }
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
                            media: media_kind(&message),
                        }),
                        grouped,
                    ));
                }
                let sender = match message.sender() {
                    Some(grammers_client::peer::Peer::User(u)) => {
                        if matches!(&u.raw, tl::enums::User::User(raw) if raw.min)
                            && let (Some(chat_id), Ok(msg)) =
                                (chat.bot_api_dialog_id(), i32::try_from(msg_id))
                        {
                            self.min_seen.record(
                                u.id().bare_id().unwrap_or_default(),
                                chat_id,
                                msg,
                            );
                        }
                        person_of(u)
                    }
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
                        media: media_kind(&message),
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
                let digest = super::content::digest(&std::ops::Deref::deref(&message).raw);
                let key = chat.bot_api_dialog_id()?;
                if !self.contents.changed(key, i64::from(message.id()), digest) {
                    return None; // a reaction, pin or view count: the copy shows the same
                }
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

    /// The next update, with an album's parts collected into it.
    pub(super) async fn receive_next(self: Arc<Self>) -> Option<Update> {
        let mut incoming = self.stream.lock().await;
        let (mut first, grouped, taken) = match incoming.held.take() {
            Some(held) => held,
            None => self.receive(&mut incoming, None).await?,
        };
        let Some(grouped) = grouped else {
            self.progress().delivered(taken);
            return Some(first);
        };
        self.progress().collecting(taken);
        // Collect the album's other parts, which arrive back to back.
        loop {
            let deadline = tokio::time::Instant::now() + ALBUM_WINDOW;
            match self.receive(&mut incoming, Some(deadline)).await {
                Some((next, Some(g), taken)) if g == grouped => match (&mut first, next) {
                    (Update::Private(a), Update::Private(b)) => {
                        a.album.push(b.msg_id);
                        self.progress().collecting(taken);
                    }
                    (Update::Group(a), Update::Group(b)) => {
                        a.album.push(b.msg_id);
                        self.progress().collecting(taken);
                    }
                    (_, other) => {
                        incoming.held = Some((other, Some(g), taken));
                        break;
                    }
                },
                Some(other) => {
                    incoming.held = Some(other);
                    break;
                }
                None => break,
            }
        }
        self.progress().collected();
        Some(first)
    }
}

/// The kind of media a message carries, in the words of the webhook bodies (README).
fn media_kind(message: &grammers_client::message::Message) -> Option<String> {
    use grammers_client::media::Media;
    let kind = match message.media()? {
        Media::Photo(_) => "photo",
        Media::Sticker(_) => "sticker",
        Media::Document(document) => match document.mime_type() {
            Some(mime) if mime.starts_with("video/") => "video",
            Some("audio/ogg") => "voice",
            Some(mime) if mime.starts_with("audio/") => "audio",
            _ => "document",
        },
        Media::Contact(_) => "contact",
        Media::Poll(_) => "poll",
        Media::Geo(_) | Media::GeoLive(_) | Media::Venue(_) => "location",
        Media::Dice(_) => "dice",
        // A link preview: the message is its text.
        Media::WebPage(_) => return None,
        _ => "other",
    };
    Some(kind.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

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

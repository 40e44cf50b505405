//! relay's `Gateway` over the simulated world: one session of a bot or account.

use async_trait::async_trait;
use relay::gateway::{AdminJoin, Gateway, GatewayError, GroupInfo, Me, Rights, Update};
use relay::logic::broadcast::Button;
use relay::logic::general::UserRef;
use tokio::sync::{Mutex, mpsc};

use crate::chats::{Chat, SimMessage, SimTopic, pair};
use crate::world::{World, parse_session};

/// A session of `me`, opened from the session bytes a sign-in produced.
pub struct SimGateway {
    world: World,
    me: i64,
    updates: Mutex<mpsc::UnboundedReceiver<Update>>,
    /// The answer to a copy is the caller's to give ([`SimGateway::answering_later`]).
    answer_later: bool,
}

impl World {
    /// Opens a gateway with a session from `SimAuthenticator`; refused once the session was ended.
    pub fn open_gateway(&self, session: &[u8]) -> Result<SimGateway, GatewayError> {
        let auth =
            parse_session(session).ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        let me = *self
            .lock()
            .authorizations
            .get(&auth)
            .ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        let (tx, rx) = mpsc::unbounded_channel();
        let mut state = self.lock();
        // Catch-up, as Telegram gives it: a reconnecting session sees its recent updates again
        // (its saved state lags what it handled), then everything it missed while offline.
        for update in state.chats.recent.get(&auth).cloned().unwrap_or_default() {
            let _ = tx.send(update);
        }
        for update in state.chats.offline.remove(&auth).unwrap_or_default() {
            let _ = tx.send(update.clone());
            let recent = state.chats.recent.entry(auth.clone()).or_default();
            recent.push_back(update);
            if recent.len() > crate::chats::RECENT {
                recent.pop_front();
            }
        }
        state.chats.offline.insert(auth.clone(), Vec::new());
        state.chats.clients.entry(me).or_default().push((auth, tx));
        drop(state);
        Ok(SimGateway {
            world: self.clone(),
            me,
            updates: Mutex::new(rx),
            answer_later: false,
        })
    }
}

const ALL_RIGHTS: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

/// Buttons as the simulated message stores them.
fn rows(buttons: &[Vec<Button>]) -> Vec<Vec<(String, String)>> {
    buttons
        .iter()
        .filter(|row| !row.is_empty())
        .map(|row| {
            row.iter()
                .map(|b| (b.text.clone(), b.data.clone()))
                .collect()
        })
        .collect()
}

impl SimGateway {
    /// Leaves a copy's answer (`World::sent`: the random id recorded, a lost or held answer)
    /// to the caller: the MTProto simulator first enters the new messages in the session's
    /// update log, as Telegram has them whether or not its answer reaches the client.
    pub fn answering_later(mut self) -> Self {
        self.answer_later = true;
        self
    }

    /// A copy's answer, unless the caller gives it.
    async fn answer(&self, dedup: i64) -> Result<(), GatewayError> {
        if self.answer_later {
            return Ok(());
        }
        self.world.sent(self.me, dedup).await
    }

    fn is_bot(&self) -> bool {
        self.world.user(self.me).is_some_and(|u| u.is_bot)
    }

    /// Updates already waiting, without blocking (tests feed them to a worker one by one).
    pub async fn pending(&self) -> Vec<Update> {
        let mut rx = self.updates.lock().await;
        let mut out = Vec::new();
        while let Ok(update) = rx.try_recv() {
            out.push(update);
        }
        out
    }

    /// Resolves a chat id as the relay uses it: a positive id is the private chat with that user.
    fn with_chat<T>(
        &self,
        chat_id: i64,
        f: impl FnOnce(&mut Chat) -> Result<T, GatewayError>,
    ) -> Result<T, GatewayError> {
        let mut state = self.world.lock();
        if chat_id > 0 {
            let out = f(state.chats.private_chat(self.me, chat_id));
            state.chats.numbered(self.me, chat_id);
            return out;
        }
        let chat = state
            .chats
            .groups
            .get_mut(&chat_id)
            .ok_or(GatewayError::NotFound)?;
        f(chat)
    }

    /// Whether `me` may write into `chat_id` (and its topic) right now; an injected fault first.
    fn check_target(&self, chat_id: i64, topic_id: Option<i64>) -> Result<(), GatewayError> {
        let mut state = self.world.lock();
        if let Some(fault) = state.chats.send_faults.pop_front() {
            return Err(fault);
        }
        if chat_id > 0 {
            if state.chats.blocked.contains(&(chat_id, self.me)) {
                return Err(GatewayError::Blocked);
            }
            return Ok(());
        }
        let group = state
            .chats
            .groups
            .get(&chat_id)
            .and_then(|c| c.group.as_ref())
            .ok_or(GatewayError::NotFound)?;
        if !group.members.contains_key(&self.me) {
            return Err(GatewayError::Other("CHANNEL_PRIVATE".into()));
        }
        if let Some(topic) = topic_id {
            let t = group.topics.get(&topic).ok_or(GatewayError::TopicDeleted)?;
            if t.deleted {
                return Err(GatewayError::TopicDeleted);
            }
            if t.closed {
                return Err(GatewayError::TopicClosed);
            }
        }
        Ok(())
    }

    /// The messages a copy would take, refused as Telegram refuses them: a repeated random id, a
    /// chat whose content is protected, a message that is not there.
    fn sources(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        dedup: i64,
    ) -> Result<Vec<SimMessage>, GatewayError> {
        self.world.check_duplicate(self.me, dedup)?;
        if from_chat > 0
            && self
                .world
                .lock()
                .chats
                .protected
                .contains(&pair(self.me, from_chat))
        {
            return Err(GatewayError::CannotCopy);
        }
        self.with_chat(from_chat, |chat| {
            msg_ids
                .iter()
                .map(|id| chat.get(*id).cloned().ok_or(GatewayError::NotFound))
                .collect()
        })
    }

    /// Sends existing media anew (Telegram's sendMedia / sendMultiMedia with a photo or
    /// document it already has): each part is `source`'s media with `caption`, copied from
    /// `copied_from`; several parts make one album, which replies as a whole. For the MTProto
    /// simulator, whose clients name media by id.
    pub async fn send_media_anew(
        &self,
        parts: Vec<(SimMessage, (i64, i64), String)>,
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        dedup: i64,
    ) -> Result<Vec<i64>, GatewayError> {
        self.world.check_duplicate(self.me, dedup)?;
        self.check_target(to_chat, topic_id)?;
        self.world.flood_check(self.me, to_chat, parts.len())?;
        let album = (parts.len() > 1).then(|| self.world.next_album());
        let me = self.me;
        let ids = self.with_chat(to_chat, |chat| {
            Ok(parts
                .iter()
                .enumerate()
                .map(|(i, (source, from, caption))| {
                    chat.push(SimMessage {
                        reply_to: if i == 0 { reply_to } else { None },
                        topic: topic_id,
                        copied_from: Some(*from),
                        media: source.media.clone(),
                        document: source.document.clone(),
                        album,
                        ..SimMessage::new(me, caption)
                    })
                })
                .collect())
        })?;
        self.answer(dedup).await?;
        Ok(ids)
    }

    fn rights_in(&self, chat_id: i64, user: i64) -> Result<Rights, GatewayError> {
        let state = self.world.lock();
        let group = state
            .chats
            .groups
            .get(&chat_id)
            .and_then(|c| c.group.as_ref())
            .ok_or(GatewayError::NotFound)?;
        if group.owner == user {
            return Ok(ALL_RIGHTS);
        }
        Ok(group.members.get(&user).copied().unwrap_or_default())
    }

    fn topic_mut<T>(
        &self,
        chat_id: i64,
        topic_id: i64,
        f: impl FnOnce(&mut SimTopic) -> T,
    ) -> Result<T, GatewayError> {
        if !self.rights_in(chat_id, self.me)?.manage_topics {
            return Err(GatewayError::Other("CHAT_ADMIN_REQUIRED".into()));
        }
        let mut state = self.world.lock();
        let group = state
            .chats
            .groups
            .get_mut(&chat_id)
            .and_then(|c| c.group.as_mut())
            .ok_or(GatewayError::NotFound)?;
        let topic = group
            .topics
            .get_mut(&topic_id)
            .ok_or(GatewayError::TopicDeleted)?;
        if topic.deleted {
            return Err(GatewayError::TopicDeleted);
        }
        Ok(f(topic))
    }
}

#[async_trait]
impl Gateway for SimGateway {
    async fn me(&self) -> Result<Me, GatewayError> {
        let user = self
            .world
            .user(self.me)
            .ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        Ok(Me {
            id: self.me,
            username: user.username,
            title: user.first_name,
            is_bot: user.is_bot,
        })
    }

    async fn next_update(&self) -> Option<Update> {
        self.updates.lock().await.recv().await
    }

    async fn create_topic(
        &self,
        chat_id: i64,
        title: &str,
        icon_color: i32,
    ) -> Result<i64, GatewayError> {
        if !self.rights_in(chat_id, self.me)?.manage_topics {
            return Err(GatewayError::Other("CHAT_ADMIN_REQUIRED".into()));
        }
        // Its service message counts against the group.
        self.world.flood_check(self.me, chat_id, 1)?;
        let me = self.me;
        self.with_chat(chat_id, |chat| {
            if !chat.group.as_ref().is_some_and(|g| g.forum) {
                return Err(GatewayError::Other("CHANNEL_FORUM_MISSING".into()));
            }
            // A topic's id is the id of its creation message.
            let id = chat.push(SimMessage {
                service: true,
                ..SimMessage::new(me, title)
            });
            if let Some(m) = chat.messages.last_mut() {
                m.topic = Some(id);
            }
            let topic = SimTopic {
                id,
                title: title.to_owned(),
                icon_color,
                closed: false,
                deleted: false,
            };
            chat.group.as_mut().map(|g| g.topics.insert(id, topic));
            Ok(id)
        })
    }

    async fn rename_topic(
        &self,
        chat_id: i64,
        topic_id: i64,
        title: &str,
    ) -> Result<(), GatewayError> {
        self.topic_mut(chat_id, topic_id, |t| t.title = title.to_owned())
    }

    async fn reopen_topic(&self, chat_id: i64, topic_id: i64) -> Result<(), GatewayError> {
        self.topic_mut(chat_id, topic_id, |t| t.closed = false)
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
        let [source] = self
            .sources(from_chat, &[msg_id], dedup)?
            .try_into()
            .map_err(|_| GatewayError::NotFound)?;
        self.check_target(to_chat, topic_id)?;
        self.world.flood_check(self.me, to_chat, 1)?;
        let me = self.me;
        let copy = self.with_chat(to_chat, |chat| {
            Ok(chat.push(SimMessage {
                reply_to,
                topic: topic_id,
                copied_from: Some((from_chat, msg_id)),
                note: note.map(str::to_owned),
                media: source.media.clone(),
                ..SimMessage::new(me, &source.text)
            }))
        })?;
        self.answer(dedup).await?;
        Ok(copy)
    }

    async fn send_html(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
    ) -> Result<i64, GatewayError> {
        self.check_target(chat_id, topic_id)?;
        self.world.flood_check(self.me, chat_id, 1)?;
        let me = self.me;
        self.with_chat(chat_id, |chat| {
            Ok(chat.push(SimMessage {
                reply_to,
                topic: topic_id,
                ..SimMessage::new(me, html)
            }))
        })
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
        let sources = self.sources(from_chat, msg_ids, dedup)?;
        self.check_target(to_chat, topic_id)?;
        self.world.flood_check(self.me, to_chat, sources.len())?;
        let album = self.world.next_album();
        let me = self.me;
        let copies = self.with_chat(to_chat, |chat| {
            Ok(sources
                .iter()
                .enumerate()
                .map(|(i, source)| {
                    chat.push(SimMessage {
                        // An album replies as a whole: its first part carries the reply.
                        reply_to: if i == 0 { reply_to } else { None },
                        topic: topic_id,
                        copied_from: Some((from_chat, source.id)),
                        media: source.media.clone(),
                        album: Some(album),
                        ..SimMessage::new(me, &source.text)
                    })
                })
                .collect())
        })?;
        self.answer(dedup).await?;
        Ok(copies)
    }

    async fn update_copy(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        copy_id: i64,
    ) -> Result<(), GatewayError> {
        let source = self.with_chat(from_chat, |chat| {
            chat.get(msg_id).cloned().ok_or(GatewayError::NotFound)
        })?;
        let me = self.me;
        self.with_chat(to_chat, |chat| {
            let copy = chat
                .messages
                .iter_mut()
                .find(|m| m.id == copy_id && m.from == me)
                .ok_or(GatewayError::NotFound)?;
            copy.text = source.text;
            copy.media = source.media;
            copy.edited = true;
            Ok(())
        })
    }

    async fn delete_messages(&self, chat_id: i64, msg_ids: &[i64]) -> Result<(), GatewayError> {
        let me = self.me;
        self.with_chat(chat_id, |chat| {
            chat.messages
                .retain(|m| !(m.from == me && msg_ids.contains(&m.id)));
            Ok(())
        })
    }

    async fn send_buttons(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<i64, GatewayError> {
        self.check_target(chat_id, topic_id)?;
        let me = self.me;
        // Accounts cannot send inline keyboards: Telegram drops them.
        let buttons = if self.is_bot() {
            rows(buttons)
        } else {
            Vec::new()
        };
        self.with_chat(chat_id, |chat| {
            Ok(chat.push(SimMessage {
                reply_to,
                topic: topic_id,
                buttons,
                ..SimMessage::new(me, html)
            }))
        })
    }

    async fn edit_html(
        &self,
        chat_id: i64,
        msg_id: i64,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<(), GatewayError> {
        let me = self.me;
        let buttons = if self.is_bot() {
            rows(buttons)
        } else {
            Vec::new()
        };
        self.with_chat(chat_id, |chat| {
            let message = chat
                .messages
                .iter_mut()
                .find(|m| m.id == msg_id && m.from == me)
                .ok_or(GatewayError::NotFound)?;
            if message.text != html || message.buttons != buttons {
                message.text = html.to_owned();
                message.buttons = buttons;
                message.edited = true;
            }
            Ok(())
        })
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
        self.check_target(chat_id, topic_id)?;
        let me = self.me;
        let sent = self.with_chat(chat_id, |chat| {
            Ok(chat.push(SimMessage {
                reply_to,
                topic: topic_id,
                // A `.png` goes as a photo, as `GrammersGateway` sends it.
                media: Some(
                    if file_name.ends_with(".png") {
                        "photo"
                    } else {
                        "document"
                    }
                    .into(),
                ),
                document: Some((file_name.to_owned(), bytes.to_vec())),
                ..SimMessage::new(me, caption_html)
            }))
        })?;
        self.world.document_sent().await;
        Ok(sent)
    }

    async fn download(
        &self,
        chat_id: i64,
        msg_id: i64,
        max_bytes: usize,
    ) -> Result<Vec<u8>, GatewayError> {
        let message = self.with_chat(chat_id, |chat| {
            chat.get(msg_id).cloned().ok_or(GatewayError::NotFound)
        })?;
        let bytes = match message.document {
            Some((_, bytes)) => bytes,
            None => message.text.into_bytes(),
        };
        if bytes.len() > max_bytes {
            return Err(GatewayError::TooLarge);
        }
        Ok(bytes)
    }

    async fn answer_callback(&self, query_id: i64, text: Option<&str>) -> Result<(), GatewayError> {
        let mut state = self.world.lock();
        let answer = state
            .chats
            .callbacks
            .get_mut(&query_id)
            .ok_or_else(|| GatewayError::Other("QUERY_ID_INVALID".into()))?;
        *answer = Some(text.map(str::to_owned));
        Ok(())
    }

    async fn find_user(&self, who: &UserRef) -> Result<relay::logic::Person, GatewayError> {
        let is_bot = self.is_bot();
        let id = {
            let state = self.world.lock();
            match who {
                UserRef::Phone(_) if is_bot => return Err(GatewayError::NotAllowed),
                UserRef::Phone(phone) => *state.phones.get(phone).ok_or(GatewayError::NotFound)?,
                UserRef::Username(name) => state
                    .users
                    .values()
                    .find(|u| {
                        u.username
                            .as_deref()
                            .is_some_and(|n| n.eq_ignore_ascii_case(name))
                    })
                    .map(|u| u.id)
                    .ok_or(GatewayError::NotFound)?,
                UserRef::Id(id) => *id,
            }
        };
        let user = self.world.user(id).ok_or(GatewayError::NotFound)?;
        if user.is_bot {
            return Err(GatewayError::NotAllowed);
        }
        // Who this session knows: users who wrote to it. A bare id names no one else; a bot
        // may only write to users who started it.
        let known = self
            .world
            .lock()
            .chats
            .private
            .get(&pair(self.me, id))
            .is_some_and(|c| c.messages.iter().any(|m| m.from == id));
        match who {
            _ if known => {}
            UserRef::Id(_) => return Err(GatewayError::NotFound),
            _ if is_bot => return Err(GatewayError::NotAllowed),
            _ => {}
        }
        Ok(self.world.person(id))
    }

    async fn user_info(&self, user_id: i64) -> Result<relay::logic::Person, GatewayError> {
        if self.world.user(user_id).is_none() {
            return Err(GatewayError::NotFound);
        }
        Ok(self.world.person(user_id))
    }

    async fn group_info(&self, chat_id: i64) -> Result<GroupInfo, GatewayError> {
        let my_rights = self.rights_in(chat_id, self.me)?;
        let state = self.world.lock();
        let group = state
            .chats
            .groups
            .get(&chat_id)
            .and_then(|c| c.group.as_ref())
            .ok_or(GatewayError::NotFound)?;
        Ok(GroupInfo {
            chat_id,
            title: group.title.clone(),
            is_forum: group.forum,
            my_rights,
        })
    }

    async fn create_forum_group(&self, title: &str) -> Result<i64, GatewayError> {
        Ok(self.world.create_group(self.me, title, true))
    }

    async fn bring_in_admin(
        &self,
        chat_id: i64,
        admin: i64,
        username: Option<&str>,
    ) -> Result<AdminJoin, GatewayError> {
        let _ = username; // the in-process World needs no access hashes
        {
            let mut state = self.world.lock();
            if let Some(fault) = state.chats.invite_faults.pop_front() {
                return Err(fault);
            }
            if state.chats.invite_restricted.contains(&admin) {
                let link = format!("https://t.me/+sim{}", crate::world::random_hex(8));
                return Ok(AdminJoin::InviteLink(link));
            }
        }
        self.world.add_member(chat_id, admin, ALL_RIGHTS);
        Ok(AdminJoin::Promoted)
    }

    async fn member_rights(&self, chat_id: i64, user_id: i64) -> Result<Rights, GatewayError> {
        self.rights_in(chat_id, user_id)
    }
}

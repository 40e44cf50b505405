//! Chats in the simulated world: private chats, forum groups with topics, messages, and the
//! updates each session of a bot or account receives.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use relay::gateway::{GroupMessage, PrivateMessage, Rights, Update};
use relay::logic::Person;
use tokio::sync::mpsc;

use crate::world::World;

/// A message as the simulated Telegram stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimMessage {
    pub id: i64,
    pub from: i64,
    /// Text or HTML as sent.
    pub text: String,
    pub reply_to: Option<i64>,
    pub topic: Option<i64>,
    /// A copy made by `copy_message`: the chat and id of the original.
    pub copied_from: Option<(i64, i64)>,
    /// A line shown above a copy (intercepted messages).
    pub note: Option<String>,
    /// A forward would carry a "forwarded from" header; copies never do.
    pub forwarded: bool,
    /// A topic's creation (service message).
    pub service: bool,
    /// The kind of media it carries ("photo", "voice", …), with `text` as its caption.
    pub media: Option<String>,
    pub edited: bool,
    /// Messages sent as one album share this id.
    pub album: Option<i64>,
    /// Inline buttons under the message, as rows of (text, callback data).
    pub buttons: Vec<Vec<(String, String)>>,
    /// A file the message carries: its name and contents.
    pub document: Option<(String, Vec<u8>)>,
}

impl SimMessage {
    pub(crate) fn new(from: i64, text: &str) -> Self {
        SimMessage {
            id: 0,
            from,
            text: text.to_owned(),
            reply_to: None,
            topic: None,
            copied_from: None,
            note: None,
            forwarded: false,
            service: false,
            media: None,
            edited: false,
            album: None,
            buttons: Vec::new(),
            document: None,
        }
    }
}

/// A forum topic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimTopic {
    pub id: i64,
    pub title: String,
    pub icon_color: i32,
    pub closed: bool,
    pub deleted: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Group {
    pub title: String,
    pub forum: bool,
    pub owner: i64,
    pub members: HashMap<i64, Rights>,
    pub topics: BTreeMap<i64, SimTopic>,
}

#[derive(Debug, Default)]
pub(crate) struct Chat {
    pub group: Option<Group>,
    pub messages: Vec<SimMessage>,
    pub next_id: i64,
}

impl Chats {
    /// The private chat of `a` and `b`, numbering its next message after every private message
    /// so far; call [`Chats::numbered`] after pushing.
    pub fn private_chat(&mut self, a: i64, b: i64) -> &mut Chat {
        let last = self.last_private_id;
        let chat = self.private.entry(pair(a, b)).or_default();
        chat.next_id = chat.next_id.max(last);
        chat
    }

    /// Notes the ids a private chat has given since [`Chats::private_chat`].
    pub fn numbered(&mut self, a: i64, b: i64) {
        if let Some(chat) = self.private.get(&pair(a, b)) {
            self.last_private_id = self.last_private_id.max(chat.next_id);
        }
    }

    /// Appends `message` to the private chat of `a` and `b`; returns its id.
    pub fn push_private(&mut self, a: i64, b: i64, message: SimMessage) -> i64 {
        let id = self.private_chat(a, b).push(message);
        self.numbered(a, b);
        id
    }
}

impl Chat {
    pub fn push(&mut self, mut message: SimMessage) -> i64 {
        self.next_id += 1;
        message.id = self.next_id;
        self.messages.push(message);
        self.next_id
    }

    pub fn get(&self, id: i64) -> Option<&SimMessage> {
        // Ids only grow and deletions keep the order: a binary search, so long benchmark runs
        // do not slow down as chats fill up.
        self.messages
            .binary_search_by_key(&id, |m| m.id)
            .ok()
            .map(|i| &self.messages[i])
    }
}

#[derive(Debug, Default)]
pub(crate) struct Chats {
    /// Private chats by (lower id, higher id); groups by their negative id.
    pub private: HashMap<(i64, i64), Chat>,
    /// The last id given to a private message, in any private chat. Telegram numbers a user's
    /// private messages in one sequence for all their chats (messages.getMessages takes ids
    /// alone: <https://core.telegram.org/method/messages.getMessages>), so an id names one
    /// message; one sequence for the whole World keeps that true for both sides of each chat.
    pub last_private_id: i64,
    pub groups: HashMap<i64, Chat>,
    pub next_group: i64,
    /// (user, bot or account) pairs where the user blocked the other side.
    pub blocked: HashSet<(i64, i64)>,
    /// Private chats whose content cannot be copied.
    pub protected: HashSet<(i64, i64)>,
    pub next_album: i64,
    /// Users whose privacy settings forbid adding them to groups.
    pub invite_restricted: HashSet<i64>,
    /// Errors the next sends meet, in order (flood waits, network failures).
    pub send_faults: VecDeque<relay::gateway::GatewayError>,
    /// Faults for the next attempts to bring an admin into an account's new group.
    pub invite_faults: VecDeque<relay::gateway::GatewayError>,
    /// The random ids each sender has used: Telegram refuses a repeat (RANDOM_ID_DUPLICATE).
    pub random_ids: HashSet<(i64, i64)>,
    /// How many of the next sends succeed on Telegram's side while their answer is lost.
    pub lost_answers: usize,
    /// How many of the next sends succeed on Telegram's side while their answer never comes.
    pub held_answers: usize,
    /// How many sends are being held now (their answer never comes).
    pub held_now: usize,
    /// While set, a session that sends a document waits for a permit before it hears back.
    pub document_gate: Option<std::sync::Arc<tokio::sync::Semaphore>>,
    /// Each session's update channel, by user.
    pub clients: HashMap<i64, Vec<(String, mpsc::UnboundedSender<Update>)>>,
    /// Sessions that have been online, by authorization: what they missed while offline (as
    /// Telegram keeps it for catch-up), and the updates they were given most recently (replayed
    /// on reconnect: a session's saved update state lags what it handled).
    pub offline: HashMap<String, Vec<Update>>,
    pub recent: HashMap<String, VecDeque<Update>>,
    /// Button presses waiting for the bot's answer (query id → the answer, once given).
    pub callbacks: HashMap<i64, Option<Option<String>>>,
    pub next_query: i64,
    /// Telegram's flood limits, when a test turns them on.
    pub flood: Option<crate::limits::Flood>,
}

/// How many recent updates a reconnecting session is given again.
pub(crate) const RECENT: usize = 100;

pub(crate) fn pair(a: i64, b: i64) -> (i64, i64) {
    (a.min(b), a.max(b))
}

impl World {
    pub(crate) fn person(&self, id: i64) -> Person {
        let state = self.lock();
        let u = state.users.get(&id);
        Person {
            id,
            first_name: u.map_or_else(|| format!("User {id}"), |u| u.first_name.clone()),
            last_name: u.and_then(|u| u.last_name.clone()),
            username: u.and_then(|u| u.username.clone()),
            language: u.and_then(|u| u.language.clone()),
            is_premium: u.is_some_and(|u| u.premium),
        }
    }

    fn deliver(&self, to: i64, update: Update) {
        let mut state = self.lock();
        let state = &mut *state;
        let sessions: Vec<String> = state
            .authorizations
            .iter()
            .filter(|(_, user)| **user == to)
            .map(|(auth, _)| auth.clone())
            .collect();
        let clients = state.chats.clients.entry(to).or_default();
        clients.retain(|(_, tx)| !tx.is_closed());
        for auth in sessions {
            // Every live connection of the session gets it: a relay that took over a session
            // while the killed one's connection was not yet gone must not miss what arrives.
            let mut live = false;
            for (_, tx) in clients.iter().filter(|(a, _)| *a == auth) {
                live |= tx.send(update.clone()).is_ok();
            }
            match live {
                true => {
                    let recent = state.chats.recent.entry(auth).or_default();
                    recent.push_back(update.clone());
                    if recent.len() > RECENT {
                        recent.pop_front();
                    }
                }
                // Offline (or just gone): kept for when the session connects again.
                _ if state.chats.offline.contains_key(&auth) => {
                    state
                        .chats
                        .offline
                        .entry(auth)
                        .or_default()
                        .push(update.clone());
                }
                _ => {}
            }
        }
    }

    /// `user` writes `text` to the bot or account `to`; returns the message id.
    pub fn user_writes(&self, user: i64, to: i64, text: &str) -> i64 {
        self.user_replies(user, to, text, None)
    }

    /// `user` writes to `to`, replying to message `reply_to` of their chat.
    pub fn user_replies(&self, user: i64, to: i64, text: &str, reply_to: Option<i64>) -> i64 {
        self.user_sends(
            user,
            to,
            SimMessage {
                reply_to,
                ..SimMessage::new(user, text)
            },
        )
    }

    /// `user` sends media (`kind`: "photo", "voice", "video_note", …) with a caption.
    pub fn user_sends_media(&self, user: i64, to: i64, kind: &str, caption: &str) -> i64 {
        self.user_replies_with_media(user, to, kind, caption, None)
    }

    /// `user` sends media with a caption, replying to message `reply_to` of their chat.
    pub fn user_replies_with_media(
        &self,
        user: i64,
        to: i64,
        kind: &str,
        caption: &str,
        reply_to: Option<i64>,
    ) -> i64 {
        self.user_sends(
            user,
            to,
            SimMessage {
                media: Some(kind.to_owned()),
                reply_to,
                ..SimMessage::new(user, caption)
            },
        )
    }

    /// `user` sends an album: several media (`kind`, caption) as one message group. Telegram
    /// delivers the parts back to back; the gateway hands them over as one update.
    pub fn user_sends_album(&self, user: i64, to: i64, items: &[(&str, &str)]) -> Vec<i64> {
        self.user_replies_with_album(user, to, items, None)
    }

    /// `user` sends an album replying to message `reply_to` of their chat (the album replies as
    /// a whole: its first part carries the reply).
    pub fn user_replies_with_album(
        &self,
        user: i64,
        to: i64,
        items: &[(&str, &str)],
        reply_to: Option<i64>,
    ) -> Vec<i64> {
        let album = self.next_album();
        let ids: Vec<i64> = {
            let mut state = self.lock();
            items
                .iter()
                .enumerate()
                .map(|(i, (kind, caption))| {
                    state.chats.push_private(
                        user,
                        to,
                        SimMessage {
                            media: Some((*kind).to_owned()),
                            album: Some(album),
                            reply_to: if i == 0 { reply_to } else { None },
                            ..SimMessage::new(user, caption)
                        },
                    )
                })
                .collect()
        };
        let update = Update::Private(PrivateMessage {
            user: self.person(user),
            msg_id: ids[0],
            outgoing: false,
            text: items[0].1.to_owned(),
            reply_to,
            album: ids[1..].to_vec(),
            media: Some(items[0].0.to_owned()),
        });
        self.deliver(to, update);
        ids
    }

    fn user_sends(&self, user: i64, to: i64, message: SimMessage) -> i64 {
        let (text, reply_to) = (message.text.clone(), message.reply_to);
        let media = message.media.clone();
        let id = self.lock().chats.push_private(user, to, message);
        let update = Update::Private(PrivateMessage {
            user: self.person(user),
            msg_id: id,
            outgoing: false,
            text,
            reply_to,
            album: Vec::new(),
            media,
        });
        self.deliver(to, update);
        id
    }

    /// `user` edits their message `msg_id` in the chat with `to`.
    pub fn user_edits(&self, user: i64, to: i64, msg_id: i64, text: &str) {
        if let Some(m) = self
            .lock()
            .chats
            .private
            .get_mut(&pair(user, to))
            .and_then(|c| c.messages.iter_mut().find(|m| m.id == msg_id))
        {
            m.text = text.to_owned();
            m.edited = true;
        }
        self.deliver(
            to,
            Update::Edited {
                chat_id: user,
                msg_id,
            },
        );
    }

    /// `user` deletes their messages in the chat with `to` (for both sides).
    pub fn user_deletes(&self, user: i64, to: i64, msg_ids: &[i64]) {
        if let Some(c) = self.lock().chats.private.get_mut(&pair(user, to)) {
            c.messages.retain(|m| !msg_ids.contains(&m.id));
        }
        self.deliver(
            to,
            Update::Deleted {
                chat_id: Some(user),
                msg_ids: msg_ids.to_vec(),
            },
        );
    }

    /// Someone edits their message in a group.
    pub fn group_edit(&self, chat: i64, msg_id: i64, text: &str) {
        let members = {
            let mut state = self.lock();
            let Some(c) = state.chats.groups.get_mut(&chat) else {
                return;
            };
            if let Some(m) = c.messages.iter_mut().find(|m| m.id == msg_id) {
                m.text = text.to_owned();
                m.edited = true;
            }
            c.group
                .as_ref()
                .map(|g| g.members.keys().copied().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        for member in members {
            self.deliver(
                member,
                Update::Edited {
                    chat_id: chat,
                    msg_id,
                },
            );
        }
    }

    /// Someone deletes messages in a group.
    pub fn group_delete(&self, chat: i64, msg_ids: &[i64]) {
        let members = {
            let mut state = self.lock();
            let Some(c) = state.chats.groups.get_mut(&chat) else {
                return;
            };
            c.messages.retain(|m| !msg_ids.contains(&m.id));
            c.group
                .as_ref()
                .map(|g| g.members.keys().copied().collect::<Vec<_>>())
                .unwrap_or_default()
        };
        for member in members {
            self.deliver(
                member,
                Update::Deleted {
                    chat_id: Some(chat),
                    msg_ids: msg_ids.to_vec(),
                },
            );
        }
    }

    /// The bot's or account's own code (another session, not the relay) writes to `user`.
    pub fn other_session_writes(&self, me: i64, user: i64, text: &str) -> i64 {
        let id = self
            .lock()
            .chats
            .push_private(user, me, SimMessage::new(me, text));
        let update = Update::Private(PrivateMessage {
            user: self.person(user),
            msg_id: id,
            outgoing: true,
            text: text.to_owned(),
            reply_to: None,
            album: Vec::new(),
            media: None,
        });
        self.deliver(me, update);
        id
    }

    /// A supergroup owned by `owner`; `forum` turns Topics on.
    pub fn create_group(&self, owner: i64, title: &str, forum: bool) -> i64 {
        let mut state = self.lock();
        state.chats.next_group += 1;
        let id = -1_000_000_000_000 - state.chats.next_group;
        let mut members = HashMap::new();
        let all = Rights {
            manage_topics: true,
            delete_messages: true,
            pin_messages: true,
            ban_users: true,
            invite_users: true,
        };
        members.insert(owner, all);
        let group = Group {
            title: title.to_owned(),
            forum,
            owner,
            members,
            topics: BTreeMap::new(),
        };
        state.chats.groups.insert(
            id,
            Chat {
                group: Some(group),
                messages: Vec::new(),
                next_id: 0,
            },
        );
        id
    }

    /// Adds `user` to a group with these admin rights (all false: a plain member).
    pub fn add_member(&self, chat: i64, user: i64, rights: Rights) {
        if let Some(group) = self
            .lock()
            .chats
            .groups
            .get_mut(&chat)
            .and_then(|c| c.group.as_mut())
        {
            group.members.insert(user, rights);
        }
    }

    pub fn set_forum(&self, chat: i64, forum: bool) {
        if let Some(group) = self
            .lock()
            .chats
            .groups
            .get_mut(&chat)
            .and_then(|c| c.group.as_mut())
        {
            group.forum = forum;
        }
    }

    /// `sender` posts in a group (in a topic, or General), optionally replying to a message there.
    pub fn post_in_group(
        &self,
        chat: i64,
        topic: Option<i64>,
        sender: i64,
        text: &str,
        reply_to: Option<i64>,
    ) -> i64 {
        let (id, members) = {
            let mut state = self.lock();
            let Some(c) = state.chats.groups.get_mut(&chat) else {
                return 0;
            };
            let id = c.push(SimMessage {
                reply_to,
                topic,
                ..SimMessage::new(sender, text)
            });
            let members: Vec<i64> = c
                .group
                .as_ref()
                .map(|g| g.members.keys().copied().collect())
                .unwrap_or_default();
            (id, members)
        };
        let update = Update::Group(GroupMessage {
            chat_id: chat,
            topic_id: topic,
            sender: self.person(sender),
            msg_id: id,
            text: text.to_owned(),
            reply_to,
            album: Vec::new(),
            media: None,
        });
        for member in members.into_iter().filter(|m| *m != sender) {
            self.deliver(member, update.clone());
        }
        id
    }

    /// `sender` posts an album (media `kind`, caption) in a group; the parts arrive as one update.
    pub fn post_album_in_group(
        &self,
        chat: i64,
        topic: Option<i64>,
        sender: i64,
        items: &[(&str, &str)],
    ) -> Vec<i64> {
        let album = self.next_album();
        let (ids, members) = {
            let mut state = self.lock();
            let Some(c) = state.chats.groups.get_mut(&chat) else {
                return Vec::new();
            };
            let ids: Vec<i64> = items
                .iter()
                .map(|(kind, caption)| {
                    c.push(SimMessage {
                        topic,
                        media: Some((*kind).to_owned()),
                        album: Some(album),
                        ..SimMessage::new(sender, caption)
                    })
                })
                .collect();
            let members: Vec<i64> = c
                .group
                .as_ref()
                .map(|g| g.members.keys().copied().collect())
                .unwrap_or_default();
            (ids, members)
        };
        let update = Update::Group(GroupMessage {
            chat_id: chat,
            topic_id: topic,
            sender: self.person(sender),
            msg_id: ids[0],
            text: items[0].1.to_owned(),
            reply_to: None,
            album: ids[1..].to_vec(),
            media: Some(items[0].0.to_owned()),
        });
        for member in members.into_iter().filter(|m| *m != sender) {
            self.deliver(member, update.clone());
        }
        ids
    }

    /// `sender` uploads a file in a group (a list of ids, say), optionally replying to a message.
    pub fn post_document_in_group(
        &self,
        chat: i64,
        topic: Option<i64>,
        sender: i64,
        file_name: &str,
        bytes: &[u8],
        reply_to: Option<i64>,
    ) -> i64 {
        let (id, members) = {
            let mut state = self.lock();
            let Some(c) = state.chats.groups.get_mut(&chat) else {
                return 0;
            };
            let id = c.push(SimMessage {
                reply_to,
                topic,
                media: Some("document".into()),
                document: Some((file_name.to_owned(), bytes.to_vec())),
                ..SimMessage::new(sender, "")
            });
            let members: Vec<i64> = c
                .group
                .as_ref()
                .map(|g| g.members.keys().copied().collect())
                .unwrap_or_default();
            (id, members)
        };
        let update = Update::Group(GroupMessage {
            chat_id: chat,
            topic_id: topic,
            sender: self.person(sender),
            msg_id: id,
            text: String::new(),
            reply_to,
            album: Vec::new(),
            media: Some("document".into()),
        });
        for member in members.into_iter().filter(|m| *m != sender) {
            self.deliver(member, update.clone());
        }
        id
    }

    /// `user` presses the inline button with `data` under message `msg_id` of `chat`, sent by
    /// the bot `bot`. As Telegram does, only a button the message really has can be pressed;
    /// returns the query id the bot must answer.
    pub fn press_button(&self, user: i64, chat: i64, msg_id: i64, data: &str) -> Option<i64> {
        let bot = {
            let mut state = self.lock();
            let chats = &state.chats;
            let c = if chat > 0 {
                chats.private.get(&pair(user, chat))
            } else {
                chats.groups.get(&chat)
            }?;
            let message = c.get(msg_id)?;
            if !message.buttons.iter().flatten().any(|(_, d)| d == data) {
                return None;
            }
            let bot = message.from;
            state.chats.next_query += 1;
            let query = state.chats.next_query;
            state.chats.callbacks.insert(query, None);
            (bot, query)
        };
        let (bot, query) = bot;
        let update = Update::Callback(relay::gateway::CallbackQuery {
            query_id: query,
            chat_id: chat,
            msg_id,
            sender: self.person(user),
            data: data.as_bytes().to_vec(),
        });
        self.deliver(bot, update);
        Some(query)
    }

    /// How the bot answered a button press: `None` while unanswered, then its notice (if any).
    pub fn callback_answer(&self, query: i64) -> Option<Option<String>> {
        self.lock().chats.callbacks.get(&query).cloned().flatten()
    }

    /// Gives a user a phone number (accounts find people by it with /new).
    pub fn set_phone(&self, user: i64, phone: &str) {
        let mut state = self.lock();
        if let Some(u) = state.users.get_mut(&user) {
            u.phone = Some(phone.to_owned());
        }
        state.phones.insert(phone.to_owned(), user);
    }

    /// The user (or bot) with `username`, compared as Telegram does, without case.
    pub fn user_by_username(&self, username: &str) -> Option<i64> {
        self.lock()
            .users
            .values()
            .find(|u| {
                u.username
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(username))
            })
            .map(|u| u.id)
    }

    /// The account registered with `phone` (digits, international form).
    pub fn user_by_phone(&self, phone: &str) -> Option<i64> {
        self.lock().phones.get(phone).copied()
    }

    /// The message `msg_id` of a group.
    pub fn group_message(&self, chat: i64, msg_id: i64) -> Option<SimMessage> {
        self.lock()
            .chats
            .groups
            .get(&chat)
            .and_then(|c| c.get(msg_id).cloned())
    }

    /// A fresh id for the messages of one album.
    pub(crate) fn next_album(&self) -> i64 {
        let mut state = self.lock();
        state.chats.next_album += 1;
        state.chats.next_album
    }

    /// The next send (from any session) fails with `fault`, as Telegram would answer it.
    pub fn fail_next_send(&self, fault: relay::gateway::GatewayError) {
        self.lock().chats.send_faults.push_back(fault);
    }

    /// The next attempt to bring the admin into an account's new group fails with `fault`
    /// (after the group itself was created).
    pub fn fail_next_invite(&self, fault: relay::gateway::GatewayError) {
        self.lock().chats.invite_faults.push_back(fault);
    }

    /// The fault [`World::fail_next_invite`] queued, taken (for the MTProto simulator's
    /// `channels.inviteToChannel`).
    pub fn take_invite_fault(&self) -> Option<relay::gateway::GatewayError> {
        self.lock().chats.invite_faults.pop_front()
    }

    /// Whether `user`'s privacy settings forbid adding them to groups.
    pub fn invites_restricted(&self, user: i64) -> bool {
        self.lock().chats.invite_restricted.contains(&user)
    }

    /// The next send reaches Telegram, but its answer is lost on the way back (the sender sees
    /// a network error and will try again).
    pub fn lose_next_answer(&self) {
        self.lock().chats.lost_answers += 1;
    }

    /// The next send reaches Telegram, but its answer never comes back: the sender waits until
    /// it is stopped (a relay killed between a send and its answer, held there for the test to
    /// look at).
    pub fn hold_next_answer(&self) {
        self.lock().chats.held_answers += 1;
    }

    /// How many sends have been held so far (a test waits for its hold to have caught one).
    pub fn held_sends(&self) -> usize {
        self.lock().chats.held_now
    }

    /// From now on, each document a session sends is delivered at once, but the sender hears
    /// back only when the test adds a permit to the returned semaphore (so a test can look at
    /// the world between a send and what the sender does next).
    pub fn hold_documents(&self) -> std::sync::Arc<tokio::sync::Semaphore> {
        let gate = std::sync::Arc::new(tokio::sync::Semaphore::new(0));
        self.lock().chats.document_gate = Some(gate.clone());
        gate
    }

    /// Waits at the document gate, when a test set one.
    pub(crate) async fn document_sent(&self) {
        let gate = self.lock().chats.document_gate.clone();
        if let Some(gate) = gate
            && let Ok(permit) = gate.acquire().await
        {
            permit.forget();
        }
    }

    /// Whether `sender` used `random_id` before (Telegram refuses a repeat: RANDOM_ID_DUPLICATE).
    pub fn check_duplicate(
        &self,
        sender: i64,
        random_id: i64,
    ) -> Result<(), relay::gateway::GatewayError> {
        if self.lock().chats.random_ids.contains(&(sender, random_id)) {
            return Err(relay::gateway::GatewayError::AlreadySent);
        }
        Ok(())
    }

    /// Records a completed send's random id; reports a network error when its answer is to be
    /// lost, and never answers when it is to be held.
    pub async fn sent(
        &self,
        sender: i64,
        random_id: i64,
    ) -> Result<(), relay::gateway::GatewayError> {
        let held = {
            let mut state = self.lock();
            state.chats.random_ids.insert((sender, random_id));
            if state.chats.lost_answers > 0 {
                state.chats.lost_answers -= 1;
                return Err(relay::gateway::GatewayError::Network);
            }
            let held = state.chats.held_answers > 0;
            state.chats.held_answers = state.chats.held_answers.saturating_sub(1);
            state.chats.held_now += usize::from(held);
            held
        };
        if held {
            std::future::pending::<()>().await;
        }
        Ok(())
    }

    /// `user`'s privacy settings forbid adding them to groups.
    pub fn restrict_invites(&self, user: i64) {
        self.lock().chats.invite_restricted.insert(user);
    }

    /// The group's members and their admin rights.
    pub fn members(&self, chat: i64) -> Vec<(i64, Rights)> {
        let state = self.lock();
        state
            .chats
            .groups
            .get(&chat)
            .and_then(|c| c.group.as_ref())
            .map_or_else(Vec::new, |g| {
                let mut members: Vec<_> = g.members.iter().map(|(u, r)| (*u, *r)).collect();
                members.sort_by_key(|(u, _)| *u);
                members
            })
    }

    pub fn block(&self, user: i64, other: i64) {
        self.lock().chats.blocked.insert((user, other));
    }

    /// Turns on "restrict saving content" for the private chat of `user` and `other`.
    pub fn protect_chat(&self, user: i64, other: i64) {
        self.lock().chats.protected.insert(pair(user, other));
    }

    pub fn delete_topic(&self, chat: i64, topic: i64) {
        let mut state = self.lock();
        if let Some(c) = state.chats.groups.get_mut(&chat) {
            if let Some(t) = c.group.as_mut().and_then(|g| g.topics.get_mut(&topic)) {
                t.deleted = true;
            }
            c.messages.retain(|m| m.topic != Some(topic));
        }
    }

    pub fn close_topic(&self, chat: i64, topic: i64) {
        if let Some(t) = self
            .lock()
            .chats
            .groups
            .get_mut(&chat)
            .and_then(|c| c.group.as_mut())
            .and_then(|g| g.topics.get_mut(&topic))
        {
            t.closed = true;
        }
    }

    /// The messages of the private chat between `a` and `b`, oldest first.
    pub fn private_chat(&self, a: i64, b: i64) -> Vec<SimMessage> {
        self.lock()
            .chats
            .private
            .get(&pair(a, b))
            .map(|c| c.messages.clone())
            .unwrap_or_default()
    }

    /// The live (not deleted) topics of a group.
    pub fn topics(&self, chat: i64) -> Vec<SimTopic> {
        let state = self.lock();
        let Some(group) = state.chats.groups.get(&chat).and_then(|c| c.group.as_ref()) else {
            return Vec::new();
        };
        group
            .topics
            .values()
            .filter(|t| !t.deleted)
            .cloned()
            .collect()
    }

    /// The messages in a topic (service message excluded), oldest first.
    pub fn topic_messages(&self, chat: i64, topic: i64) -> Vec<SimMessage> {
        let state = self.lock();
        state.chats.groups.get(&chat).map_or_else(Vec::new, |c| {
            c.messages
                .iter()
                .filter(|m| m.topic == Some(topic) && !m.service)
                .cloned()
                .collect()
        })
    }

    /// Messages in the group's General topic.
    pub fn general_messages(&self, chat: i64) -> Vec<SimMessage> {
        let state = self.lock();
        state.chats.groups.get(&chat).map_or_else(Vec::new, |c| {
            c.messages
                .iter()
                .filter(|m| m.topic.is_none())
                .cloned()
                .collect()
        })
    }
}

/// A supergroup as a server answers about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimGroup {
    pub chat_id: i64,
    pub title: String,
    pub forum: bool,
    pub owner: i64,
    pub members: Vec<(i64, Rights)>,
}

impl World {
    /// A group's title, settings and members (`None` when there is no such group).
    pub fn group(&self, chat: i64) -> Option<SimGroup> {
        let state = self.lock();
        let group = state.chats.groups.get(&chat)?.group.as_ref()?;
        Some(SimGroup {
            chat_id: chat,
            title: group.title.clone(),
            forum: group.forum,
            owner: group.owner,
            members: group.members.iter().map(|(u, r)| (*u, *r)).collect(),
        })
    }

    /// The groups `owner` created, oldest first.
    pub fn groups_owned_by(&self, owner: i64) -> Vec<i64> {
        let state = self.lock();
        let mut ids: Vec<i64> = state
            .chats
            .groups
            .iter()
            .filter(|(_, chat)| chat.group.as_ref().is_some_and(|g| g.owner == owner))
            .map(|(id, _)| *id)
            .collect();
        // Group ids count down as groups are made: the oldest is the largest.
        ids.sort_unstable_by(|a, b| b.cmp(a));
        ids
    }

    /// One message of the private chat between `a` and `b`.
    pub fn private_message(&self, a: i64, b: i64, msg_id: i64) -> Option<SimMessage> {
        self.lock()
            .chats
            .private
            .get(&pair(a, b))
            .and_then(|c| c.get(msg_id).cloned())
    }

    /// The users `me` has a private chat with (messages there are addressed by id alone).
    pub fn private_peers(&self, me: i64) -> Vec<i64> {
        self.lock()
            .chats
            .private
            .keys()
            .filter_map(|(a, b)| match (*a == me, *b == me) {
                (true, _) => Some(*b),
                (_, true) => Some(*a),
                _ => None,
            })
            .collect()
    }
}

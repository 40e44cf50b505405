//! Updates as Telegram sequences them: a common pts per account, a pts per channel, a history
//! of each for `getDifference` / `getChannelDifference`, and pushes to each signed-in session's
//! live connections. The World decides who receives what (its own delivery to each
//! authorization); this turns that into TL.

use std::collections::HashMap;
use std::sync::Arc;

use grammers_tl_types::{self as tl, Serializable as _};
use relay::gateway::{Gateway as _, Update};
use telegram_sim::SimGateway;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::state::Inner;
use crate::tl as make;

/// An account's common update sequence (private chats, deletions there).
#[derive(Default)]
pub(crate) struct CommonBox {
    pub pts: i32,
    /// (pts after, the update, the users it names).
    pub history: Vec<(i32, tl::enums::Update, Vec<i64>)>,
}

#[derive(Default)]
pub(crate) struct ChannelBox {
    pub pts: i32,
    /// (pts after, the update, the users it names).
    pub history: Vec<(i32, tl::enums::Update, Vec<i64>)>,
}

/// A signed-in World session served over MTProto.
pub(crate) struct Link {
    pub gateway: Arc<SimGateway>,
    /// Connections that receive pushed updates (the home DC's).
    pub live: Vec<mpsc::UnboundedSender<Vec<u8>>>,
    forwarder: Option<JoinHandle<()>>,
}

const FIRST_PTS: i32 = 1;

#[derive(Default)]
pub(crate) struct Boxes {
    pub accounts: HashMap<i64, CommonBox>,
    pub channels: HashMap<i64, ChannelBox>,
    /// By World session bytes.
    pub links: HashMap<Vec<u8>, Link>,
}

impl Boxes {
    pub fn stop(&mut self) {
        for link in self.links.values_mut() {
            if let Some(task) = link.forwarder.take() {
                task.abort();
            }
        }
    }

    /// Records an update in `user`'s common sequence; returns its pts.
    pub fn common(
        &mut self,
        user: i64,
        count: i32,
        make: impl FnOnce(i32) -> tl::enums::Update,
        users: Vec<i64>,
    ) -> (i32, tl::enums::Update) {
        let b = self.account(user);
        b.pts += count;
        let update = make(b.pts);
        b.history.push((b.pts, update.clone(), users));
        (b.pts, update)
    }

    /// Records an update in a channel's sequence; returns its pts.
    pub fn channel(
        &mut self,
        channel: i64,
        count: i32,
        make: impl FnOnce(i32) -> tl::enums::Update,
        users: Vec<i64>,
    ) -> (i32, tl::enums::Update) {
        let b = self.channels.entry(channel).or_default();
        b.pts += count;
        let update = make(b.pts);
        b.history.push((b.pts, update.clone(), users));
        (b.pts, update)
    }

    /// An account's sequence. It starts at pts 1, as no real account's is 0: grammers reads a
    /// saved pts of 0 as "no state" and then skips whatever arrived before its getState.
    fn account(&mut self, user: i64) -> &mut CommonBox {
        self.accounts.entry(user).or_insert_with(|| CommonBox {
            pts: FIRST_PTS,
            history: Vec::new(),
        })
    }

    /// A channel's pts now (at least 1: grammers reads 0 as "no state", as for accounts).
    pub fn channel_pts(&mut self, channel: i64) -> i32 {
        let b = self.channels.entry(channel).or_default();
        b.pts = b.pts.max(FIRST_PTS);
        b.pts
    }

    pub fn common_pts(&self, user: i64) -> i32 {
        self.accounts.get(&user).map_or(FIRST_PTS, |b| b.pts)
    }

    /// Sends `updates` to the session's live connections; how many took it.
    pub fn push(&mut self, session: &[u8], updates: &tl::enums::Updates) -> usize {
        let Some(link) = self.links.get_mut(session) else {
            return 0;
        };
        let bytes = updates.to_bytes();
        link.live.retain(|tx| tx.send(bytes.clone()).is_ok());
        link.live.len()
    }
}

/// Serves a World session over MTProto from now on: its updates are sequenced and pushed.
pub(crate) fn link(
    inner: &Arc<Inner>,
    session: Vec<u8>,
    user: i64,
) -> Result<(), relay::gateway::GatewayError> {
    let gateway = Arc::new(inner.world.open_gateway(&session)?.answering_later());
    let forwarder = {
        let inner = Arc::clone(inner);
        let gateway = Arc::clone(&gateway);
        let session = session.clone();
        tokio::spawn(async move {
            while let Some(update) = gateway.next_update().await {
                forward(&inner, &session, user, update);
            }
        })
    };
    inner.lock().boxes.links.insert(
        session,
        Link {
            gateway,
            live: Vec::new(),
            forwarder: Some(forwarder),
        },
    );
    Ok(())
}

fn new_message(message: tl::enums::Message, pts: i32) -> tl::enums::Update {
    tl::types::UpdateNewMessage {
        message,
        pts,
        pts_count: 1,
    }
    .into()
}

fn new_channel_message(message: tl::enums::Message, pts: i32) -> tl::enums::Update {
    tl::types::UpdateNewChannelMessage {
        message,
        pts,
        pts_count: 1,
    }
    .into()
}

/// The private message `id` between `me` and `other`, as `me` sees it.
fn private(
    inner: &Inner,
    me: i64,
    other: i64,
    id: i64,
    album: Option<i64>,
) -> Option<tl::enums::Message> {
    let m = inner.world.private_message(me, other, id)?;
    Some(make::message(inner, me, other, &m, album.or(m.album)))
}

fn group(inner: &Inner, me: i64, chat: i64, id: i64) -> Option<tl::enums::Message> {
    let m = inner.world.group_message(chat, id)?;
    let album = m.album;
    Some(make::message(inner, me, chat, &m, album))
}

/// One World delivery to `user`'s session, as the TL Telegram would push.
fn forward(inner: &Arc<Inner>, session: &[u8], me: i64, update: Update) {
    let is_bot = inner.world.user(me).is_some_and(|u| u.is_bot);
    let mut pushes: Vec<tl::enums::Updates> = Vec::new();
    let mut state = inner.lock();
    match update {
        Update::Private(pm) => {
            let other = pm.user.id;
            for id in std::iter::once(pm.msg_id).chain(pm.album.iter().copied()) {
                let Some(message) = private(inner, me, other, id, None) else {
                    continue;
                };
                let short = short_message(&message, pm.outgoing);
                let (pts, update) =
                    state
                        .boxes
                        .common(me, 1, |pts| new_message(message, pts), vec![other]);
                // Accounts get plain texts as updateShortMessage, which names no user (the
                // client must already know them); bots get `updates` with the user.
                match short.filter(|_| !is_bot) {
                    Some(mut short) => {
                        short.pts = pts;
                        pushes.push(short.into());
                    }
                    None => pushes.push(make::updates(
                        inner,
                        vec![update],
                        make::users(inner, me, &[other, me]),
                        Vec::new(),
                    )),
                }
            }
        }
        Update::Group(gm) => {
            let channel = make::channel_id(gm.chat_id);
            for id in std::iter::once(gm.msg_id).chain(gm.album.iter().copied()) {
                let Some(message) = group(inner, me, gm.chat_id, id) else {
                    continue;
                };
                let (_, update) = state.boxes.channel(
                    channel,
                    1,
                    |pts| new_channel_message(message, pts),
                    vec![gm.sender.id],
                );
                let min = state.min_groups.contains(&gm.chat_id);
                pushes.push(make::updates(
                    inner,
                    vec![update],
                    make::seen_users(inner, me, &[gm.sender.id], min),
                    make::channel(inner, me, gm.chat_id).into_iter().collect(),
                ));
            }
        }
        Update::Edited { chat_id, msg_id } => {
            if chat_id > 0 {
                if let Some(message) = private(inner, me, chat_id, msg_id, None) {
                    let (_, update) = state.boxes.common(
                        me,
                        1,
                        |pts| {
                            tl::types::UpdateEditMessage {
                                message,
                                pts,
                                pts_count: 1,
                            }
                            .into()
                        },
                        vec![chat_id],
                    );
                    pushes.push(make::updates(
                        inner,
                        vec![update],
                        make::users(inner, me, &[chat_id]),
                        Vec::new(),
                    ));
                }
            } else if let Some(message) = group(inner, me, chat_id, msg_id) {
                let channel = make::channel_id(chat_id);
                let (_, update) = state.boxes.channel(
                    channel,
                    1,
                    |pts| {
                        tl::types::UpdateEditChannelMessage {
                            message,
                            pts,
                            pts_count: 1,
                        }
                        .into()
                    },
                    Vec::new(),
                );
                pushes.push(make::updates(
                    inner,
                    vec![update],
                    Vec::new(),
                    make::channel(inner, me, chat_id).into_iter().collect(),
                ));
            }
        }
        Update::Deleted { chat_id, msg_ids } => {
            let messages: Vec<i32> = msg_ids
                .iter()
                .filter_map(|m| i32::try_from(*m).ok())
                .collect();
            let count = messages.len() as i32;
            let update = match chat_id {
                Some(chat) if chat < 0 => {
                    let channel_id = make::channel_id(chat);
                    state
                        .boxes
                        .channel(
                            channel_id,
                            count,
                            |pts| {
                                tl::types::UpdateDeleteChannelMessages {
                                    channel_id,
                                    messages,
                                    pts,
                                    pts_count: count,
                                }
                                .into()
                            },
                            Vec::new(),
                        )
                        .1
                }
                _ => {
                    state
                        .boxes
                        .common(
                            me,
                            count,
                            |pts| {
                                tl::types::UpdateDeleteMessages {
                                    messages,
                                    pts,
                                    pts_count: count,
                                }
                                .into()
                            },
                            Vec::new(),
                        )
                        .1
                }
            };
            pushes.push(
                tl::types::UpdateShort {
                    update,
                    date: inner.world.now_unix() as i32,
                }
                .into(),
            );
        }
        // The gateway's own conclusion from a catch-up, never something the World sends.
        Update::Gap { .. } => {}
        Update::Callback(q) => {
            let update = tl::types::UpdateBotCallbackQuery {
                query_id: q.query_id,
                user_id: q.sender.id,
                peer: make::peer(q.chat_id),
                msg_id: i32::try_from(q.msg_id).unwrap_or_default(),
                chat_instance: q.chat_id,
                data: Some(q.data),
                game_short_name: None,
            }
            .into();
            let chats = if q.chat_id < 0 {
                make::channel(inner, me, q.chat_id).into_iter().collect()
            } else {
                Vec::new()
            };
            pushes.push(make::updates(
                inner,
                vec![update],
                make::users(inner, me, &[q.sender.id]),
                chats,
            ));
        }
    }
    for updates in &pushes {
        let live = state.boxes.push(session, updates);
        let pts = match updates {
            tl::enums::Updates::UpdateShortMessage(u) => u.pts,
            _ => -1,
        };
        let now = state.boxes.common_pts(me);
        state.trace.push(format!(
            "{me} push (short pts {pts}) to {live} connection(s); common pts now {now}"
        ));
    }
}

/// `updateShortMessage` for a plain private text (no media, not part of an album).
fn short_message(
    message: &tl::enums::Message,
    outgoing: bool,
) -> Option<tl::types::UpdateShortMessage> {
    let tl::enums::Message::Message(m) = message else {
        return None;
    };
    if m.media.is_some() || m.grouped_id.is_some() {
        return None;
    }
    let tl::enums::Peer::User(peer) = &m.peer_id else {
        return None;
    };
    Some(tl::types::UpdateShortMessage {
        out: outgoing,
        mentioned: false,
        media_unread: false,
        silent: false,
        id: m.id,
        user_id: peer.user_id,
        message: m.message.clone(),
        pts: 0,
        pts_count: 1,
        date: m.date,
        fwd_from: None,
        via_bot_id: None,
        reply_to: m.reply_to.clone(),
        entities: m.entities.clone(),
        ttl_period: None,
    })
}

//! messages.*: sends, copies (forwards without author), topics, edits, deletions, lookups.
//! Each enforces what its core.telegram.org page says (see the crate's README).

use grammers_tl_types as tl;
use relay::gateway::Gateway as _;
use relay::logic::broadcast::Button;

use super::fail;
use super::peers::input_peer;
use crate::rpc::{Ctx, RpcFail};
use crate::tl as make;

/// The stored message `id` of `chat`, as the caller sees it.
fn stored(ctx: &Ctx, chat: i64, id: i64) -> Option<telegram_sim::SimMessage> {
    if chat > 0 {
        ctx.inner.world.private_message(ctx.me, chat, id)
    } else {
        ctx.inner.world.group_message(chat, id)
    }
}

/// The answer to a request that created messages in `chat`: updateMessageID for each
/// (id, random_id), then the new messages, sequenced like any other update.
pub(crate) fn created(ctx: &Ctx, chat: i64, sent: &[(i64, i64)]) -> tl::enums::Updates {
    let mut updates: Vec<tl::enums::Update> = Vec::new();
    let mut users = vec![ctx.me];
    for (id, random_id) in sent {
        updates.push(
            tl::types::UpdateMessageId {
                id: i32::try_from(*id).unwrap_or_default(),
                random_id: *random_id,
            }
            .into(),
        );
    }
    let mut state = ctx.inner.lock();
    for (id, _) in sent {
        let Some(m) = stored(ctx, chat, *id) else {
            continue;
        };
        let message = make::message(&ctx.inner, ctx.me, chat, &m, m.album);
        let update = if chat > 0 {
            users.push(chat);
            state.boxes.common(
                ctx.me,
                1,
                |pts| {
                    tl::types::UpdateNewMessage {
                        message,
                        pts,
                        pts_count: 1,
                    }
                    .into()
                },
                vec![chat],
            )
        } else {
            state.boxes.channel(
                make::channel_id(chat),
                1,
                |pts| {
                    tl::types::UpdateNewChannelMessage {
                        message,
                        pts,
                        pts_count: 1,
                    }
                    .into()
                },
                Vec::new(),
            )
        };
        updates.push(update.1);
    }
    drop(state);
    let chats = if chat < 0 {
        make::channel(&ctx.inner, ctx.me, chat)
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    make::updates(
        &ctx.inner,
        updates,
        make::users(&ctx.inner, ctx.me, &users),
        chats,
    )
}

/// Where a new message goes: its topic and the message it replies to, from `reply_to` and
/// `top_msg_id` (https://core.telegram.org/api/threads).
pub(crate) fn placement(
    reply_to: Option<&tl::enums::InputReplyTo>,
) -> Result<(Option<i64>, Option<i64>), RpcFail> {
    match reply_to {
        None => Ok((None, None)),
        Some(tl::enums::InputReplyTo::Message(r)) => {
            let reply = i64::from(r.reply_to_msg_id);
            match r.top_msg_id {
                // A plain message in a topic replies to the topic's first message.
                None => Ok((None, Some(reply))),
                Some(top) if i64::from(top) == reply => Ok((Some(reply), None)),
                Some(top) => Ok((Some(i64::from(top)), Some(reply))),
            }
        }
        Some(_) => Err(RpcFail::bad("REPLY_TO_INVALID")),
    }
}

/// A reply_to inside a forum names its topic; the World wants (topic, reply inside it).
pub(crate) fn in_forum(
    ctx: &Ctx,
    chat: i64,
    place: (Option<i64>, Option<i64>),
) -> (Option<i64>, Option<i64>) {
    let (topic, reply) = place;
    if chat > 0 || topic.is_some() {
        return (topic, reply);
    }
    // reply_to alone in a forum: a message in the topic it names, or a reply to a message there.
    let Some(reply) = reply else {
        return (None, None);
    };
    let is_topic = ctx.inner.world.topics(chat).iter().any(|t| t.id == reply);
    if is_topic {
        return (Some(reply), None);
    }
    let topic = ctx
        .inner
        .world
        .group_message(chat, reply)
        .and_then(|m| m.topic);
    (topic, Some(reply))
}

fn buttons(markup: Option<&tl::enums::ReplyMarkup>) -> Vec<Vec<Button>> {
    let Some(tl::enums::ReplyMarkup::ReplyInlineMarkup(markup)) = markup else {
        return Vec::new();
    };
    markup
        .rows
        .iter()
        .map(|tl::enums::KeyboardInlineButtonRow::Row(row)| {
            row.buttons
                .iter()
                .filter_map(|b| {
                    let tl::enums::KeyboardInlineButton::Button(b) = b;
                    match &b.r#type {
                        tl::enums::InlineButtonType::Callback(c) => Some(Button {
                            text: b.text.clone(),
                            data: String::from_utf8_lossy(&c.data).into_owned(),
                        }),
                        _ => None,
                    }
                })
                .collect()
        })
        .collect()
}

pub(crate) fn html(text: &str, entities: Option<&Vec<tl::enums::MessageEntity>>) -> String {
    grammers_client::parsers::generate_html_message(text, entities.map_or(&[][..], |e| &e[..]))
}

/// https://core.telegram.org/method/messages.sendMessage
pub(crate) async fn send_message(
    ctx: &Ctx,
    request: tl::functions::messages::SendMessage,
) -> Result<tl::enums::Updates, RpcFail> {
    let chat = input_peer(ctx, &request.peer)?;
    if request.message.is_empty() {
        return Err(RpcFail::bad("MESSAGE_EMPTY"));
    }
    let (topic, reply) = in_forum(ctx, chat, placement(request.reply_to.as_ref())?);
    ctx.inner
        .world
        .check_duplicate(ctx.me, request.random_id)
        .map_err(fail)?;
    let text = html(&request.message, request.entities.as_ref());
    let markup = buttons(request.reply_markup.as_ref());
    let id = if markup.is_empty() {
        ctx.gateway.send_html(chat, topic, reply, &text).await
    } else {
        ctx.gateway
            .send_buttons(chat, topic, reply, &text, &markup)
            .await
    }
    .map_err(fail)?;
    // In the session's update log before the answer, which may be lost on the way back.
    let answer = created(ctx, chat, &[(id, request.random_id)]);
    ctx.inner
        .world
        .sent(ctx.me, request.random_id)
        .await
        .map_err(fail)?;
    Ok(answer)
}

/// https://core.telegram.org/method/messages.forwardMessages — copies with `drop_author`.
/// `reply_to` "can only contain an inputReplyToMonoForum … mutually exclusive with top_msg_id".
pub(crate) async fn forward_messages(
    ctx: &Ctx,
    request: tl::functions::messages::ForwardMessages,
) -> Result<tl::enums::Updates, RpcFail> {
    match &request.reply_to {
        None => {}
        Some(tl::enums::InputReplyTo::MonoForum(_)) if request.top_msg_id.is_none() => {}
        Some(_) => return Err(RpcFail::bad("REPLY_TO_INVALID")),
    }
    if request.id.is_empty() {
        return Err(RpcFail::bad("MESSAGE_IDS_EMPTY"));
    }
    if request.id.len() != request.random_id.len() {
        return Err(RpcFail::bad("RANDOM_ID_INVALID"));
    }
    let from = input_peer(ctx, &request.from_peer)?;
    let to = input_peer(ctx, &request.to_peer)?;
    let topic = request.top_msg_id.map(i64::from);
    let ids: Vec<i64> = request.id.iter().map(|i| i64::from(*i)).collect();
    let dedup = request.random_id[0];
    let new_ids = if ids.len() == 1 {
        vec![
            ctx.gateway
                .copy_message(from, ids[0], to, topic, None, None, dedup)
                .await
                .map_err(fail)?,
        ]
    } else {
        ctx.gateway
            .copy_album(from, &ids, to, topic, None, dedup)
            .await
            .map_err(fail)?
    };
    let sent: Vec<(i64, i64)> = new_ids
        .into_iter()
        .zip(request.random_id.iter().copied())
        .collect();
    // In the session's update log before the answer, which may be lost on the way back.
    let answer = created(ctx, to, &sent);
    ctx.inner.world.sent(ctx.me, dedup).await.map_err(fail)?;
    Ok(answer)
}

/// https://core.telegram.org/method/messages.createForumTopic
pub(crate) async fn create_forum_topic(
    ctx: &Ctx,
    request: tl::functions::messages::CreateForumTopic,
) -> Result<tl::enums::Updates, RpcFail> {
    let chat = input_peer(ctx, &request.peer)?;
    if chat > 0 {
        return Err(RpcFail::bad("PEER_ID_INVALID"));
    }
    if request.title.trim().is_empty() {
        return Err(RpcFail::bad("TOPIC_TITLE_EMPTY"));
    }
    let id = ctx
        .gateway
        .create_topic(chat, &request.title, request.icon_color.unwrap_or(0))
        .await
        .map_err(fail)?;
    Ok(created(ctx, chat, &[(id, request.random_id)]))
}

/// https://core.telegram.org/method/messages.editForumTopic
pub(crate) async fn edit_forum_topic(
    ctx: &Ctx,
    request: tl::functions::messages::EditForumTopic,
) -> Result<tl::enums::Updates, RpcFail> {
    let chat = input_peer(ctx, &request.peer)?;
    let topic_id = i64::from(request.topic_id);
    let topic = ctx
        .inner
        .world
        .topics(chat)
        .into_iter()
        .find(|t| t.id == topic_id && !t.deleted)
        .ok_or_else(|| RpcFail::bad("TOPIC_ID_INVALID"))?;
    let mut changed = false;
    if let Some(title) = &request.title
        && *title != topic.title
    {
        ctx.gateway
            .rename_topic(chat, topic_id, title)
            .await
            .map_err(fail)?;
        changed = true;
    }
    if request.closed == Some(false) && topic.closed {
        ctx.gateway
            .reopen_topic(chat, topic_id)
            .await
            .map_err(fail)?;
        changed = true;
    }
    if !changed {
        return Err(RpcFail::bad("TOPIC_NOT_MODIFIED"));
    }
    Ok(make::updates(
        &ctx.inner,
        Vec::new(),
        Vec::new(),
        Vec::new(),
    ))
}

/// https://core.telegram.org/method/messages.editMessage
pub(crate) async fn edit_message(
    ctx: &Ctx,
    request: tl::functions::messages::EditMessage,
) -> Result<tl::enums::Updates, RpcFail> {
    let chat = input_peer(ctx, &request.peer)?;
    let id = i64::from(request.id);
    let current = stored(ctx, chat, id).ok_or_else(|| RpcFail::bad("MESSAGE_ID_INVALID"))?;
    if current.from != ctx.me {
        return Err(RpcFail::new(403, "MESSAGE_AUTHOR_REQUIRED"));
    }
    let text = match &request.message {
        Some(message) => html(message, request.entities.as_ref()),
        None => current.text.clone(),
    };
    let markup = buttons(request.reply_markup.as_ref());
    let new_buttons: Vec<Vec<(String, String)>> = markup
        .iter()
        .map(|row| {
            row.iter()
                .map(|b| (b.text.clone(), b.data.clone()))
                .collect()
        })
        .collect();
    if text == current.text && new_buttons == current.buttons {
        return Err(RpcFail::bad("MESSAGE_NOT_MODIFIED"));
    }
    ctx.gateway
        .edit_html(chat, id, &text, &markup)
        .await
        .map_err(fail)?;
    let m = stored(ctx, chat, id).ok_or_else(|| RpcFail::bad("MESSAGE_ID_INVALID"))?;
    let message = make::message(&ctx.inner, ctx.me, chat, &m, m.album);
    let update = {
        let mut state = ctx.inner.lock();
        if chat > 0 {
            state
                .boxes
                .common(
                    ctx.me,
                    1,
                    |pts| {
                        tl::types::UpdateEditMessage {
                            message,
                            pts,
                            pts_count: 1,
                        }
                        .into()
                    },
                    vec![chat],
                )
                .1
        } else {
            state
                .boxes
                .channel(
                    make::channel_id(chat),
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
                )
                .1
        }
    };
    let chats = if chat < 0 {
        make::channel(&ctx.inner, ctx.me, chat)
            .into_iter()
            .collect()
    } else {
        Vec::new()
    };
    Ok(make::updates(
        &ctx.inner,
        vec![update],
        make::users(&ctx.inner, ctx.me, &[ctx.me]),
        chats,
    ))
}

/// https://core.telegram.org/method/messages.deleteMessages (private chats: ids alone).
pub(crate) async fn delete_messages(
    ctx: &Ctx,
    request: tl::functions::messages::DeleteMessages,
) -> Result<tl::enums::messages::AffectedMessages, RpcFail> {
    let ids: Vec<i64> = request.id.iter().map(|i| i64::from(*i)).collect();
    for peer in ctx.inner.world.private_peers(ctx.me) {
        ctx.gateway
            .delete_messages(peer, &ids)
            .await
            .map_err(fail)?;
    }
    let count = request.id.len() as i32;
    let messages = request.id.clone();
    let (pts, _) = ctx.inner.lock().boxes.common(
        ctx.me,
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
    );
    Ok(tl::types::messages::AffectedMessages {
        pts,
        pts_count: count,
    }
    .into())
}

/// https://core.telegram.org/method/messages.getMessages (private chats: ids alone).
pub(crate) async fn get_messages(
    ctx: &Ctx,
    request: tl::functions::messages::GetMessages,
) -> Result<tl::enums::messages::Messages, RpcFail> {
    let peers = ctx.inner.world.private_peers(ctx.me);
    let mut users = Vec::new();
    let messages = request
        .id
        .iter()
        .filter_map(|m| match m {
            tl::enums::InputMessage::Id(m) => Some(i64::from(m.id)),
            _ => None,
        })
        .map(|id| {
            let found = peers.iter().find_map(|p| {
                ctx.inner
                    .world
                    .private_message(ctx.me, *p, id)
                    .map(|m| (*p, m))
            });
            match found {
                Some((peer, m)) => {
                    users.push(peer);
                    make::message(&ctx.inner, ctx.me, peer, &m, m.album)
                }
                None => tl::types::MessageEmpty {
                    id: i32::try_from(id).unwrap_or_default(),
                    peer_id: None,
                }
                .into(),
            }
        })
        .collect();
    Ok(tl::types::messages::Messages {
        messages,
        topics: Vec::new(),
        chats: Vec::new(),
        users: make::users(&ctx.inner, ctx.me, &users),
    }
    .into())
}

/// https://core.telegram.org/method/messages.setBotCallbackAnswer
pub(crate) async fn set_bot_callback_answer(
    ctx: &Ctx,
    request: tl::functions::messages::SetBotCallbackAnswer,
) -> Result<bool, RpcFail> {
    if !ctx.is_bot() {
        return Err(RpcFail::bad("BOT_METHOD_INVALID"));
    }
    ctx.gateway
        .answer_callback(request.query_id, request.message.as_deref())
        .await
        .map_err(fail)?;
    Ok(true)
}

/// https://core.telegram.org/method/messages.exportChatInvite — a group where the caller may
/// invite (CHAT_ADMIN_REQUIRED); a new `https://t.me/+…` link.
pub(crate) async fn export_chat_invite(
    ctx: &Ctx,
    request: tl::functions::messages::ExportChatInvite,
) -> Result<tl::enums::ExportedChatInvite, RpcFail> {
    let chat = super::peers::input_peer(ctx, &request.peer)?;
    let group = ctx
        .inner
        .world
        .group(chat)
        .ok_or_else(|| RpcFail::bad("PEER_ID_INVALID"))?;
    let allowed = group.owner == ctx.me
        || group
            .members
            .iter()
            .any(|(u, r)| *u == ctx.me && r.invite_users);
    if !allowed {
        return Err(RpcFail::bad("CHAT_ADMIN_REQUIRED"));
    }
    let date = ctx.inner.world.now_unix() as i32;
    Ok(tl::types::ChatInviteExported {
        revoked: false,
        permanent: true,
        request_needed: request.request_needed,
        link: format!("https://t.me/+sim{:x}{:x}", chat.unsigned_abs(), date),
        admin_id: ctx.me,
        date,
        start_date: None,
        expire_date: None,
        usage_limit: None,
        usage: None,
        requested: None,
        subscription_expired: None,
        title: None,
        subscription_pricing: None,
    }
    .into())
}

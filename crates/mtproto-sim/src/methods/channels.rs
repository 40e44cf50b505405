//! channels.*

use grammers_tl_types as tl;
use relay::gateway::Gateway as _;

use super::fail;
use super::peers::{input_channel, input_peer, input_user};
use crate::rpc::{Ctx, RpcFail};
use crate::tl as make;

/// https://core.telegram.org/method/channels.getChannels
pub(crate) async fn get_channels(
    ctx: &Ctx,
    request: tl::functions::channels::GetChannels,
) -> Result<tl::enums::messages::Chats, RpcFail> {
    let chats = request
        .id
        .iter()
        .map(|c| {
            let chat = input_channel(ctx, c)?;
            make::channel(&ctx.inner, ctx.me, chat).ok_or_else(|| RpcFail::bad("CHANNEL_INVALID"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(tl::types::messages::Chats { chats }.into())
}

/// https://core.telegram.org/method/channels.getParticipant
pub(crate) async fn get_participant(
    ctx: &Ctx,
    request: tl::functions::channels::GetParticipant,
) -> Result<tl::enums::channels::ChannelParticipant, RpcFail> {
    let chat = input_channel(ctx, &request.channel)?;
    let user = input_peer(ctx, &request.participant)?;
    let group = ctx
        .inner
        .world
        .group(chat)
        .ok_or_else(|| RpcFail::bad("CHANNEL_INVALID"))?;
    let rights = group
        .members
        .iter()
        .find(|(u, _)| *u == user)
        .map(|(_, r)| *r)
        .ok_or_else(|| RpcFail::bad("USER_NOT_PARTICIPANT"))?;
    let date = ctx.inner.world.now_unix() as i32;
    let participant: tl::enums::ChannelParticipant = if group.owner == user {
        tl::types::ChannelParticipantCreator {
            user_id: user,
            admin_rights: make::admin_rights(rights),
            rank: None,
        }
        .into()
    } else if rights != Default::default() {
        tl::types::ChannelParticipantAdmin {
            can_edit: false,
            is_self: user == ctx.me,
            user_id: user,
            inviter_id: None,
            promoted_by: group.owner,
            date,
            admin_rights: make::admin_rights(rights),
            rank: None,
        }
        .into()
    } else {
        tl::types::ChannelParticipant {
            user_id: user,
            date,
            subscription_until_date: None,
            rank: None,
        }
        .into()
    };
    Ok(tl::types::channels::ChannelParticipant {
        participant,
        chats: make::channel(&ctx.inner, ctx.me, chat)
            .into_iter()
            .collect(),
        users: make::users(&ctx.inner, ctx.me, &[user]),
    }
    .into())
}

fn ids(input: &[tl::enums::InputMessage]) -> Vec<i64> {
    input
        .iter()
        .filter_map(|m| match m {
            tl::enums::InputMessage::Id(m) => Some(i64::from(m.id)),
            _ => None,
        })
        .collect()
}

/// https://core.telegram.org/method/channels.getMessages
pub(crate) async fn get_messages(
    ctx: &Ctx,
    request: tl::functions::channels::GetMessages,
) -> Result<tl::enums::messages::Messages, RpcFail> {
    let chat = input_channel(ctx, &request.channel)?;
    let mut users = Vec::new();
    let messages = ids(&request.id)
        .into_iter()
        .map(|id| match ctx.inner.world.group_message(chat, id) {
            Some(m) => {
                users.push(m.from);
                make::message(&ctx.inner, ctx.me, chat, &m, m.album)
            }
            None => tl::types::MessageEmpty {
                id: i32::try_from(id).unwrap_or_default(),
                peer_id: Some(make::peer(chat)),
            }
            .into(),
        })
        .collect();
    let pts = ctx
        .inner
        .lock()
        .boxes
        .channels
        .get(&make::channel_id(chat))
        .map_or(0, |b| b.pts);
    Ok(tl::types::messages::ChannelMessages {
        inexact: false,
        pts,
        count: 0,
        offset_id_offset: None,
        messages,
        topics: Vec::new(),
        chats: make::channel(&ctx.inner, ctx.me, chat)
            .into_iter()
            .collect(),
        users: make::users(&ctx.inner, ctx.me, &users),
    }
    .into())
}

/// https://core.telegram.org/method/channels.deleteMessages
pub(crate) async fn delete_messages(
    ctx: &Ctx,
    request: tl::functions::channels::DeleteMessages,
) -> Result<tl::enums::messages::AffectedMessages, RpcFail> {
    let chat = input_channel(ctx, &request.channel)?;
    let ids: Vec<i64> = request.id.iter().map(|i| i64::from(*i)).collect();
    ctx.gateway
        .delete_messages(chat, &ids)
        .await
        .map_err(fail)?;
    let channel_id = make::channel_id(chat);
    let count = request.id.len() as i32;
    let messages = request.id.clone();
    let (pts, _) = ctx.inner.lock().boxes.channel(
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
    );
    Ok(tl::types::messages::AffectedMessages {
        pts,
        pts_count: count,
    }
    .into())
}

/// The caller's rights in `chat`, or CHAT_ADMIN_REQUIRED unless `needed` holds of them (the
/// creator holds every right).
fn require(
    ctx: &Ctx,
    chat: i64,
    needed: impl Fn(&relay::gateway::Rights) -> bool,
) -> Result<telegram_sim::SimGroup, RpcFail> {
    let group = ctx
        .inner
        .world
        .group(chat)
        .ok_or_else(|| RpcFail::bad("CHANNEL_INVALID"))?;
    let allowed =
        group.owner == ctx.me || group.members.iter().any(|(u, r)| *u == ctx.me && needed(r));
    if allowed {
        Ok(group)
    } else {
        Err(RpcFail::bad("CHAT_ADMIN_REQUIRED"))
    }
}

/// https://core.telegram.org/method/channels.createChannel — users only (bots:
/// BOT_METHOD_INVALID); a title (CHAT_TITLE_EMPTY). The caller owns the new supergroup and is
/// given its access hash in the answer's `chats`.
pub(crate) async fn create_channel(
    ctx: &Ctx,
    request: tl::functions::channels::CreateChannel,
) -> Result<tl::enums::Updates, RpcFail> {
    if ctx.is_bot() {
        return Err(RpcFail::bad("BOT_METHOD_INVALID"));
    }
    if request.title.trim().is_empty() {
        return Err(RpcFail::bad("CHAT_TITLE_EMPTY"));
    }
    let forum = request.megagroup && request.forum;
    let chat = ctx.inner.world.create_group(ctx.me, &request.title, forum);
    Ok(make::updates(
        &ctx.inner,
        Vec::new(),
        Vec::new(),
        make::channel(&ctx.inner, ctx.me, chat)
            .into_iter()
            .collect(),
    ))
}

/// https://core.telegram.org/method/channels.inviteToChannel — the `invite_users` right
/// (CHAT_ADMIN_REQUIRED); users this account can address (USER_ID_INVALID); someone already in
/// is USER_ALREADY_PARTICIPANT; someone whose privacy settings forbid it is listed in
/// `missing_invitees` rather than added.
pub(crate) async fn invite_to_channel(
    ctx: &Ctx,
    request: tl::functions::channels::InviteToChannel,
) -> Result<tl::enums::messages::InvitedUsers, RpcFail> {
    let chat = input_channel(ctx, &request.channel)?;
    let group = require(ctx, chat, |r| r.invite_users)?;
    if let Some(fault) = ctx.inner.world.take_invite_fault() {
        return Err(fail(fault));
    }
    let mut missing = Vec::new();
    for user in &request.users {
        let user = input_user(ctx, user)?;
        if group.members.iter().any(|(u, _)| *u == user) {
            return Err(RpcFail::bad("USER_ALREADY_PARTICIPANT"));
        }
        if ctx.inner.world.invites_restricted(user) {
            missing.push(
                tl::types::MissingInvitee {
                    premium_would_allow_invite: false,
                    premium_required_for_pm: false,
                    user_id: user,
                }
                .into(),
            );
        } else {
            ctx.inner
                .world
                .add_member(chat, user, relay::gateway::Rights::default());
        }
    }
    Ok(tl::types::messages::InvitedUsers {
        updates: make::updates(&ctx.inner, Vec::new(), Vec::new(), Vec::new()),
        missing_invitees: missing,
    }
    .into())
}

/// https://core.telegram.org/method/channels.editAdmin — the creator, or an admin allowed to
/// add admins (CHAT_ADMIN_REQUIRED); a member (USER_NOT_PARTICIPANT) this account can address
/// (USER_ID_INVALID).
pub(crate) async fn edit_admin(
    ctx: &Ctx,
    request: tl::functions::channels::EditAdmin,
) -> Result<tl::enums::Updates, RpcFail> {
    let chat = input_channel(ctx, &request.channel)?;
    let group = require(ctx, chat, |_| false)?;
    let user = input_user(ctx, &request.user_id)?;
    if !group.members.iter().any(|(u, _)| *u == user) {
        return Err(RpcFail::bad("USER_NOT_PARTICIPANT"));
    }
    let tl::enums::ChatAdminRights::Rights(r) = request.admin_rights;
    let rights = relay::gateway::Rights {
        manage_topics: r.manage_topics,
        delete_messages: r.delete_messages,
        pin_messages: r.pin_messages,
        ban_users: r.ban_users,
        invite_users: r.invite_users,
    };
    ctx.inner.world.add_member(chat, user, rights);
    Ok(make::updates(
        &ctx.inner,
        Vec::new(),
        Vec::new(),
        make::channel(&ctx.inner, ctx.me, chat)
            .into_iter()
            .collect(),
    ))
}

//! Input peers checked as Telegram checks them: an access hash is valid only if it is the one
//! this account was given (https://core.telegram.org/api/peers#access-hash); a wrong or
//! missing one is PEER_ID_INVALID / USER_ID_INVALID / CHANNEL_INVALID.

use grammers_tl_types as tl;

use crate::rpc::{Ctx, RpcFail};
use crate::tl as make;

fn user_ok(ctx: &Ctx, user_id: i64, access_hash: i64) -> bool {
    ctx.inner.world.user(user_id).is_some() && access_hash == ctx.inner.access_hash(ctx.me, user_id)
}

fn channel_ok(ctx: &Ctx, channel_id: i64, access_hash: i64) -> bool {
    ctx.inner.world.group(make::chat_id(channel_id)).is_some()
        && access_hash == ctx.inner.access_hash(ctx.me, channel_id)
}

/// The chat an InputPeer names (Bot-API style id).
pub(crate) fn input_peer(ctx: &Ctx, peer: &tl::enums::InputPeer) -> Result<i64, RpcFail> {
    let invalid = || RpcFail::bad("PEER_ID_INVALID");
    match peer {
        tl::enums::InputPeer::PeerSelf => Ok(ctx.me),
        tl::enums::InputPeer::User(u) if user_ok(ctx, u.user_id, u.access_hash) => Ok(u.user_id),
        tl::enums::InputPeer::Channel(c) if channel_ok(ctx, c.channel_id, c.access_hash) => {
            Ok(make::chat_id(c.channel_id))
        }
        tl::enums::InputPeer::UserFromMessage(u) => {
            from_message(ctx, &u.peer, u.msg_id, u.user_id).ok_or_else(invalid)
        }
        _ => Err(invalid()),
    }
}

pub(crate) fn input_user(ctx: &Ctx, user: &tl::enums::InputUser) -> Result<i64, RpcFail> {
    match user {
        tl::enums::InputUser::UserSelf => Ok(ctx.me),
        tl::enums::InputUser::User(u) if user_ok(ctx, u.user_id, u.access_hash) => Ok(u.user_id),
        tl::enums::InputUser::FromMessage(u) => from_message(ctx, &u.peer, u.msg_id, u.user_id)
            .ok_or_else(|| RpcFail::bad("USER_ID_INVALID")),
        _ => Err(RpcFail::bad("USER_ID_INVALID")),
    }
}

pub(crate) fn input_channel(ctx: &Ctx, channel: &tl::enums::InputChannel) -> Result<i64, RpcFail> {
    match channel {
        tl::enums::InputChannel::Channel(c) if channel_ok(ctx, c.channel_id, c.access_hash) => {
            Ok(make::chat_id(c.channel_id))
        }
        _ => Err(RpcFail::bad("CHANNEL_INVALID")),
    }
}

/// A user named by a message they were seen in (https://core.telegram.org/api/min): the chat
/// must be one this account can address and the message one of its that `user_id` sent.
fn from_message(ctx: &Ctx, chat: &tl::enums::InputPeer, msg_id: i32, user_id: i64) -> Option<i64> {
    let chat = input_peer(ctx, chat).ok()?;
    let sender = ctx
        .inner
        .world
        .group_message(chat, i64::from(msg_id))
        .map(|m| m.from)?;
    (sender == user_id).then_some(user_id)
}

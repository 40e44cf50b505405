//! updates.getState / getDifference / getChannelDifference over the sequences in `push`.
//! https://core.telegram.org/api/updates

use grammers_tl_types as tl;

use crate::rpc::{Ctx, RpcFail};
use crate::tl as make;

fn now(ctx: &Ctx) -> i32 {
    ctx.inner.world.now_unix() as i32
}

pub(crate) async fn get_state(
    ctx: &Ctx,
    _: tl::functions::updates::GetState,
) -> Result<tl::enums::updates::State, RpcFail> {
    let pts = ctx.inner.lock().boxes.common_pts(ctx.me);
    Ok(tl::types::updates::State {
        pts,
        qts: 0,
        date: now(ctx),
        seq: 0,
        unread_count: 0,
    }
    .into())
}

/// Splits recorded updates into the messages and the other updates a difference lists.
fn split(
    entries: Vec<(tl::enums::Update, Vec<i64>)>,
) -> (Vec<tl::enums::Message>, Vec<tl::enums::Update>, Vec<i64>) {
    let mut messages = Vec::new();
    let mut others = Vec::new();
    let mut users = Vec::new();
    for (update, named) in entries {
        users.extend(named);
        match update {
            tl::enums::Update::NewMessage(u) => messages.push(u.message),
            tl::enums::Update::NewChannelMessage(u) => messages.push(u.message),
            other => others.push(other),
        }
    }
    (messages, others, users)
}

pub(crate) async fn get_difference(
    ctx: &Ctx,
    request: tl::functions::updates::GetDifference,
) -> Result<tl::enums::updates::Difference, RpcFail> {
    let (pts, missed) = {
        let mut state = ctx.inner.lock();
        // pts_total_limit: "if provided and pts + pts_total_limit < remote pts,
        // updates.differenceTooLong will be returned"; unprovided, the server's own limit.
        let limit = request
            .pts_total_limit
            .or(state.difference_limit)
            .unwrap_or(1_000_000);
        let (pts, missed) = match state.boxes.accounts.get(&ctx.me) {
            Some(b) => (
                b.pts,
                b.history
                    .iter()
                    .filter(|(p, _, _)| *p > request.pts)
                    .map(|(p, u, users)| (*p, u.clone(), users.clone()))
                    .collect::<Vec<_>>(),
            ),
            None => (state.boxes.common_pts(ctx.me), Vec::new()),
        };
        if request.pts.saturating_add(limit) < pts {
            state.too_long_answers += 1;
            return Ok(tl::types::updates::DifferenceTooLong { pts }.into());
        }
        (pts, missed)
    };
    if missed.is_empty() {
        return Ok(tl::types::updates::DifferenceEmpty {
            date: now(ctx),
            seq: 0,
        }
        .into());
    }
    // pts_limit: at most that many events now, the rest in a later slice.
    let cut = request
        .pts_limit
        .and_then(|n| usize::try_from(n.max(1)).ok())
        .filter(|n| *n < missed.len());
    let (missed, slice_pts) = match cut {
        Some(n) => {
            let upto = missed[n - 1].0;
            (missed.into_iter().take(n).collect::<Vec<_>>(), Some(upto))
        }
        None => (missed, None),
    };
    let (new_messages, other_updates, users) =
        split(missed.into_iter().map(|(_, u, users)| (u, users)).collect());
    let state = |pts| -> tl::enums::updates::State {
        tl::types::updates::State {
            pts,
            qts: 0,
            date: now(ctx),
            seq: 0,
            unread_count: 0,
        }
        .into()
    };
    let users = make::users(&ctx.inner, ctx.me, &users);
    Ok(match slice_pts {
        Some(upto) => tl::types::updates::DifferenceSlice {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats: Vec::new(),
            users,
            intermediate_state: state(upto),
        }
        .into(),
        None => tl::types::updates::Difference {
            new_messages,
            new_encrypted_messages: Vec::new(),
            other_updates,
            chats: Vec::new(),
            users,
            state: state(pts),
        }
        .into(),
    })
}

pub(crate) async fn get_channel_difference(
    ctx: &Ctx,
    request: tl::functions::updates::GetChannelDifference,
) -> Result<tl::enums::updates::ChannelDifference, RpcFail> {
    let chat = super::peers::input_channel(ctx, &request.channel)?;
    let is_member = ctx
        .inner
        .world
        .group(chat)
        .is_some_and(|g| g.members.iter().any(|(u, _)| *u == ctx.me));
    if !is_member {
        return Err(RpcFail::bad("CHANNEL_PRIVATE"));
    }
    let channel = make::channel_id(chat);
    let (pts, missed) = {
        let state = ctx.inner.lock();
        match state.boxes.channels.get(&channel) {
            Some(b) => (
                b.pts,
                b.history
                    .iter()
                    .filter(|(p, _, _)| *p > request.pts)
                    .map(|(_, u, users)| (u.clone(), users.clone()))
                    .collect::<Vec<_>>(),
            ),
            None => (0, Vec::new()),
        }
    };
    if missed.is_empty() {
        return Ok(tl::types::updates::ChannelDifferenceEmpty {
            r#final: true,
            pts,
            timeout: None,
        }
        .into());
    }
    let (new_messages, other_updates, users) = split(missed);
    Ok(tl::types::updates::ChannelDifference {
        r#final: true,
        pts,
        timeout: None,
        new_messages,
        other_updates,
        chats: make::channel(&ctx.inner, ctx.me, chat)
            .into_iter()
            .collect(),
        users: make::seen_users(
            &ctx.inner,
            ctx.me,
            &users,
            ctx.inner.lock().min_groups.contains(&chat),
        ),
    }
    .into())
}

//! World records as Telegram's TL types, as a given viewer sees them (access hashes are per
//! viewer). Chat ids are Bot-API style as in the World: a user id, or -100… for supergroups.

use grammers_tl_types as tl;
use relay::gateway::Rights;
use telegram_sim::{SimMessage, SimUser};

use crate::state::Inner;

const CHANNEL_OFFSET: i64 = 1_000_000_000_000;

/// A supergroup's bare channel id from its Bot-API chat id.
pub fn channel_id(chat_id: i64) -> i64 {
    -chat_id - CHANNEL_OFFSET
}

/// A supergroup's Bot-API chat id from its bare channel id.
pub fn chat_id(channel_id: i64) -> i64 {
    -channel_id - CHANNEL_OFFSET
}

pub fn peer(chat_id: i64) -> tl::enums::Peer {
    if chat_id > 0 {
        tl::types::PeerUser { user_id: chat_id }.into()
    } else {
        tl::types::PeerChannel {
            channel_id: channel_id(chat_id),
        }
        .into()
    }
}

pub fn user(inner: &Inner, viewer: i64, u: &SimUser) -> tl::enums::User {
    let is_self = u.id == viewer;
    tl::types::User {
        is_self,
        contact: false,
        mutual_contact: false,
        deleted: false,
        bot: u.is_bot,
        bot_chat_history: false,
        bot_nochats: false,
        verified: false,
        restricted: false,
        min: false,
        bot_inline_geo: false,
        support: false,
        scam: false,
        apply_min_photo: false,
        fake: false,
        bot_attach_menu: false,
        premium: u.premium,
        attach_menu_enabled: false,
        bot_can_edit: false,
        close_friend: false,
        stories_hidden: false,
        stories_unavailable: true,
        contact_require_premium: false,
        bot_business: false,
        bot_has_main_app: false,
        bot_forum_view: false,
        bot_forum_can_manage_topics: false,
        bot_can_manage_bots: false,
        bot_guestchat: false,
        bot_guard: false,
        id: u.id,
        access_hash: Some(inner.access_hash(viewer, u.id)),
        first_name: Some(u.first_name.clone()),
        last_name: u.last_name.clone(),
        username: u.username.clone(),
        phone: if is_self { u.phone.clone() } else { None },
        photo: None,
        status: None,
        bot_info_version: u.is_bot.then_some(1),
        restriction_reason: None,
        bot_inline_placeholder: None,
        lang_code: u.language.clone(),
        emoji_status: None,
        usernames: None,
        stories_max_id: None,
        color: None,
        profile_color: None,
        bot_active_users: None,
        bot_verification_icon: None,
        send_paid_messages_stars: None,
        linked_community_id: None,
    }
    .into()
}

/// Users seen in a group's messages: min constructors (`min` set, no access hash) when
/// `min` (https://core.telegram.org/api/min), except the viewer itself.
pub fn seen_users(inner: &Inner, viewer: i64, ids: &[i64], min: bool) -> Vec<tl::enums::User> {
    users(inner, viewer, ids)
        .into_iter()
        .map(|u| match u {
            tl::enums::User::User(mut u) if min && u.id != viewer => {
                u.min = true;
                u.access_hash = None;
                u.lang_code = None;
                u.into()
            }
            other => other,
        })
        .collect()
}

/// Users by id, as `viewer` sees them (unknown ids are left out).
pub fn users(inner: &Inner, viewer: i64, ids: &[i64]) -> Vec<tl::enums::User> {
    let mut seen = Vec::new();
    ids.iter()
        .filter(|id| {
            let new = !seen.contains(*id);
            seen.push(**id);
            new
        })
        .filter_map(|id| inner.world.user(*id))
        .map(|u| user(inner, viewer, &u))
        .collect()
}

pub fn admin_rights(r: Rights) -> tl::enums::ChatAdminRights {
    tl::types::ChatAdminRights {
        change_info: false,
        post_messages: false,
        edit_messages: false,
        delete_messages: r.delete_messages,
        ban_users: r.ban_users,
        invite_users: r.invite_users,
        pin_messages: r.pin_messages,
        add_admins: false,
        anonymous: false,
        manage_call: false,
        other: true,
        manage_topics: r.manage_topics,
        post_stories: false,
        edit_stories: false,
        delete_stories: false,
        manage_direct_messages: false,
        manage_ranks: false,
        manage_linked_peers: false,
        manage_welcome_messages: false,
    }
    .into()
}

fn is_admin(r: &Rights) -> bool {
    r.manage_topics || r.delete_messages || r.pin_messages || r.ban_users || r.invite_users
}

/// A supergroup as `viewer` sees it; `None` when there is no such group.
pub fn channel(inner: &Inner, viewer: i64, chat: i64) -> Option<tl::enums::Chat> {
    let group = inner.world.group(chat)?;
    let mine = group
        .members
        .iter()
        .find(|(u, _)| *u == viewer)
        .map(|(_, r)| *r);
    let id = channel_id(chat);
    Some(
        tl::types::Channel {
            creator: group.owner == viewer,
            left: mine.is_none(),
            broadcast: false,
            verified: false,
            megagroup: true,
            restricted: false,
            signatures: false,
            min: false,
            scam: false,
            has_link: false,
            has_geo: false,
            slowmode_enabled: false,
            call_active: false,
            call_not_empty: false,
            fake: false,
            gigagroup: false,
            noforwards: false,
            join_to_send: false,
            join_request: false,
            forum: group.forum,
            stories_hidden: false,
            stories_hidden_min: false,
            stories_unavailable: true,
            signature_profiles: false,
            autotranslation: false,
            broadcast_messages_allowed: false,
            monoforum: false,
            forum_tabs: false,
            id,
            access_hash: Some(inner.access_hash(viewer, id)),
            title: group.title,
            username: None,
            photo: tl::enums::ChatPhoto::Empty,
            date: inner.world.now_unix() as i32,
            restriction_reason: None,
            admin_rights: mine.filter(is_admin).map(admin_rights),
            banned_rights: None,
            default_banned_rights: None,
            participants_count: Some(group.members.len() as i32),
            usernames: None,
            stories_max_id: None,
            color: None,
            profile_color: None,
            emoji_status: None,
            level: None,
            subscription_until_date: None,
            bot_verification_icon: None,
            send_paid_messages_stars: None,
            linked_monoforum_id: None,
            linked_community_id: None,
        }
        .into(),
    )
}

/// Where a message sits: the reply header of a message in a forum topic or replying to another.
pub fn reply_header(forum: bool, m: &SimMessage) -> Option<tl::enums::MessageReplyHeader> {
    let in_topic = forum && m.topic.is_some() && m.topic != Some(m.id);
    let (reply_to_msg_id, reply_to_top_id) = match (in_topic, m.reply_to) {
        (true, Some(reply)) if Some(reply) != m.topic => (Some(reply), m.topic),
        (true, _) => (m.topic, None),
        (false, reply) => (reply, None),
    };
    let reply_to_msg_id = reply_to_msg_id.and_then(|r| i32::try_from(r).ok())?;
    Some(
        tl::types::MessageReplyHeader {
            reply_to_scheduled: false,
            forum_topic: in_topic,
            quote: false,
            reply_to_ephemeral: false,
            reply_to_msg_id: Some(reply_to_msg_id),
            reply_to_peer_id: None,
            reply_from: None,
            reply_media: None,
            reply_to_top_id: reply_to_top_id.and_then(|t| i32::try_from(t).ok()),
            quote_text: None,
            quote_entities: None,
            quote_offset: None,
            todo_item_id: None,
            poll_option: None,
        }
        .into(),
    )
}

/// A stored message as `viewer` sees it in `chat` (a user id for private chats).
pub fn message(
    inner: &Inner,
    viewer: i64,
    chat: i64,
    m: &SimMessage,
    album: Option<i64>,
) -> tl::enums::Message {
    let forum = chat < 0 && inner.world.group(chat).is_some_and(|g| g.forum);
    let date = inner.world.now_unix() as i32;
    let id = i32::try_from(m.id).unwrap_or(i32::MAX);
    let out = m.from == viewer;
    if m.service {
        return tl::types::MessageService {
            out,
            mentioned: false,
            media_unread: false,
            reactions_are_possible: false,
            silent: false,
            post: false,
            legacy: false,
            id,
            from_id: Some(peer(m.from)),
            peer_id: peer(chat),
            saved_peer_id: None,
            reply_to: None,
            date,
            action: tl::types::MessageActionTopicCreate {
                title_missing: false,
                title: m.text.clone(),
                icon_color: 0,
                icon_emoji_id: None,
            }
            .into(),
            reactions: None,
            ttl_period: None,
        }
        .into();
    }
    let (text, entities) = grammers_client::parsers::parse_html_message(&m.text);
    tl::types::Message {
        out,
        mentioned: false,
        media_unread: false,
        silent: false,
        post: false,
        from_scheduled: false,
        legacy: false,
        edit_hide: false,
        pinned: false,
        noforwards: false,
        invert_media: false,
        offline: false,
        video_processing_pending: false,
        paid_suggested_post_stars: false,
        paid_suggested_post_ton: false,
        id,
        // Private chats name the other side in peer_id; groups name the sender in from_id.
        from_id: (chat < 0 || out).then(|| peer(m.from)),
        from_boosts_applied: None,
        from_rank: None,
        peer_id: peer(chat),
        saved_peer_id: None,
        fwd_from: None,
        via_bot_id: None,
        via_business_bot_id: None,
        guestchat_via_from: None,
        reply_to: reply_header(forum, m),
        date,
        message: text,
        // A document is served (its bytes by upload.getFile); of other media the World keeps
        // only the kind, and clients see media they cannot show.
        media: crate::methods::upload::document_media(inner, viewer, chat, m)
            .or_else(|| crate::methods::upload::kind_media(inner, viewer, chat, m)),
        reply_markup: None,
        entities: (!entities.is_empty()).then_some(entities),
        views: None,
        forwards: None,
        replies: None,
        edit_date: m.edited.then_some(date),
        post_author: None,
        grouped_id: album,
        reactions: None,
        restriction_reason: None,
        ttl_period: None,
        quick_reply_shortcut_id: None,
        effect: None,
        factcheck: None,
        report_delivery_until_date: None,
        paid_message_stars: None,
        suggested_post: None,
        schedule_repeat_period: None,
        summary_from_language: None,
        rich_message: None,
    }
    .into()
}

/// `updates` with its users and chats, as Telegram pushes and answers them (seq 0: this
/// simulator does not sequence `updates`, which Telegram also does for many of them).
pub fn updates(
    inner: &Inner,
    updates: Vec<tl::enums::Update>,
    users: Vec<tl::enums::User>,
    chats: Vec<tl::enums::Chat>,
) -> tl::enums::Updates {
    tl::types::Updates {
        updates,
        users,
        chats,
        date: inner.world.now_unix() as i32,
        seq: 0,
    }
    .into()
}

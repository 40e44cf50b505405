//! Telegram's method contracts, enforced: each violating request is sent through the real
//! grammers client and answered with Telegram's error name (see README.md for the pages).

use std::sync::Arc;
use std::time::Duration;

use account_session::{ClientOptions, OpenClient, StoredSession, client};
use grammers_mtsender::InvocationError;
use grammers_tl_types as tl;
use relay::gateway::Rights;
use switchboard_mtproto_sim::{MtprotoSim, World};

const LIMIT: Duration = Duration::from_secs(30);

const ALL: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

struct Setup {
    world: World,
    sim: MtprotoSim,
    bot: i64,
    user: i64,
    group: i64,
    topic: i64,
    open: OpenClient,
}

/// A bot admin of a forum with one topic, and a user who wrote to the bot.
async fn setup(rights: Rights) -> Setup {
    let world = World::new();
    let (bot, _) = world.add_bot("helpbot", "Help Bot");
    let owner = world.add_user("Olga", None, None, None);
    let user = world.add_user("Ann", None, None, None);
    let group = world.create_group(owner, "Support", true);
    world.add_member(group, bot, rights);
    let sim = MtprotoSim::start(world.clone()).await.unwrap();
    let seeded = sim.sign_in(bot).await.unwrap();
    let session = StoredSession::from_exported(&seeded.blob).unwrap();
    let open = client::open(Arc::new(session), &ClientOptions::new(1));
    world.user_writes(user, bot, "hello");
    // A topic the owner made in the group's app (through the World).
    let owner_app = world
        .open_gateway(secrecy::ExposeSecret::expose_secret(
            &world.authorize(owner).session,
        ))
        .unwrap();
    let topic = relay::gateway::Gateway::create_topic(&owner_app, group, "Ann", 0)
        .await
        .unwrap();
    Setup {
        world,
        sim,
        bot,
        user,
        group,
        topic,
        open,
    }
}

impl Setup {
    fn user_peer(&self) -> tl::enums::InputPeer {
        tl::types::InputPeerUser {
            user_id: self.user,
            access_hash: self.sim.access_hash(self.bot, self.user),
        }
        .into()
    }

    fn channel_id(&self) -> i64 {
        -self.group - 1_000_000_000_000
    }

    fn group_peer(&self) -> tl::enums::InputPeer {
        tl::types::InputPeerChannel {
            channel_id: self.channel_id(),
            access_hash: self.sim.access_hash(self.bot, self.channel_id()),
        }
        .into()
    }

    async fn invoke<R: tl::RemoteCall>(&self, request: &R) -> Result<R::Return, InvocationError> {
        tokio::time::timeout(LIMIT, self.open.client.invoke(request))
            .await
            .expect("no hang")
    }

    fn forward(
        &self,
        top: Option<i32>,
        reply_to: Option<tl::enums::InputReplyTo>,
        random_id: i64,
    ) -> tl::functions::messages::ForwardMessages {
        tl::functions::messages::ForwardMessages {
            silent: false,
            background: false,
            with_my_score: false,
            drop_author: true,
            drop_media_captions: false,
            noforwards: false,
            allow_paid_floodskip: false,
            from_ephemeral: false,
            from_peer: self.user_peer(),
            id: vec![1],
            random_id: vec![random_id],
            to_peer: self.group_peer(),
            top_msg_id: top,
            reply_to,
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            video_timestamp: None,
            allow_paid_stars: None,
            suggested_post: None,
        }
    }
}

fn reply_to(msg: i32, top: Option<i32>) -> tl::enums::InputReplyTo {
    tl::types::InputReplyToMessage {
        reply_to_msg_id: msg,
        top_msg_id: top,
        reply_to_peer_id: None,
        quote_text: None,
        quote_entities: None,
        quote_offset: None,
        monoforum_peer_id: None,
        todo_item_id: None,
        poll_option: None,
    }
    .into()
}

fn assert_error<T: std::fmt::Debug>(result: Result<T, InvocationError>, name: &str) {
    match result {
        Err(InvocationError::Rpc(rpc)) => assert_eq!(rpc.name, name, "{rpc}"),
        other => panic!("expected {name}, got {other:?}"),
    }
}

#[tokio::test]
async fn forward_messages_takes_top_msg_id_and_refuses_a_reply_to_message() {
    let s = setup(ALL).await;
    let topic = s.topic as i32;
    assert_error(
        s.invoke(&s.forward(Some(topic), Some(reply_to(topic, Some(topic))), 1))
            .await,
        "REPLY_TO_INVALID",
    );
    assert_error(
        s.invoke(&s.forward(None, Some(reply_to(topic, None)), 2))
            .await,
        "REPLY_TO_INVALID",
    );
    assert!(
        s.world
            .topic_messages(s.group, s.topic)
            .iter()
            .all(|m| m.text != "hello"),
        "nothing was copied"
    );
    // top_msg_id alone is how a copy goes into a topic.
    s.invoke(&s.forward(Some(topic), None, 3)).await.unwrap();
    assert!(
        s.world
            .topic_messages(s.group, s.topic)
            .iter()
            .any(|m| m.text == "hello")
    );
    s.open.close().await.unwrap();
}

#[tokio::test]
async fn a_random_id_is_used_once() {
    let s = setup(ALL).await;
    s.invoke(&s.forward(Some(s.topic as i32), None, 77))
        .await
        .unwrap();
    assert_error(
        s.invoke(&s.forward(Some(s.topic as i32), None, 77)).await,
        "RANDOM_ID_DUPLICATE",
    );
    let copies = s
        .world
        .topic_messages(s.group, s.topic)
        .iter()
        .filter(|m| m.text == "hello")
        .count();
    assert_eq!(copies, 1);
    s.open.close().await.unwrap();
}

#[tokio::test]
async fn a_channel_whose_access_hash_was_never_given_is_refused() {
    let s = setup(ALL).await;
    let request = tl::functions::channels::GetChannels {
        id: vec![
            tl::types::InputChannel {
                channel_id: s.channel_id(),
                access_hash: 0,
            }
            .into(),
        ],
    };
    assert_error(s.invoke(&request).await, "CHANNEL_INVALID");
    let mut forward = s.forward(Some(s.topic as i32), None, 5);
    forward.from_peer = tl::types::InputPeerUser {
        user_id: s.user,
        access_hash: 0,
    }
    .into();
    assert_error(s.invoke(&forward).await, "PEER_ID_INVALID");
    s.open.close().await.unwrap();
}

#[tokio::test]
async fn creating_a_topic_needs_the_manage_topics_right() {
    let s = setup(Rights {
        manage_topics: false,
        ..ALL
    })
    .await;
    let request = tl::functions::messages::CreateForumTopic {
        title_missing: false,
        peer: s.group_peer(),
        title: "Ann".into(),
        icon_color: None,
        icon_emoji_id: None,
        random_id: 9,
        send_as: None,
    };
    assert_error(s.invoke(&request).await, "CHAT_ADMIN_REQUIRED");
    assert_eq!(s.world.topics(s.group).len(), 1, "no new topic");
    s.open.close().await.unwrap();
}

#[tokio::test]
async fn an_edit_that_changes_nothing_is_not_modified() {
    let s = setup(ALL).await;
    let send = tl::functions::messages::SendMessage {
        no_webpage: true,
        silent: false,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: s.user_peer(),
        reply_to: None,
        message: "Hi".into(),
        random_id: 11,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    };
    s.invoke(&send).await.unwrap();
    let sent = s
        .world
        .private_chat(s.user, s.bot)
        .into_iter()
        .find(|m| m.text == "Hi")
        .expect("the user got it");
    let edit = tl::functions::messages::EditMessage {
        no_webpage: true,
        invert_media: false,
        peer: s.user_peer(),
        id: sent.id as i32,
        message: Some("Hi".into()),
        media: None,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        quick_reply_shortcut_id: None,
        rich_message: None,
    };
    assert_error(s.invoke(&edit).await, "MESSAGE_NOT_MODIFIED");
    s.open.close().await.unwrap();
}

#[tokio::test]
async fn the_key_of_the_other_dc_is_not_signed_in() {
    let s = setup(ALL).await;
    let request = tl::functions::users::GetUsers {
        id: vec![tl::enums::InputUser::UserSelf],
    };
    let answer = tokio::time::timeout(LIMIT, s.open.client.invoke_in_dc(1, &request))
        .await
        .expect("no hang");
    assert_error(answer, "AUTH_KEY_UNREGISTERED");
    assert_eq!(s.sim.violations(), Vec::<String>::new());
    s.open.close().await.unwrap();
}

#[tokio::test]
async fn a_min_user_is_addressed_only_through_a_message_they_sent() {
    let s = setup(ALL).await;
    let owner = s.world.group(s.group).unwrap().owner;
    let theirs = s
        .world
        .post_in_group(s.group, Some(s.topic), owner, "hi", None);
    let from = |msg_id: i64| tl::functions::channels::GetParticipant {
        channel: tl::types::InputChannel {
            channel_id: s.channel_id(),
            access_hash: s.sim.access_hash(s.bot, s.channel_id()),
        }
        .into(),
        participant: tl::types::InputPeerUserFromMessage {
            peer: s.group_peer(),
            msg_id: msg_id as i32,
            user_id: owner,
        }
        .into(),
    };
    assert!(s.invoke(&from(theirs)).await.is_ok(), "their own message");
    assert_error(s.invoke(&from(theirs + 1000)).await, "PEER_ID_INVALID");
    let mut zero = from(theirs);
    zero.participant = tl::types::InputPeerUser {
        user_id: owner,
        access_hash: 0,
    }
    .into();
    assert_error(s.invoke(&zero).await, "PEER_ID_INVALID");
    s.open.close().await.unwrap();
}

#[tokio::test]
async fn a_deleted_accounts_requests_are_refused_with_user_deactivated() {
    let s = setup(ALL).await;
    s.sim.deactivate(s.bot);
    let request = tl::functions::users::GetUsers {
        id: vec![tl::enums::InputUser::UserSelf],
    };
    assert_error(s.invoke(&request).await, "USER_DEACTIVATED");
    s.open.close().await.unwrap();
}

#[tokio::test]
async fn usernames_are_checked_and_bots_cannot_import_contacts() {
    let s = setup(ALL).await;
    let resolve = |username: &str| tl::functions::contacts::ResolveUsername {
        username: username.into(),
        referer: None,
    };
    assert_error(s.invoke(&resolve("ab")).await, "USERNAME_INVALID");
    assert_error(s.invoke(&resolve("9lives")).await, "USERNAME_INVALID");
    assert_error(
        s.invoke(&resolve("nobody_here")).await,
        "USERNAME_NOT_OCCUPIED",
    );
    let found = s.invoke(&resolve("HelpBot")).await.unwrap();
    let tl::enums::contacts::ResolvedPeer::Peer(found) = found;
    assert_eq!(found.users.len(), 1, "the user, with this session's hash");
    let import = tl::functions::contacts::ImportContacts {
        contacts: vec![
            tl::types::InputPhoneContact {
                client_id: 1,
                phone: "+39 333 000 0000".into(),
                first_name: "x".into(),
                last_name: String::new(),
                note: None,
            }
            .into(),
        ],
    };
    assert_error(s.invoke(&import).await, "BOT_METHOD_INVALID");
    s.open.close().await.unwrap();
}

fn send_uploaded(
    s: &Setup,
    file_id: i64,
    parts: i32,
    random_id: i64,
) -> tl::functions::messages::SendMedia {
    tl::functions::messages::SendMedia {
        silent: false,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: s.user_peer(),
        reply_to: None,
        media: tl::types::InputMediaUploadedDocument {
            nosound_video: false,
            force_file: true,
            spoiler: false,
            file: tl::types::InputFile {
                id: file_id,
                parts,
                name: "report.csv".into(),
                md5_checksum: String::new(),
            }
            .into(),
            thumb: None,
            mime_type: "text/csv".into(),
            attributes: Vec::new(),
            stickers: None,
            video_cover: None,
            video_timestamp: None,
            ttl_seconds: None,
        }
        .into(),
        message: String::new(),
        random_id,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
    }
}

#[tokio::test]
async fn an_uploaded_file_must_have_every_part_and_parts_of_an_allowed_size() {
    let s = setup(ALL).await;
    let part = |file_id: i64, file_part: i32, len: usize| tl::functions::upload::SaveFilePart {
        file_id,
        file_part,
        bytes: vec![b'x'; len],
    };
    // Part 1 of 2 never came.
    assert!(s.invoke(&part(1, 0, 1024)).await.unwrap());
    assert_error(
        s.invoke(&send_uploaded(&s, 1, 2, 10)).await,
        "FILE_PARTS_INVALID",
    );
    // A first part of 1,000 bytes is not a multiple of 1 KiB.
    s.invoke(&part(2, 0, 1000)).await.unwrap();
    s.invoke(&part(2, 1, 10)).await.unwrap();
    assert_error(
        s.invoke(&send_uploaded(&s, 2, 2, 11)).await,
        "FILE_PART_SIZE_INVALID",
    );
    assert_error(s.invoke(&part(3, 0, 0)).await, "FILE_PART_EMPTY");
    assert_error(
        s.invoke(&part(3, 0, 512 * 1024 + 1)).await,
        "FILE_PART_TOO_BIG",
    );
    assert!(
        s.world
            .private_chat(s.user, s.bot)
            .iter()
            .all(|m| m.document.is_none()),
        "nothing was sent"
    );
    // Whole and well cut: the user gets the file.
    s.invoke(&part(4, 0, 1024)).await.unwrap();
    s.invoke(&part(4, 1, 7)).await.unwrap();
    s.invoke(&send_uploaded(&s, 4, 2, 12)).await.unwrap();
    let got = s
        .world
        .private_chat(s.user, s.bot)
        .into_iter()
        .find_map(|m| m.document)
        .expect("the document");
    assert_eq!((got.0.as_str(), got.1.len()), ("report.csv", 1031));
    s.open.close().await.unwrap();
}

#[tokio::test]
async fn a_document_is_downloaded_only_with_its_file_reference_and_aligned_offsets() {
    let s = setup(ALL).await;
    let bytes: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    let msg = s
        .world
        .post_document_in_group(s.group, None, s.user, "ids.csv", &bytes, None);
    let got = s
        .invoke(&tl::functions::channels::GetMessages {
            channel: tl::types::InputChannel {
                channel_id: s.channel_id(),
                access_hash: s.sim.access_hash(s.bot, s.channel_id()),
            }
            .into(),
            id: vec![tl::types::InputMessageId { id: msg as i32 }.into()],
        })
        .await
        .unwrap();
    let messages = match got {
        tl::enums::messages::Messages::ChannelMessages(m) => m.messages,
        other => panic!("{other:?}"),
    };
    let Some(tl::enums::Message::Message(m)) = messages.into_iter().next() else {
        panic!("the message")
    };
    let Some(tl::enums::MessageMedia::Document(media)) = m.media else {
        panic!("a document")
    };
    let Some(tl::enums::Document::Document(doc)) = media.document else {
        panic!("the document")
    };
    assert_eq!(doc.size, 10_000);
    let get = |file_reference: Vec<u8>, offset: i64, limit: i32| tl::functions::upload::GetFile {
        precise: false,
        cdn_supported: false,
        location: tl::types::InputDocumentFileLocation {
            id: doc.id,
            access_hash: doc.access_hash,
            file_reference,
            thumb_size: String::new(),
        }
        .into(),
        offset,
        limit,
    };
    assert_error(
        s.invoke(&get(vec![1, 2, 3], 0, 4096)).await,
        "FILE_REFERENCE_INVALID",
    );
    assert_error(
        s.invoke(&get(doc.file_reference.clone(), 100, 4096)).await,
        "OFFSET_INVALID",
    );
    assert_error(
        s.invoke(&get(doc.file_reference.clone(), 0, 3000)).await,
        "LIMIT_INVALID",
    );
    let mut downloaded = Vec::new();
    for offset in (0..10_000).step_by(4096) {
        let tl::enums::upload::File::File(chunk) = s
            .invoke(&get(doc.file_reference.clone(), offset, 4096))
            .await
            .unwrap()
        else {
            panic!("a file chunk")
        };
        downloaded.extend(chunk.bytes);
    }
    assert_eq!(downloaded, bytes);
    s.open.close().await.unwrap();
}

/// https://core.telegram.org/api/errors#420-flood: past a rate limit Telegram answers 420
/// `FLOOD_WAIT_X`, X the seconds to wait (grammers reads it as FLOOD_WAIT with a value). The
/// limit here is 2 messages a minute into one group, so the third is refused however slowly
/// a loaded machine sends them.
#[tokio::test]
async fn past_a_rate_limit_the_answer_is_flood_wait_with_the_seconds() {
    let world = World::new();
    let (bot, _) = world.add_bot("helpbot", "Help Bot");
    let owner = world.add_user("Olga", None, None, None);
    let group = world.create_group(owner, "Support", true);
    world.add_member(group, bot, ALL);
    world.enforce_flood_limits(telegram_sim::FloodLimits {
        per_chat_per_second: 1_000,
        per_group_per_minute: 2,
        overall_per_second: 1_000,
    });
    let sim = MtprotoSim::start(world.clone()).await.unwrap();
    let seeded = sim.sign_in(bot).await.unwrap();
    let session = StoredSession::from_exported(&seeded.blob).unwrap();
    // Surface every FLOOD_WAIT instead of sleeping through it.
    let options = ClientOptions {
        flood_sleep_threshold: Duration::ZERO,
        ..ClientOptions::new(1)
    };
    let open = client::open(Arc::new(session), &options);
    let channel_id = -group - 1_000_000_000_000;
    let send = |random_id: i64| tl::functions::messages::SendMessage {
        no_webpage: false,
        silent: false,
        background: false,
        clear_draft: false,
        noforwards: false,
        update_stickersets_order: false,
        invert_media: false,
        allow_paid_floodskip: false,
        peer: tl::types::InputPeerChannel {
            channel_id,
            access_hash: sim.access_hash(bot, channel_id),
        }
        .into(),
        reply_to: None,
        message: format!("note {random_id}"),
        random_id,
        reply_markup: None,
        entities: None,
        schedule_date: None,
        schedule_repeat_period: None,
        send_as: None,
        quick_reply_shortcut: None,
        effect: None,
        allow_paid_stars: None,
        suggested_post: None,
        rich_message: None,
    };
    for random_id in [1, 2] {
        tokio::time::timeout(LIMIT, open.client.invoke(&send(random_id)))
            .await
            .expect("no hang")
            .unwrap();
    }
    match tokio::time::timeout(LIMIT, open.client.invoke(&send(3)))
        .await
        .expect("no hang")
    {
        Err(InvocationError::Rpc(rpc)) => {
            assert_eq!((rpc.code, rpc.name.as_str()), (420, "FLOOD_WAIT"), "{rpc}");
            assert!(rpc.value.is_some_and(|s| (1..=60).contains(&s)), "{rpc}");
        }
        other => panic!("expected FLOOD_WAIT_X, got {other:?}"),
    }
    assert_eq!(
        world.general_messages(group).len(),
        2,
        "the refused message was not sent"
    );
    open.close().await.unwrap();
}

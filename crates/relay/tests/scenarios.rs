//! The relay against the simulated Telegram and a real database (SQLite; PostgreSQL too under
//! CI), asserting what users and operators see — through both edges (the simulated gateway, and
//! the real grammers client over MTProto), except the account desks that create or link groups.

mod common;

use std::sync::Arc;

use account_session::Authenticator as _;
use i18n::Lang;
use secrecy::ExposeSecret as _;
use storage::params::{Param, ParamValue};
use storage::testing::{self, TestDb};
use storage::{ConnectionId, ConnectionKind, ConnectionStatus, EventKind, Identity, SignIn};
use switchboard_relay::gateway::{Gateway, Rights, Update};
use switchboard_relay::worker::Worker;
use telegram_sim::{SimGateway, World};

use common::{ALL, Direct, Edge, Telegram};

struct Desk {
    db: TestDb,
    world: World,
    telegram: Telegram,
    bot: i64,
    admin: i64,
    group: i64,
    connection: ConnectionId,
    direct: Direct,
    worker: Worker,
}

impl Desk {
    /// A bot connected by its admin, not yet linked to a group.
    async fn unlinked(edge: Edge, db: TestDb) -> Self {
        let world = World::new();
        let mut telegram = Telegram::start(edge, &world).await;
        let (bot, token) = world.add_bot("shop_bot", "Shop");
        let admin = world.add_user("Boss", None, Some("the_boss"), Some("en"));
        let identity = Identity {
            tg_user_id: bot,
            username: Some("shop_bot".into()),
            title: "Shop".into(),
        };
        let connection = telegram
            .connect_unlinked(&db, admin, bot, identity, ConnectionKind::Bot, Some(&token))
            .await;
        let group = world.create_group(admin, "Support", true);
        let direct = telegram.open_watching(&db, connection, group).await;
        let row = db.connections().get(connection).await.unwrap().unwrap();
        let worker = Worker::new(db.storage.clone(), direct.gateway.clone(), row)
            .await
            .unwrap();
        Desk {
            db,
            world,
            telegram,
            bot,
            admin,
            group,
            connection,
            direct,
            worker,
        }
    }

    /// Linked through the "Add to group" flow: the bot is an admin and receives `/start <code>`.
    async fn linked(edge: Edge, db: TestDb) -> Self {
        let mut desk = Self::unlinked(edge, db).await;
        desk.world.add_member(desk.group, desk.bot, ALL);
        desk.link_with_start().await;
        assert_eq!(desk.status().await, ConnectionStatus::Active);
        desk
    }

    async fn link_with_start(&mut self) {
        let code = self
            .db
            .connections()
            .get(self.connection)
            .await
            .unwrap()
            .unwrap()
            .link_code;
        self.world.post_in_group(
            self.group,
            None,
            self.admin,
            &format!("/start {code}"),
            None,
        );
        self.pump().await;
    }

    async fn status(&self) -> ConnectionStatus {
        self.db
            .connections()
            .get(self.connection)
            .await
            .unwrap()
            .unwrap()
            .status
    }

    /// The pending update `is` picks; the others (over the wire, echoes of the connection's own
    /// sends) are handed to the worker first.
    async fn only(&mut self, is: impl AsyncFn(&Update) -> bool) -> Update {
        let mut picked = None;
        for update in self.direct.pending().await {
            if picked.is_none() && is(&update).await {
                picked = Some(update);
            } else {
                self.worker.handle(update).await.unwrap();
            }
        }
        picked.expect("the update is pending")
    }

    /// Hands every waiting update to the worker.
    async fn pump(&mut self) {
        for update in self.direct.pending().await {
            if let Err(err) = self.worker.handle(update).await {
                let refused = self.telegram.wire.as_ref().map(|w| w.errors());
                panic!("{err:?}; refused over the wire: {refused:?}");
            }
        }
    }

    async fn set(&mut self, param: Param, text: &str) {
        self.db
            .parameters()
            .set(self.connection, &param.parse(text).unwrap())
            .await
            .unwrap();
        self.worker.reload().await.unwrap();
    }

    fn user(&self, name: &str, language: &str) -> i64 {
        self.world
            .add_user(name, None, Some(&name.to_lowercase()), Some(language))
    }

    /// The only topic in the group.
    fn topic(&self) -> telegram_sim::SimTopic {
        let topics = self.world.topics(self.group);
        assert_eq!(topics.len(), 1, "{topics:#?}");
        topics[0].clone()
    }

    fn texts_in(&self, topic: i64) -> Vec<String> {
        self.world
            .topic_messages(self.group, topic)
            .into_iter()
            .map(|m| m.text)
            .collect()
    }

    fn user_sees(&self, user: i64) -> Vec<String> {
        self.world
            .private_chat(user, self.bot)
            .into_iter()
            .filter(|m| m.from == self.bot)
            .map(|m| m.text)
            .collect()
    }

    /// The note a copy carries: the simulated gateway attaches it to the copy; over MTProto a
    /// forward cannot carry text, so it is the connection's message just before the copy.
    fn note_of(&self, topic: i64, copy: &telegram_sim::SimMessage) -> Option<String> {
        if copy.note.is_some() || self.telegram.edge == Edge::Sim {
            return copy.note.clone();
        }
        let messages = self.world.topic_messages(self.group, topic);
        let at = messages.iter().position(|m| m.id == copy.id)?;
        messages[..at]
            .last()
            .filter(|m| m.from == self.bot)
            .map(|m| m.text.clone())
    }

    fn operator(&self) -> i64 {
        let op = self.world.add_user("Olga", None, Some("olga"), Some("en"));
        self.world.add_member(self.group, op, Rights::default());
        op
    }
}

#[tokio::test]
async fn linking_checks_the_admin_topics_and_rights() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::unlinked(edge, db).await;
        let code = desk
            .db
            .connections()
            .get(desk.connection)
            .await
            .unwrap()
            .unwrap()
            .link_code;
        desk.world.set_forum(desk.group, false);
        desk.world.add_member(
            desk.group,
            desk.bot,
            Rights {
                manage_topics: true,
                ..Rights::default()
            },
        );

        // Someone else uses the link: refused, nothing bound.
        let stranger = desk.user("Eve", "en");
        desk.world
            .add_member(desk.group, stranger, Rights::default());
        desk.world
            .post_in_group(desk.group, None, stranger, &format!("/start {code}"), None);
        desk.pump().await;
        let general = desk.world.general_messages(desk.group);
        assert!(
            general
                .last()
                .unwrap()
                .text
                .contains("Only the admin who set up Shop"),
            "{general:#?}"
        );

        // Topics off: the admin is told exactly what to switch on.
        desk.link_with_start().await;
        assert!(
            desk.world
                .general_messages(desk.group)
                .last()
                .unwrap()
                .text
                .contains("Topics are off")
        );
        assert_eq!(desk.status().await, ConnectionStatus::Linking);

        // Topics on, rights missing: each missing right is named.
        desk.world.set_forum(desk.group, true);
        desk.link_with_start().await;
        let refusal = desk
            .world
            .general_messages(desk.group)
            .last()
            .unwrap()
            .text
            .clone();
        assert!(
            refusal.contains("Delete messages")
                && refusal.contains("Pin messages")
                && refusal.contains("Ban users"),
            "{refusal}"
        );
        assert!(!refusal.contains("Manage topics"), "{refusal}");
        assert_eq!(desk.status().await, ConnectionStatus::Linking);
        let events = desk.db.events().undelivered(10).await.unwrap();
        assert_eq!(
            events
                .iter()
                .filter(|e| e.kind == EventKind::LinkRefused)
                .count(),
            2
        );

        // Everything in place: bound, announced, and the admin is told through the setup bot.
        desk.world.add_member(desk.group, desk.bot, ALL);
        desk.link_with_start().await;
        let c = desk
            .db
            .connections()
            .get(desk.connection)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (c.status, c.backend_chat_id),
            (ConnectionStatus::Active, Some(desk.group))
        );
        assert!(
            desk.world
                .general_messages(desk.group)
                .last()
                .unwrap()
                .text
                .contains("This group is now the backend of Shop")
        );
        assert!(
            desk.db
                .events()
                .undelivered(10)
                .await
                .unwrap()
                .iter()
                .any(|e| e.kind == EventKind::Linked)
        );
    }
}

#[tokio::test]
async fn a_users_first_message_becomes_a_topic_and_the_operators_answer_reaches_them() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "de");
        let first = desk
            .world
            .user_writes(anna, desk.bot, "Wo ist meine Bestellung?");
        desk.pump().await;

        let topic = desk.topic();
        assert_eq!(topic.title, "🟪 Anna");
        assert_eq!(topic.icon_color, 0x6FB9F0, "blue by default");
        let in_topic = desk.world.topic_messages(desk.group, topic.id);
        assert_eq!(in_topic.len(), 1);
        assert_eq!(in_topic[0].text, "Wo ist meine Bestellung?");
        assert!(
            !in_topic[0].forwarded && in_topic[0].copied_from == Some((anna, first)),
            "a copy, not a forward"
        );
        assert_eq!(
            desk.user_sees(anna),
            vec![Lang::De.text("welcome-default")],
            "welcomed in German"
        );

        // The operator answers as a reply to the user's message.
        let olga = desk.operator();
        desk.world.post_in_group(
            desk.group,
            Some(topic.id),
            olga,
            "Sie ist unterwegs!",
            Some(in_topic[0].id),
        );
        desk.pump().await;
        let chat = desk.world.private_chat(anna, desk.bot);
        let answer = chat.last().unwrap();
        assert_eq!(
            (answer.from, answer.text.as_str()),
            (desk.bot, "Sie ist unterwegs!")
        );
        assert_eq!(
            answer.reply_to,
            Some(first),
            "the reply is mapped to the user's own message"
        );
        assert_eq!(desk.topic().title, "🟨 Anna");

        // The user replies to the answer: in the topic it replies to the operator's message.
        let operator_msg = desk.world.topic_messages(desk.group, topic.id)[1].id;
        desk.world
            .user_replies(anna, desk.bot, "Danke!", Some(answer.id));
        desk.pump().await;
        let last = desk
            .world
            .topic_messages(desk.group, topic.id)
            .last()
            .unwrap()
            .clone();
        assert_eq!(
            (last.text.as_str(), last.reply_to),
            ("Danke!", Some(operator_msg))
        );
        assert_eq!(desk.topic().title, "🟪 Anna");

        let d = desk
            .db
            .dialogs()
            .get(desk.connection, anna)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((d.messages_from_user, d.messages_from_operators), (2, 1));
    }
}

#[tokio::test]
async fn a_users_photo_or_album_in_reply_to_an_operator_is_a_reply_in_the_topic() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "the lid is broken");
        desk.pump().await;
        let topic = desk.topic().id;
        let olga = desk.operator();
        let first = desk.world.topic_messages(desk.group, topic)[0].id;
        desk.world.post_in_group(
            desk.group,
            Some(topic),
            olga,
            "Which part? Send a photo.",
            Some(first),
        );
        desk.pump().await;
        let operator_msg = desk
            .world
            .topic_messages(desk.group, topic)
            .last()
            .unwrap()
            .id;
        let answer = desk.world.private_chat(anna, desk.bot).last().unwrap().id;

        // A photo with a caption, replying to the operator's answer.
        let photo =
            desk.world
                .user_replies_with_media(anna, desk.bot, "photo", "this one", Some(answer));
        desk.pump().await;
        let copy = desk
            .world
            .topic_messages(desk.group, topic)
            .last()
            .unwrap()
            .clone();
        assert_eq!(
            (copy.media.as_deref(), copy.text.as_str(), copy.reply_to),
            (Some("photo"), "this one", Some(operator_msg)),
            "a photo reply stays a photo with its caption, and a reply ({edge:?})"
        );
        assert_eq!(copy.copied_from, Some((anna, photo)));
        assert!(!copy.forwarded, "a copy, never a forward");

        // An album replying to the same answer stays one album, and replies as a whole.
        let ids = desk.world.user_replies_with_album(
            anna,
            desk.bot,
            &[("photo", "front"), ("video", "back")],
            Some(answer),
        );
        desk.pump().await;
        let in_topic = desk.world.topic_messages(desk.group, topic);
        let parts = &in_topic[in_topic.len() - 2..];
        assert!(
            parts[0].album.is_some() && parts[0].album == parts[1].album,
            "one album"
        );
        assert_eq!(
            parts
                .iter()
                .map(|m| (m.media.clone().unwrap(), m.text.clone(), m.copied_from))
                .collect::<Vec<_>>(),
            vec![
                ("photo".to_owned(), "front".to_owned(), Some((anna, ids[0]))),
                ("video".to_owned(), "back".to_owned(), Some((anna, ids[1]))),
            ]
        );
        assert_eq!(parts[0].reply_to, Some(operator_msg), "{edge:?}");
        desk.telegram.assert_no_violations();
    }
}

#[tokio::test]
async fn topic_commands_change_the_mark_and_a_closed_dialog_reopens_with_a_welcome() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "hi");
        desk.pump().await;
        let topic = desk.topic().id;
        let olga = desk.operator();
        for (command, title) in [
            ("/wait", "🟨 Anna"),
            ("/hold", "🟪 Anna"),
            ("/close", "⬛ Anna"),
        ] {
            desk.world
                .post_in_group(desk.group, Some(topic), olga, command, None);
            desk.pump().await;
            assert_eq!(desk.topic().title, title, "after {command}");
        }
        assert_eq!(
            desk.user_sees(anna).len(),
            1,
            "commands are never sent to the user"
        );
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "/ note to self", None);
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "/help", None);
        desk.pump().await;
        assert_eq!(desk.user_sees(anna).len(), 1);
        assert!(
            desk.texts_in(topic).last().unwrap().contains("/close"),
            "help answers in the topic"
        );

        desk.world.user_writes(anna, desk.bot, "me again");
        desk.pump().await;
        assert_eq!(desk.topic().title, "🟪 Anna");
        assert_eq!(
            desk.user_sees(anna),
            vec![
                Lang::En.text("welcome-default"),
                Lang::En.text("welcome-default")
            ]
        );
    }
}

#[tokio::test]
async fn the_bots_own_replies_appear_as_intercepted() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "/start");
        desk.pump().await;
        desk.world
            .other_session_writes(desk.bot, anna, "Choose a topic: [Orders] [Returns]");
        desk.pump().await;
        let topic = desk.topic().id;
        let last = desk
            .world
            .topic_messages(desk.group, topic)
            .last()
            .unwrap()
            .clone();
        assert_eq!(last.text, "Choose a topic: [Orders] [Returns]");
        assert_eq!(
            desk.note_of(topic, &last).as_deref(),
            Some(
                Lang::En
                    .text_with("relay-intercepted", &[("name", "Shop".into())])
                    .as_str()
            )
        );

        desk.set(Param::InterceptExternal, "off").await;
        desk.world
            .other_session_writes(desk.bot, anna, "Another automated message");
        desk.pump().await;
        assert!(
            !desk
                .texts_in(topic)
                .iter()
                .any(|t| t == "Another automated message")
        );
    }
}

#[tokio::test]
async fn a_deleted_topic_is_recreated_and_the_message_delivered() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "first");
        desk.pump().await;
        let old = desk.topic().id;
        desk.world.delete_topic(desk.group, old);
        desk.world.user_writes(anna, desk.bot, "are you there?");
        desk.pump().await;
        let new = desk.topic();
        assert_ne!(new.id, old);
        assert_eq!(new.title, "🟪 Anna");
        assert_eq!(desk.texts_in(new.id), vec!["are you there?".to_owned()]);
        assert_eq!(
            desk.db
                .dialogs()
                .get(desk.connection, anna)
                .await
                .unwrap()
                .unwrap()
                .topic_id,
            Some(new.id)
        );
    }
}

#[tokio::test]
async fn a_closed_topic_is_reopened_to_deliver() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "first");
        desk.pump().await;
        let topic = desk.topic().id;
        desk.world.close_topic(desk.group, topic);
        desk.world.user_writes(anna, desk.bot, "second");
        desk.pump().await;
        assert!(!desk.topic().closed);
        assert_eq!(
            desk.texts_in(topic),
            vec!["first".to_owned(), "second".to_owned()]
        );
    }
}

#[tokio::test]
async fn a_user_who_blocked_the_bot_is_reported_in_the_topic() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "hi");
        desk.pump().await;
        let topic = desk.topic().id;
        desk.world.block(anna, desk.bot);
        let olga = desk.operator();
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "Hello?", None);
        desk.pump().await;
        let notice = desk.texts_in(topic).last().unwrap().clone();
        assert_eq!(
            notice,
            Lang::En.text_with("relay-user-blocked", &[("name", "Shop".into())])
        );
        assert!(!desk.user_sees(anna).iter().any(|t| t == "Hello?"));
    }
}

#[tokio::test]
async fn ban_needs_the_right_and_stops_relaying() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "spam");
        desk.pump().await;
        let topic = desk.topic().id;
        let olga = desk.operator();
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "/ban", None);
        desk.pump().await;
        assert_eq!(
            desk.texts_in(topic).last().unwrap(),
            &Lang::En.text("relay-ban-needs-right")
        );

        desk.world
            .post_in_group(desk.group, Some(topic), desk.admin, "/ban", None);
        desk.pump().await;
        assert_eq!(
            desk.texts_in(topic).last().unwrap(),
            &Lang::En.text("relay-banned")
        );
        let params = desk.db.parameters().load(desk.connection).await.unwrap();
        assert!(
            params.ignore_chats.contains(anna),
            "/ban adds the user to IGNORE_CHATS"
        );
        let before = desk.texts_in(topic).len();
        desk.world.user_writes(anna, desk.bot, "more spam");
        desk.pump().await;
        assert_eq!(
            desk.texts_in(topic).len(),
            before,
            "nothing relayed from a banned user"
        );

        desk.world
            .post_in_group(desk.group, Some(topic), desk.admin, "/unban", None);
        desk.world.user_writes(anna, desk.bot, "sorry");
        desk.pump().await;
        assert_eq!(desk.texts_in(topic).last().unwrap(), "sorry");
    }
}

#[tokio::test]
async fn hidden_names_and_a_custom_colour_and_welcome() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        desk.set(Param::HideInfo, "name").await;
        desk.set(Param::IconColor, "green").await;
        desk.set(Param::Welcome, "Ciao {name}! Rispondiamo presto.")
            .await;
        let anna = desk.user("Anna", "it");
        desk.world.user_writes(anna, desk.bot, "ciao");
        desk.pump().await;
        let topic = desk.topic();
        assert!(!topic.title.contains("Anna"), "{}", topic.title);
        assert_eq!(
            topic.title,
            format!(
                "🟪 {}",
                switchboard_relay::logic::pseudonym(desk.connection.0, anna)
            )
        );
        assert_eq!(topic.icon_color, 0x8EEE98);
        assert_eq!(
            desk.user_sees(anna),
            vec!["Ciao Anna! Rispondiamo presto.".to_owned()]
        );
    }
}

#[tokio::test]
async fn an_uncopyable_message_becomes_a_notice_and_the_user_is_told_unless_silent() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "hello");
        desk.pump().await;
        let topic = desk.topic().id;
        desk.world.protect_chat(anna, desk.bot);
        desk.world.user_writes(anna, desk.bot, "secret photo");
        desk.pump().await;
        assert_eq!(
            desk.texts_in(topic).last().unwrap(),
            &Lang::En.text("relay-unsupported-content")
        );
        assert_eq!(
            desk.user_sees(anna).last().unwrap(),
            &Lang::En.text("relay-user-delivery-failed")
        );

        desk.set(Param::SilentMode, "on").await;
        let seen = desk.user_sees(anna).len();
        desk.world.user_writes(anna, desk.bot, "another photo");
        desk.pump().await;
        assert_eq!(
            desk.user_sees(anna).len(),
            seen,
            "SILENT_MODE hides the error from the user"
        );
        assert_eq!(
            desk.texts_in(topic).last().unwrap(),
            &Lang::En.text("relay-unsupported-content"),
            "operators still see it"
        );
    }
}

#[tokio::test]
async fn a_replayed_update_is_relayed_once() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "only once");
        let updates = desk.direct.pending().await;
        for update in updates.iter().chain(updates.iter()) {
            desk.worker.handle(update.clone()).await.unwrap();
        }
        assert_eq!(desk.texts_in(desk.topic().id), vec!["only once".to_owned()]);
        assert_eq!(desk.user_sees(anna).len(), 1, "one welcome");
    }
}

#[tokio::test]
async fn private_keywords_and_restricted_keywords_in_the_real_flow() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        desk.set(Param::PrivateKeywords, r#""operator""#).await;
        desk.set(Param::RestrictedKeywordsBackend, r#""password""#)
            .await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "hello bot");
        desk.pump().await;
        assert!(
            desk.world.topics(desk.group).is_empty(),
            "no topic without the keyword"
        );
        assert!(desk.user_sees(anna).is_empty());
        desk.world
            .user_writes(anna, desk.bot, "call an operator please");
        desk.pump().await;
        let topic = desk.topic().id;
        let olga = desk.operator();
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "Tell me your password", None);
        desk.pump().await;
        assert_eq!(
            desk.texts_in(topic).last().unwrap(),
            &Lang::En.text("relay-refused-keyword")
        );
        assert!(!desk.user_sees(anna).iter().any(|t| t.contains("password")));
        let _ = ParamValue::AutoInfo(false);
    }
}

#[tokio::test]
async fn edits_and_deletions_follow_both_ways() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        let original = desk.world.user_writes(anna, desk.bot, "my order is 1234");
        desk.pump().await;
        let topic = desk.topic().id;
        desk.world
            .user_edits(anna, desk.bot, original, "my order is 1243");
        desk.pump().await;
        let copy = desk.world.topic_messages(desk.group, topic)[0].clone();
        assert_eq!(
            (copy.text.as_str(), copy.edited),
            ("my order is 1243", true),
            "the topic shows the edit"
        );

        let olga = desk.operator();
        let answer = desk.world.post_in_group(
            desk.group,
            Some(topic),
            olga,
            "Found it, shipping tomrrow",
            None,
        );
        desk.pump().await;
        desk.world
            .group_edit(desk.group, answer, "Found it, shipping tomorrow");
        desk.pump().await;
        let received = desk
            .world
            .private_chat(anna, desk.bot)
            .last()
            .unwrap()
            .clone();
        assert_eq!(
            (received.text.as_str(), received.edited),
            ("Found it, shipping tomorrow", true),
            "the user sees the fix"
        );

        desk.world.group_delete(desk.group, &[answer]);
        desk.pump().await;
        assert!(
            !desk.user_sees(anna).iter().any(|t| t.contains("shipping")),
            "deleted for the user too"
        );

        desk.world.user_deletes(anna, desk.bot, &[original]);
        desk.pump().await;
        assert!(
            desk.texts_in(topic).iter().all(|t| !t.contains("1243")),
            "deleted in the topic too"
        );
    }
}

#[tokio::test]
async fn media_is_copied_with_its_caption() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        for (kind, caption) in [
            ("photo", "the broken part"),
            ("voice", ""),
            ("video_note", ""),
            ("document", "invoice.pdf"),
        ] {
            desk.world.user_sends_media(anna, desk.bot, kind, caption);
        }
        desk.pump().await;
        let copies = desk.world.topic_messages(desk.group, desk.topic().id);
        let kinds: Vec<_> = copies
            .iter()
            .map(|m| (m.media.clone().unwrap_or_default(), m.text.clone()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                ("photo".into(), "the broken part".into()),
                ("voice".into(), String::new()),
                ("video_note".into(), String::new()),
                ("document".into(), "invoice.pdf".into()),
            ]
        );
        assert!(copies.iter().all(|m| !m.forwarded));
    }
}

#[tokio::test]
async fn autoclose_closes_answered_dialogs_after_the_configured_hours() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        desk.set(Param::Autoclose, "1").await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "question");
        desk.pump().await;
        let topic = desk.topic().id;
        let olga = desk.operator();
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "answer", None);
        desk.pump().await;
        assert_eq!(desk.topic().title, "🟨 Anna");
        // Counted from when the dialog became "support answered", not from the test's clock
        // (a busy machine can let a second pass between the answer and this line).
        let answered = desk
            .db
            .dialogs()
            .get(desk.connection, anna)
            .await
            .unwrap()
            .unwrap()
            .status_since;
        desk.worker.autoclose(answered + 3_599).await.unwrap();
        assert_eq!(desk.topic().title, "🟨 Anna", "not yet");
        desk.worker.autoclose(answered + 3_601).await.unwrap();
        assert_eq!(desk.topic().title, "⬛ Anna");
        let d = desk
            .db
            .dialogs()
            .get(desk.connection, anna)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.status, storage::DialogStatus::Closed);

        // The worker kept Anna's dialog as "support answered" while relaying; closing it was
        // done elsewhere, so her next message finds it closed: reopened, welcomed again.
        let seen = desk.user_sees(anna).len();
        desk.world.user_writes(anna, desk.bot, "one more thing");
        desk.pump().await;
        assert_eq!(desk.topic().title, "🟪 Anna");
        assert_eq!(
            desk.user_sees(anna)[seen..],
            [Lang::En.text("welcome-default")],
            "a reopened dialog greets again"
        );
    }
}

#[tokio::test]
async fn an_account_links_an_existing_group_by_the_bare_code() {
    for db in testing::all().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        let (connection, gateway, account) = account_desk(&db, &world, admin).await;
        let c = connection.clone();
        let group = world.create_group(admin, "Support", true);
        world.add_member(group, account, ALL);
        let dyn_gateway: Arc<dyn Gateway> = gateway.clone();
        let mut worker = Worker::new(db.storage.clone(), dyn_gateway, connection.clone())
            .await
            .unwrap();
        world.post_in_group(
            group,
            None,
            admin,
            &format!("  {}  ", connection.link_code),
            None,
        );
        for update in gateway.pending().await {
            worker.handle(update).await.unwrap();
        }
        let linked = db.connections().get(c.id).await.unwrap().unwrap();
        assert_eq!(
            (linked.status, linked.backend_chat_id),
            (ConnectionStatus::Active, Some(group))
        );
        // Other text in the group is not a link attempt.
        world.post_in_group(group, None, admin, "hello team", None);
        for update in gateway.pending().await {
            worker.handle(update).await.unwrap();
        }
        assert!(
            !world
                .general_messages(group)
                .last()
                .unwrap()
                .text
                .contains("Only the admin")
        );
    }
}

#[tokio::test]
async fn an_album_stays_an_album_and_its_parts_are_linked() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        let ids = desk.world.user_sends_album(
            anna,
            desk.bot,
            &[("photo", "front"), ("photo", "back"), ("video", "")],
        );
        desk.pump().await;
        let copies = desk.world.topic_messages(desk.group, desk.topic().id);
        assert_eq!(copies.len(), 3);
        let album = copies[0].album.expect("copied as an album");
        assert!(
            copies.iter().all(|m| m.album == Some(album)),
            "one album, not three messages"
        );
        let parts: Vec<_> = copies
            .iter()
            .map(|m| (m.media.clone().unwrap(), m.text.clone(), m.copied_from))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("photo".into(), "front".into(), Some((anna, ids[0]))),
                ("photo".into(), "back".into(), Some((anna, ids[1]))),
                ("video".into(), String::new(), Some((anna, ids[2]))),
            ]
        );
        // Each part is linked: an operator's reply to the second photo replies to it on the user's side.
        let olga = desk.operator();
        desk.world.post_in_group(
            desk.group,
            Some(desk.topic().id),
            olga,
            "The back is scratched?",
            Some(copies[1].id),
        );
        desk.pump().await;
        assert_eq!(
            desk.world
                .private_chat(anna, desk.bot)
                .last()
                .unwrap()
                .reply_to,
            Some(ids[1])
        );
    }
}

/// An account connection through `edge`, not yet linked; with `knows_admin` its session has
/// the admin's access hash (the owner has written to the account before), else the setup bot
/// knows the admin's username. The gateway is opened as the supervisor opens it.
async fn account_desk_on(
    edge: Edge,
    db: &TestDb,
    world: &World,
    admin: i64,
    knows_admin: bool,
) -> (Telegram, storage::Connection, Arc<dyn Gateway>, i64) {
    let mut telegram = Telegram::start(edge, world).await;
    let account = world.add_account("393330000000", "Helpdesk", Some("helpdesk"));
    let identity = Identity {
        tg_user_id: account,
        username: Some("helpdesk".into()),
        title: "Helpdesk".into(),
    };
    let id = telegram
        .connect_unlinked(db, admin, account, identity, ConnectionKind::Account, None)
        .await;
    if knows_admin {
        if let Some(wire) = &telegram.wire {
            wire.give_user(db, id, account, admin).await.unwrap();
        }
    } else {
        let username = world.user(admin).and_then(|u| u.username);
        db.admins()
            .set_username(admin, username.as_deref())
            .await
            .unwrap();
    }
    let row = db.connections().get(id).await.unwrap().unwrap();
    let gateway = telegram.factory(db).open(&row).await.unwrap();
    (telegram, row, gateway, account)
}

/// An account connection, signed in by phone, not yet linked.
async fn account_desk(
    db: &TestDb,
    world: &World,
    admin: i64,
) -> (storage::Connection, Arc<SimGateway>, i64) {
    let account = world.add_account("393330000000", "Helpdesk", Some("helpdesk"));
    let mut login = world
        .authenticator()
        .send_code("393330000000")
        .await
        .unwrap();
    let code = world.last_login_code("393330000000").unwrap();
    let account_session::LoginStep::SignedIn(signed) = login.submit_code(&code).await.unwrap()
    else {
        panic!()
    };
    db.admins().ensure(admin, "en").await.unwrap();
    let c = db
        .connections()
        .create(admin, ConnectionKind::Account)
        .await
        .unwrap();
    let connection = db
        .connections()
        .store_sign_in(
            c.id,
            SignIn {
                identity: signed.identity,
                session: signed.session.expose_secret(),
                bot_token: None,
            },
        )
        .await
        .unwrap();
    let gateway = Arc::new(world.open_gateway(signed.session.expose_secret()).unwrap());
    (connection, gateway, account)
}

#[tokio::test]
async fn an_account_creates_its_group_and_makes_the_admin_it_never_talked_to_an_admin() {
    for (edge, db) in common::edges_and_databases().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, Some("the_boss"), Some("en"));
        let (telegram, connection, gateway, account) =
            account_desk_on(edge, &db, &world, admin, false).await;
        db.connections()
            .request_new_group(connection.id, "Helpdesk support")
            .await
            .unwrap();
        let current = db.connections().get(connection.id).await.unwrap().unwrap();
        let dyn_gateway = gateway.clone();
        let _worker = Worker::new(db.storage.clone(), dyn_gateway, current)
            .await
            .unwrap();

        let linked = db.connections().get(connection.id).await.unwrap().unwrap();
        assert_eq!(linked.status, ConnectionStatus::Active);
        let group = linked.backend_chat_id.expect("linked to the new group");
        let members = world.members(group);
        assert!(
            members
                .iter()
                .any(|(u, r)| *u == account && r.manage_topics),
            "the account owns it"
        );
        assert!(
            members
                .iter()
                .any(|(u, r)| *u == admin && r.ban_users && r.manage_topics),
            "the admin is an admin: {members:?}; {edge:?} refused: {:?}",
            telegram.wire.as_ref().map(|w| w.errors())
        );
        assert!(
            world
                .general_messages(group)
                .last()
                .unwrap()
                .text
                .contains("This group is now the backend of Helpdesk")
        );
        assert_eq!(linked.new_group_title, None, "the request is done");
        telegram.assert_no_violations();
    }
}

#[tokio::test]
async fn a_flood_wait_bringing_in_the_admin_neither_makes_a_second_group_nor_loses_the_first() {
    for (edge, db) in common::edges_and_databases().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        let (telegram, connection, gateway, account) =
            account_desk_on(edge, &db, &world, admin, true).await;
        db.connections()
            .request_new_group(connection.id, "Helpdesk support")
            .await
            .unwrap();
        // The group is created, then Telegram asks the account to slow down for longer than a
        // client sleeps through by itself.
        world.fail_next_invite(switchboard_relay::gateway::GatewayError::FloodWait { seconds: 60 });
        let current = db.connections().get(connection.id).await.unwrap().unwrap();
        let dyn_gateway = gateway.clone();
        let failed = Worker::new(db.storage.clone(), dyn_gateway.clone(), current).await;
        assert!(failed.is_err(), "the worker is retried later");
        let groups = world.groups_owned_by(account);
        assert_eq!(groups.len(), 1);
        let half = db.connections().get(connection.id).await.unwrap().unwrap();
        assert_eq!(half.new_group_chat_id, Some(groups[0]), "recorded at once");
        assert_eq!(half.status, ConnectionStatus::Linking, "not linked yet");
        assert!(half.new_group_title.is_some(), "the request is still open");

        // The retry (as the supervisor makes it) resumes with the admin.
        let _worker = Worker::new(db.storage.clone(), dyn_gateway, half)
            .await
            .unwrap();
        assert_eq!(world.groups_owned_by(account), groups, "no second group");
        let linked = db.connections().get(connection.id).await.unwrap().unwrap();
        assert_eq!(linked.status, ConnectionStatus::Active);
        assert_eq!(linked.backend_chat_id, Some(groups[0]));
        assert_eq!(linked.new_group_title, None);
        assert!(
            world
                .members(groups[0])
                .iter()
                .any(|(u, r)| *u == admin && r.ban_users && r.manage_topics),
            "the admin is an admin"
        );
        telegram.assert_no_violations();
    }
}

#[tokio::test]
async fn an_account_changing_group_creates_a_new_one_instead_of_relinking_the_old() {
    for (edge, db) in common::edges_and_databases().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        let (telegram, connection, gateway, account) =
            account_desk_on(edge, &db, &world, admin, true).await;
        let old = world.create_group(account, "Old support", true);
        db.connections()
            .link_backend(connection.id, old)
            .await
            .unwrap();
        // [Change group] keeps the old group until another is linked; then [Create a new group].
        db.connections().change_group(connection.id).await.unwrap();
        let asked = db
            .connections()
            .request_new_group(connection.id, "New support")
            .await
            .unwrap();
        assert_eq!(asked.backend_chat_id, Some(old), "the old group meanwhile");
        let _worker = Worker::new(db.storage.clone(), gateway.clone(), asked)
            .await
            .unwrap();

        let linked = db.connections().get(connection.id).await.unwrap().unwrap();
        let groups = world.groups_owned_by(account);
        assert_eq!(groups.len(), 2, "a new group was created");
        assert_eq!(linked.backend_chat_id, Some(groups[1]), "and linked");
        assert_ne!(linked.backend_chat_id, Some(old));
        assert_eq!(linked.status, ConnectionStatus::Active);
        assert_eq!(
            (linked.new_group_title, linked.new_group_chat_id),
            (None, None),
            "the request is done"
        );
        telegram.assert_no_violations();
    }
}

#[tokio::test]
async fn an_admin_who_cannot_be_added_gets_an_invite_link_through_the_setup_bot() {
    for (edge, db) in common::edges_and_databases().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        world.restrict_invites(admin);
        let (telegram, connection, gateway, _) =
            account_desk_on(edge, &db, &world, admin, true).await;
        db.connections()
            .request_new_group(connection.id, "Helpdesk support")
            .await
            .unwrap();
        let current = db.connections().get(connection.id).await.unwrap().unwrap();
        let dyn_gateway = gateway.clone();
        let _worker = Worker::new(db.storage.clone(), dyn_gateway, current)
            .await
            .unwrap();
        let group = db
            .connections()
            .get(connection.id)
            .await
            .unwrap()
            .unwrap()
            .backend_chat_id
            .unwrap();
        assert!(!world.members(group).iter().any(|(u, _)| *u == admin));
        let notice = db
            .events()
            .undelivered(10)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.kind == EventKind::Notice)
            .expect("a notice");
        assert_eq!(notice.payload["to"], admin);
        assert!(
            notice.payload["html"]
                .as_str()
                .unwrap()
                .contains("https://t.me/+sim"),
            "{}",
            notice.payload
        );
        telegram.assert_no_violations();
    }
}

#[tokio::test]
async fn auto_info_shows_the_card_with_the_start_parameter_and_info_reads_the_user_fresh() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        desk.set(Param::AutoInfo, "on").await;
        let anna = desk.user("Anna", "it");
        desk.world.set_premium(anna);
        desk.world.user_writes(anna, desk.bot, "/start spring_sale");
        desk.pump().await;
        let topic = desk.topic().id;
        let texts = desk.texts_in(topic);
        let card = &texts[0];
        assert!(
            card.contains("<b>Anna</b>")
                && card.contains("@anna")
                && card.contains(&format!("<code>{anna}</code>")),
            "{card}"
        );
        assert!(
            card.contains("spring_sale") && card.contains("Language: it"),
            "{card}"
        );
        assert_eq!(texts[1], "/start spring_sale", "then the message itself");
        let d = desk
            .db
            .dialogs()
            .get(desk.connection, anna)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.start_param.as_deref(), Some("spring_sale"));

        let olga = desk.operator();
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "/info", None);
        desk.pump().await;
        let info = desk.texts_in(topic).last().unwrap().clone();
        assert!(
            info.contains("Premium: yes"),
            "/info reads the user from Telegram: {info}"
        );
        assert!(info.contains("1 from the user"), "{info}");
    }
}

#[tokio::test]
async fn info_under_hide_info_command_goes_privately_to_allowed_people_only() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        desk.set(Param::HideInfo, "command").await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "hi");
        desk.pump().await;
        let topic = desk.topic().id;
        let olga = desk.operator();
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "/info", None);
        desk.pump().await;
        assert_eq!(
            desk.texts_in(topic).last().unwrap(),
            &Lang::En.text("relay-info-not-allowed")
        );
        desk.world
            .post_in_group(desk.group, Some(topic), desk.admin, "/info", None);
        desk.pump().await;
        assert_eq!(
            desk.texts_in(topic).last().unwrap(),
            &Lang::En.text("relay-info-sent-privately")
        );
        assert!(
            !desk.texts_in(topic).iter().any(|t| t.contains("@anna")),
            "the card is not in the group"
        );
        let notice = desk
            .db
            .events()
            .undelivered(20)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.kind == EventKind::Notice)
            .unwrap();
        assert_eq!(notice.payload["to"], desk.admin);
        assert!(notice.payload["html"].as_str().unwrap().contains("@anna"));
    }
}

#[tokio::test]
async fn white_list_and_ignore_chats_decide_who_is_relayed() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        let bob = desk.user("Bob", "en");
        desk.set(Param::WhiteList, &anna.to_string()).await;
        desk.world.user_writes(bob, desk.bot, "let me in");
        desk.world.user_writes(anna, desk.bot, "hello");
        desk.pump().await;
        assert_eq!(desk.topic().title, "🟪 Anna", "only Anna is relayed");
        assert!(
            desk.user_sees(bob).is_empty(),
            "Bob gets nothing back either"
        );

        desk.set(Param::WhiteList, "OFF").await;
        desk.set(Param::IgnoreChats, &format!("777000, {bob}"))
            .await;
        desk.world.user_writes(bob, desk.bot, "and now?");
        desk.pump().await;
        assert_eq!(desk.world.topics(desk.group).len(), 1, "Bob is ignored");
    }
}

#[tokio::test]
async fn reply_only_keeps_everything_but_replies_internal() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        desk.set(Param::ReplyOnly, "on").await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "question");
        desk.pump().await;
        let topic = desk.topic().id;
        let question = desk.world.topic_messages(desk.group, topic)[0].id;
        let olga = desk.operator();
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "discussing internally", None);
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "the answer", Some(question));
        desk.pump().await;
        assert_eq!(
            desk.user_sees(anna)[1..],
            ["the answer".to_owned()],
            "only the reply went out"
        );
    }
}

#[tokio::test]
async fn leave_closed_shows_new_messages_without_reopening_until_an_operator_answers() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        desk.set(Param::LeaveClosed, "on").await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "question");
        desk.pump().await;
        let topic = desk.topic().id;
        let olga = desk.operator();
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "/close", None);
        desk.world.user_writes(anna, desk.bot, "thanks!");
        desk.pump().await;
        assert_eq!(desk.topic().title, "⬛ Anna", "still closed");
        assert_eq!(
            desk.texts_in(topic).last().unwrap(),
            "thanks!",
            "but operators see it"
        );
        assert_eq!(desk.user_sees(anna).len(), 1, "no second welcome");
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "You're welcome!", None);
        desk.pump().await;
        assert_eq!(
            desk.topic().title,
            "🟨 Anna",
            "an operator's message reopens it"
        );
    }
}

#[tokio::test]
async fn replayed_operator_commands_are_not_repeated() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "hi");
        desk.pump().await;
        let topic = desk.topic().id;
        let olga = desk.operator();
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "/help", None);
        desk.world
            .post_in_group(desk.group, Some(topic), olga, "Hello Anna", None);
        let updates = desk.direct.pending().await;
        // Telegram's catch-up after a restart may deliver the same updates again.
        for update in updates.iter().chain(updates.iter()) {
            desk.worker.handle(update.clone()).await.unwrap();
        }
        let helps = desk
            .texts_in(topic)
            .iter()
            .filter(|t| **t == Lang::En.text("relay-help"))
            .count();
        assert_eq!(helps, 1, "the /help answer is not repeated");
        assert_eq!(
            desk.user_sees(anna)
                .iter()
                .filter(|t| *t == "Hello Anna")
                .count(),
            1
        );
    }
}

#[tokio::test]
async fn a_copy_whose_answer_was_lost_is_not_sent_again_on_retry() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::linked(edge, db).await;
        let anna = desk.user("Anna", "en");
        desk.world.user_writes(anna, desk.bot, "first");
        desk.pump().await;
        let topic = desk.topic().id;

        // The user's message reaches the topic, but the answer to the copy is lost.
        let second = desk.world.user_writes(anna, desk.bot, "second");
        desk.world.lose_next_answer();
        let update = desk
            .only(async |u| matches!(u, Update::Private(m) if m.msg_id == second))
            .await;
        assert!(
            desk.worker.handle(update.clone()).await.is_err(),
            "the worker sees a network error"
        );
        desk.worker.handle(update).await.unwrap(); // the retry (handle_with_retry does this)
        assert_eq!(
            desk.texts_in(topic),
            vec!["first".to_owned(), "second".to_owned()],
            "not twice"
        );

        // The same for an operator's answer to the user.
        let olga = desk.operator();
        let answer = desk
            .world
            .post_in_group(desk.group, Some(topic), olga, "Got it", None);
        desk.world.lose_next_answer();
        let update = desk
            .only(async |u| matches!(u, Update::Group(m) if m.msg_id == answer))
            .await;
        assert!(desk.worker.handle(update.clone()).await.is_err());
        desk.worker.handle(update).await.unwrap();
        assert_eq!(
            desk.user_sees(anna)
                .iter()
                .filter(|t| *t == "Got it")
                .count(),
            1,
            "the user gets it once"
        );
    }
}

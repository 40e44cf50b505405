//! The module commands (`/send`, `/mark`, `/export`, `/new`) against the simulated Telegram and
//! a real database (SQLite; PostgreSQL too under CI), asserting what operators and users see —
//! through both edges: the simulated gateway, and the real grammers client over MTProto.

mod common;

use std::sync::Arc;
use std::time::Duration;

use account_session::Authenticator as _;
use common::{ALL, Direct, Edge, Telegram};
use secrecy::ExposeSecret as _;
use storage::params::Param;
use storage::testing::{self, TestDb};
use storage::{BroadcastStatus, ConnectionId, ConnectionKind, Identity, NewDialog};

use switchboard_relay::broadcaster::RunnerOptions;
use switchboard_relay::gateway::{Gateway, Rights};
use switchboard_relay::pacing::{Limits, Paced};
use switchboard_relay::worker::Worker;
use telegram_sim::{SimMessage, World};

struct Desk {
    db: TestDb,
    world: World,
    telegram: Telegram,
    /// The connected bot or account.
    me: i64,
    admin: i64,
    group: i64,
    connection: ConnectionId,
    direct: Direct,
    worker: Worker,
}

impl Desk {
    /// A bot connected by its admin and linked to a forum group where it has every right.
    async fn bot(edge: Edge, db: TestDb) -> Self {
        let world = World::new();
        let (bot, _token) = world.add_bot("shop_bot", "Shop");
        let identity = Identity {
            tg_user_id: bot,
            username: Some("shop_bot".into()),
            title: "Shop".into(),
        };
        Self::linked(edge, db, world, bot, identity, ConnectionKind::Bot).await
    }

    /// A user account, signed in, linked to a forum group where it is an admin.
    async fn account(edge: Edge, db: TestDb) -> Self {
        let world = World::new();
        let account = world.add_account("393330000000", "Helpdesk", Some("helpdesk"));
        let identity = Identity {
            tg_user_id: account,
            username: Some("helpdesk".into()),
            title: "Helpdesk".into(),
        };
        Self::linked(edge, db, world, account, identity, ConnectionKind::Account).await
    }

    async fn linked(
        edge: Edge,
        db: TestDb,
        world: World,
        me: i64,
        identity: Identity,
        kind: ConnectionKind,
    ) -> Self {
        let mut telegram = Telegram::start(edge, &world).await;
        let admin = world.add_user("Boss", None, Some("boss"), Some("en"));
        let group = world.create_group(admin, "Support", true);
        world.add_member(group, me, ALL);
        let connection = telegram
            .connect(&db, admin, group, me, identity, kind)
            .await;
        let direct = telegram.open(&db, connection).await;
        let row = db.connections().get(connection).await.unwrap().unwrap();
        let worker = Worker::new(db.storage.clone(), direct.gateway.clone(), row)
            .await
            .unwrap();
        Desk {
            db,
            world,
            telegram,
            me,
            admin,
            group,
            connection,
            direct,
            worker,
        }
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

    fn user(&self, name: &str) -> i64 {
        self.world
            .add_user(name, None, Some(&name.to_lowercase()), Some("en"))
    }

    /// A member of the group without admin rights.
    fn operator(&self, name: &str) -> i64 {
        let op = self.user(name);
        self.world.add_member(self.group, op, Rights::default());
        op
    }

    /// `sender` posts in General (and the worker handles it); returns the message id.
    async fn general(&mut self, sender: i64, text: &str, reply_to: Option<i64>) -> i64 {
        let id = self
            .world
            .post_in_group(self.group, None, sender, text, reply_to);
        self.pump().await;
        id
    }

    /// What the connection said last in General.
    fn last_general(&self) -> SimMessage {
        self.world
            .general_messages(self.group)
            .into_iter()
            .rfind(|m| m.from == self.me)
            .expect("a message from the connection in General")
    }

    /// A user writes first, so they have a dialog and a topic.
    async fn writes(&mut self, user: i64, text: &str) {
        self.world.user_writes(user, self.me, text);
        self.pump().await;
    }

    async fn title_of(&self, user: i64) -> String {
        let topic = self
            .db
            .dialogs()
            .get(self.connection, user)
            .await
            .unwrap()
            .unwrap()
            .topic_id
            .unwrap();
        self.world
            .topics(self.group)
            .into_iter()
            .find(|t| t.id == topic)
            .unwrap()
            .title
    }

    /// `sender` posts in the user's topic.
    async fn in_topic(&mut self, user: i64, sender: i64, text: &str) -> SimMessage {
        let topic = self
            .db
            .dialogs()
            .get(self.connection, user)
            .await
            .unwrap()
            .unwrap()
            .topic_id
            .unwrap();
        self.world
            .post_in_group(self.group, Some(topic), sender, text, None);
        self.pump().await;
        self.world
            .topic_messages(self.group, topic)
            .into_iter()
            .rfind(|m| m.from == self.me)
            .unwrap()
    }

    /// What `user` received from the connection.
    fn received(&self, user: i64) -> Vec<SimMessage> {
        self.world
            .private_chat(user, self.me)
            .into_iter()
            .filter(|m| m.from == self.me)
            .collect()
    }
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    csv::Reader::from_reader(bytes)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

fn csv_header(bytes: &[u8]) -> Vec<String> {
    csv::Reader::from_reader(bytes)
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn module_commands_are_only_for_extensions_allowed() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::bot(edge, db).await;
        let anna = desk.user("Anna");
        desk.writes(anna, "hello").await;
        let olga = desk.operator("Olga");
        let refusal = "Only the people listed in EXTENSIONS_ALLOWED can use /send";
        for command in [
            "/mark",
            "/mark new VIP",
            "/export",
            "/new @anna",
            "/send status",
        ] {
            desk.general(olga, command, None).await;
            let answer = desk.last_general();
            assert!(
                answer.text.starts_with(refusal),
                "{command}: {}",
                answer.text
            );
        }
        let in_topic = desk.in_topic(anna, olga, "/mark VIP").await;
        assert!(in_topic.text.starts_with(refusal), "{}", in_topic.text);
        assert!(
            desk.db
                .labels()
                .list(desk.connection)
                .await
                .unwrap()
                .is_empty()
        );

        // Listed in EXTENSIONS_ALLOWED: the same command works.
        desk.set(Param::ExtensionsAllowed, &olga.to_string()).await;
        desk.general(olga, "/mark new VIP", None).await;
        assert_eq!(desk.last_general().text, "Label “VIP” created.");
        // The admin always may.
        desk.general(desk.admin, "/mark", None).await;
        assert!(desk.last_general().text.contains("<b>VIP</b> — 0"));
        // Typos get the rules, not silence.
        desk.general(olga, "/mark new two%words", None).await;
        assert!(desk.last_general().text.contains("cannot be a label name"));
    }
}

#[tokio::test]
async fn labels_show_their_tickers_in_topic_titles_and_follow_after_rules() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::bot(edge, db).await;
        let (anna, bob) = (desk.user("Anna"), desk.user("Bob"));
        desk.writes(anna, "hi").await;
        desk.writes(bob, "hello").await;
        let admin = desk.admin;
        for command in [
            "/mark new VIP ⭐",
            "/mark new todo",
            "/mark new done ✅",
            "/mark after done todo",
        ] {
            desk.general(admin, command, None).await;
        }
        assert!(desk.last_general().text.contains("now removes: todo"));

        let answer = desk.in_topic(anna, admin, "/mark vip").await;
        assert_eq!(answer.text, "Label “vip” set.");
        assert_eq!(desk.title_of(anna).await, "🟪 ⭐ Anna");
        desk.in_topic(anna, admin, "/mark todo").await;
        desk.in_topic(bob, admin, "/mark todo").await;
        // `done` removes `todo` (the after rule) and shows its ticker after VIP's.
        desk.in_topic(anna, admin, "/mark done").await;
        assert_eq!(desk.title_of(anna).await, "🟪 ⭐ ✅ Anna");
        let labels = |d: storage::Dialog| d.labels;
        let anna_labels = labels(
            desk.db
                .dialogs()
                .get(desk.connection, anna)
                .await
                .unwrap()
                .unwrap(),
        );
        assert_eq!(anna_labels, vec!["VIP", "done"]);
        // An unknown label is refused with the known ones.
        let unknown = desk.in_topic(bob, admin, "/mark gold").await;
        assert!(
            unknown.text.contains("There is no label “gold”"),
            "{}",
            unknown.text
        );
        // Listed in the order they were made, even within one second.
        assert!(unknown.text.contains("VIP, todo, done"), "{}", unknown.text);

        // Status changes keep the tickers.
        desk.in_topic(anna, admin, "Thanks, on its way!").await;
        assert_eq!(desk.title_of(anna).await, "🟨 ⭐ ✅ Anna");

        desk.general(admin, "/mark", None).await;
        let list = desk.last_general().text;
        assert!(list.contains("⭐ <b>VIP</b> — 1"), "{list}");
        assert!(list.contains("<b>todo</b> — 1"), "{list}");
        assert!(list.contains("✅ <b>done</b> — 1, removes todo"), "{list}");

        // Renaming and new tickers retitle the topics; deleting takes the label off.
        desk.general(admin, "/mark rename VIP Gold", None).await;
        desk.general(admin, "/mark ticker Gold 🥇", None).await;
        assert_eq!(desk.title_of(anna).await, "🟨 🥇 ✅ Anna");
        desk.general(admin, "/mark del done", None).await;
        assert_eq!(desk.title_of(anna).await, "🟨 🥇 Anna");
        let anna_labels = labels(
            desk.db
                .dialogs()
                .get(desk.connection, anna)
                .await
                .unwrap()
                .unwrap(),
        );
        assert_eq!(anna_labels, vec!["Gold"]);
        desk.in_topic(anna, admin, "/mark del gold").await;
        assert_eq!(desk.title_of(anna).await, "🟨 Anna");
        // A name taken already is refused.
        desk.general(admin, "/mark new TODO", None).await;
        assert_eq!(desk.last_general().text, "A label “TODO” exists already.");
    }
}

#[tokio::test]
async fn export_is_a_csv_or_json_of_users_filtered_by_label_and_hides_names_under_hide_info() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::bot(edge, db).await;
        let (anna, bob) = (desk.user("Anna"), desk.user("Bob"));
        desk.writes(anna, "hi").await;
        desk.writes(bob, "hello").await;
        let admin = desk.admin;
        desk.general(admin, "/mark new VIP", None).await;
        desk.in_topic(anna, admin, "/mark VIP").await;
        desk.in_topic(bob, admin, "/close").await;

        desk.general(admin, "/export", None).await;
        let file = desk.last_general();
        let (name, bytes) = file.document.clone().expect("a file");
        assert!(
            name.starts_with("users-") && name.ends_with(".csv"),
            "{name}"
        );
        assert!(file.text.contains("2 users with a dialog"), "{}", file.text);
        assert_eq!(
            csv_header(&bytes),
            [
                "id",
                "name",
                "username",
                "language",
                "first_contact",
                "last_contact",
                "status",
                "labels"
            ]
        );
        let rows = csv_rows(&bytes);
        assert_eq!(rows.len(), 2);
        let row = |id: i64| {
            rows.iter()
                .find(|r| r[0] == id.to_string())
                .unwrap()
                .clone()
        };
        assert_eq!(&row(anna)[1..4], ["Anna", "anna", "en"]);
        assert_eq!(row(anna)[6], "user_answered");
        assert_eq!(row(anna)[7], "VIP");
        assert_eq!(row(bob)[6], "closed");
        assert!(row(bob)[4].ends_with(" UTC"));

        desk.general(admin, "/export vip", None).await;
        let (_, bytes) = desk.last_general().document.unwrap();
        let rows = csv_rows(&bytes);
        assert_eq!(
            rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>(),
            [anna.to_string()]
        );

        desk.general(admin, "/export json", None).await;
        let (name, bytes) = desk.last_general().document.unwrap();
        assert!(name.ends_with(".json"));
        let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 2);

        // HIDE_INFO: the file in the group shows pseudonyms and no usernames.
        desk.set(Param::HideInfo, "name").await;
        desk.general(admin, "/export", None).await;
        let file = desk.last_general();
        assert!(file.text.contains("names are pseudonyms"), "{}", file.text);
        let (_, bytes) = file.document.unwrap();
        let rows = csv_rows(&bytes);
        for r in &rows {
            assert!(r[1] != "Anna" && r[1] != "Bob", "{r:?}");
            assert_eq!(r[2], "");
        }
        let anna_row = rows.iter().find(|r| r[0] == anna.to_string()).unwrap();
        assert_eq!(
            anna_row[1],
            switchboard_relay::logic::pseudonym(desk.connection.0, anna)
        );

        desk.general(admin, "/export nolabel", None).await;
        assert!(
            desk.last_general()
                .text
                .contains("There is no label “nolabel”")
        );
    }
}

#[tokio::test]
async fn new_opens_a_dialog_where_telegram_allows_it() {
    for (edge, db) in common::edges_and_databases().await {
        // An account: by username, by phone; an unknown id is refused.
        let mut desk = Desk::account(edge, db).await;
        let carla = desk.user("Carla");
        let dan = desk.user("Dan");
        desk.world.set_phone(dan, "4915112345678");
        let admin = desk.admin;
        desk.general(admin, "/new @carla", None).await;
        assert_eq!(
            desk.last_general().text,
            "Dialog opened with Carla: write in the new topic to send them your first message."
        );
        assert_eq!(desk.title_of(carla).await, "🟨 Carla");
        let topic = desk
            .db
            .dialogs()
            .get(desk.connection, carla)
            .await
            .unwrap()
            .unwrap()
            .topic_id
            .unwrap();
        assert!(
            desk.world.topic_messages(desk.group, topic)[0]
                .text
                .contains("opened by the team with /new")
        );
        // The operator's first message reaches Carla.
        desk.in_topic(carla, admin, "Hello Carla, your order shipped.")
            .await;
        assert_eq!(
            desk.received(carla).last().unwrap().text,
            "Hello Carla, your order shipped."
        );
        desk.general(admin, "/new @carla", None).await;
        assert!(desk.last_general().text.contains("already has a dialog"));
        desk.general(admin, "/new +49 151 1234-5678", None).await;
        assert!(
            desk.last_general()
                .text
                .starts_with("Dialog opened with Dan")
        );
        desk.general(admin, "/new 123456", None).await;
        assert!(
            desk.last_general()
                .text
                .starts_with("No such Telegram user")
        );
        desk.general(admin, "/new anna", None).await;
        assert!(desk.last_general().text.contains("is not a @username"));
    }
    for (edge, db) in common::edges_and_databases().await {
        // A bot: only users who started it; never by phone.
        let mut desk = Desk::bot(edge, db).await;
        desk.set(Param::PrivateKeywords, "\"operator\"").await;
        let erin = desk.user("Erin");
        let frank = desk.user("Frank");
        desk.writes(erin, "/start").await; // started the bot, but no dialog (keywords)
        assert!(
            desk.db
                .dialogs()
                .get(desk.connection, erin)
                .await
                .unwrap()
                .is_none()
        );
        let admin = desk.admin;
        desk.general(admin, "/new @frank", None).await;
        assert!(
            desk.last_general()
                .text
                .starts_with("Telegram lets Shop write only to users who have started it"),
            "{}",
            desk.last_general().text
        );
        desk.general(admin, "/new +4915100000000", None).await;
        assert!(
            desk.last_general()
                .text
                .starts_with("Telegram lets Shop write only")
        );
        desk.general(admin, &format!("/new {erin}"), None).await;
        assert!(
            desk.last_general()
                .text
                .starts_with("Dialog opened with Erin")
        );
        assert_eq!(desk.title_of(erin).await, "🟨 Erin");
        assert!(
            desk.db
                .dialogs()
                .get(desk.connection, frank)
                .await
                .unwrap()
                .is_none()
        );
    }
}

/// Waits until `check` answers something (`testing::eventually`, keeping the answer).
async fn until_some<T, F: Future<Output = Option<T>>>(
    what: &str,
    mut check: impl FnMut() -> F,
) -> T {
    let mut found = None;
    testing::eventually(what, async || {
        found = check().await;
        found.is_some()
    })
    .await;
    found.expect("eventually returns once the check found something")
}

/// Waits until the broadcast is in `status`.
async fn until_status(desk: &Desk, id: i64, status: BroadcastStatus) {
    let what = format!("broadcast {id} is {status}");
    testing::eventually(&what, async || {
        desk.db.broadcasts().get(id).await.unwrap().unwrap().status == status
    })
    .await;
}

#[tokio::test]
async fn a_bot_broadcast_with_buttons_test_list_and_report() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::bot(edge, db).await;
        desk.worker.set_runner_options(RunnerOptions {
            card_every: Duration::from_millis(10),
            ..RunnerOptions::default()
        });
        let users: Vec<i64> = ["Anna", "Bob", "Cleo", "Dora"]
            .iter()
            .map(|n| desk.user(n))
            .collect();
        for user in &users {
            desk.writes(*user, "hi").await;
        }
        desk.world.block(users[3], desk.me);
        let admin = desk.admin;
        desk.general(admin, "/send", None).await;
        assert!(
            desk.last_general()
                .text
                .contains("Reply to a message with /send")
        );

        // Compose: the message, then /send in reply to it.
        let content = desk
            .general(admin, "🎉 Sale: −20% on everything until Sunday!", None)
            .await;
        desk.general(admin, "/send", Some(content)).await;
        let card = desk.last_general();
        assert!(card.text.contains("<b>Broadcast #"), "{}", card.text);
        assert!(
            card.text.contains("To: all users with a dialog (4)"),
            "{}",
            card.text
        );
        let datas: Vec<&str> = card
            .buttons
            .iter()
            .flatten()
            .map(|(_, d)| d.as_str())
            .collect();
        let id: i64 = datas[0].split(':').nth(1).unwrap().parse().unwrap();
        assert_eq!(
            datas,
            [
                format!("bc:{id}:test"),
                format!("bc:{id}:start"),
                format!("bc:{id}:cancel")
            ]
        );

        // A stranger's press is refused; the admin's [Test] reaches the admin only.
        let olga = desk.operator("Olga");
        let query = desk
            .world
            .press_button(olga, desk.group, card.id, &format!("bc:{id}:start"))
            .unwrap();
        desk.pump().await;
        assert!(
            desk.world
                .callback_answer(query)
                .unwrap()
                .unwrap()
                .starts_with("Only the people listed")
        );
        let query = desk
            .world
            .press_button(admin, desk.group, card.id, &format!("bc:{id}:test"))
            .unwrap();
        desk.pump().await;
        assert_eq!(
            desk.world.callback_answer(query),
            Some(Some("Test sent to you privately.".into()))
        );
        let test = desk.received(admin);
        assert_eq!(test.len(), 1);
        assert_eq!(test[0].copied_from, Some((desk.group, content)));
        assert!(
            users.iter().all(|u| desk.received(*u).len() == 1),
            "only the welcome so far"
        );

        // The audience: an uploaded list (a file with a header line and ids).
        let list = format!("user_id\n{}\n{}\n{}\n", users[0], users[3], users[1]);
        let file = desk.world.post_document_in_group(
            desk.group,
            None,
            admin,
            "ids.csv",
            list.as_bytes(),
            None,
        );
        desk.pump().await;
        desk.general(admin, "/send to list", Some(file)).await;
        assert_eq!(desk.last_general().text, "Audience set: 3 users.");
        let card = desk.world.group_message(desk.group, card.id).unwrap();
        assert!(
            card.text.contains("an uploaded list of 3 ids (3)"),
            "{}",
            card.text
        );

        // The report is held on its way, so the test sees the group as an operator does the
        // moment the report appears: the card already shows the final figures.
        let report_sent = desk.world.hold_documents();
        let query = desk
            .world
            .press_button(admin, desk.group, card.id, &format!("bc:{id}:start"))
            .unwrap();
        desk.pump().await;
        assert_eq!(
            desk.world.callback_answer(query),
            Some(Some(format!("Broadcast #{id} started.")))
        );
        let is_report = |m: &SimMessage| {
            m.document
                .as_ref()
                .is_some_and(|(n, _)| n.contains("report"))
        };
        testing::eventually("the report appears", async || {
            desk.world
                .general_messages(desk.group)
                .iter()
                .any(is_report)
        })
        .await;
        let card_then = desk.world.group_message(desk.group, card.id).unwrap();
        assert!(
            card_then.text.contains("— finished")
                && card_then.text.contains("Sent: 2, failed: 1, left: 0"),
            "the card lags behind the report: {}",
            card_then.text
        );
        report_sent.add_permits(1);
        until_status(&desk, id, BroadcastStatus::Done).await;

        // Anna and Bob got it once, Cleo (not on the list) did not, Dora blocked the bot.
        let got = |u: i64| {
            desk.received(u)
                .iter()
                .filter(|m| m.copied_from == Some((desk.group, content)))
                .count()
        };
        assert_eq!(
            [got(users[0]), got(users[1]), got(users[2]), got(users[3])],
            [1, 1, 0, 0]
        );
        // Broadcasts never show up in the users' topics.
        for user in &users[..2] {
            let topic = desk
                .db
                .dialogs()
                .get(desk.connection, *user)
                .await
                .unwrap()
                .unwrap()
                .topic_id
                .unwrap();
            assert!(
                desk.world
                    .topic_messages(desk.group, topic)
                    .iter()
                    .all(|m| !m.text.contains("Sale"))
            );
        }
        // The report: one row per recipient.
        let report = desk
            .world
            .general_messages(desk.group)
            .into_iter()
            .find(is_report)
            .expect("a delivery report");
        assert_eq!(report.reply_to, Some(card.id));
        assert!(
            report.text.contains("2 sent, 1 not delivered"),
            "{}",
            report.text
        );
        let (_, bytes) = report.document.unwrap();
        assert_eq!(csv_header(&bytes), ["user_id", "status", "error"]);
        let mut rows = csv_rows(&bytes);
        rows.sort();
        let mut expected = vec![
            vec![users[0].to_string(), "sent".into(), String::new()],
            vec![users[1].to_string(), "sent".into(), String::new()],
            vec![users[3].to_string(), "failed".into(), "blocked".into()],
        ];
        expected.sort();
        assert_eq!(rows, expected);
        // The card shows the end, without buttons.
        let card = desk.world.group_message(desk.group, card.id).unwrap();
        assert!(card.text.contains("— finished"), "{}", card.text);
        assert!(
            card.text.contains("Sent: 2, failed: 1, left: 0"),
            "{}",
            card.text
        );
        assert!(card.buttons.is_empty());
        // Finished: the buttons' actions are refused, and a new broadcast may be composed.
        desk.general(admin, "/send pause", None).await;
        assert!(
            desk.last_general()
                .text
                .contains("no broadcast in progress")
        );
        desk.worker.shutdown().await;
    }
}

#[tokio::test]
async fn an_account_broadcasts_an_album_to_a_label_with_commands() {
    for (edge, db) in common::edges_and_databases().await {
        let mut desk = Desk::account(edge, db).await;
        let (anna, bob) = (desk.user("Anna"), desk.user("Bob"));
        desk.writes(anna, "hi").await;
        desk.writes(bob, "hi").await;
        let admin = desk.admin;
        desk.general(admin, "/mark new VIP", None).await;
        desk.in_topic(anna, admin, "/mark VIP").await;
        // The content is an album posted in General; /send replies to its second part.
        let album = desk.world.post_album_in_group(
            desk.group,
            None,
            admin,
            &[("photo", "New collection"), ("photo", ""), ("video", "")],
        );
        desk.pump().await;
        desk.general(admin, "/send to VIP", Some(album[1])).await;
        let card = desk.last_general();
        assert!(card.buttons.is_empty(), "accounts cannot send buttons");
        assert!(
            card.text.contains("users with the label VIP (1)"),
            "{}",
            card.text
        );
        assert!(
            card.text.contains("<code>/send start</code>"),
            "{}",
            card.text
        );
        desk.general(admin, "/send pause", None).await;
        assert!(desk.last_general().text.contains("has not started yet"));
        // The card names the broadcast; it may be done as soon as it starts (one recipient).
        let id: i64 = card
            .text
            .split("Broadcast #")
            .nth(1)
            .unwrap()
            .split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap();
        desk.general(admin, "/send start", None).await;
        until_status(&desk, id, BroadcastStatus::Done).await;
        // Anna (VIP) got the album once, as an album, in order; Bob nothing.
        let copies: Vec<SimMessage> = desk
            .received(anna)
            .into_iter()
            .filter(|m| m.copied_from.is_some())
            .collect();
        assert_eq!(
            copies
                .iter()
                .map(|m| m.copied_from.unwrap().1)
                .collect::<Vec<_>>(),
            album
        );
        assert!(copies[0].album.is_some() && copies.iter().all(|m| m.album == copies[0].album));
        assert_eq!(copies[0].text, "New collection");
        assert_eq!(
            desk.received(bob)
                .iter()
                .filter(|m| m.copied_from.is_some())
                .count(),
            0
        );
        desk.worker.shutdown().await;
    }
}

impl Desk {
    /// A relay restart: the worker stops (its broadcasts with it), and a new worker starts on a
    /// new session of the same bot and the same database, paced as the supervisor paces it.
    async fn restart(&mut self, limits: Limits) -> Arc<Paced<Arc<dyn Gateway>>> {
        self.worker.shutdown().await;
        self.direct = self.telegram.open(&self.db, self.connection).await;
        let paced = Arc::new(Paced::new(self.direct.gateway.clone(), limits));
        let connection = self
            .db
            .connections()
            .get(self.connection)
            .await
            .unwrap()
            .unwrap();
        self.worker = Worker::new(
            self.db.storage.clone(),
            paced.clone() as Arc<dyn Gateway>,
            connection,
        )
        .await
        .unwrap();
        paced
    }

    async fn tally(&self, id: i64) -> storage::Tally {
        self.db.broadcasts().tally(id).await.unwrap()
    }
}

/// Telegram's limits for bots, 20 times faster. A paused tokio clock cannot be used here: the
/// database pool's own timeouts would fire while a query waits on real IO, so this test runs in
/// real time on compressed limits, and the pure pacing schedule gives the duration at the real
/// ones (`the_2000_user_broadcast_takes_66_s_at_telegrams_limits`).
fn fast_limits() -> Limits {
    let fast = |r: switchboard_relay::pacing::Rate| switchboard_relay::pacing::Rate {
        count: r.count,
        per: r.per / 20,
    };
    Limits {
        per_chat: fast(Limits::BOTS.per_chat),
        per_group: fast(Limits::BOTS.per_group),
        overall: fast(Limits::BOTS.overall),
    }
}

#[tokio::test]
async fn a_broadcast_to_2000_users_pauses_resumes_survives_a_restart_and_reaches_each_once() {
    const USERS: usize = 2_000;
    // The simulated edge only: its 2,000 dialogs are rows made directly, for users the session
    // has never seen (over the wire it could not address them, as Telegram would refuse).
    for db in testing::all().await {
        let mut desk = Desk::bot(Edge::Sim, db).await;
        desk.restart(fast_limits()).await; // paced from here on, as under the supervisor
        let users: Vec<i64> = (0..USERS)
            .map(|n| {
                desk.world
                    .add_user(&format!("U{n}"), None, None, Some("en"))
            })
            .collect();
        // Their dialogs, written by 16 tasks at once (one at a time is most of this test's time
        // on PostgreSQL).
        let mut writers = tokio::task::JoinSet::new();
        for chunk in users.chunks(USERS.div_ceil(16)) {
            let (storage, connection, chunk) =
                (desk.db.storage.clone(), desk.connection, chunk.to_vec());
            writers.spawn(async move {
                for user in chunk {
                    storage
                        .dialogs()
                        .get_or_create(NewDialog {
                            connection_id: connection,
                            user_id: user,
                            display_name: format!("User {user}"),
                            username: None,
                            language: Some("en".into()),
                            start_param: None,
                        })
                        .await
                        .unwrap();
                }
            });
        }
        writers.join_all().await;
        let blocked = users[7];
        desk.world.block(blocked, desk.me);
        let admin = desk.admin;
        let content = desk
            .general(admin, "📣 We moved to a new address.", None)
            .await;
        desk.general(admin, "/send", Some(content)).await;
        let card = desk.last_general();
        assert!(card.text.contains("(2000)"), "{}", card.text);
        let (_, start) = card.buttons[0][1].clone();
        let id: i64 = start.split(':').nth(1).unwrap().parse().unwrap();
        let press = |desk: &Desk, action: &str| {
            desk.world
                .press_button(admin, desk.group, card.id, &format!("bc:{id}:{action}"))
                .unwrap()
        };
        let began = tokio::time::Instant::now();
        press(&desk, "start");
        desk.pump().await;

        // Pause part-way: the task sending it stops after the batch it was in, and stays stopped.
        testing::eventually("600 are sent", async || desk.tally(id).await.sent >= 600).await;
        press(&desk, "pause");
        desk.pump().await;
        let at_pause = desk.tally(id).await;
        testing::eventually("the pause took effect", async || {
            !desk.worker.is_broadcasting().await
        })
        .await;
        let paused = desk.tally(id).await;
        let batch = RunnerOptions::default().batch;
        assert!(
            paused.sending == 0 && paused.sent <= at_pause.sent + at_pause.sending + batch,
            "{at_pause:?} then {paused:?}"
        );
        assert!(paused.pending > 0, "paused part-way: {paused:?}");
        // Nothing is sent while paused (a pause that leaked would show within this second).
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert_eq!(desk.tally(id).await, paused, "nothing is sent while paused");
        let card_now = desk.world.group_message(desk.group, card.id).unwrap();
        assert!(card_now.text.contains("— paused"), "{}", card_now.text);
        assert!(
            card_now
                .buttons
                .concat()
                .iter()
                .any(|(_, d)| d.ends_with(":resume"))
        );

        press(&desk, "resume");
        desk.pump().await;
        testing::eventually("1,300 are sent", async || {
            desk.tally(id).await.sent >= 1_300
        })
        .await;
        // The relay dies in the worst moment: a copy reached Telegram but its answer never came
        // back, so the database still says "sending" for that user.
        desk.world.hold_next_answer();
        // Only once the hold caught a send is the one recipient in flight that send's: before,
        // an ordinary send between Telegram and its record looks the same, and a restart then
        // would leave the hold armed for the next relay's first send.
        testing::eventually("a send is held", async || desk.world.held_sends() == 1).await;
        let claimed = until_some("a send is held in flight", || async {
            match desk.db.broadcasts().in_flight(id).await.unwrap().as_slice() {
                [(user, _)] if !desk.received(*user).is_empty() => Some(*user),
                _ => None,
            }
        })
        .await;
        let paced = desk.restart(fast_limits()).await;
        assert_eq!(
            desk.received(claimed).len(),
            1,
            "delivered before the restart"
        );
        // Telegram asks for a wait once anyway: it is waited out, nothing doubled.
        desk.world
            .fail_next_send(switchboard_relay::gateway::GatewayError::FloodWait { seconds: 1 });
        until_status(&desk, id, BroadcastStatus::Done).await;
        let took = began.elapsed();
        println!(
            "2,000-user broadcast on 20x compressed limits: {:.1} s, of which 1 s paused and 1 s a flood wait",
            took.as_secs_f64()
        );
        assert_eq!(paced.flood_waits(), 1);

        // Every user has it exactly once; the one who blocked the bot has nothing.
        for user in &users {
            let copies = desk
                .received(*user)
                .iter()
                .filter(|m| m.copied_from == Some((desk.group, content)))
                .count();
            let expected = usize::from(*user != blocked);
            assert_eq!(copies, expected, "user {user}");
        }
        let report = desk
            .world
            .general_messages(desk.group)
            .into_iter()
            .find(|m| m.document.is_some())
            .expect("a delivery report");
        let (_, bytes) = report.document.unwrap();
        let rows = csv_rows(&bytes);
        assert_eq!(rows.len(), USERS);
        assert_eq!(rows.iter().filter(|r| r[1] == "sent").count(), USERS - 1);
        let failed: Vec<_> = rows.iter().filter(|r| r[1] != "sent").collect();
        assert_eq!(
            failed,
            [&vec![
                blocked.to_string(),
                "failed".into(),
                "blocked".into()
            ]]
        );
        let card_now = desk.world.group_message(desk.group, card.id).unwrap();
        assert!(
            card_now.text.contains("Sent: 1999, failed: 1, left: 0"),
            "{}",
            card_now.text
        );
        // Nothing of the broadcast appeared in any topic.
        assert!(desk.world.topics(desk.group).is_empty());
        desk.worker.shutdown().await;
    }
}

/// How long 2,000 recipients take at Telegram's real limits for bots, on tokio's paused clock:
/// the broadcast's sends go through the same `Paced` gateway, without a database.
#[tokio::test(start_paused = true)]
async fn the_2000_user_broadcast_takes_66_s_at_telegrams_limits() {
    let world = World::new();
    let (bot, token) = world.add_bot("shop_bot", "Shop");
    let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
    let admin = world.add_user("Boss", None, None, None);
    let group = world.create_group(admin, "Support", true);
    world.add_member(group, bot, ALL);
    let content = world.post_in_group(group, None, admin, "📣 News", None);
    let sim = world.open_gateway(signed.session.expose_secret()).unwrap();
    let paced = Paced::new(sim, Limits::BOTS);
    let users: Vec<i64> = (0..2_000)
        .map(|n| world.add_user(&format!("U{n}"), None, None, None))
        .collect();
    let start = tokio::time::Instant::now();
    for (n, user) in users.iter().enumerate() {
        let dedup = switchboard_relay::broadcaster::dedup_key(1, 1, *user);
        paced
            .copy_message(group, content, *user, None, None, None, dedup)
            .await
            .unwrap();
        if n % 200 == 0 {
            // The progress message is edited as it goes; edits do not count against the limits.
            paced.edit_html(group, content, "progress", &[]).await.ok();
        }
    }
    let took = start.elapsed();
    println!(
        "2,000-user broadcast at Telegram's limits: {:.1} s of simulated time",
        took.as_secs_f64()
    );
    // 30 at once, then 30 a second: the last of 2,000 goes after 66 s, never faster.
    assert_eq!(took, Duration::from_secs(66));
    assert_eq!(paced.flood_waits(), 0);
    assert!(users.iter().all(|u| world.private_chat(*u, bot).len() == 1));
}

//! Whole-system scenarios through one simulated Telegram: the real setup bot (teloxide, over the
//! simulated Bot API), the real relay supervisor and workers, one database (SQLite, and
//! PostgreSQL when TEST_DATABASE_URL is set, as in CI) — each scenario twice: with sign-in and
//! relaying at the trait level, and with both real edges (GrammersAuthenticator and the grammers
//! gateway over the MTProto simulator).

// The setup bot's test harness, shared with its own tests (it names the crate by its package name).
extern crate config_bot as switchboard_config_bot;

#[path = "../crates/config-bot/tests/common/mod.rs"]
mod common;

use common::*;
use storage::ConnectionStatus;
use telegram_sim::World;

/// The user's private chat with `bot`, as texts.
fn chat(world: &World, user: i64, bot: i64) -> Vec<String> {
    world
        .private_chat(user, bot)
        .into_iter()
        .map(|m| m.text)
        .collect()
}

/// The topic whose title ends with `name`, waiting for it to appear.
async fn topic_of(world: &World, group: i64, name: &str) -> telegram_sim::SimTopic {
    let mut found = None;
    eventually_mut(&format!("a topic for {name}"), || {
        found = world
            .topics(group)
            .into_iter()
            .find(|t| t.title.ends_with(name) && !t.deleted);
        found.is_some()
    })
    .await;
    found.unwrap()
}

/// `eventually` with a check that borrows mutably.
async fn eventually_mut(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + storage::testing::PATIENCE;
    while !check() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting until {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
}

/// Connects `username` as a bot through the setup bot and links it to a new forum group the
/// way Telegram's "Add to group" picker does; returns (bot id, group id).
async fn connect_and_link_bot(
    setup: &Setup,
    admin: i64,
    username: &str,
    title: &str,
) -> (i64, i64) {
    let c = setup.connect_bot(admin, username, title).await;
    let bot = c.identity.as_ref().unwrap().tg_user_id;
    // The relay opens the new connection's session before the admin gets to the group (in a
    // person's time, always): Telegram pushes a group's messages only to sessions online, and
    // a session that has never heard of a group cannot ask for what it missed there.
    setup.relay_running(c.id).await;
    let group = setup.world.create_group(admin, "Support", true);
    setup.world.add_member(group, bot, all_rights());
    setup
        .world
        .post_in_group(group, None, admin, &format!("/start {}", c.link_code), None);
    setup
        .answer(
            admin,
            &[],
            &en_with("setup-event-linked", &[("name", title)]),
        )
        .await;
    (bot, group)
}

#[tokio::test]
async fn a_bot_connected_in_the_setup_bot_relays_both_ways() {
    for (edge, db) in with_edges().await {
        let setup = Setup::with_relay_on(db, edge).await;
        let admin = setup.admin("Maria", "en");
        let (bot, group) = connect_and_link_bot(&setup, admin, "shop_bot", "Shop").await;

        let anna = setup
            .world
            .add_user("Anna", Some("Rossi"), Some("anna"), Some("en"));
        setup.world.user_writes(anna, bot, "Where is my order?");
        let topic = topic_of(&setup.world, group, "Anna Rossi").await;
        assert_eq!(topic.title, "🟪 Anna Rossi");
        eventually("the message is in the topic", || {
            setup
                .world
                .topic_messages(group, topic.id)
                .iter()
                .any(|m| m.text == "Where is my order?" && !m.forwarded)
        })
        .await;
        eventually("the welcome reaches Anna", || {
            chat(&setup.world, anna, bot)
                .iter()
                .any(|t| *t == i18n::Lang::En.text("welcome-default"))
        })
        .await;

        // An operator answers in the topic; Anna receives it from the bot.
        setup
            .world
            .post_in_group(group, Some(topic.id), admin, "It ships tomorrow.", None);
        eventually("Anna receives the answer", || {
            chat(&setup.world, anna, bot)
                .iter()
                .any(|t| t == "It ships tomorrow.")
        })
        .await;
        topic_of(&setup.world, group, "Anna Rossi").await;
        eventually("the topic shows support answered", || {
            setup
                .world
                .topics(group)
                .iter()
                .any(|t| t.id == topic.id && t.title == "🟨 Anna Rossi")
        })
        .await;

        // The bot's own code answers too (its Bot API session): shown as intercepted.
        setup
            .world
            .other_session_writes(bot, anna, "Your invoice is attached.");
        // The note rides on the copy in process; over MTProto a forward cannot carry text, so
        // it is the message just before the copy.
        eventually("the bot's own reply is in the topic, intercepted", || {
            let messages = setup.world.topic_messages(group, topic.id);
            messages.iter().enumerate().any(|(i, m)| {
                let noted = |n: &str| n.contains("another session");
                m.text.contains("Your invoice is attached.")
                    && (m.note.as_deref().is_some_and(noted)
                        || i.checked_sub(1).is_some_and(|p| noted(&messages[p].text)))
            })
        })
        .await;
    }
}

#[tokio::test]
async fn an_account_connected_by_phone_with_2fa_creates_its_group_and_relays() {
    for (edge, db) in with_edges().await {
        let setup = Setup::with_relay_on(db, edge).await;
        let admin = setup.admin("Maria", "en");
        let phone = "393331234567";
        let account = setup.world.add_account(phone, "Shop", Some("shop_account"));
        setup.world.set_password(account, "s3cret", None);

        setup.begin_account(admin).await;
        setup
            .press(admin, &en("setup-button-phone"), &en("setup-ask-phone"))
            .await;
        setup.send(admin, "+39 333 123 4567", "Code:").await;
        let code = setup.world.last_login_code(phone).unwrap();
        let digits: Vec<char> = code.chars().collect();
        for (i, digit) in digits.iter().enumerate() {
            let expect = if i + 1 == digits.len() {
                en("setup-ask-password")
            } else {
                "Code:".to_owned()
            };
            setup.press(admin, &digit.to_string(), &expect).await;
        }
        let (password, _) = setup
            .send_secret(
                admin,
                "s3cret",
                &en_with("setup-signed-in", &[("name", "Shop")]),
            )
            .await;
        assert!(setup.api.is_deleted(admin, password));
        setup
            .press(
                admin,
                &en("setup-button-create-group"),
                "is creating the group",
            )
            .await;
        setup
            .answer(
                admin,
                &[],
                &en_with("setup-event-linked", &[("name", "Shop")]),
            )
            .await;
        let c = setup.wait_status(admin, ConnectionStatus::Active).await;
        let group = c.backend_chat_id.unwrap();

        let luca = setup.world.add_user("Luca", None, None, Some("it"));
        setup.world.user_writes(luca, account, "Ciao!");
        let topic = topic_of(&setup.world, group, "Luca").await;
        setup
            .world
            .post_in_group(group, Some(topic.id), admin, "Ciao Luca, dimmi.", None);
        eventually("Luca receives the answer from the account", || {
            chat(&setup.world, luca, account)
                .iter()
                .any(|t| t == "Ciao Luca, dimmi.")
        })
        .await;
    }
}

#[tokio::test]
async fn parameters_changed_in_the_setup_bot_apply_to_the_next_user_without_a_restart() {
    for (edge, db) in with_edges().await {
        let setup = Setup::with_relay_on(db, edge).await;
        let admin = setup.admin("Maria", "en");
        let (bot, group) = connect_and_link_bot(&setup, admin, "shop_bot", "Shop").await;

        setup.send(admin, "/start", &en("setup-connections")).await;
        setup.press(admin, "✅ Shop (@shop_bot)", "@shop_bot").await;
        setup
            .press(admin, &en("setup-button-parameters"), "Parameters of")
            .await;
        setup
            .press(admin, "WELCOME = DEFAULT", &en("param-welcome-help"))
            .await;
        setup
            .send(
                admin,
                "Hi {name}, a human will answer soon.",
                "WELCOME is now",
            )
            .await;
        setup
            .press(admin, &en("setup-button-back"), "Parameters of")
            .await;
        setup
            .press(
                admin,
                "PRIVATE_KEYWORDS = OFF",
                &en("param-private-keywords-help"),
            )
            .await;
        setup
            .send(admin, r#""help", "order""#, "PRIVATE_KEYWORDS is now")
            .await;

        // The relay follows the revision (every 20 ms here, every second by default) and
        // reloads the worker's parameters in place.
        setup.relay_applied(admin).await;
        // A new user: "hello" matches no keyword, so no topic; "help" opens one.
        let bea = setup.world.add_user("Bea", None, None, Some("en"));
        setup.world.user_writes(bea, bot, "hello there");
        setup
            .world
            .user_writes(bea, bot, "I need help with my order");
        // Messages are handled in order: had "hello there" opened the topic, it would be in it.
        let topic = topic_of(&setup.world, group, "Bea").await;
        let shown = || -> Vec<String> {
            setup
                .world
                .topic_messages(group, topic.id)
                .into_iter()
                .filter(|m| m.from == bot)
                .map(|m| m.text)
                .collect()
        };
        eventually_mut("Bea's message in her topic", || !shown().is_empty()).await;
        assert_eq!(
            shown(),
            ["I need help with my order"],
            "no topic without a keyword"
        );
        eventually("the new welcome reaches Bea", || {
            chat(&setup.world, bea, bot)
                .iter()
                .any(|t| t == "Hi Bea, a human will answer soon.")
        })
        .await;
    }
}

#[tokio::test]
async fn stop_start_and_delete_in_the_setup_bot_are_followed_by_the_relay() {
    for (edge, db) in with_edges().await {
        let setup = Setup::with_relay_on(db, edge).await;
        let admin = setup.admin("Maria", "en");
        let (bot, group) = connect_and_link_bot(&setup, admin, "shop_bot", "Shop").await;
        let anna = setup.world.add_user("Anna", None, None, Some("en"));
        setup.world.user_writes(anna, bot, "first");
        let topic = topic_of(&setup.world, group, "Anna").await;
        let in_topic = |text: &str| {
            setup
                .world
                .topic_messages(group, topic.id)
                .iter()
                .any(|m| m.text == text)
        };

        setup.send(admin, "/start", &en("setup-connections")).await;
        setup.press(admin, "✅ Shop (@shop_bot)", "@shop_bot").await;
        setup
            .press(admin, &en("setup-button-stop"), &en("setup-status-stopped"))
            .await;
        // The relay lets go within a poll (its lease is released); then messages wait on
        // Telegram's side.
        let deadline = tokio::time::Instant::now() + storage::testing::PATIENCE;
        while setup.connections(admin).await[0].lease_owner.is_some() {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the relay keeps the stopped connection"
            );
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        let sessions_with_relay = setup.world.session_count(bot);
        setup.world.user_writes(anna, bot, "while stopped");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert!(
            !in_topic("while stopped"),
            "a stopped connection relays nothing"
        );

        setup
            .press(admin, &en("setup-button-start"), &en("setup-status-active"))
            .await;
        eventually_mut("the relay catches up after start", || {
            in_topic("while stopped")
        })
        .await;
        setup.world.user_writes(anna, bot, "after start");
        eventually_mut("relaying again", || in_topic("after start")).await;

        setup
            .press(admin, &en("setup-button-delete"), "Delete <b>Shop</b>?")
            .await;
        setup
            .press(
                admin,
                &en("setup-button-confirm-delete"),
                &en_with("setup-deleted", &[("name", "Shop")]),
            )
            .await;
        assert!(
            setup.world.session_count(bot) < sessions_with_relay,
            "signed out"
        );
        setup.world.user_writes(anna, bot, "after delete");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert!(
            !in_topic("after delete"),
            "a deleted connection relays nothing"
        );
        assert!(in_topic("first"), "the history stays in the group");
    }
}

//! Connecting a bot: the token (deleted once read), its errors, and step 3 with the real relay.

mod common;

use common::*;
use storage::ConnectionStatus;
use switchboard_config_bot::callback::Callback;
use switchboard_config_bot::screen::add_to_group_url;

#[tokio::test]
async fn a_bot_is_connected_and_linked_through_add_to_group() {
    for db in storage::testing::all().await {
        let setup = Setup::with_relay(db).await;
        let admin = setup.admin("Maria", "en");
        let (shop_bot, token) = setup.world.add_bot("shop_bot", "Shop Bot");

        let start = setup
            .send(admin, "/start", &en("setup-connections-empty"))
            .await;
        assert!(start.text.starts_with(&en("setup-welcome")));
        assert_eq!(start.buttons(), vec![vec![en("setup-button-new")]]);

        setup
            .step(admin, "setup-button-new", "setup-choose-kind")
            .await;
        setup
            .step(admin, "setup-button-bot", "setup-ask-token")
            .await;
        let signed_in = en_with("setup-signed-in", &[("name", "Shop Bot")]);
        let (token_message, step3) = setup.send_secret(admin, &token, &signed_in).await;
        assert!(
            setup.api.is_deleted(admin, token_message),
            "the token's message is deleted"
        );
        assert!(!step3.text.contains(&token), "the token is never repeated");

        let c = setup.wait_status(admin, ConnectionStatus::Linking).await;
        assert_eq!(c.identity.as_ref().unwrap().tg_user_id, shop_bot);
        assert_eq!(
            setup
                .db
                .connections()
                .bot_token(c.id)
                .await
                .unwrap()
                .map(|t| secrecy::ExposeSecret::expose_secret(&t).to_owned()),
            Some(token.clone()),
            "the token is kept (sealed) for the relay"
        );
        // The "Add to group" button: Telegram's group picker with the link code and the rights.
        let button = &en("setup-button-add-to-group");
        let url = step3
            .reply_markup
            .as_ref()
            .unwrap()
            .get("inline_keyboard")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|row| row.as_array().unwrap())
            .find(|b| b["text"] == button.as_str())
            .and_then(|b| b["url"].as_str())
            .unwrap()
            .to_owned();
        assert_eq!(url, add_to_group_url("shop_bot", &c.link_code));
        assert!(url.contains(
            "admin=manage_topics+delete_messages+pin_messages+restrict_members+invite_users"
        ));

        // What Telegram does when the admin picks a group in that picker: the bot joins as an
        // admin with those rights and receives /start <code> from the admin.
        let group = setup.world.create_group(admin, "Shop support", true);
        setup.world.add_member(group, shop_bot, all_rights());
        setup
            .world
            .post_in_group(group, None, admin, &format!("/start {}", c.link_code), None);

        let linked = en_with("setup-event-linked", &[("name", "Shop Bot")]);
        let told = setup.answer(admin, &[], &linked).await;
        assert_eq!(
            told.callback_data(&en_with("setup-button-open", &[("name", "Shop Bot")])),
            Some(Callback::Open(c.id).encode())
        );
        let c = setup.wait_status(admin, ConnectionStatus::Active).await;
        assert_eq!(c.backend_chat_id, Some(group));

        // A user writes to the bot: the relay makes the topic.
        let anna = setup.world.add_user("Anna", None, None, Some("en"));
        setup.world.user_writes(anna, shop_bot, "hello");
        eventually("a topic for Anna", || {
            setup
                .world
                .topics(group)
                .iter()
                .any(|t| t.title.contains("Anna"))
        })
        .await;
    }
}

#[tokio::test]
async fn a_group_without_topics_or_rights_is_refused_with_what_to_switch_on() {
    for db in storage::testing::all().await {
        let setup = Setup::with_relay(db).await;
        let admin = setup.admin("Maria", "en");
        let (shop_bot, token) = setup.world.add_bot("shop_bot", "Shop Bot");
        setup.begin_bot(admin).await;
        setup
            .send(
                admin,
                &token,
                &en_with("setup-signed-in", &[("name", "Shop Bot")]),
            )
            .await;
        let c = setup.wait_status(admin, ConnectionStatus::Linking).await;

        // Topics off.
        let plain = setup.world.create_group(admin, "Plain group", false);
        setup.world.add_member(plain, shop_bot, all_rights());
        setup
            .world
            .post_in_group(plain, None, admin, &format!("/start {}", c.link_code), None);
        setup
            .answer(
                admin,
                &[],
                &en_with(
                    "setup-event-link-refused-not-forum",
                    &[("name", "Shop Bot")],
                ),
            )
            .await;

        // Topics on, but the bot cannot manage topics.
        let forum = setup.world.create_group(admin, "Forum", true);
        let mut rights = all_rights();
        rights.manage_topics = false;
        setup.world.add_member(forum, shop_bot, rights);
        setup
            .world
            .post_in_group(forum, None, admin, &format!("/start {}", c.link_code), None);
        setup
            .answer(
                admin,
                &[],
                &en_with(
                    "setup-event-link-refused-missing-rights",
                    &[("name", "Shop Bot")],
                ),
            )
            .await;
        // The step waits: still linking, no group bound.
        let c = setup.wait_status(admin, ConnectionStatus::Linking).await;
        assert_eq!(c.backend_chat_id, None);
    }
}

#[tokio::test]
async fn a_malformed_or_revoked_token_is_refused_and_the_step_waits() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let admin = setup.admin("Maria", "en");
        let (_, token) = setup.world.add_bot("shop_bot", "Shop Bot");
        setup.begin_bot(admin).await;

        let (id, refused) = setup
            .send_secret(admin, "12345:short", &en("signin-error-malformed-token"))
            .await;
        assert!(
            setup.api.is_deleted(admin, id),
            "deleted even when malformed"
        );
        assert!(
            refused.text.contains(&first_line(&en("setup-ask-token"))),
            "and asked again"
        );

        setup.world.revoke_token(&token);
        let (id, _) = setup
            .send_secret(admin, &token, &en("signin-error-revoked-token"))
            .await;
        assert!(setup.api.is_deleted(admin, id));
        assert!(setup.connections(admin).await.is_empty(), "nothing stored");

        let unknown = format!("{}:{}", 42, "A".repeat(35));
        setup
            .send(admin, &unknown, &en("signin-error-invalid-token"))
            .await;

        // /cancel leaves the step; nothing was stored.
        setup.send(admin, "/cancel", &en("setup-cancelled")).await;
        assert!(setup.connections(admin).await.is_empty());
    }
}

#[tokio::test]
async fn a_bot_already_connected_opens_yours_and_refuses_someone_elses() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let luca = setup.admin("Luca", "en");
        let (shop_bot, token) = setup.world.add_bot("shop_bot", "Shop Bot");
        for admin in [maria, luca] {
            setup
                .send(admin, "/start", &en("setup-connections-empty"))
                .await;
            setup
                .step(admin, "setup-button-new", "setup-choose-kind")
                .await;
            setup
                .step(admin, "setup-button-bot", "setup-ask-token")
                .await;
        }
        setup
            .send(
                maria,
                &token,
                &en_with("setup-signed-in", &[("name", "Shop Bot")]),
            )
            .await;
        let sessions = setup.world.session_count(shop_bot);

        // Maria again: her own connection, opened.
        setup
            .press(
                maria,
                &en("setup-button-connections"),
                &en("setup-connections"),
            )
            .await;
        setup
            .step(maria, "setup-button-new", "setup-choose-kind")
            .await;
        setup
            .step(maria, "setup-button-bot", "setup-ask-token")
            .await;
        let yours = setup
            .send(
                maria,
                &token,
                &en_with("setup-already-yours", &[("name", "Shop Bot")]),
            )
            .await;
        assert!(
            yours.text.contains("Shop Bot"),
            "the card of the existing connection"
        );
        assert_eq!(setup.connections(maria).await.len(), 1);

        // Luca: refused.
        setup
            .send(
                luca,
                &token,
                &en_with("setup-already-other", &[("name", "Shop Bot")]),
            )
            .await;
        assert!(setup.connections(luca).await.is_empty());
        assert_eq!(
            setup.world.session_count(shop_bot),
            sessions,
            "the sessions opened for the refused attempts were signed out"
        );
    }
}

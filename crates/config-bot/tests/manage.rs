//! After connecting: /start lists connections, cards, stop/start, re-login, change group, delete,
//! parameters, /language, forged buttons and hints.

mod common;

use common::*;
use i18n::Lang;
use storage::params::Param;
use storage::{ConnectionStatus, EventKind};
use switchboard_config_bot::callback::Callback;

#[tokio::test]
async fn start_lists_every_connection_of_the_admin_and_only_theirs() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let luca = setup.admin("Luca", "en");
        setup.connect_bot(maria, "shop_bot", "Shop").await;
        let school = setup.connect_bot(maria, "school_bot", "School").await;
        setup.connect_bot(luca, "club_bot", "Club").await;

        let list = setup.send(maria, "/start", &en("setup-connections")).await;
        assert_eq!(
            list.buttons(),
            vec![
                vec!["🔗 Shop (@shop_bot)".to_owned()],
                vec!["🔗 School (@school_bot)".to_owned()],
                vec![en("setup-button-new")],
            ]
        );
        let card = setup
            .press(maria, "🔗 School (@school_bot)", "@school_bot")
            .await;
        assert!(card.text.contains(&en("setup-status-linking")));
        assert!(card.text.contains(&en("setup-kind-bot")));
        assert!(card.text.contains(&en("setup-group-none")));
        // The day it was connected (not "today": the test may cross midnight UTC).
        let connected = switchboard_config_bot::screen::date(school.created_at);
        assert!(card.text.contains(&connected), "{}", card.text);
    }
}

#[tokio::test]
async fn stop_start_and_delete_from_the_card() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let c = setup.linked_bot(maria, "shop_bot", "Shop").await;
        let bot = c.identity.as_ref().unwrap().tg_user_id;
        let revision = setup.db.revision().current().await.unwrap();

        setup.send(maria, "/start", &en("setup-connections")).await;
        let card = setup
            .press(maria, "✅ Shop (@shop_bot)", &en("setup-status-active"))
            .await;
        assert!(card.text.contains("-10042"), "the group: {}", card.text);
        let stopped = setup
            .press(maria, &en("setup-button-stop"), &en("setup-status-stopped"))
            .await;
        assert!(
            stopped
                .buttons()
                .iter()
                .flatten()
                .any(|b| *b == en("setup-button-start"))
        );
        assert_eq!(
            setup
                .wait_status(maria, ConnectionStatus::Stopped)
                .await
                .status,
            ConnectionStatus::Stopped
        );
        assert!(
            setup.db.revision().current().await.unwrap() > revision,
            "the relay sees the change through the revision"
        );
        setup
            .press(maria, &en("setup-button-start"), &en("setup-status-active"))
            .await;
        setup.wait_status(maria, ConnectionStatus::Active).await;

        let sessions = setup.world.session_count(bot);
        let confirm = setup
            .press(maria, &en("setup-button-delete"), "Delete <b>Shop</b>?")
            .await;
        assert!(confirm.text.contains("history stays in the group"));
        setup
            .press(
                maria,
                &en("setup-button-confirm-delete"),
                &en_with("setup-deleted", &[("name", "Shop")]),
            )
            .await;
        assert!(setup.connections(maria).await.is_empty());
        assert_eq!(
            setup.world.session_count(bot),
            sessions - 1,
            "the session was signed out"
        );
    }
}

#[tokio::test]
async fn a_forged_button_for_someone_elses_connection_reads_as_not_found() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let luca = setup.admin("Luca", "en");
        let c = setup.linked_bot(maria, "shop_bot", "Shop").await;
        let shown = setup
            .send(luca, "/start", &en("setup-connections-empty"))
            .await;

        for forged in [
            Callback::Stop(c.id),
            Callback::Delete(c.id),
            Callback::ConfirmDelete(c.id),
            Callback::Open(c.id),
            Callback::Parameter(c.id, Param::Welcome),
            Callback::ResetParameter(c.id, Param::Autoclose),
        ] {
            setup
                .press_data(luca, shown.message_id, &forged.encode())
                .await;
            let (_, toast) = setup.api.callback_answers().last().cloned().unwrap();
            assert_eq!(toast, Some(en("setup-not-found")), "{forged:?}");
        }
        // Garbage data: an outdated button.
        setup.press_data(luca, shown.message_id, "o:abc").await;
        let (_, toast) = setup.api.callback_answers().last().cloned().unwrap();
        assert_eq!(toast, Some(en("setup-outdated")));

        let after = setup.db.connections().get(c.id).await.unwrap().unwrap();
        assert_eq!(after.status, ConnectionStatus::Active, "nothing changed");
        assert!(
            setup
                .api
                .sent_to(luca)
                .iter()
                .all(|m| !m.text.contains("Shop")),
            "Luca never sees Maria's connection"
        );
    }
}

#[tokio::test]
async fn a_parameter_is_saved_refused_with_the_reason_and_reset() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let c = setup.connect_bot(maria, "shop_bot", "Shop").await;
        setup.send(maria, "/start", &en("setup-connections")).await;
        setup.press(maria, "🔗 Shop (@shop_bot)", "@shop_bot").await;
        let list = setup
            .press(
                maria,
                &en("setup-button-parameters"),
                &first_line(&en_with("setup-params", &[("name", "Shop")])),
            )
            .await;
        assert_eq!(list.buttons().len(), Param::ALL.len() + 1);
        let card = setup
            .press(maria, "AUTOCLOSE = 48", &en("param-autoclose-help"))
            .await;
        assert!(card.text.contains(&en("param-format-hours")));

        let revision = setup.db.revision().current().await.unwrap();
        setup
            .send(
                maria,
                "12",
                &en_with("param-saved", &[("name", "AUTOCLOSE"), ("value", "12")]),
            )
            .await;
        let values = setup.db.parameters().load(c.id).await.unwrap();
        assert_eq!(values.get(Param::Autoclose).to_string(), "12");
        assert!(setup.db.revision().current().await.unwrap() > revision);

        let refused = setup.send(maria, "soon", "That value was not saved").await;
        assert!(
            refused.text.contains("expected a whole number of hours"),
            "the reason: {}",
            refused.text
        );
        assert!(
            refused.text.contains("<code>12</code>"),
            "the old value stays: {}",
            refused.text
        );
        assert_eq!(
            setup
                .db
                .parameters()
                .load(c.id)
                .await
                .unwrap()
                .get(Param::Autoclose)
                .to_string(),
            "12"
        );

        setup
            .send(
                maria,
                "default",
                &en_with("param-reset", &[("name", "AUTOCLOSE"), ("value", "48")]),
            )
            .await;
        assert_eq!(
            setup
                .db
                .parameters()
                .load(c.id)
                .await
                .unwrap()
                .get(Param::Autoclose)
                .to_string(),
            "48"
        );

        // A keyword list with a mistake: the position is named.
        setup
            .press(
                maria,
                &en("setup-button-back"),
                &first_line(&en_with("setup-params", &[("name", "Shop")])),
            )
            .await;
        setup
            .press(
                maria,
                "PRIVATE_KEYWORDS = OFF",
                &en("param-private-keywords-help"),
            )
            .await;
        let refused = setup
            .send(maria, r#""help", ["refund""#, "That value was not saved")
            .await;
        assert!(
            refused.text.contains(&en_with(
                "keywords-error-unclosed-bracket",
                &[("position", "9")]
            )),
            "{}",
            refused.text
        );
        setup
            .send(maria, r#""help", ["refund","order"]"#, "is now")
            .await;
        setup
            .press(
                maria,
                &en("setup-button-default"),
                &en_with(
                    "param-reset",
                    &[("name", "PRIVATE_KEYWORDS"), ("value", "OFF")],
                ),
            )
            .await;
    }
}

#[tokio::test]
async fn language_follows_the_app_then_the_admins_choice_for_every_later_text() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let ru = Lang::Ru;
        let de = Lang::De;
        let olga = setup.admin("Olga", "ru");
        let welcome = setup
            .send(olga, "/start", &ru.text("setup-connections-empty"))
            .await;
        assert!(welcome.text.starts_with(&ru.text("setup-welcome")));

        setup
            .send(olga, "/language", &ru.text("setup-language"))
            .await;
        setup
            .press(olga, "Deutsch", &de.text("setup-language-set"))
            .await;
        setup
            .press(
                olga,
                &de.text("setup-button-new"),
                &first_line(&de.text("setup-choose-kind")),
            )
            .await;
        setup
            .press(
                olga,
                &de.text("setup-button-bot"),
                &first_line(&de.text("setup-ask-token")),
            )
            .await;
        setup
            .send(
                olga,
                "not a token",
                &de.text("signin-error-malformed-token"),
            )
            .await;
        setup
            .send(olga, "/cancel", &de.text("setup-cancelled"))
            .await;
        assert_eq!(
            setup.db.admins().get(olga).await.unwrap().unwrap().language,
            "de"
        );
        // The command menus: one per language, and Olga's own in German.
        for lang in Lang::ALL {
            let menu = setup.api.commands(lang.code());
            assert_eq!(menu.len(), 4, "{lang:?}");
            assert_eq!(
                menu[0],
                ("start".to_owned(), lang.text("setup-command-start"))
            );
        }
        assert_eq!(
            setup.api.chat_commands(olga)[1],
            ("language".to_owned(), de.text("setup-command-language"))
        );
    }
}

#[tokio::test]
async fn input_that_fits_nowhere_gets_a_hint() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        setup.send(maria, "hello?", &en("setup-hint-idle")).await;
        setup
            .send(maria, "/start", &en("setup-connections-empty"))
            .await;
        setup
            .step(maria, "setup-button-new", "setup-choose-kind")
            .await;
        setup
            .send(maria, "a bot please", &en("setup-hint-buttons"))
            .await;
        setup.send(maria, "/help", "/language").await;
        // A stale keypad key, pressed when no code is awaited.
        let shown = setup.with_button(maria, &en("setup-button-bot"));
        setup
            .press_data(maria, shown.message_id, &Callback::Digit(3).encode())
            .await;
        let (_, toast) = setup.api.callback_answers().last().cloned().unwrap();
        assert_eq!(toast, Some(en("setup-outdated")));

        // A photo where a token is awaited: told what is awaited.
        setup
            .step(maria, "setup-button-bot", "setup-ask-token")
            .await;
        let before = setup.api.sent_to(maria);
        setup.api.user_sends_photo(maria);
        setup.answer(maria, &before, &en("setup-hint-token")).await;
    }
}

#[tokio::test]
async fn a_signed_out_bot_is_signed_in_again_from_its_card() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let c = setup.linked_bot(maria, "shop_bot", "Shop").await;
        setup
            .db
            .connections()
            .mark_needs_login(c.id, "AUTH_KEY_UNREGISTERED")
            .await
            .unwrap();
        // The relay's event, with [Sign in again].
        let event = setup
            .answer(
                maria,
                &[],
                &en_with(
                    "setup-event-needs-login",
                    &[("name", "Shop"), ("reason", "AUTH_KEY_UNREGISTERED")],
                ),
            )
            .await;
        assert_eq!(event.buttons(), vec![vec![en("setup-button-relogin")]]);
        assert!(
            setup
                .db
                .events()
                .undelivered(10)
                .await
                .unwrap()
                .iter()
                .all(|e| e.kind != EventKind::NeedsLogin)
        );

        let token = setup
            .db
            .connections()
            .bot_token(c.id)
            .await
            .unwrap()
            .unwrap();
        let token = secrecy::ExposeSecret::expose_secret(&token).to_owned();
        setup
            .press(
                maria,
                &en("setup-button-relogin"),
                &first_line(&en_with("setup-ask-token-relogin", &[("name", "Shop")])),
            )
            .await;
        // Another bot's token: refused, the connection keeps waiting.
        let (_, other) = setup.world.add_bot("other_bot", "Other");
        setup
            .send(
                maria,
                &other,
                &en_with("setup-relogin-different", &[("name", "Other")]),
            )
            .await;
        assert_eq!(
            setup
                .wait_status(maria, ConnectionStatus::NeedsLogin)
                .await
                .id,
            c.id
        );

        setup.send(maria, "/start", &en("setup-connections")).await;
        setup.press(maria, "⚠️ Shop (@shop_bot)", "@shop_bot").await;
        setup
            .press(maria, &en("setup-button-relogin"), "API Token")
            .await;
        setup
            .send(
                maria,
                &token,
                &en_with("setup-relogged", &[("name", "Shop")]),
            )
            .await;
        setup.wait_status(maria, ConnectionStatus::Active).await;
    }
}

#[tokio::test]
async fn change_group_issues_a_new_link_code_and_keeps_the_old_group_meanwhile() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let c = setup.linked_bot(maria, "shop_bot", "Shop").await;
        setup.send(maria, "/start", &en("setup-connections")).await;
        setup.press(maria, "✅ Shop (@shop_bot)", "@shop_bot").await;
        let step3 = setup
            .press(
                maria,
                &en("setup-button-change-group"),
                &en("setup-change-group-note"),
            )
            .await;
        let changed = setup.db.connections().get(c.id).await.unwrap().unwrap();
        assert_ne!(changed.link_code, c.link_code);
        assert!(
            step3
                .text
                .contains(&format!("/start {}", changed.link_code))
        );
        assert_eq!(
            changed.backend_chat_id,
            Some(-10_042),
            "the old group still works"
        );
    }
}

#[tokio::test]
async fn back_and_cancel_work_at_every_step_and_end_a_login_in_progress() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        setup.send(maria, "/start", &en("setup-welcome")).await;
        setup
            .step(maria, "setup-button-new", "setup-choose-kind")
            .await;
        setup
            .step(maria, "setup-button-bot", "setup-ask-token")
            .await;
        setup
            .step(maria, "setup-button-back", "setup-choose-kind")
            .await;
        setup
            .step(maria, "setup-button-account", "setup-choose-method")
            .await;
        setup.step(maria, "setup-button-qr", "setup-qr").await;
        let issued = setup.world.qr_tokens_issued();
        assert_eq!(issued, 1);
        // Back from the QR code: the login ends, the methods are shown again.
        setup
            .step(maria, "setup-button-back", "setup-choose-method")
            .await;
        setup.step(maria, "setup-button-qr", "setup-qr").await;
        let photo = setup
            .api
            .sent_to(maria)
            .into_iter()
            .rev()
            .find(|m| m.photo && !m.deleted)
            .unwrap();
        let url = scan(photo.photo_bytes.as_ref().unwrap());
        setup
            .press(maria, &en("setup-button-cancel"), &en("setup-cancelled"))
            .await;
        let account = setup.world.add_account("393330000000", "Late", None);
        assert!(
            setup.world.scan_qr(&url, account).is_err(),
            "a cancelled QR login no longer signs anyone in"
        );
        assert!(setup.connections(maria).await.is_empty());

        // The phone question's reply keyboard has its own cancel key.
        setup
            .step(maria, "setup-button-new", "setup-choose-kind")
            .await;
        setup
            .step(maria, "setup-button-account", "setup-choose-method")
            .await;
        setup
            .press(maria, &en("setup-button-phone"), &en("setup-ask-phone"))
            .await;
        let cancelled = setup
            .send(maria, &en("setup-button-cancel"), &en("setup-cancelled"))
            .await;
        assert_eq!(
            cancelled
                .reply_markup
                .as_ref()
                .and_then(|m| m.get("remove_keyboard"))
                .cloned(),
            Some(serde_json::json!(true)),
            "the reply keyboard is taken away"
        );
    }
}

#[tokio::test]
async fn a_bot_that_never_receives_its_own_outside_messages_says_so_on_its_card() {
    const UNSEEN: &str = "not one message sent from outside Switchboard";
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let c = setup.linked_bot(maria, "shop_bot", "Shop").await;
        let open_card = async || {
            setup.send(maria, "/start", &en("setup-connections")).await;
            setup.press(maria, "✅ Shop (@shop_bot)", "@shop_bot").await
        };
        let links = setup.db.message_links();
        assert!(
            !open_card().await.text.contains(UNSEEN),
            "no traffic yet: nothing to conclude"
        );

        // A user's message relayed two days ago, and none sent from another session since.
        let now = storage::now();
        storage::testing::set_clock(Some(now - 2 * 86_400));
        links
            .record(c.id, 500, 1, 901, storage::Direction::In)
            .await
            .unwrap();
        storage::testing::set_clock(None);
        let card = open_card().await;
        assert!(card.text.contains(UNSEEN), "{}", card.text);
        assert!(
            card.text.contains("INTERCEPT_EXTERNAL"),
            "it names the parameter: {}",
            card.text
        );

        // With the parameter off there is nothing to warn about.
        setup
            .db
            .parameters()
            .set(c.id, &Param::InterceptExternal.parse("off").unwrap())
            .await
            .unwrap();
        assert!(!open_card().await.text.contains(UNSEEN));
        setup
            .db
            .parameters()
            .set(c.id, &Param::InterceptExternal.parse("on").unwrap())
            .await
            .unwrap();
        assert!(open_card().await.text.contains(UNSEEN));

        // One message of the bot's own from elsewhere came back: interception works.
        links
            .record(c.id, 500, 2, 902, storage::Direction::Intercepted)
            .await
            .unwrap();
        assert!(!open_card().await.text.contains(UNSEEN));
    }
}

#[tokio::test]
async fn the_setup_bot_keeps_the_admins_username_for_finding_them_later() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup
            .world
            .add_user("Maria", None, Some("maria_shop"), Some("en"));
        setup
            .send(maria, "/start", "Connect a bot or an account")
            .await;
        let admin = setup.db.admins().get(maria).await.unwrap().unwrap();
        assert_eq!(
            admin.username.as_deref(),
            Some("maria_shop"),
            "an account creating her group can find her by it"
        );
    }
}

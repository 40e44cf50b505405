//! The relay's events reach the right person once, in their language, with the next action.

use storage::{ConnectionKind, EventKind, Identity, SignIn};
use switchboard_config_bot::callback::Callback;
use switchboard_config_bot::events::deliver_pending;
use telegram_sim::{BotApi, World};
use teloxide::Bot;

#[tokio::test]
async fn each_event_is_told_once_with_its_next_action() {
    for db in storage::testing::all().await {
        let world = World::new();
        let api = BotApi::start(&world, "setup_bot", "Setup").await.unwrap();
        let bot = Bot::new(&api.token).set_api_url(url::Url::parse(&api.url).unwrap());
        let admin = world.add_user("Boss", None, None, Some("it"));
        let operator = world.add_user("Olga", None, None, Some("en"));
        db.admins().ensure(admin, "it").await.unwrap();
        let c = db
            .connections()
            .create(admin, ConnectionKind::Bot)
            .await
            .unwrap();
        let identity = Identity {
            tg_user_id: 99,
            username: Some("shop_bot".into()),
            title: "Shop <&>".into(),
        };
        db.connections()
            .store_sign_in(
                c.id,
                SignIn {
                    identity,
                    session: b"s",
                    bot_token: None,
                },
            )
            .await
            .unwrap();

        db.connections().link_backend(c.id, -100_123).await.unwrap();
        db.connections()
            .mark_needs_login(c.id, "AUTH_KEY_UNREGISTERED")
            .await
            .unwrap();
        let card = "<b>Anna</b> @anna".to_owned();
        db.events()
            .emit(
                c.id,
                EventKind::Notice,
                serde_json::json!({ "to": operator, "html": card }),
            )
            .await
            .unwrap();

        assert_eq!(deliver_pending(&db, &bot).await.unwrap(), 3);
        let to_admin = api.sent_to(admin);
        assert_eq!(to_admin.len(), 2);
        let linked = &to_admin[0];
        let english = i18n::Lang::En.text_with(
            "setup-event-linked",
            &[("name", "Shop &lt;&amp;&gt;".into())],
        );
        assert_ne!(linked.text, english, "not the English text");
        assert!(
            linked.text.contains("Shop &lt;&amp;&gt;"),
            "the name is escaped: {}",
            linked.text
        );
        assert_eq!(
            linked.text,
            i18n::Lang::It.text_with(
                "setup-event-linked",
                &[("name", "Shop &lt;&amp;&gt;".into())]
            ),
            "in Italian"
        );
        assert_eq!(
            linked.callback_data(&linked.buttons()[0][0]),
            Some(Callback::Open(c.id).encode())
        );
        let relogin = &to_admin[1];
        assert!(relogin.text.contains("AUTH_KEY_UNREGISTERED"));
        assert_eq!(
            relogin.callback_data(&relogin.buttons()[0][0]),
            Some(Callback::Relogin(c.id).encode())
        );
        assert_eq!(
            api.sent_to(operator)
                .iter()
                .map(|m| m.text.clone())
                .collect::<Vec<_>>(),
            vec![card],
            "the card goes to the operator"
        );

        assert_eq!(deliver_pending(&db, &bot).await.unwrap(), 0, "once");
        assert_eq!(api.sent_to(admin).len(), 2);
    }
}

#[tokio::test]
async fn an_event_that_could_not_be_sent_is_tried_again() {
    for db in storage::testing::all().await {
        let world = World::new();
        let api = BotApi::start(&world, "setup_bot", "Setup").await.unwrap();
        let admin = world.add_user("Boss", None, None, Some("en"));
        db.admins().ensure(admin, "en").await.unwrap();
        let c = db
            .connections()
            .create(admin, ConnectionKind::Bot)
            .await
            .unwrap();
        db.events()
            .emit(
                c.id,
                EventKind::Failed,
                serde_json::json!({ "reason": "the group was deleted" }),
            )
            .await
            .unwrap();

        // A bot whose requests fail (a wrong token): nothing is lost.
        let broken = Bot::new("1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
            .set_api_url(url::Url::parse(&api.url).unwrap());
        assert_eq!(deliver_pending(&db, &broken).await.unwrap(), 0);
        assert_eq!(
            db.events().undelivered(10).await.unwrap().len(),
            1,
            "given back for the next pass"
        );

        let bot = Bot::new(&api.token).set_api_url(url::Url::parse(&api.url).unwrap());
        assert_eq!(deliver_pending(&db, &bot).await.unwrap(), 1);
        assert!(
            api.last_to(admin)
                .unwrap()
                .text
                .contains("the group was deleted")
        );
    }
}

#[tokio::test]
async fn a_given_up_webhook_is_told_to_the_admin_with_what_and_why() {
    for db in storage::testing::all().await {
        let world = World::new();
        let api = BotApi::start(&world, "setup_bot", "Setup").await.unwrap();
        let bot = Bot::new(&api.token).set_api_url(url::Url::parse(&api.url).unwrap());
        let admin = world.add_user("Boss", None, None, Some("de"));
        db.admins().ensure(admin, "de").await.unwrap();
        let c = db
            .connections()
            .create(admin, ConnectionKind::Bot)
            .await
            .unwrap();
        db.events()
            .emit(
                c.id,
                EventKind::WebhookFailed,
                serde_json::json!({
                    "url": "https://crm.example/hook?a=1&b=<2>",
                    "event_type": "message_received",
                    "event_id": "evt_1",
                    "status": 410,
                    "reason": "HTTP 410",
                }),
            )
            .await
            .unwrap();
        assert_eq!(deliver_pending(&db, &bot).await.unwrap(), 1);
        let told = &api.sent_to(admin)[0];
        assert!(told.text.contains("message_received"), "{}", told.text);
        assert!(told.text.contains("evt_1"));
        assert!(told.text.contains("HTTP 410"));
        assert!(
            told.text
                .contains("https://crm.example/hook?a=1&amp;b=&lt;2&gt;"),
            "the URL is escaped: {}",
            told.text
        );
        assert!(told.text.contains("Webhook"), "in German: {}", told.text);
        assert_eq!(
            told.callback_data(&told.buttons()[0][0]),
            Some(Callback::Open(c.id).encode())
        );
    }
}

//! WEBHOOKS in the setup bot (issue #15): the value is checked with the exact problem named, the
//! signing secret is shown once when webhooks are first set, and [🔑 New signing secret] replaces it.

mod common;

use common::*;
use secrecy::ExposeSecret as _;
use switchboard_config_bot::callback::Callback;

/// The `whsec_…` secret in a message.
fn secret_in(text: &str) -> Option<String> {
    let start = text.find("whsec_")?;
    Some(
        text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '/' | '='))
            .collect(),
    )
}

#[tokio::test]
async fn webhooks_are_checked_and_their_secret_is_shown_once_and_rotated() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let c = setup.connect_bot(maria, "shop_bot", "Shop").await;
        setup.send(maria, "/start", &en("setup-connections")).await;
        setup.press(maria, "🔗 Shop (@shop_bot)", "@shop_bot").await;
        setup
            .press(
                maria,
                &en("setup-button-parameters"),
                &first_line(&en_with("setup-params", &[("name", "Shop")])),
            )
            .await;
        let card = setup
            .press(maria, "WEBHOOKS = OFF", "Standard Webhooks")
            .await;
        assert!(card.text.contains("dialog_created"), "{}", card.text);

        // Refusals name the exact problem; nothing is stored.
        let refused = setup
            .send(
                maria,
                r#"{"https://crm.example/hook": ["dialog_created"]"#,
                "not saved",
            )
            .await;
        assert!(refused.text.contains("line 1, column"), "{}", refused.text);
        let refused = setup
            .send(
                maria,
                r#"{"https://crm.example/hook": ["dialog_opened"]}"#,
                "not saved",
            )
            .await;
        assert!(
            refused
                .text
                .contains("<code>dialog_opened</code> is not an event"),
            "{}",
            refused.text
        );
        let refused = setup
            .send(
                maria,
                r#"{"http://crm.example/hook": ["dialog_closed"]}"#,
                "not saved",
            )
            .await;
        assert!(
            refused.text.contains("plain <code>http://</code>"),
            "{}",
            refused.text
        );
        let stored = setup.db.parameters().load(c.id).await.unwrap();
        assert!(stored.webhooks.is_off());
        assert!(
            setup
                .db
                .webhooks()
                .signing_secret(c.id)
                .await
                .unwrap()
                .is_none()
        );

        // The first webhooks: saved, and the secret shown this once.
        let saved = setup
            .send(
                maria,
                r#"{"https://crm.example/hook": ["dialog_created", "message_received"]}"#,
                "Signing secret",
            )
            .await;
        let first = secret_in(&saved.text).expect("the secret is shown");
        let stored = setup
            .db
            .webhooks()
            .signing_secret(c.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.expose_secret(), first);

        // Changed later: saved, the secret not shown again.
        let again = setup
            .send(
                maria,
                r#"{"https://crm.example/hook": ["dialog_closed"], "https://x.example/cmd": ["/invoice"]}"#,
                "WEBHOOKS",
            )
            .await;
        assert_eq!(secret_in(&again.text), None, "{}", again.text);

        // [🔑 New signing secret]: a new one, shown once; the old one is gone.
        let rotated = setup
            .press(maria, &en("setup-button-webhook-secret"), "Signing secret")
            .await;
        let second = secret_in(&rotated.text).expect("the new secret is shown");
        assert_ne!(second, first);
        let stored = setup
            .db
            .webhooks()
            .signing_secret(c.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.expose_secret(), second);

        // Someone else's press on Maria's connection changes nothing and shows nothing.
        let luca = setup.admin("Luca", "en");
        let shown = setup
            .send(luca, "/start", &en("setup-connections-empty"))
            .await;
        setup
            .press_data(
                luca,
                shown.message_id,
                &Callback::RotateWebhookSecret(c.id).encode(),
            )
            .await;
        let (_, toast) = setup.api.callback_answers().last().cloned().unwrap();
        assert_eq!(toast, Some(en("setup-not-found")));
        let stored = setup
            .db
            .webhooks()
            .signing_secret(c.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.expose_secret(), second);
        assert!(
            setup
                .api
                .sent_to(luca)
                .iter()
                .all(|m| !m.text.contains("whsec_"))
        );
    }
}

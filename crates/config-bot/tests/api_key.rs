//! The HTTP API key on the connection card (issue #15): [API key] makes one and shows it once;
//! afterwards it is never shown again, only replaced by [Reset API key], which refuses the old.

mod common;

use common::*;
use secrecy::SecretString;
use storage::ConnectionId;
use switchboard_config_bot::callback::Callback;

/// The key in a message (`sb_<connection>_<random>`).
fn key_in(text: &str) -> String {
    let start = text.find("sb_").expect("a key in the message");
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
        .collect()
}

async fn owner_of(setup: &Setup, key: &str) -> Option<ConnectionId> {
    setup
        .db
        .api_keys()
        .verify(&SecretString::from(key.to_owned()))
        .await
        .unwrap()
}

#[tokio::test]
async fn the_api_key_is_shown_once_and_a_reset_replaces_it() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let c = setup.linked_bot(maria, "shop_bot", "Shop").await;
        setup.send(maria, "/start", &en("setup-connections")).await;
        setup
            .press(maria, "✅ Shop (@shop_bot)", &en("setup-status-active"))
            .await;

        let shown = setup
            .press(maria, &en("setup-api-button-key"), "only this once")
            .await;
        let first = key_in(&shown.text);
        assert!(first.starts_with(&format!("sb_{}_", c.id.0)), "{first}");
        assert_eq!(owner_of(&setup, &first).await, Some(c.id));
        assert!(setup.db.api_keys().exists(c.id).await.unwrap());

        // Back on the card, the same button only says a key exists: it is not shown again.
        setup
            .press(maria, &en("setup-button-back"), &en("setup-status-active"))
            .await;
        let exists = setup
            .press(maria, &en("setup-api-button-key"), "cannot be shown again")
            .await;
        assert!(!exists.text.contains("sb_"), "{}", exists.text);
        assert_eq!(
            owner_of(&setup, &first).await,
            Some(c.id),
            "still the same key"
        );

        // [Reset API key]: a new key, shown once; the old one no longer matches.
        let reset = setup
            .press(maria, &en("setup-api-button-reset"), "refused from now on")
            .await;
        let second = key_in(&reset.text);
        assert_ne!(second, first);
        assert_eq!(owner_of(&setup, &second).await, Some(c.id));
        assert_eq!(
            owner_of(&setup, &first).await,
            None,
            "the old key is refused"
        );

        // Someone else's press on Maria's connection changes nothing.
        let luca = setup.admin("Luca", "en");
        let shown = setup
            .send(luca, "/start", &en("setup-connections-empty"))
            .await;
        for forged in [Callback::ApiKey(c.id), Callback::ResetApiKey(c.id)] {
            setup
                .press_data(luca, shown.message_id, &forged.encode())
                .await;
            let (_, toast) = setup.api.callback_answers().last().cloned().unwrap();
            assert_eq!(toast, Some(en("setup-not-found")), "{forged:?}");
        }
        assert_eq!(owner_of(&setup, &second).await, Some(c.id));
        assert!(
            setup
                .api
                .sent_to(luca)
                .iter()
                .all(|m| !m.text.contains("sb_"))
        );
    }
}

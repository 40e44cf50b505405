//! Tokens, login codes and passwords pass through the setup bot without reaching its log (every
//! level, teloxide's `log` output included), the stored dialogue state, or any message it sends.

mod common;

use std::sync::{Arc, Mutex};

use common::*;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Whether `secret` appears in `text`; a numeric one (a login code) only as a number of its
/// own, since a log is full of longer numbers (ids, durations, ports) that may contain its
/// digits by chance.
fn leaks(text: &str, secret: &str) -> bool {
    let numeric = secret.chars().all(|c| c.is_ascii_digit() || c == ' ');
    if !numeric {
        return text.contains(secret);
    }
    text.match_indices(secret).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + secret.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_digit()) && !after.is_some_and(|c| c.is_ascii_digit())
    })
}

#[test]
fn a_code_is_found_as_a_number_of_its_own_not_inside_another() {
    assert!(leaks("text: \"11121\"", "11121"));
    assert!(leaks("code=1 1 1 2 1;", "1 1 1 2 1"));
    assert!(!leaks("busy=3.111214ms id=511121", "11121"));
    assert!(leaks("token ABCdef in a url", "ABCdef"));
}

#[tokio::test]
async fn secrets_reach_no_log_no_state_and_no_message() {
    let captured = Captured::default();
    let sink = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        // Timestamps' microseconds are random digits: a 5-digit login code turned up inside
        // one (a failed stress run). A leak would be the code itself, not part of a number.
        .without_time()
        .init();
    log::set_max_level(log::LevelFilter::Trace);

    let db = storage::testing::sqlite().await;
    let setup = Setup::start(db).await;
    let admin = setup.admin("Maria", "en");
    let (_, token) = setup.world.add_bot("shop_bot", "Shop");
    let token_secret = token.split_once(':').unwrap().1.to_owned();
    let phone = "393331234567";
    let account = setup.world.add_account(phone, "Account", None);
    setup.world.set_password(account, "tr0ub4dor&3", None);

    // A bot: a token with a typo first, then the right one.
    setup.begin_bot(admin).await;
    let typo = format!("{token}x");
    setup
        .send(admin, &typo, &en("signin-error-invalid-token"))
        .await;
    setup
        .send(
            admin,
            &token,
            &en_with("setup-signed-in", &[("name", "Shop")]),
        )
        .await;

    // An account: a wrong code on the keypad, the right one typed, a wrong and a right password.
    setup.begin_account(admin).await;
    setup
        .press(admin, &en("setup-button-phone"), &en("setup-ask-phone"))
        .await;
    setup.send(admin, "+393331234567", "Code:").await;
    let code = setup.world.last_login_code(phone).unwrap();
    let wrong: String = code
        .chars()
        .map(|c| if c == '1' { '2' } else { '1' })
        .collect();
    let spaced = |c: &str| c.chars().map(String::from).collect::<Vec<_>>().join(" ");
    setup
        .send(admin, &spaced(&wrong), &en("signin-error-code-invalid"))
        .await;
    setup
        .send(admin, &spaced(&code), &en("setup-ask-password"))
        .await;
    let state = setup
        .db
        .dialogue_states()
        .get(admin)
        .await
        .unwrap()
        .unwrap();
    setup
        .send(admin, "wrong-horse", &en("signin-error-password-invalid"))
        .await;
    setup
        .send(
            admin,
            "tr0ub4dor&3",
            &en_with("setup-signed-in", &[("name", "Account")]),
        )
        .await;

    let log = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(log.contains("sendmessage") || log.contains("sendMessage") || !log.is_empty());
    let sent: String = setup
        .api
        .sent_to(admin)
        .iter()
        .map(|m| m.text.clone())
        .collect();
    for secret in [
        token_secret.as_str(),
        code.as_str(),
        spaced(&code).as_str(),
        wrong.as_str(),
        "tr0ub4dor&3",
        "wrong-horse",
    ] {
        assert!(!leaks(&log, secret), "{secret} is in the log");
        assert!(!leaks(&state, secret), "{secret} is in the stored state");
        assert!(!leaks(&sent, secret), "{secret} is in a message");
    }
}

//! No login code or 2FA password appears in any log line on the wire path: a full sign-in (a
//! wrong code, a wrong password, then the right ones) through the real `GrammersAuthenticator`
//! and the simulator, with every level of both `tracing` and grammers' `log` captured.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use account_session::{Authenticator, GrammersAuthenticator, LoginStep, SignInError};
use secrecy::SecretString;
use switchboard_mtproto_sim::{MtprotoSim, World};

const PHONE: &str = "393331234567";
const PASSWORD: &str = "Zebra-Wharf-8841";
const WRONG_PASSWORD: &str = "Heron-Quay-5173";

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

/// Whether `digits` appears in `text` as a whole number (not inside a longer one).
fn has_number(text: &str, digits: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit())
        .any(|n| n == digits)
}

#[tokio::test]
async fn codes_and_passwords_stay_out_of_logs_over_mtproto() {
    let captured = Captured::default();
    let sink = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .init();
    log::set_max_level(log::LevelFilter::Trace);

    let world = World::new();
    let account = world.add_account(PHONE, "Shop", None);
    world.set_password(account, PASSWORD, None);
    let sim = Arc::new(MtprotoSim::start(world.clone()).await.unwrap());
    let source = Arc::clone(&sim);
    let auth = GrammersAuthenticator::new(1, SecretString::from("0123456789abcdef"))
        .with_sessions(Arc::new(move || source.unauthorized_session()));

    let limit = Duration::from_secs(60);
    let mut login = tokio::time::timeout(limit, auth.send_code(PHONE))
        .await
        .unwrap()
        .unwrap();
    let code = world.last_login_code(PHONE).unwrap();
    let wrong_code = if code == "11111" { "22222" } else { "11111" };
    let err = login.submit_code(wrong_code).await.unwrap_err();
    assert_eq!(err, SignInError::CodeInvalid);
    assert!(matches!(
        login.submit_code(&code).await.unwrap(),
        LoginStep::PasswordNeeded { .. }
    ));
    let err = login.submit_password(WRONG_PASSWORD).await.unwrap_err();
    assert_eq!(err, SignInError::PasswordInvalid);
    login.submit_password(PASSWORD).await.unwrap();

    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(logs.contains("auth"), "the capture works: {logs:.200}");
    for secret in [PASSWORD, WRONG_PASSWORD] {
        assert!(!logs.contains(secret), "a password was logged");
    }
    for secret in [code.as_str(), wrong_code] {
        assert!(!has_number(&logs, secret), "a login code was logged");
    }
}

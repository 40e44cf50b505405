//! No token, code, password or auth key appears in logs or error texts, even with every log level
//! on and grammers' own `log` output captured, through the real grammers sign-in paths.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use secrecy::SecretBox;
use switchboard_account_session::{
    Authenticator, GrammersAuthenticator, SignInError, StoredSession,
};

const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_";
const TOKEN_SECRET: &str = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_";
const API_HASH: &str = "0123456789abcdef0123456789abcdef";

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

/// A "DC" that accepts connections, reads what arrives and hangs up: every request fails with a
/// network error after the client has sent its bytes (and logged whatever it logs).
async fn hang_up_server() -> std::net::SocketAddrV4 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let SocketAddr::V4(addr) = listener.local_addr().unwrap() else {
        unreachable!()
    };
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                use tokio::io::AsyncReadExt as _;
                let mut buf = [0u8; 4096];
                let _ = tokio::time::timeout(
                    std::time::Duration::from_millis(200),
                    stream.read(&mut buf),
                )
                .await;
            });
        }
    });
    addr
}

#[tokio::test]
async fn secrets_stay_out_of_logs_and_errors() {
    let captured = Captured::default();
    let sink = captured.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .init();
    log::set_max_level(log::LevelFilter::Trace);

    let dc = hang_up_server().await;
    let auth = GrammersAuthenticator::new(12345, API_HASH.to_owned().into()).with_dc_address(dc);

    let err = auth.sign_in_bot(TOKEN).await.unwrap_err();
    assert_eq!(err, SignInError::Network);
    let malformed = auth.sign_in_bot("42:tooshort-secret").await.unwrap_err();
    assert_eq!(malformed, SignInError::MalformedToken);

    assert_eq!(
        auth.send_code("+39 333 123 4567").await.err(),
        Some(SignInError::Network)
    );

    // Signing out a session whose auth key is known.
    let session = StoredSession::in_memory();
    let key = [0x5Au8; 256];
    {
        use grammers_session::Session as _;
        let home = session.home_dc_id().unwrap();
        let mut option = session.dc_option(home).unwrap().unwrap();
        option.auth_key = Some(key);
        session.set_dc_option(&option).await.unwrap();
    }
    use secrecy::ExposeSecret as _;
    let exported = session.export().unwrap();
    assert!(
        auth.sign_out(SecretBox::new(Box::new(exported.expose_secret().clone())))
            .await
            .is_err()
    );

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(!logs.is_empty(), "the capture works");
    for secret in [
        TOKEN_SECRET,
        "tooshort-secret",
        API_HASH,
        "5a5a5a5a5a5a5a5a",
        "90, 90, 90, 90",
    ] {
        assert!(
            !logs.contains(secret),
            "`{secret}` leaked into the logs:\n{logs}"
        );
    }
    for err in [err, malformed] {
        assert!(
            !err.to_string().contains(TOKEN_SECRET) && !format!("{err:?}").contains(TOKEN_SECRET)
        );
    }
}

//! `switchboard relay`'s real path: the supervisor's grammers factory opens the session stored
//! (sealed) in the database and dials its DC with its auth key.

use std::net::SocketAddr;
use std::time::Duration;

use grammers_session::Session as _;
use secrecy::ExposeSecret as _;
use sha1::Digest as _;
use storage::{ConnectionKind, Identity, SignIn};
use switchboard_relay::grammers_gateway::GrammersFactory;
use switchboard_relay::supervisor::GatewayFactory;
use tokio::io::AsyncReadExt as _;

#[tokio::test]
async fn the_stored_session_dials_its_dc_with_its_key() {
    let db = storage::testing::sqlite().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let SocketAddr::V4(addr) = listener.local_addr().unwrap() else {
        unreachable!()
    };

    // A session as sign-in leaves it: an auth key for the home DC, here pointed at the listener.
    let session = account_session::StoredSession::in_memory();
    session.redirect_dcs(addr);
    let key = [0x42u8; 256];
    let home = session.home_dc_id().unwrap();
    let mut option = session.dc_option(home).unwrap().unwrap();
    option.auth_key = Some(key);
    session.set_dc_option(&option).await.unwrap();
    db.admins().ensure(1, "en").await.unwrap();
    let c = db
        .connections()
        .create(1, ConnectionKind::Bot)
        .await
        .unwrap();
    let exported = session.export().unwrap();
    let sign_in = SignIn {
        identity: Identity {
            tg_user_id: 99,
            username: None,
            title: "Bot".into(),
        },
        session: exported.expose_secret(),
        bot_token: None,
    };
    let connection = db.connections().store_sign_in(c.id, sign_in).await.unwrap();

    let factory = GrammersFactory {
        storage: db.storage.clone(),
        options: account_session::ClientOptions::new(1),
    };
    let opening = tokio::spawn(async move { factory.open(&connection).await.map(|_| ()) });
    let (mut stream, _) = tokio::time::timeout(Duration::from_secs(10), listener.accept())
        .await
        .expect("dialled")
        .unwrap();
    let mut head = [0u8; 16];
    tokio::time::timeout(Duration::from_secs(10), stream.read_exact(&mut head))
        .await
        .unwrap()
        .unwrap();
    // Full transport: length, sequence number 0, then the auth key id of the stored key.
    assert_eq!(i32::from_le_bytes(head[4..8].try_into().unwrap()), 0);
    assert_eq!(&head[8..16], &sha1::Sha1::digest(key)[12..20]);
    drop(stream);
    drop(listener);
    opening.abort();
}

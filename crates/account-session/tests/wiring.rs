//! The real grammers path: a stored session whose DC address is a listener on 127.0.0.1 makes the
//! client connect there and speak MTProto's Full transport, with the stored auth key.

use std::net::{SocketAddr, SocketAddrV4};
use std::sync::Arc;
use std::time::Duration;

use grammers_session::Session as _;
use grammers_session::types::DcOption;
use grammers_tl_types as tl;
use sha1::Digest as _;
use switchboard_account_session::{ClientOptions, StoredSession, client};
use tokio::io::AsyncReadExt as _;
use tokio::net::TcpListener;

/// Reads one Full-transport packet: `len (LE u32, counting itself) | seq (LE i32) | payload | crc32`.
async fn read_full_packet(stream: &mut tokio::net::TcpStream) -> (i32, Vec<u8>) {
    let mut len = [0u8; 4];
    stream.read_exact(&mut len).await.unwrap();
    let len = u32::from_le_bytes(len) as usize;
    assert!(
        (12..1 << 20).contains(&len),
        "implausible packet length {len}"
    );
    let mut rest = vec![0u8; len - 4];
    stream.read_exact(&mut rest).await.unwrap();
    let seq = i32::from_le_bytes(rest[0..4].try_into().unwrap());
    let payload = rest[4..len - 8].to_vec();
    let crc = u32::from_le_bytes(rest[len - 8..].try_into().unwrap());
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&(len as u32).to_le_bytes());
    hasher.update(&rest[..len - 8]);
    assert_eq!(crc, hasher.finalize(), "the transport checksum is valid");
    (seq, payload)
}

/// A session whose home DC points at `addr`, optionally with an auth key.
async fn session_pointing_at(addr: SocketAddr, auth_key: Option<[u8; 256]>) -> Arc<StoredSession> {
    let session = StoredSession::in_memory();
    let home = session.home_dc_id().unwrap();
    let mut option = session
        .dc_option(home)
        .unwrap()
        .expect("the home DC is known");
    let SocketAddr::V4(v4) = addr else {
        panic!("IPv4 listener")
    };
    option.ipv4 = SocketAddrV4::new(*v4.ip(), v4.port());
    option.auth_key = auth_key;
    session.set_dc_option(&DcOption { ..option }).await.unwrap();
    Arc::new(session)
}

#[tokio::test]
async fn a_stored_auth_key_goes_on_the_wire_to_the_stored_address() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let key = [7u8; 256];
    let session = session_pointing_at(listener.local_addr().unwrap(), Some(key)).await;
    let open = client::open(session, &ClientOptions::new(12345));
    let client = open.client.clone();
    let request =
        tokio::spawn(async move { client.invoke(&tl::functions::updates::GetState {}).await });

    let (mut stream, _) = tokio::time::timeout(Duration::from_secs(10), listener.accept())
        .await
        .expect("the client dials")
        .unwrap();
    let (seq, payload) =
        tokio::time::timeout(Duration::from_secs(10), read_full_packet(&mut stream))
            .await
            .unwrap();
    assert_eq!(seq, 0, "the first packet of the connection");
    // An encrypted message starts with the auth key id: the low 64 bits of SHA-1(auth key).
    let digest = sha1::Sha1::digest(key);
    assert_eq!(
        &payload[..8],
        &digest[12..20],
        "the stored key is the one in use"
    );
    assert!(
        payload.len() >= 8 + 16 + 16,
        "key id, msg_key and an encrypted body"
    );

    drop(stream);
    request.abort();
    open.close().await.unwrap();
}

#[tokio::test]
async fn without_a_key_the_client_starts_the_key_exchange() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let session = session_pointing_at(listener.local_addr().unwrap(), None).await;
    let open = client::open(session, &ClientOptions::new(12345));
    let client = open.client.clone();
    let request =
        tokio::spawn(async move { client.invoke(&tl::functions::updates::GetState {}).await });

    let (mut stream, _) = tokio::time::timeout(Duration::from_secs(10), listener.accept())
        .await
        .unwrap()
        .unwrap();
    let (_, payload) = tokio::time::timeout(Duration::from_secs(10), read_full_packet(&mut stream))
        .await
        .unwrap();
    // A plaintext message: auth_key_id 0, message id, length, then req_pq_multi (0xbe7e8ef1).
    assert_eq!(&payload[..8], &[0u8; 8]);
    assert_eq!(
        &payload[20..24],
        &0xbe7e8ef1u32.to_le_bytes(),
        "req_pq_multi opens the key exchange"
    );

    drop(stream);
    request.abort();
    open.close().await.unwrap();
}

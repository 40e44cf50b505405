//! The database-backed session on SQLite and PostgreSQL: what persists, where, and when.

use grammers_session::Session as _;
use grammers_session::types::{PeerAuth, PeerId, PeerInfo, UpdateState, UpdatesState};
use storage::testing;
use storage::{ConnectionId, ConnectionKind, Identity, SignIn, Storage};
use switchboard_account_session::StoredSession;

const ADMIN: i64 = 10;

/// Signs a connection in with `session`'s export, then binds the session to it.
async fn bound(db: &Storage, session: StoredSession, bot_id: i64) -> (ConnectionId, StoredSession) {
    use secrecy::ExposeSecret as _;
    db.admins().ensure(ADMIN, "en").await.unwrap();
    let c = db
        .connections()
        .create(ADMIN, ConnectionKind::Bot)
        .await
        .unwrap();
    let blob = session.export().unwrap();
    db.connections()
        .store_sign_in(
            c.id,
            SignIn {
                identity: Identity {
                    tg_user_id: bot_id,
                    username: None,
                    title: "Bot".into(),
                },
                session: blob.expose_secret(),
                bot_token: None,
            },
        )
        .await
        .unwrap();
    (c.id, session.bind(db, c.id))
}

fn me(id: i64) -> PeerInfo {
    PeerInfo::User {
        id,
        auth: Some(PeerAuth::from_hash(99)),
        bot: Some(true),
        is_self: Some(true),
    }
}

fn user(id: i64, hash: Option<i64>) -> PeerInfo {
    PeerInfo::User {
        id,
        auth: hash.map(PeerAuth::from_hash),
        bot: Some(false),
        is_self: None,
    }
}

#[tokio::test]
async fn the_signed_in_user_answers_peer_self_before_and_after_a_restart() {
    for db in testing::all().await {
        let session = StoredSession::in_memory();
        assert_eq!(session.peer(PeerId::self_user()).await.unwrap(), None);
        session.cache_peer(me(555)).await.unwrap();
        assert_eq!(
            session.peer(PeerId::self_user()).await.unwrap(),
            Some(me(555))
        );
        assert_eq!(session.self_user_id(), Some(555));
        let (id, _session) = bound(&db, session, 555).await;

        let reopened = StoredSession::load(&db, id).await.unwrap().expect("stored");
        assert_eq!(
            reopened.peer(PeerId::self_user()).await.unwrap(),
            Some(me(555))
        );
        assert_eq!(
            reopened.peer(PeerId::user(555).unwrap()).await.unwrap(),
            Some(me(555))
        );
    }
}

#[tokio::test]
async fn auth_keys_and_home_dc_persist_at_once_and_the_update_state_on_flush() {
    for db in testing::all().await {
        let (id, session) = bound(&db, StoredSession::in_memory(), 1).await;
        let home = session.home_dc_id().unwrap();
        let mut option = session.dc_option(home).unwrap().unwrap();
        option.auth_key = Some([3u8; 256]);
        session.set_dc_option(&option).await.unwrap();
        session.set_home_dc_id(4).await.unwrap();
        session
            .set_update_state(UpdateState::All(UpdatesState {
                pts: 10,
                qts: 2,
                date: 1000,
                seq: 5,
                channels: vec![],
            }))
            .await
            .unwrap();
        session
            .set_update_state(UpdateState::Channel { id: 77, pts: 30 })
            .await
            .unwrap();
        assert!(session.is_dirty());

        let before_flush = StoredSession::load(&db, id).await.unwrap().unwrap();
        assert_eq!(
            before_flush.dc_option(home).unwrap().unwrap().auth_key,
            Some([3u8; 256])
        );
        assert_eq!(before_flush.home_dc_id().unwrap(), 4);

        session.flush().await.unwrap();
        assert!(!session.is_dirty());
        let after = StoredSession::load(&db, id).await.unwrap().unwrap();
        let state = after.updates_state().await.unwrap();
        assert_eq!((state.pts, state.qts, state.seq), (10, 2, 5));
        assert_eq!(state.channels.len(), 1);
        assert_eq!((state.channels[0].id, state.channels[0].pts), (77, 30));
    }
}

#[tokio::test]
async fn peers_are_rows_written_only_when_new_or_changed() {
    for db in testing::all().await {
        let (id, session) = bound(&db, StoredSession::in_memory(), 1).await;
        session
            .cache_peers((100..110).map(|n| user(n, Some(n * 7))).collect())
            .await
            .unwrap();
        assert_eq!(db.peers().count(id).await.unwrap(), 10);
        let stamp = |db: &Storage| {
            let db = db.clone();
            async move { db.peers().get(id, 105).await.unwrap().unwrap() }
        };
        let row = stamp(&db).await;
        assert_eq!(row.access_hash, Some(735));
        assert_eq!(row.kind, "user");

        // Seen again with nothing new: no write (the row is left exactly as it was).
        db.peers()
            .upsert(
                id,
                &[storage::PeerRow {
                    data: Some("marker".into()),
                    ..row.clone()
                }],
            )
            .await
            .unwrap();
        session.cache_peer(user(105, None)).await.unwrap();
        assert_eq!(
            stamp(&db).await.data.as_deref(),
            Some("marker"),
            "an unchanged peer is not rewritten"
        );

        // A fresh session (another process) finds peers through the table.
        let other = StoredSession::load(&db, id).await.unwrap().unwrap();
        assert_eq!(
            other.peer(PeerId::user(103).unwrap()).await.unwrap(),
            Some(user(103, Some(721)))
        );
        assert_eq!(other.peer(PeerId::user(999).unwrap()).await.unwrap(), None);
        let peer_ref = other
            .peer_ref(PeerId::user(101).unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(peer_ref.auth.hash(), 707);
    }
}

#[tokio::test]
async fn a_revoked_session_loads_as_none_and_debug_shows_no_key() {
    for db in testing::all().await {
        let (id, session) = bound(&db, StoredSession::in_memory(), 1).await;
        let home = session.home_dc_id().unwrap();
        let mut option = session.dc_option(home).unwrap().unwrap();
        option.auth_key = Some([0xAB; 256]);
        session.set_dc_option(&option).await.unwrap();
        let shown = format!("{session:?}");
        assert!(
            !shown.contains("171") && !shown.to_lowercase().contains("abab"),
            "{shown}"
        );

        db.connections()
            .mark_needs_login(id, "AUTH_KEY_UNREGISTERED")
            .await
            .unwrap();
        assert!(StoredSession::load(&db, id).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn closing_a_client_saves_the_update_state() {
    use std::sync::Arc;
    use switchboard_account_session::{ClientOptions, client};
    for db in testing::all().await {
        let (id, session) = bound(&db, StoredSession::in_memory(), 1).await;
        let open = client::open(Arc::new(session), &ClientOptions::new(1));
        open.session()
            .set_update_state(UpdateState::All(UpdatesState {
                pts: 77,
                qts: 1,
                date: 5,
                seq: 9,
                channels: vec![],
            }))
            .await
            .unwrap();
        // No request was made, so nothing dialled Telegram; closing still writes the state.
        open.close().await.unwrap();
        let reopened = StoredSession::load(&db, id).await.unwrap().unwrap();
        assert_eq!(reopened.updates_state().await.unwrap().pts, 77);
    }
}

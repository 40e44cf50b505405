//! What operations read (counts for /metrics, the schema state and the key check for doctor) and
//! leases taken and renewed in bulk, on every backend.

use switchboard_storage::secret::{Sealer, SecretError, SecretKey};
use switchboard_storage::testing;
use switchboard_storage::{
    ConnectionId, ConnectionKind, ConnectionStatus, Error, EventKind, Identity, KeyCheck, SignIn,
    Storage,
};

const ADMIN: i64 = 1001;

async fn signed_in_bot(db: &Storage, bot_id: i64) -> ConnectionId {
    db.admins().ensure(ADMIN, "en").await.unwrap();
    let c = db
        .connections()
        .create(ADMIN, ConnectionKind::Bot)
        .await
        .unwrap();
    let sign_in = SignIn {
        identity: Identity {
            tg_user_id: bot_id,
            username: None,
            title: "Shop".into(),
        },
        session: b"session-bytes",
        bot_token: None,
    };
    db.connections().store_sign_in(c.id, sign_in).await.unwrap();
    c.id
}

#[tokio::test]
async fn connections_are_counted_by_status_and_undelivered_events_too() {
    for db in testing::all().await {
        let count = async |status| {
            db.connections()
                .count_by_status()
                .await
                .unwrap()
                .into_iter()
                .find(|(s, _)| *s == status)
                .map(|(_, n)| n)
        };
        assert_eq!(
            count(ConnectionStatus::Active).await,
            Some(0),
            "zeros are listed"
        );
        let a = signed_in_bot(&db, 7).await;
        let b = signed_in_bot(&db, 8).await;
        signed_in_bot(&db, 9).await;
        db.connections().link_backend(a, -100).await.unwrap();
        db.connections().link_backend(b, -200).await.unwrap();
        db.connections().stop(b).await.unwrap();
        assert_eq!(count(ConnectionStatus::Active).await, Some(1));
        assert_eq!(count(ConnectionStatus::Stopped).await, Some(1));
        assert_eq!(count(ConnectionStatus::Linking).await, Some(1));
        assert_eq!(
            db.connections().count_by_status().await.unwrap().len(),
            ConnectionStatus::ALL.len()
        );

        // link_backend emitted one `linked` event each.
        assert_eq!(db.events().count_undelivered().await.unwrap(), 2);
        db.events()
            .emit(a, EventKind::Notice, serde_json::json!({}))
            .await
            .unwrap();
        let first = db.events().undelivered(1).await.unwrap().remove(0);
        db.events().mark_delivered(first.id, 5).await.unwrap();
        assert_eq!(db.events().count_undelivered().await.unwrap(), 2);
    }
}

#[tokio::test]
async fn the_key_check_is_verified_without_being_written() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("k.db").display());
    let key = || SecretKey::parse(&"cd".repeat(32), "test").unwrap();
    let fresh = Storage::connect(&url, Sealer::new(key(), "the right key"))
        .await
        .unwrap();
    assert!(fresh.pending_migrations().await.unwrap() > 0);
    fresh.migrate().await.unwrap();
    assert_eq!(fresh.pending_migrations().await.unwrap(), 0);
    assert_eq!(
        fresh.verify_secret_key().await.unwrap(),
        KeyCheck::NothingStored
    );
    assert_eq!(
        fresh.verify_secret_key().await.unwrap(),
        KeyCheck::NothingStored,
        "verifying stores nothing"
    );
    fresh.check_secret_key().await.unwrap();
    assert_eq!(fresh.verify_secret_key().await.unwrap(), KeyCheck::Matches);
    fresh.close().await.unwrap();

    let other = SecretKey::parse(&"ab".repeat(32), "test").unwrap();
    let wrong = Storage::connect(&url, Sealer::new(other, "SWITCHBOARD_SECRET_KEY (test)"))
        .await
        .unwrap();
    match wrong.verify_secret_key().await {
        Err(Error::Secret(SecretError::WrongKey { origin })) => {
            assert_eq!(origin, "SWITCHBOARD_SECRET_KEY (test)")
        }
        other => panic!("expected WrongKey, got {other:?}"),
    }
}

#[tokio::test]
async fn leases_are_claimed_and_renewed_in_bulk_and_never_shared() {
    for db in testing::all().await {
        let mut ids = Vec::new();
        for bot in 0..5 {
            ids.push(signed_in_bot(&db, 100 + bot).await);
        }
        let conns = db.connections();
        assert!(
            conns
                .claim_lease(ids[0], "relay-b", 1_000, 15)
                .await
                .unwrap()
        );
        let mut held = conns
            .claim_leases(&ids, "relay-a", 1_000, 15)
            .await
            .unwrap();
        held.sort();
        assert_eq!(held, ids[1..].to_vec(), "the one relay-b holds is skipped");
        let c = conns.get(ids[1]).await.unwrap().unwrap();
        assert_eq!(
            (c.lease_owner.as_deref(), c.lease_until),
            (Some("relay-a"), Some(1_015))
        );

        // relay-a's leases run out; relay-b takes one, and relay-a's renewal leaves it alone.
        assert!(
            conns
                .claim_lease(ids[2], "relay-b", 1_020, 15)
                .await
                .unwrap()
        );
        let mut renewed = conns
            .renew_leases(&ids[1..], "relay-a", 1_020, 15)
            .await
            .unwrap();
        renewed.sort();
        assert_eq!(renewed, vec![ids[1], ids[3], ids[4]]);
        let c = conns.get(ids[2]).await.unwrap().unwrap();
        assert_eq!(
            (c.lease_owner.as_deref(), c.lease_until),
            (Some("relay-b"), Some(1_035)),
            "another relay's lease is untouched"
        );
        assert_eq!(
            conns.get(ids[4]).await.unwrap().unwrap().lease_until,
            Some(1_035)
        );
        // Renewing never takes a free lease.
        conns.release_lease(ids[4], "relay-a").await.unwrap();
        assert_eq!(
            conns
                .renew_leases(&[ids[4]], "relay-a", 1_021, 15)
                .await
                .unwrap(),
            Vec::<ConnectionId>::new()
        );
        // More ids than one statement takes.
        let many: Vec<ConnectionId> = (0..1_200).map(|n| ConnectionId(n + 10_000)).collect();
        assert!(
            conns
                .claim_leases(&many, "relay-a", 1_030, 15)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

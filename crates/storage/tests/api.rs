//! The HTTP API's tables on SQLite and PostgreSQL: keys kept as hashes and replaced by a reset,
//! requests deduplicated by their idempotency key, claimed once, and failed honestly when a
//! worker stopped half way.

use sea_orm::{ConnectionTrait as _, Statement};
use secrecy::{ExposeSecret as _, SecretString};
use switchboard_storage::testing;
use switchboard_storage::{
    ApiAction, ApiRequestStatus, ConnectionId, ConnectionKind, Storage, Submitted,
};

async fn connection(db: &Storage, owner: i64) -> ConnectionId {
    db.admins().ensure(owner, "en").await.unwrap();
    db.connections()
        .create(owner, ConnectionKind::Bot)
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn a_key_is_stored_as_a_hash_and_a_reset_refuses_the_old_one() {
    for db in testing::all().await {
        let (a, b) = (connection(&db, 1).await, connection(&db, 2).await);
        assert!(!db.api_keys().exists(a).await.unwrap());
        let first = db.api_keys().create(a).await.unwrap();
        let key_b = db.api_keys().create(b).await.unwrap();
        assert!(db.api_keys().exists(a).await.unwrap());
        assert_eq!(db.api_keys().verify(&first).await.unwrap(), Some(a));
        assert_eq!(db.api_keys().verify(&key_b).await.unwrap(), Some(b));
        // B's random part under A's id is not A's key.
        let (_, random_b) = key_b.expose_secret()["sb_".len()..]
            .split_once('_')
            .unwrap();
        let forged = SecretString::from(format!("sb_{}_{random_b}", a.0));
        assert_eq!(db.api_keys().verify(&forged).await.unwrap(), None);
        let second = db.api_keys().create(a).await.unwrap();
        assert_eq!(db.api_keys().verify(&second).await.unwrap(), Some(a));
        assert_eq!(db.api_keys().verify(&first).await.unwrap(), None);
        // The database holds only the SHA-256 of the key, never the key.
        let row = db
            .database()
            .query_one_raw(Statement::from_string(
                db.database().get_database_backend(),
                format!(
                    "SELECT key_hash FROM api_keys WHERE connection_id = {}",
                    a.0
                ),
            ))
            .await
            .unwrap()
            .unwrap();
        let stored: String = row.try_get("", "key_hash").unwrap();
        assert_eq!(stored.len(), 64);
        assert!(stored.bytes().all(|b| b.is_ascii_hexdigit()));
        assert!(!second.expose_secret().contains(&stored));
    }
}

#[tokio::test]
async fn requests_are_deduplicated_claimed_once_and_interrupted_honestly() {
    for db in testing::all().await {
        let c = connection(&db, 1).await;
        let before = db.connections().get(c).await.unwrap().unwrap().revision;
        let send = ApiAction::SendMessage {
            user_id: 7,
            text: "hi".into(),
        };
        let Submitted::New(first) = db.api_requests().submit(c, Some("k"), &send).await.unwrap()
        else {
            panic!("a new request");
        };
        assert!(
            db.connections().get(c).await.unwrap().unwrap().revision > before,
            "the worker is woken through the revision"
        );
        let Submitted::Existing(again) =
            db.api_requests().submit(c, Some("k"), &send).await.unwrap()
        else {
            panic!("the same request");
        };
        assert_eq!(again.id, first.id);
        // Without a key, every submission is a request of its own.
        let status = ApiAction::SetStatus {
            user_id: 7,
            status: "closed".into(),
        };
        db.api_requests().submit(c, None, &status).await.unwrap();
        db.api_requests().submit(c, None, &status).await.unwrap();

        let next = db.api_requests().next_pending(c).await.unwrap().unwrap();
        assert_eq!(next.id, first.id, "oldest first");
        assert!(db.api_requests().claim(first.id).await.unwrap());
        assert!(
            !db.api_requests().claim(first.id).await.unwrap(),
            "claimed once"
        );
        // A worker stopped here: the send may or may not have happened.
        assert_eq!(db.api_requests().interrupt_working(c).await.unwrap(), 1);
        let got = db.api_requests().get(c, first.id).await.unwrap().unwrap();
        assert_eq!(got.status, ApiRequestStatus::Failed);
        assert_eq!(got.result.unwrap()["error"], "interrupted");

        let next = db.api_requests().next_pending(c).await.unwrap().unwrap();
        assert!(db.api_requests().claim(next.id).await.unwrap());
        let outcome = serde_json::json!({ "status": "closed" });
        db.api_requests()
            .finish(next.id, ApiRequestStatus::Done, &outcome)
            .await
            .unwrap();
        let done = db.api_requests().get(c, next.id).await.unwrap().unwrap();
        assert_eq!(done.status, ApiRequestStatus::Done);
        assert_eq!(done.result, Some(outcome));
        assert!(done.finished_at.is_some());
        // Another connection never sees it.
        let other = connection(&db, 2).await;
        assert!(
            db.api_requests()
                .get(other, next.id)
                .await
                .unwrap()
                .is_none()
        );
    }
}

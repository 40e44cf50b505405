//! `HandledUpdates::seen`: a group message counts as handled when it was recorded, or — in the
//! backend group only — when it was relayed (its message link), in one query on both databases.

use switchboard_storage::{ConnectionKind, Direction};

#[tokio::test]
async fn a_message_is_seen_when_recorded_or_relayed_in_the_backend_group() {
    for db in switchboard_storage::testing::all().await {
        db.admins().ensure(1, "en").await.unwrap();
        let c = db
            .connections()
            .create(1, ConnectionKind::Bot)
            .await
            .unwrap()
            .id;
        let backend = -1_005;
        let handled = db.handled_updates();
        assert!(!handled.seen(c, backend, 10, Some(backend)).await.unwrap());
        handled.record(c, backend, 10).await.unwrap();
        assert!(
            handled.seen(c, backend, 10, Some(backend)).await.unwrap(),
            "recorded"
        );
        assert!(!handled.seen(c, backend, 11, Some(backend)).await.unwrap());
        db.message_links()
            .record(c, 7, 3, 11, Direction::Out)
            .await
            .unwrap();
        assert!(
            handled.seen(c, backend, 11, Some(backend)).await.unwrap(),
            "relayed"
        );
        // Another chat's message 11 is not the backend's relayed one.
        assert!(!handled.seen(c, -1_006, 11, Some(backend)).await.unwrap());
        assert!(
            !handled.seen(c, backend, 11, None).await.unwrap(),
            "no backend: links do not count"
        );
    }
}

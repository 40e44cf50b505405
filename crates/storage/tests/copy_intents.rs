//! `CopyIntents`: the copies written down before they are sent, and which of them an echo
//! nobody claims belongs to — the oldest one without a message link — on both databases.

use switchboard_storage::{ConnectionId, ConnectionKind, Direction, Record, Storage};

/// Writes an intent as the relay does: through the journal.
async fn intend(
    db: &Storage,
    c: ConnectionId,
    user_id: i64,
    ids: &[i64],
    operator: i64,
    name: &str,
) {
    let intent = Record::CopyIntent {
        connection: c,
        user_id,
        group_msg_ids: ids.to_vec(),
        operator_id: operator,
        operator_name: name.to_owned(),
    };
    db.journal().write(vec![intent]).await.unwrap();
}

#[tokio::test]
async fn an_echo_belongs_to_the_oldest_intended_copy_without_a_link() {
    for db in switchboard_storage::testing::all().await {
        db.admins().ensure(1, "en").await.unwrap();
        let c = db
            .connections()
            .create(1, ConnectionKind::Account)
            .await
            .unwrap()
            .id;
        let intents = db.copy_intents();
        let (anna, ben) = (7, 8);
        assert_eq!(intents.unlinked(c, anna).await.unwrap(), None);
        intend(&db, c, anna, &[20], 5, "Olga").await;
        // An album: one intent per part; a replay writes nothing new.
        intend(&db, c, anna, &[21, 22], 5, "Olga").await;
        intend(&db, c, anna, &[21, 22], 5, "Olga").await;
        intend(&db, c, ben, &[23], 6, "Petr").await;

        // The first copy was linked when it was sent: the echo is the album's.
        db.message_links()
            .record(c, anna, 100, 20, Direction::Out)
            .await
            .unwrap();
        let next = intents.unlinked(c, anna).await.unwrap().unwrap();
        assert_eq!(
            (
                next.group_msg_id,
                next.operator_id,
                next.operator_name.as_str()
            ),
            (21, 5, "Olga")
        );
        db.message_links()
            .record(c, anna, 101, 21, Direction::Out)
            .await
            .unwrap();
        assert_eq!(
            intents
                .unlinked(c, anna)
                .await
                .unwrap()
                .unwrap()
                .group_msg_id,
            22
        );
        // Refused for good: forgotten, so no later message is taken for its echo.
        intents.forget(c, anna, &[22]).await.unwrap();
        assert_eq!(intents.unlinked(c, anna).await.unwrap(), None);
        assert_eq!(
            intents
                .unlinked(c, ben)
                .await
                .unwrap()
                .unwrap()
                .group_msg_id,
            23,
            "each user's own"
        );
        assert_eq!(
            intents.prune(c, i64::MAX).await.unwrap(),
            3,
            "pruned by age"
        );
    }
}

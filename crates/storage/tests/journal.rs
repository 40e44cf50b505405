//! The journal (group commit): many workers' records written together, each worker answered
//! only once its own are committed; counters add up; a replayed link queues its webhook rows no
//! second time; a bad record in a batch fails only its own message. On both databases.

use switchboard_storage::{
    Answer, ConnectionKind, Direction, NewDialog, NewLink, Outgoing, Record, Storage,
};

/// A bot connection of admin 1.
async fn bot_connection(db: &Storage) -> switchboard_storage::ConnectionId {
    db.admins().ensure(1, "en").await.unwrap();
    db.connections()
        .create(1, ConnectionKind::Bot)
        .await
        .unwrap()
        .id
}

async fn dialog(db: &Storage, c: switchboard_storage::ConnectionId, user: i64) {
    db.dialogs()
        .get_or_create(NewDialog {
            connection_id: c,
            user_id: user,
            display_name: format!("User {user}"),
            username: None,
            language: None,
            start_param: None,
        })
        .await
        .unwrap();
}

fn link(c: switchboard_storage::ConnectionId, user: i64, n: i64) -> NewLink {
    NewLink {
        connection: c,
        user_id: user,
        user_msg_id: n,
        group_msg_id: 10_000 + n,
        direction: Direction::In,
    }
}

/// What relaying user `user`'s message `n` records: its link and their counter.
fn user_message(c: switchboard_storage::ConnectionId, user: i64, n: i64, at: i64) -> Vec<Record> {
    vec![
        Record::Link {
            link: link(c, user, n),
            answer: None,
            hooks: Vec::new(),
        },
        Record::UserMessage {
            connection: c,
            user_id: user,
            at,
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_messages_are_written_together_and_each_counted_once() {
    for db in switchboard_storage::testing::all().await {
        let c = bot_connection(&db).await;
        let users: Vec<i64> = (1..=8).collect();
        for user in &users {
            dialog(&db, c, *user).await;
        }
        // 8 writers (one per worker), 25 messages each, every one awaited before the next.
        let mut tasks = tokio::task::JoinSet::new();
        for user in users.clone() {
            let db = db.storage.clone();
            tasks.spawn(async move {
                for n in 0..25 {
                    let id = user * 100 + n;
                    db.journal()
                        .write(user_message(c, user, id, 1_000 + n))
                        .await
                        .unwrap();
                    // Committed before the answer: the link is there.
                    assert!(
                        db.message_links()
                            .by_user_message(c, user, id)
                            .await
                            .unwrap()
                            .is_some()
                    );
                }
            });
        }
        while let Some(done) = tasks.join_next().await {
            done.unwrap();
        }
        for user in users {
            let d = db.dialogs().get(c, user).await.unwrap().unwrap();
            assert_eq!(d.messages_from_user, 25, "user {user}");
            assert_eq!(d.last_user_at, Some(1_024));
        }
    }
}

#[tokio::test]
async fn a_replayed_link_queues_nothing_twice_and_a_bad_record_fails_alone() {
    for db in switchboard_storage::testing::all().await {
        let c = bot_connection(&db).await;
        dialog(&db, c, 7).await;
        let hook = Outgoing {
            url: "https://example.com/hook".into(),
            event_id: "evt_1".into(),
            event_type: "message_sent".into(),
            body: "{}".into(),
        };
        let answer = Record::Link {
            link: NewLink {
                direction: Direction::Out,
                ..link(c, 7, 1)
            },
            answer: Some(Answer {
                operator_id: 5,
                waited_since: Some(100),
            }),
            hooks: vec![hook.clone()],
        };
        db.journal().write(vec![answer.clone()]).await.unwrap();
        db.journal().write(vec![answer]).await.unwrap();
        let queued = db.webhooks().pending(c, &hook.url, 10).await.unwrap();
        assert_eq!(queued.len(), 1, "the replay queued nothing");

        // A link into a connection that does not exist breaks its foreign key: that message
        // fails, whichever batch it shares, and the others are written.
        let good = db.storage.clone();
        let bad = db.storage.clone();
        let (good, bad) = tokio::join!(
            good.journal().write(vec![Record::OperatorMessage {
                connection: c,
                user_id: 7,
                at: 2_000,
            }]),
            bad.journal().write(vec![Record::Link {
                link: link(switchboard_storage::ConnectionId(999_999), 7, 2),
                answer: None,
                hooks: Vec::new(),
            }]),
        );
        good.unwrap();
        assert!(bad.is_err());
        let d = db.dialogs().get(c, 7).await.unwrap().unwrap();
        assert_eq!(d.messages_from_operators, 1);
        assert_eq!(d.last_operator_at, Some(2_000));
    }
}

/// Status changes ride with the counters: a dialog ends a batch in the status it changed to
/// last, since then; a dialog that only counted keeps its status; every change's webhook rows are
/// queued in the order things happened, between the message's own.
#[tokio::test]
async fn a_batch_leaves_each_dialog_in_its_last_status_and_announces_every_change_in_order() {
    use switchboard_storage::DialogStatus;
    for db in switchboard_storage::testing::all().await {
        let c = bot_connection(&db).await;
        for user in [7, 8, 9] {
            dialog(&db, c, user).await;
        }
        let before = db.dialogs().get(c, 9).await.unwrap().unwrap();
        let hook = |event: &str| Outgoing {
            url: "https://example.com/hook".into(),
            event_id: format!("evt_{event}"),
            event_type: event.into(),
            body: "{}".into(),
        };
        let status = |user, status, at, hooks| Record::Status {
            connection: c,
            user_id: user,
            status,
            at,
            hooks,
        };
        let mut records = vec![status(
            7,
            DialogStatus::SupportAnswered,
            10,
            vec![hook("dialog_status_changed")],
        )];
        records.push(Record::Link {
            link: link(c, 7, 1),
            answer: None,
            hooks: vec![hook("message_received")],
        });
        records.push(status(
            7,
            DialogStatus::UserAnswered,
            20,
            vec![hook("dialog_reopened")],
        ));
        records.push(status(8, DialogStatus::Closed, 30, Vec::new()));
        records.extend(user_message(c, 9, 2, 40));
        db.journal().write(records).await.unwrap();

        let d7 = db.dialogs().get(c, 7).await.unwrap().unwrap();
        assert_eq!(
            (d7.status, d7.status_since),
            (DialogStatus::UserAnswered, 20)
        );
        let d8 = db.dialogs().get(c, 8).await.unwrap().unwrap();
        assert_eq!((d8.status, d8.status_since), (DialogStatus::Closed, 30));
        let d9 = db.dialogs().get(c, 9).await.unwrap().unwrap();
        assert_eq!(
            (d9.status, d9.status_since, d9.messages_from_user),
            (before.status, before.status_since, 1),
            "counted, status untouched"
        );
        let queued: Vec<String> = db
            .webhooks()
            .pending(c, "https://example.com/hook", 10)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.event_type)
            .collect();
        assert_eq!(
            queued,
            [
                "dialog_status_changed",
                "message_received",
                "dialog_reopened"
            ]
        );
    }
}

/// On SQLite the journal writes through a connection of its own, which copies the write-ahead
/// log back into the database less often than SQLite's default (every 8,192 pages, 32 MiB): the
/// log must still be reused, not grow with every batch.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_write_ahead_log_is_checkpointed_while_the_journal_writes() {
    const BATCHES: i64 = 3_000; // some 55 MB of log pages if nothing copied them back
    let db = switchboard_storage::testing::sqlite().await;
    let c = bot_connection(&db).await;
    let users: Vec<i64> = (1..=50).collect();
    for user in &users {
        dialog(&db, c, *user).await;
    }
    let url = db.url();
    let file = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let wal = std::path::PathBuf::from(format!("{file}-wal"));
    for n in 0..BATCHES {
        let user = users[n as usize % users.len()];
        db.journal()
            .write(user_message(c, user, n, 1_000 + n))
            .await
            .unwrap();
    }
    let size = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert!(
        size < 40 * 1024 * 1024,
        "the write-ahead log is {size} bytes after {BATCHES} batches: nothing checkpoints it"
    );
    let mut counted = 0;
    for user in &users {
        counted += db
            .dialogs()
            .get(c, *user)
            .await
            .unwrap()
            .unwrap()
            .messages_from_user;
    }
    assert_eq!(counted, BATCHES);
}

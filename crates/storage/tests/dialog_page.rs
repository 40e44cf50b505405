//! The HTTP API's dialog listing, filtered and paged by the database (SQLite, and PostgreSQL under
//! CI): status, label in any case (and never as a LIKE pattern), "updated since", pages.

use switchboard_storage::{ConnectionKind, DialogQuery, DialogStatus, NewDialog};

#[tokio::test]
async fn dialogs_are_filtered_and_paged_by_the_database() {
    for db in switchboard_storage::testing::all().await {
        db.admins().ensure(1, "en").await.unwrap();
        let c = db
            .connections()
            .create(1, ConnectionKind::Bot)
            .await
            .unwrap()
            .id;
        let other = db
            .connections()
            .create(1, ConnectionKind::Bot)
            .await
            .unwrap()
            .id;
        for user in 1..=6 {
            for connection in [c, other] {
                db.dialogs()
                    .get_or_create(NewDialog {
                        connection_id: connection,
                        user_id: user,
                        display_name: format!("User {user}"),
                        username: None,
                        language: None,
                        start_param: None,
                    })
                    .await
                    .unwrap();
            }
        }
        db.dialogs()
            .set_labels(c, 2, &["VIP".into()])
            .await
            .unwrap();
        db.dialogs()
            .set_labels(c, 3, &["vipx".into(), "a_b".into()])
            .await
            .unwrap();
        db.dialogs()
            .set_labels(c, 4, &["axb".into()])
            .await
            .unwrap();
        db.dialogs()
            .set_status(c, 5, DialogStatus::Closed, 4_000_000_000)
            .await
            .unwrap();
        let users = async |query: DialogQuery| -> Vec<i64> {
            db.dialogs()
                .page(c, &query)
                .await
                .unwrap()
                .iter()
                .map(|d| d.user_id)
                .collect()
        };
        let all = DialogQuery {
            limit: 100,
            ..Default::default()
        };
        assert_eq!(
            users(all.clone()).await,
            [1, 2, 3, 4, 5, 6],
            "only this connection's"
        );
        assert_eq!(
            users(DialogQuery {
                label: Some("vip".into()),
                ..all.clone()
            })
            .await,
            [2],
            "a whole label, in any case"
        );
        assert_eq!(
            users(DialogQuery {
                label: Some("a_b".into()),
                ..all.clone()
            })
            .await,
            [3],
            "`_` is not a wildcard"
        );
        assert_eq!(
            users(DialogQuery {
                status: Some(DialogStatus::Closed),
                ..all.clone()
            })
            .await,
            [5]
        );
        assert_eq!(
            users(DialogQuery {
                updated_since: Some(3_999_999_999),
                ..all.clone()
            })
            .await,
            [5],
            "updated since: the status change counts"
        );
        let page = |offset| DialogQuery {
            offset,
            limit: 4,
            ..Default::default()
        };
        assert_eq!(users(page(0)).await, [1, 2, 3, 4]);
        assert_eq!(users(page(4)).await, [5, 6]);
    }
}

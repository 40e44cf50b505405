//! Every query of the storage contract, on SQLite and (with TEST_DATABASE_URL, always in CI)
//! PostgreSQL.

use sea_orm::{ConnectionTrait as _, EntityTrait as _, Statement};
use secrecy::ExposeSecret as _;
use switchboard_storage::params::{Autoclose, Param, ParamValue, Parameters};
use switchboard_storage::secret::{Sealer, SecretError, SecretKey};
use switchboard_storage::testing;
use switchboard_storage::{
    ConnectionId, ConnectionKind, ConnectionStatus, DialogStatus, Direction, Error, EventKind,
    Identity, NewDialog, PeerRow, SignIn, Storage,
};

const ADMIN: i64 = 1001;
const OTHER_ADMIN: i64 = 2002;

async fn signed_in_bot(db: &Storage, owner: i64, bot_id: i64) -> ConnectionId {
    db.admins().ensure(owner, "en").await.unwrap();
    let c = db
        .connections()
        .create(owner, ConnectionKind::Bot)
        .await
        .unwrap();
    db.connections()
        .store_sign_in(
            c.id,
            SignIn {
                identity: Identity {
                    tg_user_id: bot_id,
                    username: Some("shop_bot".into()),
                    title: "Shop".into(),
                },
                session: b"session-bytes",
                bot_token: Some("123456:AAH-token"),
            },
        )
        .await
        .unwrap();
    c.id
}

#[tokio::test]
async fn schema_is_created_and_migrating_again_does_nothing() {
    for db in testing::all().await {
        assert_eq!(db.migrate().await.unwrap(), 0, "{:?}", db.backend());
        assert_eq!(db.revision().current().await.unwrap(), 0);
    }
}

#[tokio::test]
async fn sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout() {
    let db = testing::sqlite().await;
    let conn = db.database();
    let pragma = |name: &'static str| async move {
        conn.query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("PRAGMA {name}"),
        ))
        .await
        .unwrap()
        .unwrap()
    };
    assert_eq!(
        pragma("journal_mode")
            .await
            .try_get_by_index::<String>(0)
            .unwrap(),
        "wal"
    );
    assert_eq!(
        pragma("foreign_keys")
            .await
            .try_get_by_index::<i64>(0)
            .unwrap(),
        1
    );
    assert_eq!(
        pragma("busy_timeout")
            .await
            .try_get_by_index::<i64>(0)
            .unwrap(),
        10_000
    );
}

#[tokio::test]
async fn sqlite_readers_do_not_queue_behind_an_open_write_transaction() {
    use sea_orm::TransactionTrait as _;
    let db = testing::sqlite().await;
    db.admins().ensure(ADMIN, "en").await.unwrap();
    let txn = db.database().begin().await.unwrap();
    txn.execute_unprepared("UPDATE admins SET language = 'de'")
        .await
        .unwrap();
    // With one pooled connection this read would wait for the transaction (and time out).
    let read =
        tokio::time::timeout(std::time::Duration::from_secs(5), db.admins().get(ADMIN)).await;
    assert_eq!(
        read.expect("a reader beside an open writer")
            .unwrap()
            .unwrap()
            .language,
        "en"
    );
    txn.commit().await.unwrap();
    assert_eq!(
        db.admins().get(ADMIN).await.unwrap().unwrap().language,
        "de"
    );
}

#[tokio::test]
async fn admins_keep_their_first_language_until_they_change_it() {
    for db in testing::all().await {
        let a = db.admins().ensure(ADMIN, "ru").await.unwrap();
        assert_eq!(a.language, "ru");
        assert_eq!(
            db.admins().ensure(ADMIN, "en").await.unwrap().language,
            "ru"
        );
        db.admins().set_language(ADMIN, "it").await.unwrap();
        assert_eq!(
            db.admins().get(ADMIN).await.unwrap().unwrap().language,
            "it"
        );
        assert!(matches!(
            db.admins().set_language(42, "it").await,
            Err(Error::NotFound { .. })
        ));
    }
}

#[test]
fn the_transition_table_allows_exactly_the_documented_moves() {
    use ConnectionStatus::*;
    let allowed = [
        (Linking, Active),
        (Linking, Stopped),
        (Linking, NeedsLogin),
        (Linking, Failed),
        (Active, Linking),
        (Active, Stopped),
        (Active, NeedsLogin),
        (Active, Failed),
        (Stopped, Linking),
        (Stopped, Active),
        (Stopped, NeedsLogin),
        (NeedsLogin, Linking),
        (NeedsLogin, Active),
        (NeedsLogin, Stopped),
        (Failed, Linking),
        (Failed, Active),
        (Failed, Stopped),
        (Failed, NeedsLogin),
    ];
    for from in ConnectionStatus::ALL {
        for to in ConnectionStatus::ALL {
            assert_eq!(
                from.can_become(to),
                allowed.contains(&(from, to)),
                "{from} -> {to}"
            );
        }
    }
}

#[tokio::test]
async fn connection_lifecycle_follows_the_transition_table() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 555).await;
        let conns = db.connections();
        let c = conns.get(id).await.unwrap().unwrap();
        assert_eq!(
            (c.status, c.signed_in, c.kind),
            (ConnectionStatus::Linking, true, ConnectionKind::Bot)
        );
        assert_eq!(
            c.identity.as_ref().unwrap().username.as_deref(),
            Some("shop_bot")
        );

        // Start needs a stopped or failed connection: refused, and nothing changes.
        let err = conns.start(id).await.unwrap_err();
        assert!(
            matches!(
                err,
                Error::IllegalTransition {
                    from: ConnectionStatus::Linking,
                    to: ConnectionStatus::Linking,
                    ..
                }
            ),
            "{err}"
        );

        let linked = conns.link_backend(id, -100_777).await.unwrap();
        assert_eq!(
            (linked.status, linked.backend_chat_id),
            (ConnectionStatus::Active, Some(-100_777))
        );
        let stopped = conns.stop(id).await.unwrap();
        assert_eq!(stopped.status, ConnectionStatus::Stopped);
        // A stopped connection cannot be linked or failed.
        assert!(matches!(
            conns.link_backend(id, -1).await,
            Err(Error::IllegalTransition { .. })
        ));
        assert!(matches!(
            conns.mark_failed(id, "x").await,
            Err(Error::IllegalTransition { .. })
        ));
        assert_eq!(
            conns.get(id).await.unwrap().unwrap().backend_chat_id,
            Some(-100_777)
        );
        assert_eq!(
            conns.start(id).await.unwrap().status,
            ConnectionStatus::Active
        );

        let failed = conns.mark_failed(id, "flood wait too long").await.unwrap();
        assert_eq!(failed.status_reason.as_deref(), Some("flood wait too long"));
        assert_eq!(
            conns.start(id).await.unwrap().status,
            ConnectionStatus::Active
        );

        let old_code = conns.get(id).await.unwrap().unwrap().link_code;
        let changing = conns.change_group(id).await.unwrap();
        assert_eq!(changing.status, ConnectionStatus::Linking);
        assert_ne!(
            changing.link_code, old_code,
            "a new link code for the new group"
        );
        assert_eq!(
            changing.backend_chat_id,
            Some(-100_777),
            "the old group keeps working meanwhile"
        );
        assert_eq!(
            conns
                .find_by_link_code(&changing.link_code)
                .await
                .unwrap()
                .unwrap()
                .id,
            id
        );
        assert!(conns.find_by_link_code(&old_code).await.unwrap().is_none());

        let revoked = conns
            .mark_needs_login(id, "AUTH_KEY_UNREGISTERED")
            .await
            .unwrap();
        assert_eq!(
            (revoked.status, revoked.signed_in),
            (ConnectionStatus::NeedsLogin, false)
        );
        assert!(
            conns.session(id).await.unwrap().is_none(),
            "a revoked session is not kept"
        );
        assert!(matches!(
            conns.start(id).await,
            Err(Error::IllegalTransition { .. })
        ));
    }
}

#[tokio::test]
async fn relogin_must_be_the_same_identity_and_restores_the_status() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 555).await;
        db.connections().link_backend(id, -100).await.unwrap();
        db.connections()
            .mark_needs_login(id, "revoked")
            .await
            .unwrap();
        let other = SignIn {
            identity: Identity {
                tg_user_id: 999,
                username: None,
                title: "Other".into(),
            },
            session: b"s2",
            bot_token: None,
        };
        assert!(matches!(
            db.connections().store_sign_in(id, other).await,
            Err(Error::DifferentIdentity { .. })
        ));
        let same = SignIn {
            identity: Identity {
                tg_user_id: 555,
                username: Some("shop_bot".into()),
                title: "Shop".into(),
            },
            session: b"fresh-session",
            bot_token: Some("123456:AAH-new"),
        };
        let c = db.connections().store_sign_in(id, same).await.unwrap();
        assert_eq!((c.status, c.signed_in), (ConnectionStatus::Active, true));
        assert_eq!(
            db.connections()
                .session(id)
                .await
                .unwrap()
                .unwrap()
                .expose_secret()
                .as_slice(),
            b"fresh-session"
        );
        assert_eq!(
            db.connections()
                .bot_token(id)
                .await
                .unwrap()
                .unwrap()
                .expose_secret(),
            "123456:AAH-new"
        );
    }
}

#[tokio::test]
async fn one_live_connection_per_identity() {
    for db in testing::all().await {
        let first = signed_in_bot(&db, ADMIN, 555).await;
        db.admins().ensure(OTHER_ADMIN, "en").await.unwrap();
        let second = db
            .connections()
            .create(OTHER_ADMIN, ConnectionKind::Bot)
            .await
            .unwrap();
        let err = db
            .connections()
            .store_sign_in(
                second.id,
                SignIn {
                    identity: Identity {
                        tg_user_id: 555,
                        username: None,
                        title: "x".into(),
                    },
                    session: b"s",
                    bot_token: None,
                },
            )
            .await
            .unwrap_err();
        match err {
            Error::AlreadyConnected { existing, owner_id } => {
                assert_eq!((existing, owner_id), (first, ADMIN))
            }
            other => panic!("{other}"),
        }
        // The same id as an *account* is a different identity.
        let account = db
            .connections()
            .create(OTHER_ADMIN, ConnectionKind::Account)
            .await
            .unwrap();
        db.connections()
            .store_sign_in(
                account.id,
                SignIn {
                    identity: Identity {
                        tg_user_id: 555,
                        username: None,
                        title: "x".into(),
                    },
                    session: b"s",
                    bot_token: None,
                },
            )
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn owners_see_only_their_own_connections() {
    for db in testing::all().await {
        let mine = signed_in_bot(&db, ADMIN, 1).await;
        let theirs = signed_in_bot(&db, OTHER_ADMIN, 2).await;
        let listed: Vec<_> = db
            .connections()
            .list_owned(ADMIN)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect();
        assert_eq!(listed, vec![mine]);
        assert!(
            db.connections()
                .get_owned(theirs, ADMIN)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            db.connections()
                .get_owned(mine, ADMIN)
                .await
                .unwrap()
                .is_some()
        );
        assert_eq!(db.connections().list_all().await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn revision_moves_with_every_change_a_relay_must_notice() {
    for db in testing::all().await {
        let rev = db.revision();
        let r0 = rev.current().await.unwrap();
        assert_eq!(rev.changed_since(r0).await.unwrap(), None);
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let r1 = rev
            .changed_since(r0)
            .await
            .unwrap()
            .expect("create and sign-in are changes");
        let changed = db.connections().changed_since(r0).await.unwrap();
        assert_eq!(changed.iter().map(|c| c.id).collect::<Vec<_>>(), vec![id]);
        assert!(db.connections().changed_since(r1).await.unwrap().is_empty());

        db.parameters()
            .set(id, &ParamValue::Autoclose(Autoclose::After(5)))
            .await
            .unwrap();
        let r2 = rev
            .changed_since(r1)
            .await
            .unwrap()
            .expect("a parameter change is a change");
        assert_eq!(
            db.connections().get(id).await.unwrap().unwrap().revision,
            r2
        );

        db.parameters().reset(id, Param::Autoclose).await.unwrap();
        let r3 = rev
            .changed_since(r2)
            .await
            .unwrap()
            .expect("a reset is a change");

        // Neither a session save nor a lease renewal is a change relays must react to.
        db.connections().save_session(id, b"new").await.unwrap();
        db.connections()
            .claim_lease(id, "relay-a", 100, 15)
            .await
            .unwrap();
        assert_eq!(rev.changed_since(r3).await.unwrap(), None);

        // A refused transition leaves the revision where it was.
        assert!(db.connections().start(id).await.is_err());
        assert_eq!(rev.changed_since(r3).await.unwrap(), None);

        db.connections().delete(id).await.unwrap();
        assert!(
            rev.changed_since(r3).await.unwrap().is_some(),
            "a deletion is a change"
        );
    }
}

#[tokio::test]
async fn parameters_round_trip_through_the_database() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        assert_eq!(
            db.parameters().load(id).await.unwrap(),
            Parameters::default()
        );
        let inputs = [
            (Param::Welcome, "Hello {name}! <b>We</b> answer fast."),
            (
                Param::PrivateKeywords,
                r#""help", ["refund","order"], ["price","~spam"]"#,
            ),
            (Param::IgnoreChats, "777000, 42"),
            (Param::HideInfo, "name"),
            (Param::IconColor, "red"),
            (Param::LeaveClosed, "yes"),
        ];
        let mut expected = Parameters::default();
        for (param, text) in inputs {
            let value = param.parse(text).unwrap();
            db.parameters().set(id, &value).await.unwrap();
            expected.set(value);
        }
        let loaded = db.parameters().load(id).await.unwrap();
        assert_eq!(loaded, expected);
        assert!(
            loaded.private_keywords.admits("I need HELP")
                && !loaded.private_keywords.admits("price spam")
        );
        assert_eq!(
            db.parameters().explicitly_set(id).await.unwrap(),
            vec![
                Param::Welcome,
                Param::PrivateKeywords,
                Param::HideInfo,
                Param::IgnoreChats,
                Param::LeaveClosed,
                Param::IconColor
            ]
        );
        // Setting again overwrites; reset restores the default.
        db.parameters()
            .set(id, &ParamValue::LeaveClosed(false))
            .await
            .unwrap();
        db.parameters().reset(id, Param::IconColor).await.unwrap();
        let loaded = db.parameters().load(id).await.unwrap();
        assert!(!loaded.leave_closed);
        assert_eq!(loaded.icon_color, Parameters::default().icon_color);
        assert!(matches!(
            db.parameters()
                .set(ConnectionId(99_999), &ParamValue::LeaveClosed(true))
                .await,
            Err(Error::NotFound { .. })
        ));
    }
}

#[tokio::test]
async fn secrets_are_sealed_at_rest_and_bound_to_their_row() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let row = switchboard_storage_entity_row(&db, id).await;
        let (session, token) = (row.0.unwrap(), row.1.unwrap());
        for (sealed, plain) in [
            (&session, &b"session-bytes"[..]),
            (&token, &b"123456:AAH-token"[..]),
        ] {
            assert!(
                !sealed.windows(plain.len()).any(|w| w == plain),
                "plaintext stored in the clear"
            );
            assert!(
                !sealed.windows(6).any(|w| plain.windows(6).any(|p| p == w)),
                "a run of the plaintext leaked"
            );
        }
        assert_eq!(
            db.connections()
                .session(id)
                .await
                .unwrap()
                .unwrap()
                .expose_secret()
                .as_slice(),
            b"session-bytes"
        );

        // The sealed session of one connection does not open as another's.
        let other = signed_in_bot(&db, ADMIN, 8).await;
        db.database()
            .execute_raw(Statement::from_sql_and_values(
                db.database().get_database_backend(),
                match db.backend() {
                    switchboard_storage::Backend::Sqlite => {
                        "UPDATE connections SET session = ? WHERE id = ?"
                    }
                    switchboard_storage::Backend::Postgres => {
                        "UPDATE connections SET session = $1 WHERE id = $2"
                    }
                },
                [session.into(), other.0.into()],
            ))
            .await
            .unwrap();
        let err = db.connections().session(other).await.unwrap_err();
        assert!(
            matches!(err, Error::Secret(SecretError::Tampered { .. })),
            "{err}"
        );
        assert!(err.to_string().contains("SWITCHBOARD_SECRET_KEY"), "{err}");
    }
}

async fn switchboard_storage_entity_row(
    db: &Storage,
    id: ConnectionId,
) -> (Option<Vec<u8>>, Option<Vec<u8>>) {
    let backend = db.database().get_database_backend();
    let row = db
        .database()
        .query_one_raw(Statement::from_string(
            backend,
            format!(
                "SELECT session, bot_token FROM connections WHERE id = {}",
                id.0
            ),
        ))
        .await
        .unwrap()
        .unwrap();
    (
        row.try_get("", "session").unwrap(),
        row.try_get("", "bot_token").unwrap(),
    )
}

#[tokio::test]
async fn a_wrong_key_is_refused_at_open_with_the_setting_named() {
    for db in testing::all().await {
        signed_in_bot(&db, ADMIN, 7).await;
        let wrong = Sealer::new(
            SecretKey::generate(),
            "SWITCHBOARD_SECRET_KEY_FILE (/etc/switchboard/key)",
        );
        let err = Storage::open(&db.url(), wrong).await.unwrap_err();
        assert!(
            matches!(err, Error::Secret(SecretError::WrongKey { .. })),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "SWITCHBOARD_SECRET_KEY_FILE (/etc/switchboard/key) does not open the secrets stored in this database: it is not the key they were sealed with"
        );
    }
}

#[tokio::test]
async fn relay_events_reach_the_admin_once() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        db.connections().link_backend(id, -1_005).await.unwrap();
        db.connections()
            .mark_needs_login(id, "AUTH_KEY_UNREGISTERED")
            .await
            .unwrap();
        db.events()
            .emit(
                id,
                EventKind::LinkRefused,
                serde_json::json!({"missing": ["manage_topics"]}),
            )
            .await
            .unwrap();
        let events = db.events().undelivered(10).await.unwrap();
        let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                EventKind::Linked,
                EventKind::NeedsLogin,
                EventKind::LinkRefused
            ]
        );
        assert!(
            events
                .iter()
                .all(|e| e.owner_id == ADMIN && e.connection_id == id)
        );
        assert_eq!(events[0].payload["chat_id"], -1_005);
        assert_eq!(events[1].payload["reason"], "AUTH_KEY_UNREGISTERED");
        assert!(db.events().mark_delivered(events[0].id, 10).await.unwrap());
        assert!(
            !db.events().mark_delivered(events[0].id, 11).await.unwrap(),
            "delivered once"
        );
        assert_eq!(db.events().undelivered(10).await.unwrap().len(), 2);
        // A refused transition emits nothing.
        assert!(db.connections().mark_failed(id, "x").await.is_err());
        assert_eq!(db.events().undelivered(10).await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn deleting_a_connection_removes_everything_that_hangs_off_it() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let keep = signed_in_bot(&db, ADMIN, 8).await;
        for c in [id, keep] {
            db.parameters()
                .set(c, &ParamValue::AutoInfo(true))
                .await
                .unwrap();
            db.peers()
                .upsert(
                    c,
                    &[PeerRow {
                        peer_id: 5,
                        kind: "user".into(),
                        access_hash: Some(1),
                        username: None,
                        data: None,
                    }],
                )
                .await
                .unwrap();
            db.dialogs().get_or_create(new_dialog(c, 5)).await.unwrap();
            db.message_links()
                .record(c, 5, 1, 2, Direction::In)
                .await
                .unwrap();
            db.events()
                .emit(c, EventKind::Failed, serde_json::json!({}))
                .await
                .unwrap();
        }
        let deleted = db.connections().delete(id).await.unwrap();
        assert_eq!(deleted.id, id);
        assert!(db.connections().get(id).await.unwrap().is_none());
        assert_eq!(db.peers().count(id).await.unwrap(), 0);
        assert_eq!(db.dialogs().count(id).await.unwrap(), 0);
        assert!(
            db.message_links()
                .by_group_message(id, 2)
                .await
                .unwrap()
                .is_none()
        );
        assert!(
            db.events()
                .undelivered(10)
                .await
                .unwrap()
                .iter()
                .all(|e| e.connection_id == keep)
        );
        assert!(!db.parameters().load(id).await.unwrap().auto_info);
        // The other connection is untouched.
        assert!(db.parameters().load(keep).await.unwrap().auto_info);
        assert_eq!(db.dialogs().count(keep).await.unwrap(), 1);
        assert!(matches!(
            db.connections().delete(id).await,
            Err(Error::NotFound { .. })
        ));
    }
}

fn new_dialog(connection: ConnectionId, user_id: i64) -> NewDialog {
    NewDialog {
        connection_id: connection,
        user_id,
        display_name: format!("User {user_id}"),
        username: Some(format!("user{user_id}")),
        language: Some("de".into()),
        start_param: Some("promo".into()),
    }
}

#[tokio::test]
async fn two_racing_first_messages_make_one_dialog() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let (first, second) = (db.dialogs(), db.dialogs());
        let (a, b) = tokio::join!(
            first.get_or_create(new_dialog(id, 42)),
            second.get_or_create(new_dialog(id, 42))
        );
        let ((da, ca), (db_, cb)) = (a.unwrap(), b.unwrap());
        assert_eq!(da, db_);
        assert!(ca ^ cb, "exactly one call creates the dialog");
        assert_eq!(db.dialogs().count(id).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn dialogs_track_topics_states_counts_and_labels() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let dialogs = db.dialogs();
        let (d, created) = dialogs.get_or_create(new_dialog(id, 42)).await.unwrap();
        assert!(created);
        assert_eq!(
            (d.status, d.topic_id, d.start_param.as_deref()),
            (DialogStatus::UserAnswered, None, Some("promo"))
        );
        dialogs.set_topic(id, 42, Some(900)).await.unwrap();
        assert_eq!(
            dialogs.by_topic(id, 900).await.unwrap().unwrap().user_id,
            42
        );
        // One topic belongs to one dialog.
        dialogs.get_or_create(new_dialog(id, 43)).await.unwrap();
        assert!(dialogs.set_topic(id, 43, Some(900)).await.is_err());

        // Counters are written through the journal, as the relay writes them.
        for (at, record) in [(1_000, true), (1_001, true), (1_002, false)] {
            let record = if record {
                switchboard_storage::Record::UserMessage {
                    connection: id,
                    user_id: 42,
                    at,
                }
            } else {
                switchboard_storage::Record::OperatorMessage {
                    connection: id,
                    user_id: 42,
                    at,
                }
            };
            db.journal().write(vec![record]).await.unwrap();
        }
        dialogs
            .set_status(id, 42, DialogStatus::SupportAnswered, 1_002)
            .await
            .unwrap();
        dialogs
            .set_status(id, 43, DialogStatus::SupportAnswered, 5_000)
            .await
            .unwrap();
        dialogs
            .set_labels(id, 42, &["vip".into(), "refund".into()])
            .await
            .unwrap();
        dialogs.set_banned(id, 42, true).await.unwrap();
        dialogs
            .update_profile(id, 42, "Anna K", Some("anna"), Some("it"))
            .await
            .unwrap();
        let d = dialogs.get(id, 42).await.unwrap().unwrap();
        assert_eq!((d.messages_from_user, d.messages_from_operators), (2, 1));
        assert_eq!(
            (d.last_user_at, d.last_operator_at),
            (Some(1_001), Some(1_002))
        );
        assert_eq!(d.labels, vec!["vip".to_string(), "refund".to_string()]);
        assert!(d.banned);
        assert_eq!(
            (d.display_name.as_str(), d.language.as_deref()),
            ("Anna K", Some("it"))
        );
        assert_eq!(DialogStatus::SupportAnswered.mark(), "🟨");

        let due: Vec<_> = dialogs
            .support_answered_before(id, 2_000)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.user_id)
            .collect();
        assert_eq!(due, vec![42]);
        dialogs.set_topic(id, 42, None).await.unwrap();
        assert!(dialogs.by_topic(id, 900).await.unwrap().is_none());
        assert!(matches!(
            dialogs.set_banned(id, 7777, true).await,
            Err(Error::NotFound { .. })
        ));
    }
}

#[tokio::test]
async fn message_links_map_both_ways_and_replays_are_idempotent() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let links = db.message_links();
        assert!(links.record(id, 42, 10, 500, Direction::In).await.unwrap());
        assert!(
            !links.record(id, 42, 10, 500, Direction::In).await.unwrap(),
            "a replay records nothing"
        );
        assert!(
            !links.record(id, 42, 10, 501, Direction::In).await.unwrap(),
            "the user side is taken"
        );
        assert!(
            !links.record(id, 43, 11, 500, Direction::Out).await.unwrap(),
            "the group side is taken"
        );
        assert!(
            links
                .record(id, 42, 11, 501, Direction::Intercepted)
                .await
                .unwrap()
        );
        assert_eq!(
            links
                .by_user_message(id, 42, 10)
                .await
                .unwrap()
                .unwrap()
                .group_msg_id,
            500
        );
        let back = links.by_group_message(id, 501).await.unwrap().unwrap();
        assert_eq!(
            (back.user_id, back.user_msg_id, back.direction),
            (42, 11, Direction::Intercepted)
        );
        assert_eq!(links.forget_dialog(id, 42).await.unwrap(), 2);
        assert!(links.by_group_message(id, 500).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn peers_are_rows_that_grow_and_refresh() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let rows: Vec<_> = (1..=50)
            .map(|n| PeerRow {
                peer_id: n,
                kind: "user".into(),
                access_hash: Some(n * 10),
                username: Some(format!("u{n}")),
                data: None,
            })
            .collect();
        db.peers().upsert(id, &rows).await.unwrap();
        db.peers()
            .upsert(
                id,
                &[PeerRow {
                    peer_id: 3,
                    kind: "user".into(),
                    access_hash: Some(99),
                    username: Some("renamed".into()),
                    data: Some("{}".into()),
                }],
            )
            .await
            .unwrap();
        assert_eq!(db.peers().count(id).await.unwrap(), 50);
        assert_eq!(
            db.peers().get(id, 3).await.unwrap().unwrap().access_hash,
            Some(99)
        );
        assert_eq!(
            db.peers()
                .find_by_username(id, "@Renamed")
                .await
                .unwrap()
                .unwrap()
                .peer_id,
            3
        );
        assert!(db.peers().get(id, 51).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn dialogue_states_are_kept_per_chat() {
    for db in testing::all().await {
        let states = db.dialogue_states();
        assert_eq!(states.get(5).await.unwrap(), None);
        states.set(5, r#"{"AwaitingToken":{}}"#).await.unwrap();
        states.set(5, r#""Idle""#).await.unwrap();
        states.set(6, r#""Other""#).await.unwrap();
        assert_eq!(states.get(5).await.unwrap().as_deref(), Some(r#""Idle""#));
        assert!(states.remove(5).await.unwrap());
        assert!(!states.remove(5).await.unwrap());
        assert_eq!(states.get(6).await.unwrap().as_deref(), Some(r#""Other""#));
    }
}

#[tokio::test]
async fn leases_go_to_one_relay_at_a_time_and_expire() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let conns = db.connections();
        assert!(conns.claim_lease(id, "relay-a", 1_000, 15).await.unwrap());
        assert!(
            !conns.claim_lease(id, "relay-b", 1_010, 15).await.unwrap(),
            "held by a live relay"
        );
        assert!(
            conns.claim_lease(id, "relay-a", 1_010, 15).await.unwrap(),
            "the holder renews"
        );
        assert!(
            conns.claim_lease(id, "relay-b", 1_026, 15).await.unwrap(),
            "expired, so it moves"
        );
        let c = conns.get(id).await.unwrap().unwrap();
        assert_eq!(
            (c.lease_owner.as_deref(), c.lease_until),
            (Some("relay-b"), Some(1_041))
        );
        conns.release_lease(id, "relay-a").await.unwrap();
        assert_eq!(
            conns.get(id).await.unwrap().unwrap().lease_owner.as_deref(),
            Some("relay-b"),
            "only the holder releases"
        );
        conns.release_lease(id, "relay-b").await.unwrap();
        assert!(conns.claim_lease(id, "relay-c", 1_027, 15).await.unwrap());
    }
}

#[tokio::test]
async fn the_entities_match_the_migrated_schema() {
    // Reading every table through its entity catches a column the migration and entity disagree on.
    use entities_probe as probe;
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        db.dialogs().get_or_create(new_dialog(id, 1)).await.unwrap();
        probe::read_all(&db).await;
    }
}

mod entities_probe {
    pub async fn read_all(db: &switchboard_storage::Storage) {
        // The public API reads each table; any schema mismatch fails here with a decode error.
        let id = db.connections().list_all().await.unwrap()[0].id;
        db.admins().get(super::ADMIN).await.unwrap().unwrap();
        db.dialogs().list(id).await.unwrap();
        db.parameters().load(id).await.unwrap();
        db.events().undelivered(1).await.unwrap();
        db.peers().get(id, 1).await.unwrap();
        db.dialogue_states().get(1).await.unwrap();
        db.message_links().by_group_message(id, 1).await.unwrap();
    }
}

mod sea_orm_probe {
    pub use sea_orm::entity::prelude::*;
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "meta")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        pub value: String,
    }
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}
    impl ActiveModelBehavior for ActiveModel {}
}

#[tokio::test]
async fn the_key_check_is_written_once() {
    for db in testing::all().await {
        let rows = sea_orm_probe::Entity::find()
            .all(db.database())
            .await
            .unwrap();
        // `meta` also holds when analytics began recording (m0006).
        let checks: Vec<_> = rows
            .iter()
            .filter(|r| r.key == "secret_key_check")
            .collect();
        assert_eq!(checks.len(), 1);
        assert!(
            rows.iter()
                .all(|r| ["secret_key_check", "analytics_since"].contains(&r.key.as_str()))
        );
    }
}

#[tokio::test]
async fn a_refused_write_leaves_no_lock_behind() {
    // Each refusal happens inside a write transaction that already took the change counter's row;
    // the next writer must not wait for it (storage rolls back explicitly rather than relying on
    // the pool to do it when the connection is next used).
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let missing = ConnectionId(424_242);
        assert!(
            db.parameters()
                .set(missing, &ParamValue::AutoInfo(true))
                .await
                .is_err()
        );
        assert!(
            db.parameters()
                .reset(missing, Param::AutoInfo)
                .await
                .is_err()
        );
        assert!(db.connections().delete(missing).await.is_err());
        assert!(db.connections().start(id).await.is_err());
        let next = tokio::time::timeout(std::time::Duration::from_secs(5), async {
            for _ in 0..4 {
                db.parameters()
                    .set(id, &ParamValue::AutoInfo(true))
                    .await
                    .unwrap();
            }
        });
        next.await.unwrap_or_else(|_| {
            panic!(
                "{:?}: a writer waited behind a refused transaction",
                db.backend()
            )
        });
    }
}

#[tokio::test]
async fn an_account_can_ask_for_a_new_group_and_linking_clears_the_request() {
    for db in testing::all().await {
        let bot = signed_in_bot(&db, ADMIN, 7).await;
        assert!(
            matches!(
                db.connections().request_new_group(bot, "Support").await,
                Err(Error::IllegalTransition { .. })
            ),
            "bots cannot"
        );
        let account = db
            .connections()
            .create(ADMIN, ConnectionKind::Account)
            .await
            .unwrap();
        db.connections()
            .store_sign_in(
                account.id,
                SignIn {
                    identity: Identity {
                        tg_user_id: 8,
                        username: None,
                        title: "Desk".into(),
                    },
                    session: b"s",
                    bot_token: None,
                },
            )
            .await
            .unwrap();
        let before = db.revision().current().await.unwrap();
        let c = db
            .connections()
            .request_new_group(account.id, "  Shop support  ")
            .await
            .unwrap();
        assert_eq!(c.new_group_title.as_deref(), Some("Shop support"));
        assert!(
            db.revision().changed_since(before).await.unwrap().is_some(),
            "the relay notices"
        );
        let linked = db
            .connections()
            .link_backend(account.id, -10_042)
            .await
            .unwrap();
        assert_eq!(linked.new_group_title, None);
    }
}

#[tokio::test]
async fn handled_updates_are_recorded_once_and_pruned() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 7).await;
        let handled = db.handled_updates();
        assert!(!handled.contains(id, -100, 5).await.unwrap());
        assert!(handled.record(id, -100, 5).await.unwrap());
        assert!(!handled.record(id, -100, 5).await.unwrap(), "once");
        assert!(handled.contains(id, -100, 5).await.unwrap());
        assert!(!handled.contains(id, -100, 6).await.unwrap());
        assert_eq!(handled.prune(id, storage_now() + 10).await.unwrap(), 1);
        assert!(!handled.contains(id, -100, 5).await.unwrap());
    }
}

fn storage_now() -> i64 {
    switchboard_storage::now()
}

#[tokio::test]
async fn broadcast_recipients_are_claimed_once_and_settled_once() {
    use switchboard_storage::{BroadcastAudience, BroadcastStatus, NewBroadcast, RecipientStatus};
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 77).await;
        let b = db
            .broadcasts()
            .create(NewBroadcast {
                connection_id: id,
                source_chat_id: -100,
                source_msg_ids: vec![5, 6],
                audience: BroadcastAudience::List(vec![1, 2, 3]),
                created_by: ADMIN,
            })
            .await
            .unwrap();
        assert_eq!(b.status, BroadcastStatus::Draft);
        assert_eq!(b.source_msg_ids, [5, 6]);
        assert_eq!(b.audience, BroadcastAudience::List(vec![1, 2, 3]));
        let users: Vec<i64> = (1..=1_200).collect();
        assert!(db.broadcasts().start(b.id, &users).await.unwrap());
        assert!(
            !db.broadcasts().start(b.id, &users).await.unwrap(),
            "started once"
        );
        assert!(
            !db.broadcasts()
                .set_audience(b.id, &BroadcastAudience::All)
                .await
                .unwrap(),
            "the audience is fixed once running"
        );
        assert_eq!(db.broadcasts().tally(b.id).await.unwrap().pending, 1_200);
        assert_eq!(db.broadcasts().pending(b.id, 3).await.unwrap(), [1, 2, 3]);
        assert!(db.broadcasts().claim(b.id, 1).await.unwrap());
        assert!(
            !db.broadcasts().claim(b.id, 1).await.unwrap(),
            "claimed once"
        );
        assert!(db.broadcasts().claim(b.id, 2).await.unwrap());
        assert!(
            db.broadcasts()
                .settle(b.id, 1, RecipientStatus::Sent, None)
                .await
                .unwrap()
        );
        assert!(
            !db.broadcasts()
                .settle(b.id, 1, RecipientStatus::Failed, Some("late"))
                .await
                .unwrap(),
            "settled once"
        );
        let in_flight = db.broadcasts().in_flight(b.id).await.unwrap();
        assert_eq!(in_flight.iter().map(|(u, _)| *u).collect::<Vec<_>>(), [2]);
        let tally = db.broadcasts().tally(b.id).await.unwrap();
        assert_eq!((tally.sent, tally.sending, tally.left()), (1, 1, 1_199));
        assert!(
            db.broadcasts()
                .transition(
                    b.id,
                    &[BroadcastStatus::Running],
                    BroadcastStatus::Cancelled
                )
                .await
                .unwrap()
        );
        let b = db.broadcasts().get(b.id).await.unwrap().unwrap();
        assert!(b.finished_at.is_some());
        assert!(db.broadcasts().unfinished(id).await.unwrap().is_none());
        assert_eq!(db.broadcasts().recipients(b.id).await.unwrap().len(), 1_200);
    }
}

#[tokio::test]
async fn labels_made_before_m0007_are_numbered_in_the_order_they_listed_in() {
    use migrations::MigratorTrait as _;
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 79).await;
        let conn = db.database();
        // Back to just before m0007, however many came after it.
        let after = migrations::Migrator::migrations()
            .iter()
            .rev()
            .position(|m| m.name().starts_with("m0007"))
            .unwrap();
        migrations::Migrator::down(conn, Some(after as u32 + 1))
            .await
            .unwrap();
        for (name, created_at) in [("b", 20), ("c", 10), ("a", 20)] {
            conn.execute_unprepared(&format!(
                "INSERT INTO labels (connection_id, name, removes, created_at) \
                 VALUES ({}, '{name}', '[]', {created_at})",
                id.0
            ))
            .await
            .unwrap();
        }
        migrations::Migrator::up(conn, None).await.unwrap();
        let names: Vec<String> = db
            .labels()
            .list(id)
            .await
            .unwrap()
            .into_iter()
            .map(|l| l.name)
            .collect();
        assert_eq!(names, ["c", "a", "b"], "{:?}", db.backend());
        assert!(db.labels().create(id, "new").await.unwrap());
        assert_eq!(db.labels().list(id).await.unwrap()[3].name, "new");
    }
}

#[tokio::test]
async fn labels_rename_and_delete_everywhere_in_one_go() {
    for db in testing::all().await {
        let id = signed_in_bot(&db, ADMIN, 78).await;
        for name in ["VIP", "todo", "done"] {
            assert!(db.labels().create(id, name).await.unwrap());
        }
        assert!(!db.labels().create(id, "VIP").await.unwrap());
        db.labels().set_ticker(id, "VIP", Some("⭐")).await.unwrap();
        db.labels()
            .set_removes(id, "done", &["todo".into(), "VIP".into()])
            .await
            .unwrap();
        for user in [1, 2] {
            db.dialogs()
                .get_or_create(NewDialog {
                    connection_id: id,
                    user_id: user,
                    display_name: "U".into(),
                    username: None,
                    language: None,
                    start_param: None,
                })
                .await
                .unwrap();
        }
        db.dialogs()
            .set_labels(id, 1, &["VIP".into(), "todo".into()])
            .await
            .unwrap();
        let changed = db.labels().rename(id, "VIP", "Gold").await.unwrap();
        assert_eq!(changed, [1]);
        let labels = db.labels().list(id).await.unwrap();
        // In the order they were made (all within a second), a rename keeping the place.
        let names: Vec<&str> = labels.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["Gold", "todo", "done"]);
        let gold = labels.iter().find(|l| l.name == "Gold").unwrap();
        assert_eq!(gold.ticker.as_deref(), Some("⭐"));
        let done = labels.iter().find(|l| l.name == "done").unwrap();
        assert_eq!(done.removes, ["todo", "Gold"]);
        let d = db.dialogs().get(id, 1).await.unwrap().unwrap();
        assert_eq!(d.labels, ["Gold", "todo"]);
        assert_eq!(db.labels().delete(id, "todo").await.unwrap(), [1]);
        assert_eq!(
            db.dialogs().get(id, 1).await.unwrap().unwrap().labels,
            ["Gold"]
        );
        let done = db.labels().list(id).await.unwrap();
        assert_eq!(
            done.iter().find(|l| l.name == "done").unwrap().removes,
            ["Gold"]
        );
        assert!(matches!(
            db.labels().delete(id, "todo").await,
            Err(Error::NotFound { .. })
        ));
    }
}

//! Faults that must lose nothing and double nothing: every message sent by users is counted and
//! must arrive exactly once, in order per dialog. Each runs through both edges (the simulated
//! gateway, and the real grammers client over MTProto) on every database.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::{Telegram, eventually};
use switchboard_relay::gateway::GatewayError;
use switchboard_relay::supervisor::{Supervisor, SupervisorOptions};
use telegram_sim::World;
use tokio_util::sync::CancellationToken;

fn options(relay: &str) -> SupervisorOptions {
    common::options(relay, Duration::from_secs(2), Duration::from_millis(150))
}

/// A relay on `storage`, reaching Telegram through `telegram`.
fn supervisor(telegram: &Telegram, storage: &storage::Storage, relay: &str) -> Supervisor {
    Supervisor::new(storage.clone(), telegram.factory(storage), options(relay))
}

/// No welcome: the topics show only what users and operators wrote.
async fn welcome_off(db: &storage::Storage, connection: storage::ConnectionId) {
    db.parameters()
        .set(
            connection,
            &storage::params::Param::Welcome.parse("OFF").unwrap(),
        )
        .await
        .unwrap();
}

/// A runtime of its own for a relay to kill like a process (`shutdown_background`), built on
/// another thread (a runtime cannot be built inside the test's).
fn killable_runtime() -> tokio::runtime::Runtime {
    std::thread::spawn(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap()
    })
    .join()
    .unwrap()
}

/// A bot linked to a forum group, WELCOME off, with the first relay ("relay-1") running on a
/// runtime of its own with its own pool, so it can be killed like a process
/// (`shutdown_background`).
struct KillableDesk {
    world: World,
    group: i64,
    telegram: Telegram,
    bot: i64,
    connection: storage::ConnectionId,
    first: tokio::runtime::Runtime,
}

async fn killable_desk(edge: common::Edge, db: &storage::testing::TestDb) -> KillableDesk {
    let world = World::new();
    let admin = world.add_user("Boss", None, None, Some("en"));
    let group = world.create_group(admin, "Support", true);
    let mut telegram = Telegram::start(edge, &world).await;
    let linked = telegram.linked_bot(db, admin, group, "Shop").await;
    welcome_off(db, linked.connection).await;
    let first = killable_runtime();
    let first_storage = first.spawn(db.another_process()).await.unwrap().unwrap();
    first.spawn(supervisor(&telegram, &first_storage, "relay-1").run(CancellationToken::new()));
    KillableDesk {
        world,
        group,
        telegram,
        bot: linked.bot,
        connection: linked.connection,
        first,
    }
}

/// The user a topic is about: its title without the status mark in front (which changes as
/// operators answer and users write).
fn user_of(title: &str) -> &str {
    title.split_once(' ').map_or(title, |(_, name)| name)
}

/// What each user's topic shows (by user name), in order.
fn topic_texts(world: &World, group: i64, bot: i64) -> HashMap<String, Vec<String>> {
    world
        .topics(group)
        .into_iter()
        .map(|t| {
            let copies = world
                .topic_messages(group, t.id)
                .into_iter()
                .filter(|m| m.from == bot)
                .map(|m| m.text);
            (user_of(&t.title).to_owned(), copies.collect())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_killed_mid_stream_catches_up_after_restart_without_loss_or_doubles() {
    for (edge, db) in common::edges_and_databases().await {
        let KillableDesk {
            world,
            group,
            telegram,
            bot,
            connection: _,
            first: rt,
        } = killable_desk(edge, &db).await;

        let users: Vec<(i64, String)> = (0..3)
            .map(|n| {
                (
                    world.add_user(&format!("User{n}"), None, None, None),
                    format!("User{n}"),
                )
            })
            .collect();
        let mut sent: HashMap<String, Vec<String>> = HashMap::new();
        let mut send = |round: usize| {
            for (user, title) in &users {
                let text = format!("message {round}");
                world.user_writes(*user, bot, &text);
                sent.entry(title.clone()).or_default().push(text);
            }
        };
        // Within one minute's budget for a bot in a group (20 messages, topics included), so
        // pacing does not stretch the test: 3 topics and 15 copies.
        for round in 0..2 {
            send(round);
            tokio::time::sleep(Duration::from_millis(30)).await;
        }
        // An operator answers what a topic shows: wait for every user's first copy, not only for
        // the topics. A topic made just before the kill may never be recorded (the crash falls
        // between createForumTopic and storing its id); it stays empty, the replay makes another,
        // and nobody answers in an empty topic.
        eventually("every user's first message is in a topic", async || {
            topic_texts(&world, group, bot)
                .values()
                .filter(|copies| !copies.is_empty())
                .count()
                == 3
        })
        .await;
        // An operator answers in every topic, before and after the kill.
        let olga = world.add_user("Olga", None, None, None);
        world.add_member(group, olga, common::ALL);
        let mut answered: HashMap<i64, Vec<String>> = HashMap::new();
        let mut answer = |round: usize| {
            for (user, title) in &users {
                let topic = world
                    .topics(group)
                    .into_iter()
                    .find(|t| user_of(&t.title) == title)
                    .unwrap()
                    .id;
                let text = format!("answer {round}");
                world.post_in_group(group, Some(topic), olga, &text, None);
                answered.entry(*user).or_default().push(text);
            }
        };
        answer(0);
        // Killed in the middle of the stream: no clean-up, no release, its queue lost.
        for round in 2..4 {
            send(round);
        }
        answer(1);
        rt.shutdown_background();
        send(4);
        answer(2);

        // A new relay takes over after the lease runs out and catches up.
        let stop = CancellationToken::new();
        let second = tokio::spawn(supervisor(&telegram, &db.storage, "relay-2").run(stop.clone()));
        let total: usize = sent.values().map(Vec::len).sum();
        eventually("the new relay caught up", async || {
            topic_texts(&world, group, bot)
                .values()
                .map(Vec::len)
                .sum::<usize>()
                >= total
        })
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await; // any double would have landed by now
        let shown = topic_texts(&world, group, bot);
        for (title, texts) in &sent {
            assert_eq!(
                shown.get(title),
                Some(texts),
                "{title} ({edge:?}): every message exactly once, in order; all topics: {shown:?}"
            );
        }
        // Answers to one user go at one a second (Telegram's limit): wait for them too.
        let answers_due: usize = answered.values().map(Vec::len).sum();
        eventually("every answer arrives", async || {
            let arrived: usize = answered
                .keys()
                .map(|u| {
                    world
                        .private_chat(*u, bot)
                        .iter()
                        .filter(|m| m.from == bot)
                        .count()
                })
                .sum();
            arrived >= answers_due
        })
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        for (user, texts) in &answered {
            let received: Vec<String> = world
                .private_chat(*user, bot)
                .into_iter()
                .filter(|m| m.from == bot)
                .map(|m| m.text)
                .collect();
            assert_eq!(
                &received, texts,
                "user {user}: every answer exactly once, in order"
            );
        }
        stop.cancel();
        second.await.unwrap();
        telegram.assert_no_violations();
    }
}

#[tokio::test]
async fn a_new_users_first_two_messages_at_once_make_one_topic() {
    for (edge, db) in common::edges_and_databases().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        let group = world.create_group(admin, "Support", true);
        let mut telegram = Telegram::start(edge, &world).await;
        let linked = telegram.linked_bot(&db, admin, group, "Shop").await;
        let (bot, c_id) = (linked.bot, linked.connection);
        let stop = CancellationToken::new();
        let relay = tokio::spawn(supervisor(&telegram, &db.storage, "relay").run(stop.clone()));
        tokio::time::sleep(Duration::from_millis(200)).await;
        let anna = world.add_user("Anna", None, None, None);
        world.user_writes(anna, bot, "hello");
        world.user_writes(anna, bot, "are you there?");
        eventually("both are relayed", async || {
            world
                .topics(group)
                .iter()
                .any(|t| world.topic_messages(group, t.id).len() == 2)
        })
        .await;
        assert_eq!(world.topics(group).len(), 1, "one topic, not two");
        assert_eq!(db.dialogs().count(c_id).await.unwrap(), 1);
        stop.cancel();
        relay.await.unwrap();
        telegram.assert_no_violations();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn flood_waits_of_seconds_in_the_running_relay_deliver_in_order_once() {
    for (edge, db) in common::edges_and_databases().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        let group = world.create_group(admin, "Support", true);
        let mut telegram = Telegram::start(edge, &world).await;
        let linked = telegram.linked_bot(&db, admin, group, "Shop").await;
        welcome_off(&db, linked.connection).await;
        let stop = CancellationToken::new();
        let relay = tokio::spawn(supervisor(&telegram, &db.storage, "relay").run(stop.clone()));
        let anna = world.add_user("Anna", None, None, None);
        world.user_writes(anna, linked.bot, "one");
        eventually("the topic appears", async || world.topics(group).len() == 1).await;
        // Telegram asks to wait on the next two sends (a copy and its retry).
        world.fail_next_send(GatewayError::FloodWait { seconds: 2 });
        world.fail_next_send(GatewayError::FloodWait { seconds: 1 });
        let started = std::time::Instant::now();
        for text in ["two", "three", "four"] {
            world.user_writes(anna, linked.bot, text);
        }
        let topic = world.topics(group)[0].id;
        eventually("all four arrive", async || {
            world.topic_messages(group, topic).len() >= 4
        })
        .await;
        assert!(
            started.elapsed() >= Duration::from_secs(3),
            "both waits were honoured"
        );
        tokio::time::sleep(Duration::from_millis(300)).await;
        let texts: Vec<String> = world
            .topic_messages(group, topic)
            .into_iter()
            .map(|m| m.text)
            .collect();
        assert_eq!(
            texts,
            ["one", "two", "three", "four"],
            "in order, nothing doubled"
        );
        stop.cancel();
        relay.await.unwrap();
        telegram.assert_no_violations();
    }
}

/// Over the wire only: grammers keeps a channel's pts in memory, and a relay killed before
/// writing it could never call updates.getChannelDifference for its group after a restart, so
/// what operators wrote while it was down would be lost. The relay writes the update state as
/// soon as a channel enters it (the session here never flushes on a tick).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_killed_right_after_first_hearing_from_its_group_still_catches_up_on_it() {
    for db in storage::testing::all().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        let group = world.create_group(admin, "Support", true);
        let mut telegram = Telegram::start(common::Edge::Wire, &world).await;
        let linked = telegram
            .linked_bot_new_to_group(&db, admin, group, "Shop")
            .await;
        let (bot, c_id) = (linked.bot, linked.connection);
        welcome_off(&db, c_id).await;
        let group_pts_saved = async || {
            use grammers_session::Session as _;
            let Ok(Some(session)) = account_session::StoredSession::load(&db, c_id).await else {
                return false;
            };
            session
                .updates_state()
                .await
                .is_ok_and(|s| !s.channels.is_empty())
        };
        assert!(
            !group_pts_saved().await,
            "the session starts new to the group"
        );

        let rt = killable_runtime();
        let first_storage = rt.spawn(db.another_process()).await.unwrap().unwrap();
        rt.spawn(supervisor(&telegram, &first_storage, "relay-1").run(CancellationToken::new()));
        let anna = world.add_user("Anna", None, None, None);
        world.user_writes(anna, bot, "hello");
        eventually("the topic shows Anna's message", async || {
            world.topics(group).first().is_some_and(|t| {
                world
                    .topic_messages(group, t.id)
                    .iter()
                    .any(|m| m.text == "hello")
            })
        })
        .await;
        eventually("the group's pts is saved", group_pts_saved).await;
        rt.shutdown_background();

        // While no relay runs, an operator answers.
        let olga = world.add_user("Olga", None, None, None);
        world.add_member(group, olga, common::ALL);
        let topic = world.topics(group)[0].id;
        world.post_in_group(group, Some(topic), olga, "welcome back", None);

        let stop = CancellationToken::new();
        let second = tokio::spawn(supervisor(&telegram, &db.storage, "relay-2").run(stop.clone()));
        eventually(
            "Anna receives the answer given while the relay was down",
            async || {
                world
                    .private_chat(anna, bot)
                    .iter()
                    .any(|m| m.from == bot && m.text == "welcome back")
            },
        )
        .await;
        stop.cancel();
        second.await.unwrap();
        telegram.assert_no_violations();
    }
}

/// The narrowest kill: an operator's copy reached the user, and the relay died before its link
/// was recorded. After the restart the replay finds Telegram refusing the repeat
/// (RANDOM_ID_DUPLICATE), and over MTProto the copy's echo comes back too: the user has the
/// answer once, the topic shows no "sent from another session" copy of it, and (over MTProto,
/// where the echo names the copy) a reply to it is threaded under the operator's message. A real
/// message from another session afterwards is still shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_killed_between_a_copy_and_its_link_neither_doubles_nor_intercepts_it() {
    for (edge, db) in common::edges_and_databases().await {
        let KillableDesk {
            world,
            group,
            telegram,
            bot,
            connection: _,
            first: rt,
        } = killable_desk(edge, &db).await;
        let anna = world.add_user("Anna", None, None, None);
        world.user_writes(anna, bot, "where is my order?");
        eventually("the topic shows Anna's message", async || {
            topic_texts(&world, group, bot)
                .get("Anna")
                .is_some_and(|t| !t.is_empty())
        })
        .await;
        let topic = world.topics(group)[0].id;
        let olga = world.add_user("Olga", None, None, None);
        world.add_member(group, olga, common::ALL);

        // The copy reaches Anna; its answer never comes back; the relay dies right there.
        world.hold_next_answer();
        let answer = world.post_in_group(group, Some(topic), olga, "it ships today", None);
        eventually("the copy is held", async || world.held_sends() == 1).await;
        let from_bot = |world: &World| -> Vec<telegram_sim::SimMessage> {
            world
                .private_chat(anna, bot)
                .into_iter()
                .filter(|m| m.from == bot)
                .collect()
        };
        assert_eq!(from_bot(&world).len(), 1, "{edge:?}: the copy arrived");
        rt.shutdown_background();

        let stop = CancellationToken::new();
        let second = tokio::spawn(supervisor(&telegram, &db.storage, "relay-2").run(stop.clone()));
        // Anna thanks in reply to the answer; her message is relayed only after everything the
        // catch-up brought before it (the worker handles updates in order).
        let copy = from_bot(&world)[0].id;
        world.user_replies(anna, bot, "thanks!", Some(copy));
        eventually("Anna's thanks reach the topic", async || {
            world
                .topic_messages(group, topic)
                .iter()
                .any(|m| m.from == bot && m.text == "thanks!")
        })
        .await;
        let shown: Vec<String> = world
            .topic_messages(group, topic)
            .into_iter()
            .filter(|m| m.from == bot)
            .map(|m| m.text)
            .collect();
        assert_eq!(
            shown,
            ["where is my order?", "thanks!"],
            "{edge:?}: the answer's echo is not shown as intercepted"
        );
        let received: Vec<String> = from_bot(&world).into_iter().map(|m| m.text).collect();
        assert_eq!(received, ["it ships today"], "{edge:?}: the answer once");
        if edge == common::Edge::Wire {
            let thanks = world
                .topic_messages(group, topic)
                .into_iter()
                .find(|m| m.text == "thanks!")
                .unwrap();
            assert_eq!(
                thanks.reply_to,
                Some(answer),
                "the echo restored the link: a reply to the answer is threaded under it"
            );
        }

        // A message from another session is still an intercept, not taken for an echo.
        world.other_session_writes(bot, anna, "your parcel left the warehouse");
        eventually("the other session's message is shown", async || {
            world
                .topic_messages(group, topic)
                .iter()
                .any(|m| m.text == "your parcel left the warehouse")
        })
        .await;
        stop.cancel();
        second.await.unwrap();
        telegram.assert_no_violations();
    }
}

/// The echo of an answer whose link *was* recorded, replayed after a kill behind an earlier
/// message of the same chat: the restarted worker has just handled that earlier message, and an
/// outgoing message above it must still be checked against the links (it is the relay's own
/// copy), not taken for new and shown as "sent from another session".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_recorded_answers_echo_replayed_after_a_kill_is_not_shown_as_intercepted() {
    for (edge, db) in common::edges_and_databases().await {
        let KillableDesk {
            world,
            group,
            telegram,
            bot,
            connection: c_id,
            first: rt,
        } = killable_desk(edge, &db).await;
        let anna = world.add_user("Anna", None, None, None);
        world.user_writes(anna, bot, "where is my order?");
        eventually("the topic shows Anna's first message", async || {
            topic_texts(&world, group, bot)
                .get("Anna")
                .is_some_and(|t| t.len() == 1)
        })
        .await;
        // Heard after the relay saved its update state for the new group: replayed after a kill.
        world.user_writes(anna, bot, "it was due on Monday");
        eventually("the topic shows Anna's second message", async || {
            topic_texts(&world, group, bot)
                .get("Anna")
                .is_some_and(|t| t.len() == 2)
        })
        .await;
        let topic = world.topics(group)[0].id;
        let olga = world.add_user("Olga", None, None, None);
        world.add_member(group, olga, common::ALL);
        let answer = world.post_in_group(group, Some(topic), olga, "it ships today", None);
        eventually("the answer's link is recorded", async || {
            db.message_links()
                .by_group_message(c_id, answer)
                .await
                .unwrap()
                .is_some()
        })
        .await;
        rt.shutdown_background();

        let stop = CancellationToken::new();
        let second = tokio::spawn(supervisor(&telegram, &db.storage, "relay-2").run(stop.clone()));
        world.user_writes(anna, bot, "thanks!");
        eventually("Anna's thanks reach the topic", async || {
            topic_texts(&world, group, bot)
                .get("Anna")
                .is_some_and(|t| t.iter().any(|m| m == "thanks!"))
        })
        .await;
        assert_eq!(
            topic_texts(&world, group, bot)["Anna"],
            ["where is my order?", "it was due on Monday", "thanks!"],
            "{edge:?}: the answer's echo is not shown as intercepted"
        );
        let received: Vec<String> = world
            .private_chat(anna, bot)
            .into_iter()
            .filter(|m| m.from == bot)
            .map(|m| m.text)
            .collect();
        assert_eq!(received, ["it ships today"], "{edge:?}: the answer once");
        stop.cancel();
        second.await.unwrap();
        telegram.assert_no_violations();
    }
}

/// Kill inside a batch (issue 17): the journal writes what relaying records for many messages in
/// one transaction; the relay dies while an operator's answer on one connection waits in a batch
/// and a user's message on another waits in the journal's queue behind it, both already copied on
/// Telegram. After the restart each shows exactly once, in order: the user's message once in
/// the topic, the answer once in the user's chat and never as "sent from another session".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_relay_killed_inside_a_batch_loses_and_doubles_nothing() {
    for (edge, db) in common::edges_and_databases().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        let (group_a, group_b) = (
            world.create_group(admin, "Shop support", true),
            world.create_group(admin, "Desk support", true),
        );
        let mut telegram = Telegram::start(edge, &world).await;
        let shop = telegram.linked_bot(&db, admin, group_a, "Shop").await;
        let desk = telegram.linked_bot(&db, admin, group_b, "Desk").await;
        for c in [shop.connection, desk.connection] {
            welcome_off(&db, c).await;
        }
        let rt = killable_runtime();
        let first_storage = rt.spawn(db.another_process()).await.unwrap().unwrap();
        rt.spawn(supervisor(&telegram, &first_storage, "relay-1").run(CancellationToken::new()));
        let (anna, ben) = (
            world.add_user("Anna", None, None, None),
            world.add_user("Ben", None, None, None),
        );
        world.user_writes(anna, shop.bot, "hello");
        world.user_writes(ben, desk.bot, "hello");
        let shows = |group: i64, bot: i64, text: &'static str| {
            let world = world.clone();
            move || {
                topic_texts(&world, group, bot)
                    .values()
                    .any(|t| t.iter().any(|m| m == text))
            }
        };
        eventually("both topics show the first messages", async || {
            shows(group_a, shop.bot, "hello")() && shows(group_b, desk.bot, "hello")()
        })
        .await;

        // What relaying the first messages recorded is committed (a copy shows before its
        // record is written): the gate must catch only what comes next.
        eventually("the first messages are recorded", async || {
            let mut counted = 0;
            for (c, user) in [(shop.connection, anna), (desk.connection, ben)] {
                if let Ok(Some(d)) = db.dialogs().get(c, user).await {
                    counted += d.messages_from_user;
                }
            }
            counted == 2
        })
        .await;
        // From now on relay-1's batches wait: what it copies next stays unrecorded.
        let gate = first_storage.journal().hold_commits();
        let olga = world.add_user("Olga", None, None, None);
        world.add_member(group_b, olga, common::ALL);
        let topic_b = world.topics(group_b)[0].id;
        world.post_in_group(group_b, Some(topic_b), olga, "an answer", None);
        if edge == common::Edge::Wire {
            // Over MTProto the copy's intent goes first (through the journal too): let it in.
            eventually("the answer's intent waits", async || {
                first_storage.journal().held() > 0
            })
            .await;
            gate.add_permits(1);
        }
        let received = |world: &World| -> Vec<String> {
            world
                .private_chat(ben, desk.bot)
                .into_iter()
                .filter(|m| m.from == desk.bot)
                .map(|m| m.text)
                .collect()
        };
        eventually("the answer reached Ben, its record waits", async || {
            received(&world) == ["an answer"] && first_storage.journal().held() > 0
        })
        .await;
        // Two of Anna's messages: the worker relays the next while the first one's record
        // waits (its window), so the kill finds several of a connection unrecorded.
        world.user_writes(anna, shop.bot, "second");
        world.user_writes(anna, shop.bot, "second again");
        eventually(
            "Anna's messages reached the topic, their records queued",
            async || shows(group_a, shop.bot, "second again")(),
        )
        .await;
        rt.shutdown_background();

        let stop = CancellationToken::new();
        let second = tokio::spawn(supervisor(&telegram, &db.storage, "relay-2").run(stop.clone()));
        // Later messages are relayed after everything the catch-up brought before them.
        world.user_writes(anna, shop.bot, "third");
        world.user_writes(ben, desk.bot, "thanks");
        eventually("the later messages arrive", async || {
            shows(group_a, shop.bot, "third")() && shows(group_b, desk.bot, "thanks")()
        })
        .await;
        let shown = |group: i64, bot: i64| -> Vec<String> {
            topic_texts(&world, group, bot)
                .into_values()
                .next()
                .unwrap_or_default()
        };
        assert_eq!(
            shown(group_a, shop.bot),
            ["hello", "second", "second again", "third"],
            "{edge:?}: the user's messages once, in order"
        );
        assert_eq!(
            shown(group_b, desk.bot),
            ["hello", "thanks"],
            "{edge:?}: the answer's echo is not shown as intercepted"
        );
        assert_eq!(received(&world), ["an answer"], "{edge:?}: the answer once");
        stop.cancel();
        second.await.unwrap();
        telegram.assert_no_violations();
    }
}

/// The window (`worker/window.rs`): a worker relays the next messages while the records of the
/// earlier ones wait to be committed, and a message whose handling reads the database (a reply
/// looks up the link of the message it answers) waits until they are in — it is threaded to the
/// right copy, never relayed past a link still on its way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_relays_on_while_records_commit_and_a_reply_waits_for_them() {
    for (edge, db) in common::edges_and_databases().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        let group = world.create_group(admin, "Shop support", true);
        let mut telegram = Telegram::start(edge, &world).await;
        let shop = telegram.linked_bot(&db, admin, group, "Shop").await;
        welcome_off(&db, shop.connection).await;
        let stop = CancellationToken::new();
        let relay = tokio::spawn(supervisor(&telegram, &db.storage, "relay-1").run(stop.clone()));
        let anna = world.add_user("Anna", None, None, None);
        world.user_writes(anna, shop.bot, "hello");
        let copies = |world: &World| -> Vec<(String, Option<i64>, i64)> {
            world
                .topics(group)
                .first()
                .map(|t| world.topic_messages(group, t.id))
                .unwrap_or_default()
                .into_iter()
                .filter(|m| m.from == shop.bot)
                .map(|m| (m.text, m.reply_to, m.id))
                .collect()
        };
        eventually("the first message is recorded", async || {
            matches!(db.dialogs().get(shop.connection, anna).await, Ok(Some(d)) if d.messages_from_user == 1)
        })
        .await;

        let gate = db.journal().hold_commits();
        let first = world.user_writes(anna, shop.bot, "one");
        world.user_writes(anna, shop.bot, "two");
        world.user_writes(anna, shop.bot, "three");
        eventually(
            "all three reach the topic while none is recorded",
            async || copies(&world).len() == 4,
        )
        .await;
        // (The journal's writer takes them up on its own schedule: wait for it to hold them.)
        eventually("their records wait at the gate", async || {
            db.journal().held() > 0
        })
        .await;
        assert!(
            db.message_links()
                .by_user_message(shop.connection, anna, first)
                .await
                .unwrap()
                .is_none(),
            "{edge:?}: nothing of them is committed yet"
        );

        // A reply looks up what it answers: it waits for the window, then threads correctly.
        world.user_replies(anna, shop.bot, "about one", Some(first));
        gate.add_permits(1_000);
        eventually("the reply reaches the topic", async || {
            copies(&world).len() == 5
        })
        .await;
        let shown = copies(&world);
        let one = shown.iter().find(|(t, ..)| t == "one").unwrap().2;
        let texts: Vec<&str> = shown.iter().map(|(t, ..)| t.as_str()).collect();
        assert_eq!(
            texts,
            ["hello", "one", "two", "three", "about one"],
            "{edge:?}: each once, in order"
        );
        assert_eq!(
            shown[4].1,
            Some(one),
            "{edge:?}: the reply answers the copy of `one`"
        );
        eventually("every message is counted", async || {
            matches!(db.dialogs().get(shop.connection, anna).await, Ok(Some(d)) if d.messages_from_user == 5)
        })
        .await;
        stop.cancel();
        relay.await.unwrap();
        telegram.assert_no_violations();
    }
}

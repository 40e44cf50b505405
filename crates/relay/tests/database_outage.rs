//! PostgreSQL unreachable for 30 s: the relay backs off, stops the worker when its lease can no
//! longer be renewed (so no other relay could ever overlap with it), and when the database is
//! back it resumes and catches up: every message arrives exactly once, in order.

mod common;

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{SimFactory, linked_bot};
use storage::Storage;
use switchboard_relay::supervisor::Supervisor;
use telegram_sim::World;
use tokio::net::{TcpListener, TcpStream};
use tokio_util::sync::CancellationToken;

/// A TCP proxy to PostgreSQL that can go dark: while `down`, it cuts every connection it carries
/// and refuses new ones, as a network partition or a database restart would.
async fn proxy(target: String, down: Arc<AtomicBool>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else {
                return;
            };
            if down.load(Ordering::SeqCst) {
                drop(client);
                continue;
            }
            let (target, down) = (target.clone(), Arc::clone(&down));
            tokio::spawn(async move {
                let Ok(server) = TcpStream::connect(&target).await else {
                    return;
                };
                let (mut cr, mut cw) = client.into_split();
                let (mut sr, mut sw) = server.into_split();
                let watch = async {
                    while !down.load(Ordering::SeqCst) {
                        tokio::time::sleep(Duration::from_millis(50)).await;
                    }
                };
                tokio::select! {
                    _ = tokio::io::copy(&mut cr, &mut sw) => {}
                    _ = tokio::io::copy(&mut sr, &mut cw) => {}
                    () = watch => {}
                }
            });
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_seconds_without_the_database_lose_nothing() {
    let Some(db) = storage::testing::postgres().await else {
        eprintln!("skipped: TEST_DATABASE_URL is not set (CI sets it)");
        return;
    };
    let world = World::new();
    let admin = world.add_user("Boss", None, None, Some("en"));
    let group = world.create_group(admin, "Support", true);
    let linked = linked_bot(&db, &world, admin, group, "Shop").await;
    let (bot, c_id) = (linked.bot, linked.connection);
    db.parameters()
        .set(c_id, &storage::params::Param::Welcome.parse("OFF").unwrap())
        .await
        .unwrap();

    // The relay reaches PostgreSQL only through the proxy.
    let url = db.url();
    let rest = url.strip_prefix("postgres://").unwrap();
    let (userinfo, after) = rest.split_once('@').unwrap();
    let (hostport, path) = after.split_once('/').unwrap();
    let down = Arc::new(AtomicBool::new(false));
    let port = proxy(hostport.to_owned(), Arc::clone(&down)).await;
    let relay_url = format!("postgres://{userinfo}@127.0.0.1:{port}/{path}");
    let relay_db = Storage::connect(&relay_url, storage::testing::sealer())
        .await
        .unwrap();

    let sessions = HashMap::from([(c_id, linked.session.clone())]);
    let options = common::options("relay", Duration::from_secs(5), Duration::from_millis(500));
    let stop = CancellationToken::new();
    let relay = tokio::spawn(
        Supervisor::new(
            relay_db,
            Arc::new(SimFactory {
                world: world.clone(),
                sessions,
            }),
            options,
        )
        .run(stop.clone()),
    );

    let anna = world.add_user("Anna", None, None, None);
    world.user_writes(anna, bot, "before 1");
    world.user_writes(anna, bot, "before 2");
    let shown = || {
        world
            .topics(group)
            .first()
            .map(|t| {
                world
                    .topic_messages(group, t.id)
                    .into_iter()
                    .filter(|m| m.from == bot)
                    .map(|m| m.text)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    common::eventually("both are shown", async || shown().len() >= 2).await;
    assert_eq!(shown(), vec!["before 1".to_owned(), "before 2".to_owned()]);

    // Thirty seconds without the database; the user keeps writing and an operator answers.
    let olga = world.add_user("Olga", None, None, None);
    world.add_member(group, olga, common::ALL);
    let topic = world.topics(group)[0].id;
    down.store(true, Ordering::SeqCst);
    world.post_in_group(group, Some(topic), olga, "We are on it", None);
    for n in 1..=3 {
        world.user_writes(anna, bot, &format!("during {n}"));
        tokio::time::sleep(Duration::from_secs(10)).await;
    }
    down.store(false, Ordering::SeqCst);
    world.user_writes(anna, bot, "after");

    let expected: Vec<String> = [
        "before 1", "before 2", "during 1", "during 2", "during 3", "after",
    ]
    .map(String::from)
    .to_vec();
    common::eventually("every message is shown", async || {
        shown().len() >= expected.len()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await; // a double would have landed by now
    assert_eq!(shown(), expected, "every message exactly once, in order");
    // The user got the operator's answer, once.
    let answers: Vec<String> = world
        .private_chat(anna, bot)
        .into_iter()
        .filter(|m| m.from == bot)
        .map(|m| m.text)
        .collect();
    assert_eq!(
        answers,
        vec!["We are on it".to_owned()],
        "the operator's answer exactly once"
    );
    stop.cancel();
    let _ = tokio::time::timeout(storage::testing::PATIENCE, relay).await;
}

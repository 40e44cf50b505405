//! A demo API for trying it out and for `scripts/api-fuzz`: the real API and relay over the
//! simulated Telegram and a temporary SQLite database, seeded with three dialogs and a label.
//! Prints `API_URL=…` and `API_KEY=…` (a demo key for a simulated bot), then serves until
//! interrupted. Telegram's limits are relaxed so a fuzzer is not slowed to 20 messages a minute.
//!
//! `cargo run -p switchboard-api --example demo`

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Duration;

use relay::pacing::{Limits, Rate as Pace};
use sea_orm::{ConnectionTrait as _, Statement};
use switchboard_api::{ApiOptions, Rate};

#[tokio::main]
async fn main() {
    let db = storage::testing::sqlite().await;
    let fast = Pace {
        count: 10_000,
        per: Duration::from_secs(1),
    };
    let limits = Limits {
        per_chat: fast,
        per_group: fast,
        overall: fast,
    };
    let options = ApiOptions {
        rate: Rate {
            burst: 1_000_000,
            per_second: 1_000_000.0,
        },
        wait: Duration::from_secs(10),
        wake: None,
    };
    let desk = common::Desk::start(db, options, Some(limits)).await;
    let (anna, anna_topic) = desk.user_writes(&desk.a, "Anna", "hello").await;
    let (ben, _) = desk.user_writes(&desk.a, "Ben", "my order?").await;
    let (carla, _) = desk.user_writes(&desk.a, "Carla", "hi").await;
    let users = [anna, ben, carla];
    desk.user_writes(&desk.b, "Dora", "another connection")
        .await;
    desk.db
        .labels()
        .create(desk.a.connection, "vip")
        .await
        .expect("the label is created");
    let mut ben_dialog = desk
        .db
        .dialogs()
        .get(desk.a.connection, ben)
        .await
        .ok()
        .flatten()
        .expect("Ben's dialog exists");
    ben_dialog.labels.push("vip".into());
    desk.db
        .dialogs()
        .set_labels(desk.a.connection, ben, &ben_dialog.labels)
        .await
        .expect("Ben is labelled");
    println!("API_URL={}", desk.base);
    println!("API_KEY={}", desk.a.key);
    println!("USER_ID={anna}");
    println!("TOPIC_ID={anna_topic}");
    let _ = tokio::signal::ctrl_c().await;
    // What a run did, for scripts/api-fuzz: the actions the relay carried out or refused, and
    // what the seeded user received.
    let rows = desk
        .db
        .database()
        .query_all_raw(Statement::from_string(
            desk.db.database().get_database_backend(),
            "SELECT kind, status, COUNT(*) AS n FROM api_requests GROUP BY kind, status ORDER BY kind, status",
        ))
        .await
        .unwrap_or_default();
    for row in rows {
        let kind: String = row.try_get("", "kind").unwrap_or_default();
        let status: String = row.try_get("", "status").unwrap_or_default();
        let n: i64 = row.try_get("", "n").unwrap_or_default();
        println!("REQUESTS {kind} {status} {n}");
    }
    // Every text sent through the API reached its user once and shows marked in the topic.
    let marked = desk
        .world
        .topics(desk.a.group)
        .iter()
        .flat_map(|t| desk.world.topic_messages(desk.a.group, t.id))
        .filter(|m| m.text.contains("Sent through the API"))
        .count();
    let received: usize = users
        .iter()
        .map(|user| {
            desk.world
                .private_chat(*user, desk.a.bot)
                .iter()
                .filter(|m| m.from == desk.a.bot)
                .count()
        })
        .sum();
    println!("MARKED_IN_TOPICS={marked}");
    println!("USERS_RECEIVED={received} (welcomes, API sends, broadcast copies)");
}

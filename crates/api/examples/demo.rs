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
    };
    let desk = common::Desk::start(db, options, Some(limits)).await;
    let (anna, anna_topic) = desk.user_writes(&desk.a, "Anna", "hello").await;
    let (ben, _) = desk.user_writes(&desk.a, "Ben", "my order?").await;
    desk.user_writes(&desk.a, "Carla", "hi").await;
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
}

//! `switchboard-bench`: relay throughput and latency, outbound pacing, many connections, and the
//! analytics dashboard over a large history, each printing one summary line. Runs against
//! telegram-sim with real workers, a real supervisor and a real database; the relay and
//! connections benchmarks run twice, through the in-process edge and through the real grammers
//! client over MTProto against mtproto-sim: SQLite always, PostgreSQL too when `TEST_DATABASE_URL` names one (a fresh schema
//! per run, as the tests do). `--quick` is a small smoke run (CI runs it through a test).
//!
//! ```sh
//! TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test cargo run --release -p switchboard-bench
//! ```

mod analytics_bench;
mod connections_bench;
mod fixtures;
mod pacing_bench;
mod relay_bench;
mod webhooks_bench;

use std::process::ExitCode;
use std::time::Duration;

struct Plan {
    relay: relay_bench::Size,
    pacing_messages: usize,
    pacing_users: usize,
    connections: Vec<usize>,
    /// Connections over real MTProto sessions (each a socket pair in this process).
    connections_wire: Vec<usize>,
    /// Dialogs and messages for the analytics dashboard.
    analytics: (i64, i64),
}

fn plan(quick: bool) -> Plan {
    if quick {
        Plan {
            relay: relay_bench::Size {
                connections: 2,
                users_per_connection: 10,
                messages: 200,
                latency_run: Duration::from_millis(200),
                rates: &[1_000],
            },
            pacing_messages: 1_000,
            pacing_users: 250,
            connections: vec![50],
            connections_wire: vec![20],
            analytics: (1_000, 10_000),
        }
    } else {
        Plan {
            relay: relay_bench::Size {
                connections: 8,
                users_per_connection: 125,
                // Since the window (issue #17) 20,000 took about a second in process: too short
                // to tell the relay's rate from its ramp-up.
                messages: 100_000,
                latency_run: Duration::from_secs(5),
                rates: &[1_000, 5_000],
            },
            pacing_messages: 10_000,
            pacing_users: 2_500,
            connections: vec![1_000, 10_000],
            // 1,000 real sessions do not all start within 600 s on SQLite: their session writes
            // at start-up exhaust the pool (docs/ARCHITECTURE.md, Performance). 200 do.
            connections_wire: vec![200],
            analytics: (100_000, 1_000_000),
        }
    }
}

const USAGE: &str = "usage: switchboard-bench [--quick] [--edge sim|mtproto] [--db sqlite|postgres] \
                     [--messages N] [relay|pacing|connections|analytics|webhooks]…";

/// The usage line on stderr, and the exit code for a command line this binary cannot read.
fn bad_usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut quick = false;
    let mut only = Vec::new();
    // `--edge` and `--db` narrow the relay benchmark to one edge or one database (a quicker
    // loop while tuning); by default it runs every combination.
    let (mut edge, mut database, mut messages) = (None, None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--edge" => match args.next().as_deref() {
                Some("sim") => edge = Some(false),
                Some("mtproto") => edge = Some(true),
                _ => return bad_usage(),
            },
            // More messages per relay throughput run: a steadier figure, and a profile of the
            // relaying alone.
            "--messages" => match args.next().and_then(|n| n.parse::<usize>().ok()) {
                Some(n) if n > 0 => messages = Some(n),
                _ => return bad_usage(),
            },
            "--db" => match args.next() {
                Some(name) if name == "sqlite" || name == "postgres" => database = Some(name),
                _ => return bad_usage(),
            },
            "relay" | "pacing" | "connections" | "analytics" | "webhooks" => only.push(arg),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ => return bad_usage(),
        }
    }
    let wants = |name: &str| only.is_empty() || only.iter().any(|o| o == name);
    let mut plan = plan(quick);
    if let Some(n) = messages {
        plan.relay.messages = n;
    }
    let mut failed = false;
    let mut report = |result: Result<String, String>, what: &str| match result {
        Ok(line) => println!("{line}"),
        Err(err) => {
            println!("{what}: failed: {err}");
            failed = true;
        }
    };

    if wants("pacing") {
        report(
            pacing_bench::run(plan.pacing_messages, plan.pacing_users),
            "pacing",
        );
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        if wants("relay") {
            for wire in [false, true]
                .into_iter()
                .filter(|w| edge.is_none_or(|e| e == *w))
            {
                for db in storage::testing::all().await {
                    let backend = backend_name(&db);
                    if database.as_deref().is_some_and(|d| d != backend) {
                        continue;
                    }
                    match relay_bench::run(&db, backend, &plan.relay, wire).await {
                        Ok(lines) => lines.into_iter().for_each(|l| report(Ok(l), "")),
                        Err(err) => report(Err(err), &format!("relay {backend} (wire: {wire})")),
                    }
                }
            }
        }
        if wants("webhooks") {
            let events = if quick { 500 } else { 5_000 };
            for db in storage::testing::all().await {
                let backend = backend_name(&db);
                for urls in [1, 4] {
                    report(
                        webhooks_bench::delivery(&db, backend, events, urls).await,
                        &format!("webhooks {backend} delivery"),
                    );
                }
            }
            let (a, b, c) = (
                storage::testing::all().await,
                storage::testing::all().await,
                storage::testing::all().await,
            );
            for ((a, b), c) in a.iter().zip(&b).zip(&c) {
                let backend = backend_name(a);
                match webhooks_bench::overhead([a, b, c], backend, &plan.relay).await {
                    Ok(lines) => lines.into_iter().for_each(|l| report(Ok(l), "")),
                    Err(err) => report(Err(err), &format!("webhooks {backend} overhead")),
                }
            }
        }
        if wants("analytics") {
            let (dialogs, messages) = plan.analytics;
            for db in storage::testing::all().await {
                let backend = backend_name(&db);
                report(
                    analytics_bench::run(&db, backend, dialogs, messages).await,
                    &format!("analytics {backend}"),
                );
            }
        }
        if wants("connections") {
            let runs = plan.connections.iter().map(|n| (*n, false));
            for (n, wire) in runs.chain(plan.connections_wire.iter().map(|n| (*n, true))) {
                // A fresh database each, so the larger run does not start with the smaller's rows.
                let db = storage::testing::sqlite().await;
                report(
                    connections_bench::run(&db, "sqlite", n, wire).await,
                    &format!("connections {n} (wire: {wire})"),
                );
            }
        }
    });
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn backend_name(db: &storage::testing::TestDb) -> &'static str {
    match db.backend() {
        storage::Backend::Sqlite => "sqlite",
        storage::Backend::Postgres => "postgres",
    }
}

//! Many connections in one relay process: how long the supervisor takes to start a worker for
//! each, and the resident memory each idle connection costs (sessions are simulated: a real
//! MTProto connection adds its socket and buffers on top).

use std::sync::Arc;
use std::time::{Duration, Instant};

use relay::supervisor::Supervisor;
use storage::Storage;
use telegram_sim::World;
use tokio_util::sync::CancellationToken;

use crate::fixtures::{self, BenchFactory, Copies};

pub async fn run(db: &Storage, backend: &str, n: usize) -> Result<String, String> {
    let world = World::new();
    let admin = world.add_user("Boss", None, None, Some("en"));
    let setup = Instant::now();
    let linked = fixtures::linked_bots(db, &world, admin, n).await;
    let setup = setup.elapsed();
    let factory = BenchFactory {
        world: world.clone(),
        sessions: linked
            .iter()
            .map(|l| (l.connection, l.session.clone()))
            .collect(),
        copies: Arc::new(Copies::default()),
    };
    drop(linked);
    let before = fixtures::resident_kib().ok_or("no /proc/self/status")?;
    let start = Instant::now();
    let supervisor = Supervisor::new(db.clone(), Arc::new(factory), fixtures::options("bench"));
    let metrics = supervisor.metrics();
    let stop = CancellationToken::new();
    let task = tokio::spawn(supervisor.run(stop.clone()));
    let want = n as i64;
    fixtures::wait_until(Duration::from_secs(600), || metrics.workers() == want).await?;
    let took = start.elapsed();
    let after = fixtures::resident_kib().ok_or("no /proc/self/status")?;
    stop.cancel();
    let _ = task.await;
    let per = after.saturating_sub(before) as f64 / n as f64;
    Ok(format!(
        "connections {n} ({backend}): started in {:.2} s, {per:.1} KiB resident per idle connection ({before} → {after} KiB; set-up of the rows took {:.1} s)",
        took.as_secs_f64(),
        setup.as_secs_f64(),
    ))
}

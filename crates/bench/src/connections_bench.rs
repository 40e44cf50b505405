//! Many connections in one relay process: how long the supervisor takes to start a worker for
//! each, and the resident memory each idle connection costs — with simulated sessions (the
//! engine's own cost), or with real grammers sessions over MTProto (socket, buffers, the client's
//! tasks and caches; the simulated server's half of each connection lives in the same process, so
//! that figure is an upper bound).

use std::sync::Arc;
use std::time::{Duration, Instant};

use relay::supervisor::Supervisor;
use storage::Storage;
use telegram_sim::World;
use tokio_util::sync::CancellationToken;

use crate::fixtures::{self, BenchFactory, Edge};

pub async fn run(db: &Storage, backend: &str, n: usize, wire: bool) -> Result<String, String> {
    let world = World::new();
    let edge = Edge::start(wire, &world).await?;
    let admin = world.add_user("Boss", None, None, Some("en"));
    let setup = Instant::now();
    let linked = fixtures::linked_bots(db, &world, &edge, admin, n).await;
    let setup = setup.elapsed();
    let factory = BenchFactory::new(db, &world, &edge, &linked);
    drop(linked);
    let before = fixtures::resident_kib().ok_or("no /proc/self/status")?;
    let start = Instant::now();
    let supervisor = Supervisor::new(db.clone(), Arc::new(factory), fixtures::options("bench"));
    let metrics = supervisor.metrics();
    let stop = CancellationToken::new();
    let task = tokio::spawn(supervisor.run(stop.clone()));
    let want = n as i64;
    fixtures::wait_until(Duration::from_secs(600), || metrics.workers() == want).await?;
    if let Edge::Wire(sim) = &edge {
        // A worker counts once its session is open; wait for every session's socket as well.
        fixtures::wait_until(Duration::from_secs(600), || sim.online() >= n).await?;
    }
    let took = start.elapsed();
    let after = fixtures::resident_kib().ok_or("no /proc/self/status")?;
    stop.cancel();
    let _ = task.await;
    let per = after.saturating_sub(before) as f64 / n as f64;
    Ok(format!(
        "connections {n} ({backend}, {}): started in {:.2} s, {per:.1} KiB resident per idle connection ({before} → {after} KiB; set-up of the rows took {:.1} s)",
        edge.name(),
        took.as_secs_f64(),
        setup.as_secs_f64(),
    ))
}

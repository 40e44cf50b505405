//! Several relays on one database share the connections through leases: they split them, a
//! stopped or killed relay's connections move to a live one within the lease time, and no
//! connection ever runs in two relays at once.

mod common;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use common::{eventually, linked_bot};
use storage::{Connection, ConnectionId, Storage};
use switchboard_relay::gateway::{Gateway, GatewayError, GatewayLayer};
use switchboard_relay::supervisor::{GatewayFactory, Supervisor, SupervisorOptions};
use telegram_sim::{SimGateway, World};
use tokio_util::sync::CancellationToken;

/// Live sessions per connection (as the relays holding them), and the most ever seen at once.
#[derive(Default)]
struct Census {
    live: Mutex<HashMap<ConnectionId, Vec<String>>>,
    worst: AtomicUsize,
}

impl Census {
    fn open(&self, id: ConnectionId, relay: &str) {
        let mut live = self.live.lock().unwrap();
        let holders = live.entry(id).or_default();
        holders.push(relay.to_owned());
        self.worst.fetch_max(holders.len(), Ordering::SeqCst);
    }
    fn close(&self, id: ConnectionId, relay: &str) {
        if let Some(holders) = self.live.lock().unwrap().get_mut(&id)
            && let Some(at) = holders.iter().position(|r| r == relay)
        {
            holders.remove(at);
        }
    }
    /// A killed process's sessions end with it.
    fn kill(&self, relay: &str) {
        for holders in self.live.lock().unwrap().values_mut() {
            holders.retain(|r| r != relay);
        }
    }
}

/// A sim session that reports its opening and closing to the census.
struct Counted {
    inner: SimGateway,
    id: ConnectionId,
    relay: String,
    census: Arc<Census>,
}

#[async_trait]
impl GatewayLayer for Counted {
    type Inner = SimGateway;

    fn inner(&self) -> &SimGateway {
        &self.inner
    }

    async fn close(&self) {
        self.census.close(self.id, &self.relay)
    }
}

struct Factory {
    relay: String,
    world: World,
    sessions: HashMap<ConnectionId, Vec<u8>>,
    census: Arc<Census>,
}

#[async_trait]
impl GatewayFactory for Factory {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError> {
        let session = self
            .sessions
            .get(&connection.id)
            .ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        let inner = self.world.open_gateway(session)?;
        self.census.open(connection.id, &self.relay);
        Ok(Arc::new(Counted {
            inner,
            id: connection.id,
            relay: self.relay.clone(),
            census: Arc::clone(&self.census),
        }))
    }
}

fn options(relay: &str) -> SupervisorOptions {
    common::options(relay, Duration::from_secs(2), Duration::from_millis(150))
}

async fn owners(db: &Storage) -> HashMap<String, usize> {
    let mut owners = HashMap::new();
    for c in db.connections().list_all().await.unwrap() {
        if let Some(owner) = c
            .lease_owner
            .filter(|_| c.lease_until.unwrap_or(0) >= storage::now())
        {
            *owners.entry(owner).or_default() += 1;
        }
    }
    owners
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn relays_split_connections_and_take_over_from_stopped_and_killed_ones() {
    for db in storage::testing::all().await {
        let world = World::new();
        let admin = world.add_user("Boss", None, None, Some("en"));
        db.admins().ensure(admin, "en").await.unwrap();
        let group = world.create_group(admin, "Support", true);
        let mut sessions = HashMap::new();
        let mut bots = Vec::new();
        for n in 0..4 {
            let linked = linked_bot(&db, &world, admin, group, &format!("bot{n}")).await;
            sessions.insert(linked.connection, linked.session);
            bots.push(linked.bot);
        }
        let census = Arc::new(Census::default());
        let factory = |relay: &str| {
            Arc::new(Factory {
                relay: relay.to_owned(),
                world: world.clone(),
                sessions: sessions.clone(),
                census: Arc::clone(&census),
            })
        };

        // Relay A alone takes everything.
        let stop_a = CancellationToken::new();
        let a = tokio::spawn(
            Supervisor::new(db.storage.clone(), factory("relay-a"), options("relay-a"))
                .run(stop_a.clone()),
        );
        eventually("A runs all four", async || {
            owners(&db).await.get("relay-a") == Some(&4)
        })
        .await;

        // Relay B joins: the connections are split two and two.
        let stop_b = CancellationToken::new();
        let b = tokio::spawn(
            Supervisor::new(db.storage.clone(), factory("relay-b"), options("relay-b"))
                .run(stop_b.clone()),
        );
        eventually("A and B split them", async || {
            let o = owners(&db).await;
            o.get("relay-a") == Some(&2) && o.get("relay-b") == Some(&2)
        })
        .await;

        // Every bot relays, whichever relay runs it.
        let mut users = Vec::new();
        for (n, bot) in bots.iter().enumerate() {
            let user = world.add_user(&format!("User{n}"), None, None, Some("en"));
            world.user_writes(user, *bot, "hello");
            users.push((user, *bot));
        }
        eventually("four topics", async || world.topics(group).len() == 4).await;

        // A stops cleanly: B takes all four at once (A gave its leases back).
        stop_a.cancel();
        a.await.unwrap();
        eventually("B runs all four", async || {
            owners(&db).await.get("relay-b") == Some(&4)
        })
        .await;

        // Relay C starts on a runtime of its own, takes its share, and is killed without cleanup.
        let url = db.url();
        let c_factory = factory("relay-c");
        let (c_started, c_ready) = std::sync::mpsc::channel();
        let killer = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            let storage = rt
                .block_on(Storage::connect(&url, storage::testing::sealer()))
                .unwrap();
            rt.spawn(
                Supervisor::new(storage, c_factory, options("relay-c"))
                    .run(CancellationToken::new()),
            );
            c_started.send(()).unwrap();
            rt
        });
        c_ready.recv().unwrap();
        let rt_c = killer.join().unwrap();
        // Killed once its two workers run (sessions open), not while it is still opening them:
        // a real process that dies opens nothing afterwards, a runtime shut down in the
        // background may still finish an opening that is under way.
        eventually("C holds two and runs them", async || {
            let running = census
                .live
                .lock()
                .unwrap()
                .values()
                .filter(|holders| holders.iter().any(|r| r == "relay-c"))
                .count();
            owners(&db).await.get("relay-c") == Some(&2) && running == 2
        })
        .await;
        let killed_at = std::time::Instant::now();
        rt_c.shutdown_background(); // the process dies: no release, no goodbye
        census.kill("relay-c");
        eventually(
            "B takes C's connections after the lease runs out",
            async || owners(&db).await.get("relay-b") == Some(&4),
        )
        .await;
        let took = killed_at.elapsed();
        assert!(
            took >= Duration::from_millis(900),
            "not before C's leases expired ({took:?})"
        );

        // After two hand-overs every user is still relayed, and nothing was lost or doubled.
        for (user, bot) in &users {
            world.user_writes(*user, *bot, "again");
        }
        let copies = |world: &World| -> Vec<Vec<String>> {
            let mut all: Vec<Vec<String>> = world
                .topics(group)
                .into_iter()
                .map(|t| {
                    world
                        .topic_messages(group, t.id)
                        .into_iter()
                        .filter(|m| m.from != admin)
                        .map(|m| m.text)
                        .collect()
                })
                .collect();
            all.sort();
            all
        };
        eventually("every second message arrives", async || {
            copies(&world).iter().all(|t| t.len() >= 2)
        })
        .await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let expected = vec![vec!["hello".to_owned(), "again".to_owned()]; 4];
        assert_eq!(
            copies(&world),
            expected,
            "each user's messages exactly once, in order"
        );
        assert_eq!(
            census.worst.load(Ordering::SeqCst),
            1,
            "never two sessions of one connection at once"
        );
        stop_b.cancel();
        b.await.unwrap();
    }
}

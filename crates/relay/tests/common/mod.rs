//! What the relay's integration tests share: a simulated bot connected and linked to a group,
//! a gateway factory over the simulation, and waiting for something to become true.
#![allow(dead_code)] // each test file uses part of it

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use account_session::Authenticator as _;
use async_trait::async_trait;
use secrecy::ExposeSecret as _;
use storage::{Connection, ConnectionId, ConnectionKind, Identity, SignIn, Storage};
use switchboard_relay::gateway::{Gateway, GatewayError, Rights};
use switchboard_relay::supervisor::{GatewayFactory, SupervisorOptions};
use telegram_sim::World;

/// Every admin right the relay asks for.
pub const ALL: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

/// A bot connected by `admin` and linked to `group`, where it is an admin.
pub struct LinkedBot {
    pub connection: ConnectionId,
    pub bot: i64,
    pub session: Vec<u8>,
}

pub async fn linked_bot(
    db: &Storage,
    world: &World,
    admin: i64,
    group: i64,
    name: &str,
) -> LinkedBot {
    let (bot, token) = world.add_bot(name, name);
    world.add_member(group, bot, ALL);
    let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
    db.admins().ensure(admin, "en").await.unwrap();
    let c = db
        .connections()
        .create(admin, ConnectionKind::Bot)
        .await
        .unwrap();
    let identity = Identity {
        tg_user_id: bot,
        username: None,
        title: name.to_owned(),
    };
    db.connections()
        .store_sign_in(
            c.id,
            SignIn {
                identity,
                session: signed.session.expose_secret(),
                bot_token: None,
            },
        )
        .await
        .unwrap();
    db.connections().link_backend(c.id, group).await.unwrap();
    LinkedBot {
        connection: c.id,
        bot,
        session: signed.session.expose_secret().clone(),
    }
}

/// Opens simulated sessions for the supervisor from sessions known up front.
pub struct SimFactory {
    pub world: World,
    pub sessions: HashMap<ConnectionId, Vec<u8>>,
}

#[async_trait]
impl GatewayFactory for SimFactory {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError> {
        let session = self
            .sessions
            .get(&connection.id)
            .ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        Ok(Arc::new(self.world.open_gateway(session)?))
    }
}

/// Fast supervisor timings for tests.
pub fn options(relay: &str, lease_ttl: Duration, heartbeat: Duration) -> SupervisorOptions {
    SupervisorOptions {
        poll: Duration::from_millis(20),
        autoclose_every: Duration::from_secs(3600),
        relay_id: relay.to_owned(),
        lease_ttl,
        heartbeat,
    }
}

/// Waits until `check` holds (a real hang fails after `storage::testing::PATIENCE`).
#[allow(unused_imports)] // each test file uses part of it
pub use storage::testing::eventually;

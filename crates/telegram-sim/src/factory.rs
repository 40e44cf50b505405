//! The relay's [`GatewayFactory`] over the simulated world: it opens each connection's session
//! as the relay does in production, sealed in the database, so a whole Switchboard (setup bot,
//! database, supervisor) runs against one simulated Telegram.

use std::sync::Arc;

use async_trait::async_trait;
use relay::gateway::{Gateway, GatewayError};
use relay::supervisor::GatewayFactory;
use secrecy::ExposeSecret as _;
use storage::{Connection, Storage};

use crate::world::World;

pub struct SimGatewayFactory {
    world: World,
    storage: Storage,
}

impl World {
    /// A gateway factory that reads sessions from `storage`.
    pub fn gateway_factory(&self, storage: Storage) -> SimGatewayFactory {
        SimGatewayFactory {
            world: self.clone(),
            storage,
        }
    }
}

#[async_trait]
impl GatewayFactory for SimGatewayFactory {
    async fn open(&self, connection: &Connection) -> Result<Arc<dyn Gateway>, GatewayError> {
        let session = self
            .storage
            .connections()
            .session(connection.id)
            .await
            .map_err(|e| GatewayError::Other(format!("reading the session: {e}")))?
            .ok_or_else(|| GatewayError::revoked("AUTH_KEY_UNREGISTERED"))?;
        Ok(Arc::new(self.world.open_gateway(session.expose_secret())?))
    }
}

//! Pre-seeded sessions: what a completed sign-in leaves, made directly (a fake server cannot
//! complete grammers' key exchange). One auth key per DC, signed in on the home DC only, every
//! DC address pointing at this simulator, the signed-in user, and the update state of now.

use std::net::{SocketAddrV4, SocketAddrV6};

use account_session::StoredSession;
use grammers_session::Session as _;
use grammers_session::types::{ChannelKind, PeerAuth, PeerInfo, UpdateState, UpdatesState};
use secrecy::ExposeSecret as _;
use storage::{ConnectionId, Storage};

use crate::crypto::AuthKey;
use crate::state::{Authorization, KeyEntry, MtprotoSim};
use crate::tl as make;

/// The home DC of seeded sessions (DC 1 then holds a key that is not signed in).
pub const HOME_DC: i32 = 2;

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("no such user in the World")]
    NoUser,
    #[error("the session: {0}")]
    Session(#[from] account_session::SessionError),
    #[error("the World refused the session: {0}")]
    World(#[from] relay::gateway::GatewayError),
}

/// A session blob for `connections.session`, and who it is signed in as.
pub struct SeededSession {
    pub user: i64,
    /// The exported `StoredSession` (it holds auth keys: store it sealed, never log it).
    pub blob: Vec<u8>,
}

impl MtprotoSim {
    /// Signs `user` (a bot or an account of the World) in, as a completed sign-in would.
    pub async fn sign_in(&self, user: i64) -> Result<SeededSession, SeedError> {
        let inner = &self.inner;
        let record = inner.world.user(user).ok_or(SeedError::NoUser)?;
        let signed = inner.world.authorize(user);
        let world_session = signed.session.expose_secret().clone();
        crate::push::link(inner, world_session.clone(), user)?;

        let session = StoredSession::in_memory();
        // Every DC grammers knows points here: nothing can reach out past the simulator.
        session.redirect_dcs(inner.dcs[0].addr);
        for dc in &inner.dcs {
            let key = AuthKey::random();
            let mut option =
                session
                    .dc_option(dc.id)?
                    .unwrap_or_else(|| grammers_session::types::DcOption {
                        id: dc.id,
                        ipv4: dc.addr,
                        ipv6: SocketAddrV6::new(
                            dc.addr.ip().to_ipv6_mapped(),
                            dc.addr.port(),
                            0,
                            0,
                        ),
                        auth_key: None,
                    });
            option.ipv4 = dc.addr;
            option.ipv6 = SocketAddrV6::new(dc.addr.ip().to_ipv6_mapped(), dc.addr.port(), 0, 0);
            option.auth_key = Some(key.bytes());
            session.set_dc_option(&option).await?;
            let auth = (dc.id == HOME_DC).then(|| Authorization {
                session: world_session.clone(),
                user,
            });
            inner.lock().keys.insert(
                key.id(),
                KeyEntry {
                    dc: dc.id,
                    key,
                    auth,
                },
            );
        }
        session.set_home_dc_id(HOME_DC).await?;
        session
            .cache_peer(PeerInfo::User {
                id: user,
                auth: Some(PeerAuth::from_hash(inner.access_hash(user, user))),
                bot: Some(record.is_bot),
                is_self: Some(true),
            })
            .await?;
        let pts = inner.lock().boxes.common_pts(user);
        session
            .set_update_state(UpdateState::All(UpdatesState {
                pts,
                qts: 0,
                date: inner.world.now_unix() as i32,
                seq: 0,
                channels: Vec::new(),
            }))
            .await?;
        Ok(SeededSession {
            user,
            blob: session.export()?.expose_secret().clone(),
        })
    }

    /// The stored session of `connection` (signed in as `viewer`) has seen the supergroup
    /// `chat`: its access hash is cached, as after a message from there.
    pub async fn give_chat(
        &self,
        storage: &Storage,
        connection: ConnectionId,
        viewer: i64,
        chat: i64,
    ) -> Result<(), SeedError> {
        let session = StoredSession::load(storage, connection)
            .await?
            .ok_or(SeedError::NoUser)?;
        let id = make::channel_id(chat);
        session
            .cache_peer(PeerInfo::Channel {
                id,
                auth: Some(PeerAuth::from_hash(self.inner.access_hash(viewer, id))),
                kind: Some(ChannelKind::Megagroup),
            })
            .await?;
        Ok(())
    }

    /// The address of DC `id`.
    pub fn dc_addr(&self, id: i32) -> Option<SocketAddrV4> {
        self.inner.dcs.iter().find(|d| d.id == id).map(|d| d.addr)
    }
}

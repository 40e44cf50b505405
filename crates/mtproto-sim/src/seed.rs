//! Pre-seeded sessions: what a completed sign-in leaves, made directly (a fake server cannot
//! complete grammers' key exchange). One auth key per DC, signed in on the home DC only, every
//! DC address pointing at this simulator, the signed-in user, and the update state of now.

use std::net::{SocketAddrV4, SocketAddrV6};

use account_session::StoredSession;
use grammers_session::Session as _;
use grammers_session::types::{
    ChannelKind, DcOption, PeerAuth, PeerInfo, UpdateState, UpdatesState,
};
use secrecy::ExposeSecret as _;
use storage::{ConnectionId, Storage};

use crate::crypto::AuthKey;
use crate::state::{Authorization, KeyEntry, Login, MtprotoSim};
use crate::tl as make;

/// The DC accounts live on unless a test moves one ([`MtprotoSim::set_home_dc`]), and the home
/// DC of unauthorized sessions (their other DC's key is not signed in either).
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

        let auth = Authorization {
            session: world_session,
            user,
        };
        let home = inner.home_dc(user);
        let session = StoredSession::seeded(home, self.new_keys(Some((auth, home))));
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

    /// A session as a completed key exchange leaves it, before any sign-in: a new auth key for
    /// each DC (none signed in), every DC address pointing here, home DC [`HOME_DC`]. Signing in
    /// over it (auth.signIn, auth.checkPassword, a QR login, importBotAuthorization) binds the
    /// key of the DC where it happens to the user.
    pub fn unauthorized_session(&self) -> StoredSession {
        StoredSession::seeded(HOME_DC, self.new_keys(None))
    }

    /// A new key per DC, registered here; the home DC's signed in as `auth` when given.
    fn new_keys(&self, auth: Option<(Authorization, i32)>) -> Vec<DcOption> {
        let inner = &self.inner;
        let v6 = |a: SocketAddrV4| SocketAddrV6::new(a.ip().to_ipv6_mapped(), a.port(), 0, 0);
        // Telegram's other DCs are known to every client: they point here too (with no key, a
        // visit there is a key exchange, refused and recorded), so nothing reaches past this.
        let mut options: Vec<DcOption> = (1..=5)
            .filter(|id| inner.dcs.iter().all(|dc| dc.id != *id))
            .map(|id| DcOption {
                id,
                ipv4: inner.dcs[0].addr,
                ipv6: v6(inner.dcs[0].addr),
                auth_key: None,
            })
            .collect();
        for dc in &inner.dcs {
            let key = AuthKey::random();
            options.push(DcOption {
                id: dc.id,
                ipv4: dc.addr,
                ipv6: v6(dc.addr),
                auth_key: Some(key.bytes()),
            });
            let entry = KeyEntry {
                dc: dc.id,
                key: key.clone(),
                auth: auth
                    .as_ref()
                    .filter(|(_, home)| *home == dc.id)
                    .map(|(a, _)| a.clone()),
                login: Login::default(),
            };
            inner.lock().keys.insert(key.id(), entry);
        }
        options
    }

    /// The stored session of `connection` (signed in as `viewer`) has seen the supergroup
    /// `chat`, as after a message from there: its access hash is cached and the channel's pts
    /// is in the update state (a restarted client calls updates.getChannelDifference from it).
    pub async fn give_chat(
        &self,
        storage: &Storage,
        connection: ConnectionId,
        viewer: i64,
        chat: i64,
    ) -> Result<(), SeedError> {
        let session = self.cache_chat(storage, connection, viewer, chat).await?;
        let id = make::channel_id(chat);
        let pts = self.inner.lock().boxes.channel_pts(id);
        session
            .set_update_state(UpdateState::Channel { id, pts })
            .await?;
        session.flush().await?;
        Ok(())
    }

    /// The stored session of `connection` (signed in as `viewer`) knows `user`'s access hash,
    /// as after a chat with them (an account whose owner has written to it before).
    pub async fn give_user(
        &self,
        storage: &Storage,
        connection: ConnectionId,
        viewer: i64,
        user: i64,
    ) -> Result<(), SeedError> {
        let session = StoredSession::load(storage, connection)
            .await?
            .ok_or(SeedError::NoUser)?;
        let is_bot = self.inner.world.user(user).is_some_and(|u| u.is_bot);
        session
            .cache_peer(PeerInfo::User {
                id: user,
                auth: Some(PeerAuth::from_hash(self.inner.access_hash(viewer, user))),
                bot: Some(is_bot),
                is_self: Some(false),
            })
            .await?;
        session.flush().await?;
        Ok(())
    }

    /// The stored session of `connection` knows the supergroup `chat`'s access hash (it can
    /// address it) but has no update state for it yet, as a session that has never received
    /// an update from there.
    pub async fn cache_chat(
        &self,
        storage: &Storage,
        connection: ConnectionId,
        viewer: i64,
        chat: i64,
    ) -> Result<StoredSession, SeedError> {
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
        Ok(session)
    }

    /// The address of DC `id`.
    pub fn dc_addr(&self, id: i32) -> Option<SocketAddrV4> {
        self.inner.dcs.iter().find(|d| d.id == id).map(|d| d.addr)
    }
}

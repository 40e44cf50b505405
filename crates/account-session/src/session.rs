//! A grammers [`Session`] kept in Switchboard's database.
//!
//! What grammers asks of a session splits three ways:
//! - the home DC, the DC options with their auth keys, the update state and the signed-in user
//!   form one small blob, sealed into `connections.session` (it holds auth keys);
//! - the peer cache grows with every user, so it lives as rows in `peers`, written only when a
//!   peer is new or changed and read back lazily (an idle connection keeps none in memory);
//! - the update state changes with every update, so it is kept in memory and flushed by
//!   [`StoredSession::flush`] (the client runner calls it periodically and on close).
//!
//! During sign-in the session is not bound to a connection yet and lives in memory only; a
//! failed attempt leaves nothing behind. [`StoredSession::export`] hands the blob over once
//! sign-in succeeds.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, MutexGuard};

use grammers_session::types::{
    ChannelState, DcOption, PeerId, PeerInfo, PeerKind, UpdateState, UpdatesState,
};
use grammers_session::{BoxFuture, Session, SessionData};
use storage::{ConnectionId, PeerRow, Storage};

/// How the session fails: storage errors, or a stored blob that does not decode.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error(transparent)]
    Storage(#[from] storage::Error),
    #[error("the stored session of connection {0} does not decode")]
    Corrupt(ConnectionId),
    #[error("the session's state lock was poisoned by a panic")]
    Poisoned,
}

/// The sealed part: everything but the peers.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct Blob {
    version: u8,
    home_dc: i32,
    dc_options: Vec<DcOption>,
    updates_state: UpdatesState,
    self_user: Option<PeerInfo>,
}

const BLOB_VERSION: u8 = 1;

struct State {
    blob: Blob,
    /// Peers seen in this process (a cache in front of the `peers` table).
    peers: HashMap<PeerId, PeerInfo>,
    /// The update state changed since the last flush.
    dirty: bool,
}

/// Where a bound session writes.
#[derive(Clone)]
struct Binding {
    storage: Storage,
    connection: ConnectionId,
}

pub struct StoredSession {
    state: Mutex<State>,
    binding: Option<Binding>,
}

impl fmt::Debug for StoredSession {
    // Never the blob: it holds auth keys.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoredSession")
            .field("connection", &self.binding.as_ref().map(|b| b.connection))
            .finish_non_exhaustive()
    }
}

impl StoredSession {
    /// A fresh session in memory, for signing in (Telegram's known DCs, no keys).
    pub fn in_memory() -> Self {
        let data = SessionData::default();
        let blob = Blob {
            version: BLOB_VERSION,
            home_dc: data.home_dc,
            dc_options: data.dc_options.into_values().collect(),
            updates_state: UpdatesState::default(),
            self_user: None,
        };
        Self::from_blob(blob, None)
    }

    /// A session as a completed key exchange leaves it: these DC options (with their auth keys)
    /// and this home DC, nobody signed in. For servers that cannot run a key exchange with
    /// grammers (a simulator in tests).
    pub fn seeded(home_dc: i32, dc_options: Vec<DcOption>) -> Self {
        let blob = Blob {
            version: BLOB_VERSION,
            home_dc,
            dc_options,
            updates_state: UpdatesState::default(),
            self_user: None,
        };
        Self::from_blob(blob, None)
    }

    /// A session from an [`export`](Self::export)ed blob, in memory (signing it out, tests).
    pub fn from_exported(bytes: &[u8]) -> Result<Self, SessionError> {
        let blob: Blob =
            serde_json::from_slice(bytes).map_err(|_| SessionError::Corrupt(ConnectionId(0)))?;
        Ok(Self::from_blob(blob, None))
    }

    /// Points every DC option at `address` (test servers, tests).
    pub fn redirect_dcs(&self, address: std::net::SocketAddrV4) {
        if let Ok(mut state) = self.lock() {
            for option in &mut state.blob.dc_options {
                option.ipv4 = address;
            }
        }
    }

    /// Opens the stored session of `connection`; `None` when it has none (not signed in, or revoked).
    pub async fn load(
        storage: &Storage,
        connection: ConnectionId,
    ) -> Result<Option<Self>, SessionError> {
        use secrecy::ExposeSecret as _;
        let Some(bytes) = storage.connections().session(connection).await? else {
            return Ok(None);
        };
        let blob: Blob = serde_json::from_slice(bytes.expose_secret())
            .map_err(|_| SessionError::Corrupt(connection))?;
        if blob.version != BLOB_VERSION {
            return Err(SessionError::Corrupt(connection));
        }
        Ok(Some(Self::from_blob(
            blob,
            Some(Binding {
                storage: storage.clone(),
                connection,
            }),
        )))
    }

    /// Binds an in-memory session to a connection after sign-in: from now on it persists there.
    pub fn bind(self, storage: &Storage, connection: ConnectionId) -> Self {
        let state = self.state.into_inner().unwrap_or_else(|p| p.into_inner());
        Self {
            state: Mutex::new(state),
            binding: Some(Binding {
                storage: storage.clone(),
                connection,
            }),
        }
    }

    fn from_blob(blob: Blob, binding: Option<Binding>) -> Self {
        Self {
            state: Mutex::new(State {
                blob,
                peers: HashMap::new(),
                dirty: false,
            }),
            binding,
        }
    }

    fn lock(&self) -> Result<MutexGuard<'_, State>, SessionError> {
        self.state.lock().map_err(|_| SessionError::Poisoned)
    }

    /// The serialized session (auth keys included) for `Connections::store_sign_in`. Treat it as
    /// a secret: storage seals it.
    pub fn export(&self) -> Result<secrecy::SecretBox<Vec<u8>>, SessionError> {
        let blob = self.lock()?.blob.clone();
        let bytes = serde_json::to_vec(&blob).map_err(|_| SessionError::Poisoned)?;
        Ok(secrecy::SecretBox::new(Box::new(bytes)))
    }

    /// The signed-in user's id, once known.
    pub fn self_user_id(&self) -> Option<i64> {
        let state = self.lock().ok()?;
        match state.blob.self_user {
            Some(PeerInfo::User { id, .. }) => Some(id),
            _ => None,
        }
    }

    /// Writes the blob now (the update state included) when bound.
    pub async fn flush(&self) -> Result<(), SessionError> {
        let Some(binding) = &self.binding else {
            return Ok(());
        };
        let bytes = {
            let mut state = self.lock()?;
            state.dirty = false;
            serde_json::to_vec(&state.blob).map_err(|_| SessionError::Poisoned)?
        };
        let result = binding
            .storage
            .connections()
            .save_session(binding.connection, &bytes)
            .await;
        if result.is_err() {
            // Keep it dirty so the next flush tries again.
            self.lock()?.dirty = true;
        }
        Ok(result?)
    }

    /// Whether the update state changed since the last flush.
    pub fn is_dirty(&self) -> bool {
        self.lock().map(|s| s.dirty).unwrap_or(false)
    }

    async fn persist_peers(&self, peers: Vec<PeerInfo>) -> Result<(), SessionError> {
        let Some(binding) = &self.binding else {
            return Ok(());
        };
        if peers.is_empty() {
            return Ok(());
        }
        let rows: Vec<PeerRow> = peers.iter().map(peer_row).collect();
        Ok(binding
            .storage
            .peers()
            .upsert(binding.connection, &rows)
            .await?)
    }
}

fn peer_row(peer: &PeerInfo) -> PeerRow {
    let id = peer.id();
    PeerRow {
        peer_id: id.bot_api_dialog_id_unchecked(),
        kind: match id.kind() {
            PeerKind::User => "user",
            PeerKind::Chat => "chat",
            PeerKind::Channel => "channel",
        }
        .to_owned(),
        access_hash: peer.auth().map(|a| a.hash()),
        username: None,
        data: serde_json::to_string(peer).ok(),
    }
}

impl Session for StoredSession {
    type Error = SessionError;

    fn home_dc_id(&self) -> Result<i32, SessionError> {
        Ok(self.lock()?.blob.home_dc)
    }

    fn set_home_dc_id(&self, dc_id: i32) -> BoxFuture<'_, Result<(), SessionError>> {
        Box::pin(async move {
            self.lock()?.blob.home_dc = dc_id;
            self.flush().await
        })
    }

    fn dc_option(&self, dc_id: i32) -> Result<Option<DcOption>, SessionError> {
        Ok(self
            .lock()?
            .blob
            .dc_options
            .iter()
            .find(|o| o.id == dc_id)
            .cloned())
    }

    fn set_dc_option(&self, dc_option: &DcOption) -> BoxFuture<'_, Result<(), SessionError>> {
        let dc_option = dc_option.clone();
        Box::pin(async move {
            {
                let mut state = self.lock()?;
                let options = &mut state.blob.dc_options;
                options.retain(|o| o.id != dc_option.id);
                options.push(dc_option);
            }
            // A new auth key: persist at once, or the next start would need a new one.
            self.flush().await
        })
    }

    fn peer(&self, peer: PeerId) -> BoxFuture<'_, Result<Option<PeerInfo>, SessionError>> {
        Box::pin(async move {
            {
                let state = self.lock()?;
                if peer == PeerId::self_user() {
                    return Ok(state.blob.self_user.clone());
                }
                if let Some(info) = state.peers.get(&peer) {
                    return Ok(Some(info.clone()));
                }
                if let Some(me) = &state.blob.self_user
                    && me.id() == peer
                {
                    return Ok(Some(me.clone()));
                }
            }
            let Some(binding) = &self.binding else {
                return Ok(None);
            };
            let row = binding
                .storage
                .peers()
                .get(binding.connection, peer.bot_api_dialog_id_unchecked())
                .await?;
            let info = row
                .and_then(|r| r.data)
                .and_then(|d| serde_json::from_str::<PeerInfo>(&d).ok());
            if let Some(info) = &info {
                self.lock()?.peers.insert(peer, info.clone());
            }
            Ok(info)
        })
    }

    fn cache_peer(&self, peer: PeerInfo) -> BoxFuture<'_, Result<(), SessionError>> {
        self.cache_peers(vec![peer])
    }

    fn cache_peers(&self, peers: Vec<PeerInfo>) -> BoxFuture<'_, Result<(), SessionError>> {
        Box::pin(async move {
            let changed: Vec<PeerInfo> = {
                let mut state = self.lock()?;
                let mut changed = Vec::new();
                for peer in peers {
                    if let PeerInfo::User {
                        is_self: Some(true),
                        ..
                    } = peer
                    {
                        state.blob.self_user = Some(peer.clone());
                        state.dirty = true;
                    }
                    let id = peer.id();
                    let updated = match state.peers.get_mut(&id) {
                        Some(known) => {
                            let before = known.clone();
                            known.extend_info(&peer);
                            (*known != before).then(|| known.clone())
                        }
                        None => {
                            state.peers.insert(id, peer.clone());
                            Some(peer)
                        }
                    };
                    changed.extend(updated);
                }
                changed
            };
            self.persist_peers(changed).await
        })
    }

    fn updates_state(&self) -> BoxFuture<'_, Result<UpdatesState, SessionError>> {
        Box::pin(async move { Ok(self.lock()?.blob.updates_state.clone()) })
    }

    fn set_update_state(&self, update: UpdateState) -> BoxFuture<'_, Result<(), SessionError>> {
        Box::pin(async move {
            let mut state = self.lock()?;
            let s = &mut state.blob.updates_state;
            match update {
                UpdateState::All(all) => *s = all,
                UpdateState::Primary { pts, date, seq } => {
                    s.pts = pts;
                    s.date = date;
                    s.seq = seq;
                }
                UpdateState::Secondary { qts } => s.qts = qts,
                UpdateState::Channel { id, pts } => {
                    s.channels.retain(|c| c.id != id);
                    s.channels.push(ChannelState { id, pts });
                }
            }
            state.dirty = true;
            Ok(())
        })
    }
}

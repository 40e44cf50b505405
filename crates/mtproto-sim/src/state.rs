//! The simulator's own state beside the World: DCs, authorization keys, and which World
//! authorization (signed-in bot or account) each key carries.

use std::collections::HashMap;
use std::net::SocketAddrV4;
use std::sync::{Arc, Mutex, MutexGuard};

use telegram_sim::World;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::crypto::AuthKey;
use crate::push::Boxes;

/// One simulated data centre: its id and where it listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dc {
    pub id: i32,
    pub addr: SocketAddrV4,
}

/// An authorization key and what it is bound to.
#[derive(Debug, Clone)]
pub(crate) struct KeyEntry {
    pub dc: i32,
    pub key: AuthKey,
    /// The World authorization this key is signed in as; `None`: not signed in.
    pub auth: Option<Authorization>,
    /// A sign-in in progress on this key (not signed in yet).
    pub login: Login,
}

impl std::fmt::Debug for Login {
    // Never the SRP secret or the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Login")
            .field("awaiting_password", &self.awaiting_password)
            .field("srp", &self.srp.is_some())
            .field("qr_token", &self.qr_token.is_some())
            .finish()
    }
}

/// What an unauthorized key has done towards signing in.
#[derive(Clone, Default)]
pub(crate) struct Login {
    /// The code was right (or the QR accepted) and this user's 2FA password comes next.
    pub awaiting_password: Option<i64>,
    /// The SRP parameters of the last `account.getPassword`, until one check uses them.
    pub srp: Option<crate::srp::Offer>,
    /// The QR login token this key exported last (as in the `tg://login?token=` URL).
    pub qr_token: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Authorization {
    /// The World's session bytes (its authorization id).
    pub session: Vec<u8>,
    pub user: i64,
}

#[derive(Default)]
pub(crate) struct SimState {
    pub keys: HashMap<[u8; 8], KeyEntry>,
    /// Live connections by auth key (signed in or not): `updateLoginToken` goes there.
    pub key_conns: HashMap<[u8; 8], Vec<tokio::sync::mpsc::UnboundedSender<Vec<u8>>>>,
    /// The DC each user's account lives on, when not [`crate::HOME_DC`].
    pub homes: HashMap<i64, i32>,
    /// The SRP verifier kept per user, with the password it was made from (to notice a change).
    pub verifiers: HashMap<i64, (String, crate::srp::Verifier)>,
    /// Users whose `account.getPassword` names a KDF algorithm no client knows.
    pub unknown_kdf: std::collections::HashSet<i64>,
    /// QR tokens already used to sign in (AUTH_TOKEN_ALREADY_ACCEPTED).
    pub used_qr_tokens: std::collections::HashSet<String>,
    /// Methods whose next call is processed and then the connection closed unanswered.
    pub hang_up_after: Vec<String>,
    pub boxes: Boxes,
    /// What clients did that Telegram would refuse at the protocol level (wrong DC, unknown
    /// key, bad msg ids): tests read it to see that nothing went wrong silently.
    pub violations: Vec<String>,
    /// Every RPC error answered, as "method: ERROR_NAME", oldest first.
    pub errors: Vec<String>,
    /// What the server did, briefly (methods answered, pushes), for a test's failure message.
    pub trace: Vec<String>,
    /// Accounts Telegram deleted or banned: their sessions are refused with 401.
    pub deactivated: std::collections::HashSet<i64>,
    /// Groups whose members other sessions see only as min users in message updates.
    pub min_groups: std::collections::HashSet<i64>,
    /// Files being uploaded, by (uploader, file id), until a message uses them.
    pub uploads: HashMap<(i64, i64), crate::methods::upload::Upload>,
    /// How many common-box events `updates.getDifference` replays before it answers
    /// `differenceTooLong` instead (None: Telegram's default, which the page puts at 1,000,000
    /// for a large remote pts).
    pub difference_limit: Option<i32>,
    /// How many times `updates.getDifference` answered `differenceTooLong`.
    pub too_long_answers: usize,
}

pub(crate) struct Inner {
    pub world: World,
    pub dcs: Vec<Dc>,
    /// Mixed into access hashes, so a hash is only known by being given one.
    pub secret: u64,
    /// The server salt every session is told to use.
    pub salt: i64,
    pub state: Mutex<SimState>,
    /// Documents shown in messages, by document id: (viewer, chat, message) to find the bytes
    /// again. Its own lock: messages are made while `state` is held.
    pub documents: Mutex<HashMap<i64, (i64, i64, i64)>>,
}

impl Inner {
    pub fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The access hash `viewer` is given for `peer` (a user id, or a channel's bare id).
    pub fn access_hash(&self, viewer: i64, peer: i64) -> i64 {
        // splitmix64: deterministic, and no hash is 0 (0 is what clients send when they have none).
        let mut z = self
            .secret
            .wrapping_add((viewer as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .wrapping_add((peer as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9));
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        (z ^ (z >> 31)) as i64 | 1
    }

    /// The DC `user`'s account lives on.
    pub fn home_dc(&self, user: i64) -> i32 {
        self.lock()
            .homes
            .get(&user)
            .copied()
            .unwrap_or(crate::HOME_DC)
    }

    pub fn violation(&self, what: String) {
        tracing::warn!(%what, "MTProto simulator: protocol violation");
        self.lock().violations.push(what);
    }
}

/// The MTProto server: one listener per DC over one World. Dropping it stops every listener.
pub struct MtprotoSim {
    pub(crate) inner: Arc<Inner>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for MtprotoSim {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
        self.inner.lock().boxes.stop();
    }
}

/// How many DCs the simulator runs (grammers' defaults know five; two make migrations real).
const DCS: [i32; 2] = [1, 2];

fn random_u64() -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("the operating system's random source is unavailable");
    u64::from_le_bytes(b)
}

impl MtprotoSim {
    /// Starts listening on 127.0.0.1 (an ephemeral port per DC).
    pub async fn start(world: World) -> std::io::Result<Self> {
        let mut listeners = Vec::new();
        let mut dcs = Vec::new();
        for id in DCS {
            let listener = TcpListener::bind("127.0.0.1:0").await?;
            let std::net::SocketAddr::V4(addr) = listener.local_addr()? else {
                return Err(std::io::Error::other("bound a non-IPv4 address"));
            };
            dcs.push(Dc { id, addr });
            listeners.push((id, listener));
        }
        let inner = Arc::new(Inner {
            world,
            dcs,
            secret: random_u64(),
            salt: random_u64() as i64,
            state: Mutex::new(SimState::default()),
            documents: Mutex::new(HashMap::new()),
        });
        let tasks = listeners
            .into_iter()
            .map(|(dc, listener)| {
                let inner = Arc::clone(&inner);
                tokio::spawn(async move {
                    while let Ok((stream, _)) = listener.accept().await {
                        let inner = Arc::clone(&inner);
                        tokio::spawn(crate::conn::serve(inner, dc, stream));
                    }
                })
            })
            .collect();
        Ok(Self { inner, tasks })
    }

    pub fn world(&self) -> &World {
        &self.inner.world
    }

    pub fn dcs(&self) -> &[Dc] {
        &self.inner.dcs
    }

    /// How many signed-in connections receive pushed updates now (a client that has connected
    /// to its home DC and made a request).
    pub fn online(&self) -> usize {
        self.inner
            .lock()
            .boxes
            .links
            .values()
            .map(|l| l.live.iter().filter(|tx| !tx.is_closed()).count())
            .sum()
    }

    /// Every RPC error answered so far, as "method: ERROR_NAME" (what a test expects to see
    /// refused, or looks at when something did not happen).
    pub fn errors(&self) -> Vec<String> {
        self.inner.lock().errors.clone()
    }

    /// The access hash Telegram gives `viewer` for `peer` (a user id, or a channel's bare id):
    /// for tests that build raw requests as a client that was given it.
    pub fn access_hash(&self, viewer: i64, peer: i64) -> i64 {
        self.inner.access_hash(viewer, peer)
    }

    /// What the server did so far, one line per method answered or update pushed.
    pub fn trace(&self) -> Vec<String> {
        self.inner.lock().trace.clone()
    }

    /// `user`'s current common pts (what a caught-up session of theirs has saved).
    pub fn pts(&self, user: i64) -> i32 {
        self.inner.lock().boxes.common_pts(user)
    }

    /// Telegram deletes `user`'s account: from now on every request of its sessions is answered
    /// 401 `USER_DEACTIVATED` (https://core.telegram.org/api/errors#401-unauthorized).
    pub fn deactivate(&self, user: i64) {
        self.inner.lock().deactivated.insert(user);
    }

    /// Telegram sends the members of `group` to other sessions as min users in the group's
    /// message updates (`min` set, no usable access hash), as it may do in any group
    /// (https://core.telegram.org/api/min): a client then addresses them only through the
    /// message it saw them in.
    pub fn min_members_in(&self, group: i64) {
        self.inner.lock().min_groups.insert(group);
    }

    /// `user`'s account lives on DC `dc` (others answer PHONE_MIGRATE / loginTokenMigrateTo).
    pub fn set_home_dc(&self, user: i64, dc: i32) {
        self.inner.lock().homes.insert(user, dc);
    }

    /// `account.getPassword` for `user` names a password KDF algorithm no client knows
    /// (`passwordKdfAlgoUnknown`), as Telegram may after an upgrade.
    pub fn set_unknown_password_algo(&self, user: i64) {
        self.inner.lock().unknown_kdf.insert(user);
    }

    /// The next call of `method` (its TL name, e.g. "auth.sendCode") is processed, then the
    /// connection is closed without an answer: the client sees an I/O error for a request that
    /// took effect.
    pub fn hang_up_after(&self, method: &str) {
        self.inner.lock().hang_up_after.push(method.to_owned());
    }

    /// `updates.getDifference` answers `differenceTooLong` when a session is more than
    /// `events` behind (a request's own `pts_total_limit` still wins, as the method page says:
    /// https://core.telegram.org/method/updates.getDifference). Telegram does not document its
    /// default for a small pts; tests set a small one to see a relay that was away too long.
    pub fn set_difference_limit(&self, events: i32) {
        self.inner.lock().difference_limit = Some(events);
    }

    /// How many times `updates.getDifference` has answered `differenceTooLong` so far: a test
    /// waits for a client's catch-up to have jumped before it sends what must arrive after.
    pub fn too_long_answers(&self) -> usize {
        self.inner.lock().too_long_answers
    }

    /// Protocol-level refusals seen so far (see [`SimState::violations`]).
    pub fn violations(&self) -> Vec<String> {
        self.inner.lock().violations.clone()
    }
}

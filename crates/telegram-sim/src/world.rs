//! The simulated world's state, shared by every simulated server part.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::time::{Duration, Instant};

/// A Telegram user, bot or account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SimUser {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub is_bot: bool,
    pub phone: Option<String>,
    /// Telegram's language_code for the user.
    pub language: Option<String>,
    pub premium: bool,
}

/// A failure the next sign-in request meets, as Telegram would answer it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    FloodWait(u32),
    PhoneFlood,
    Network,
}

/// How long a login code stays valid.
pub const CODE_LIFETIME: Duration = Duration::from_secs(300);
/// How long a QR login token stays valid (Telegram's is 30 s).
pub const QR_LIFETIME: Duration = Duration::from_secs(30);

#[derive(Debug)]
pub(crate) struct PendingCode {
    pub phone: String,
    pub code: String,
    pub expires: Instant,
    pub resends: u32,
}

#[derive(Debug)]
pub(crate) struct QrToken {
    pub expires: Instant,
    pub scanned_by: Option<i64>,
    pub notify: Arc<tokio::sync::Notify>,
}

#[derive(Debug, Default)]
pub(crate) struct State {
    pub next_id: i64,
    pub users: HashMap<i64, SimUser>,
    pub bot_tokens: HashMap<String, i64>,
    pub revoked_tokens: Vec<String>,
    pub phones: HashMap<String, i64>,
    pub banned_phones: Vec<String>,
    pub passwords: HashMap<i64, (String, Option<String>)>,
    /// Authorization id → user: the sessions Telegram has issued and not ended.
    pub authorizations: HashMap<String, i64>,
    pub codes: HashMap<String, PendingCode>,
    pub qr_tokens: HashMap<String, QrToken>,
    pub qr_issued: usize,
    /// Login codes sent per phone (sendCode and resends), for tests that count them.
    pub codes_sent: HashMap<String, usize>,
    /// Login codes shown to each user by Telegram's service account (777000), newest last.
    pub service_messages: HashMap<i64, Vec<String>>,
    pub faults: Vec<Fault>,
    /// How long a QR login token lives; Telegram's is [`QR_LIFETIME`], tests may shorten it.
    pub qr_lifetime: Option<Duration>,
    pub base_unix: i64,
    pub base_instant: Option<Instant>,
    pub chats: crate::chats::Chats,
}

/// The simulated Telegram. Cheap to clone; every clone is the same world.
#[derive(Clone, Debug)]
pub struct World(pub(crate) Arc<Mutex<State>>);

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

pub(crate) fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("the operating system's random source is unavailable");
    hex::encode(buf)
}

impl World {
    pub fn new() -> Self {
        let state = State {
            next_id: 5_000_000_000,
            base_unix: storage::now(),
            base_instant: Some(Instant::now()),
            ..State::default()
        };
        Self(Arc::new(Mutex::new(state)))
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        // A panicking test thread poisons the lock; the state is still usable for the report.
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Unix seconds on the simulated clock (tokio's time, so tests can advance it).
    pub fn now_unix(&self) -> i64 {
        let state = self.lock();
        let elapsed = state
            .base_instant
            .map_or(0, |b| Instant::now().duration_since(b).as_secs() as i64);
        state.base_unix + elapsed
    }

    fn add_user_record(&self, mut user: SimUser) -> i64 {
        let mut state = self.lock();
        state.next_id += 1;
        user.id = state.next_id;
        let id = user.id;
        state.users.insert(id, user);
        id
    }

    /// A bot, as @BotFather creates one: its id and token.
    pub fn add_bot(&self, username: &str, title: &str) -> (i64, String) {
        let id = self.add_user_record(SimUser {
            id: 0,
            first_name: title.to_owned(),
            last_name: None,
            username: Some(username.to_owned()),
            is_bot: true,
            phone: None,
            language: None,
            premium: false,
        });
        let token = format!("{id}:AA{}", &random_hex(17)[..33]);
        self.lock().bot_tokens.insert(token.clone(), id);
        (id, token)
    }

    /// Revokes a bot's token in @BotFather; returns the new one.
    pub fn revoke_token(&self, token: &str) -> Option<String> {
        let mut state = self.lock();
        let id = state.bot_tokens.remove(token)?;
        state.revoked_tokens.push(token.to_owned());
        let new = format!("{id}:AA{}", &random_hex(17)[..33]);
        state.bot_tokens.insert(new.clone(), id);
        Some(new)
    }

    /// A user account with a phone number (digits, international form).
    pub fn add_account(&self, phone: &str, first_name: &str, username: Option<&str>) -> i64 {
        let id = self.add_user_record(SimUser {
            id: 0,
            first_name: first_name.to_owned(),
            last_name: None,
            username: username.map(str::to_owned),
            is_bot: false,
            phone: Some(phone.to_owned()),
            language: None,
            premium: false,
        });
        self.lock().phones.insert(phone.to_owned(), id);
        id
    }

    /// A Telegram user who writes to bots and accounts (`language`: Telegram's language_code).
    pub fn add_user(
        &self,
        first_name: &str,
        last_name: Option<&str>,
        username: Option<&str>,
        language: Option<&str>,
    ) -> i64 {
        self.add_user_record(SimUser {
            id: 0,
            first_name: first_name.to_owned(),
            last_name: last_name.map(str::to_owned),
            username: username.map(str::to_owned),
            is_bot: false,
            phone: None,
            language: language.map(str::to_owned),
            premium: false,
        })
    }

    /// Gives a user Telegram Premium (shown by /info).
    pub fn set_premium(&self, user: i64) {
        if let Some(u) = self.lock().users.get_mut(&user) {
            u.premium = true;
        }
    }

    /// Turns on two-step verification for an account.
    pub fn set_password(&self, user: i64, password: &str, hint: Option<&str>) {
        self.lock()
            .passwords
            .insert(user, (password.to_owned(), hint.map(str::to_owned)));
    }

    pub fn ban_phone(&self, phone: &str) {
        self.lock().banned_phones.push(phone.to_owned());
    }

    /// Makes new QR login tokens live `lifetime` instead of Telegram's 30 s (to see a refresh
    /// without waiting half a minute).
    pub fn set_qr_lifetime(&self, lifetime: Duration) {
        self.lock().qr_lifetime = Some(lifetime);
    }

    pub(crate) fn qr_lifetime(&self) -> Duration {
        self.lock().qr_lifetime.unwrap_or(QR_LIFETIME)
    }

    /// Every pending login code expires now (as if the admin waited too long).
    pub fn expire_login_codes(&self) {
        let now = Instant::now();
        for code in self.lock().codes.values_mut() {
            code.expires = now;
        }
    }

    /// How many QR login tokens Telegram has issued (each refresh is one).
    pub fn qr_tokens_issued(&self) -> usize {
        self.lock().qr_issued
    }

    /// The next sign-in request fails with `fault`.
    pub fn inject(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    pub fn user(&self, id: i64) -> Option<SimUser> {
        self.lock().users.get(&id).cloned()
    }

    /// The newest login code Telegram showed to the owner of `phone`.
    pub fn last_login_code(&self, phone: &str) -> Option<String> {
        let state = self.lock();
        let user = state.phones.get(phone)?;
        state.service_messages.get(user)?.last().cloned()
    }

    /// The pending login code for `phone`, also for a number with no account (whose code no app shows).
    pub fn pending_code(&self, phone: &str) -> String {
        self.lock()
            .codes
            .values()
            .find(|c| c.phone == phone)
            .map(|c| c.code.clone())
            .unwrap_or_default()
    }

    /// The user a simulated session belongs to, while Telegram still honours it.
    pub fn session_user(&self, session: &[u8]) -> Option<i64> {
        let auth = parse_session(session)?;
        self.lock().authorizations.get(&auth).copied()
    }

    /// How many sessions Telegram has issued to `user` and not ended.
    pub fn session_count(&self, user: i64) -> usize {
        self.lock()
            .authorizations
            .values()
            .filter(|u| **u == user)
            .count()
    }

    /// Ends every session of `user` (as "Terminate all other sessions" would).
    pub fn revoke_sessions(&self, user: i64) {
        self.lock().authorizations.retain(|_, u| *u != user);
    }

    /// A second device, logged in as `scanner`, scans the QR code carrying `url`.
    pub fn scan_qr(&self, url: &str, scanner: i64) -> Result<(), &'static str> {
        let token = url
            .strip_prefix("tg://login?token=")
            .ok_or("not a login URL")?;
        let mut state = self.lock();
        let qr = state
            .qr_tokens
            .get_mut(token)
            .ok_or("unknown or replaced QR code")?;
        if Instant::now() >= qr.expires {
            return Err("the QR code has expired");
        }
        qr.scanned_by = Some(scanner);
        qr.notify.notify_one();
        Ok(())
    }
}

pub(crate) fn session_bytes(auth: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({ "sim_authorization": auth })).unwrap_or_default()
}

pub(crate) fn parse_session(session: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(session).ok()?;
    value.get("sim_authorization")?.as_str().map(str::to_owned)
}

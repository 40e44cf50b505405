//! The World's login state as plain operations, for servers that speak Telegram's own sign-in
//! methods (the MTProto simulator). `SimAuthenticator` uses the same operations, so a code, a
//! 2FA password or a QR token means the same thing in both test modes.

use std::sync::Arc;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::world::{Fault, QrToken, World, parse_session};

/// Why a login code is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeRefusal {
    /// PHONE_CODE_INVALID: another code is pending for this hash.
    Invalid,
    /// PHONE_CODE_EXPIRED: no code pending for this hash (used, replaced or timed out).
    Expired,
}

/// Why a bot token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenRefusal {
    Invalid,
    Revoked,
}

/// A QR login token as the World sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QrState {
    /// Never issued, replaced or consumed.
    Unknown,
    Expired,
    Waiting,
    ScannedBy(i64),
}

impl World {
    /// The next injected sign-in fault, if any (see [`World::inject`]).
    pub fn take_login_fault(&self) -> Option<Fault> {
        let mut state = self.lock();
        (!state.faults.is_empty()).then(|| state.faults.remove(0))
    }

    /// Whether Telegram refuses to send codes to `phone` (PHONE_NUMBER_BANNED).
    pub fn phone_banned(&self, phone: &str) -> bool {
        self.lock().banned_phones.iter().any(|p| p == phone)
    }

    /// The account registered with `phone`, if any.
    pub fn account_of_phone(&self, phone: &str) -> Option<i64> {
        self.lock().phones.get(phone).copied()
    }

    /// Sends a new login code for `phone` (replacing a pending one); its phone_code_hash.
    pub fn send_login_code(&self, phone: &str) -> String {
        self.deliver_code(phone, 0).phone_code_hash
    }

    /// Resends the code of `hash` another way; `None` when no code is pending for it.
    pub fn resend_login_code(&self, phone: &str, hash: &str) -> Option<String> {
        let resends = self.lock().codes.get(hash).map(|c| c.resends + 1)?;
        Some(self.deliver_code(phone, resends).phone_code_hash)
    }

    /// Drops the pending code of `hash` (auth.cancelCode).
    pub fn cancel_login_code(&self, hash: &str) {
        self.lock().codes.remove(hash);
    }

    /// How many login codes Telegram has sent to `phone` (each sendCode and resend is one).
    pub fn login_codes_sent(&self, phone: &str) -> usize {
        self.lock().codes_sent.get(phone).copied().unwrap_or(0)
    }

    /// Checks `code` against the code pending for (`phone`, `hash`). A right code is used up;
    /// the answer is the account of `phone`, or `None` when the number has no account yet.
    pub fn check_login_code(
        &self,
        phone: &str,
        hash: &str,
        code: &str,
    ) -> Result<Option<i64>, CodeRefusal> {
        let mut state = self.lock();
        let pending = state
            .codes
            .get(hash)
            .filter(|c| c.phone == phone)
            .ok_or(CodeRefusal::Expired)?;
        if Instant::now() >= pending.expires {
            return Err(CodeRefusal::Expired);
        }
        if pending.code != code {
            return Err(CodeRefusal::Invalid);
        }
        state.codes.remove(hash);
        Ok(state.phones.get(phone).copied())
    }

    /// `user`'s 2FA password and hint (the simulator keeps it in clear, to build its SRP
    /// verifier the way Telegram's server keeps one).
    pub fn password_of(&self, user: i64) -> Option<(String, Option<String>)> {
        self.lock().passwords.get(&user).cloned()
    }

    /// The bot a token signs in as.
    pub fn bot_of_token(&self, token: &str) -> Result<i64, TokenRefusal> {
        let state = self.lock();
        if state.revoked_tokens.iter().any(|t| t == token) {
            return Err(TokenRefusal::Revoked);
        }
        state
            .bot_tokens
            .get(token)
            .copied()
            .ok_or(TokenRefusal::Invalid)
    }

    /// Issues the QR login token `token` (as it appears in the `tg://login?token=` URL): when it
    /// expires (unix seconds), and what is notified when a device scans it.
    pub fn issue_qr_token(&self, token: &str) -> (i64, Arc<Notify>) {
        let lifetime = self.qr_lifetime();
        let expires_at = self.now_unix() + lifetime.as_secs() as i64;
        let notify = Arc::new(Notify::new());
        let mut state = self.lock();
        state.qr_issued += 1;
        state.qr_tokens.insert(
            token.to_owned(),
            QrToken {
                expires: Instant::now() + lifetime,
                scanned_by: None,
                notify: Arc::clone(&notify),
            },
        );
        (expires_at, notify)
    }

    pub fn qr_state(&self, token: &str) -> QrState {
        let state = self.lock();
        match state.qr_tokens.get(token) {
            None => QrState::Unknown,
            Some(qr) => match qr.scanned_by {
                Some(user) => QrState::ScannedBy(user),
                None if Instant::now() >= qr.expires => QrState::Expired,
                None => QrState::Waiting,
            },
        }
    }

    /// Whether a QR token's lifetime is over (also once scanned: an accepted token must still
    /// be imported in time).
    pub fn qr_expired(&self, token: &str) -> bool {
        self.lock()
            .qr_tokens
            .get(token)
            .is_none_or(|qr| Instant::now() >= qr.expires)
    }

    /// A QR token is used up or replaced.
    pub fn forget_qr_token(&self, token: &str) {
        self.lock().qr_tokens.remove(token);
    }

    /// Every live QR token expires now (as if nobody scanned it in time).
    pub fn expire_qr_tokens(&self) {
        let now = Instant::now();
        for qr in self.lock().qr_tokens.values_mut() {
            qr.expires = now;
        }
    }

    /// Ends one session (auth.logOut, or deleting a connection).
    pub fn end_session(&self, session: &[u8]) {
        if let Some(auth) = parse_session(session) {
            self.lock().authorizations.remove(&auth);
        }
    }
}

//! Sign-in against the simulated world, through account-session's `Authenticator` trait: the same
//! steps, answers and errors the setup bot meets with Telegram.

use std::sync::Arc;

use account_session::flow::{self, CodeDelivery, CodeSent};
use account_session::{
    Authenticator, LoginStep, PhoneLogin, QrCode, QrEvent, QrLogin, SignInError, SignedIn,
};
use async_trait::async_trait;
use secrecy::{ExposeSecret as _, SecretBox};
use storage::Identity;
use tokio::time::Instant;

use crate::login::{CodeRefusal, TokenRefusal};
use crate::world::{CODE_LIFETIME, Fault, PendingCode, World, random_hex, session_bytes};

/// Signs in against a [`World`].
#[derive(Clone, Debug)]
pub struct SimAuthenticator {
    world: World,
}

impl World {
    pub fn authenticator(&self) -> SimAuthenticator {
        SimAuthenticator {
            world: self.clone(),
        }
    }

    /// The injected fault for this request, if any.
    fn take_fault(&self) -> Result<(), SignInError> {
        let mut state = self.lock();
        if state.faults.is_empty() {
            return Ok(());
        }
        Err(match state.faults.remove(0) {
            Fault::FloodWait(seconds) => SignInError::FloodWait { seconds },
            Fault::PhoneFlood => SignInError::PhoneFlood,
            Fault::Network => SignInError::Network,
        })
    }

    /// Issues a new authorization for `user`, as a completed sign-in would (for servers that
    /// sign in their own way, such as the MTProto simulator's pre-seeded sessions).
    pub fn authorize(&self, user: i64) -> SignedIn {
        let auth = random_hex(16);
        let mut state = self.lock();
        state.authorizations.insert(auth.clone(), user);
        // Telegram keeps a session's updates from sign-in on (sign-in saves the update state),
        // so a relay that connects later catches up on everything since.
        state.chats.offline.insert(auth.clone(), Vec::new());
        let u = &state.users[&user];
        let title = match &u.last_name {
            Some(last) => format!("{} {last}", u.first_name),
            None => u.first_name.clone(),
        };
        SignedIn {
            identity: Identity {
                tg_user_id: user,
                username: u.username.clone(),
                title,
            },
            is_bot: u.is_bot,
            session: SecretBox::new(Box::new(session_bytes(&auth))),
        }
    }

    /// Sends a fresh code to the owner of `phone`; the first goes to the app, a resend by SMS.
    pub(crate) fn deliver_code(&self, phone: &str, resends: u32) -> CodeSent {
        let code: String = random_hex(8)
            .bytes()
            .filter(u8::is_ascii_digit)
            .chain(*b"31415")
            .take(5)
            .map(char::from)
            .collect();
        let hash = random_hex(8);
        let mut state = self.lock();
        *state.codes_sent.entry(phone.to_owned()).or_default() += 1;
        if let Some(user) = state.phones.get(phone).copied() {
            state
                .service_messages
                .entry(user)
                .or_default()
                .push(code.clone());
        }
        state.codes.retain(|_, c| c.phone != phone);
        state.codes.insert(
            hash.clone(),
            PendingCode {
                phone: phone.to_owned(),
                code,
                expires: Instant::now() + CODE_LIFETIME,
                resends,
            },
        );
        let delivery = if resends == 0 {
            CodeDelivery::App { length: 5 }
        } else {
            CodeDelivery::Sms { length: 5 }
        };
        CodeSent {
            delivery,
            phone_code_hash: hash,
            can_resend: resends == 0,
            resend_after: Some(60),
        }
    }
}

#[async_trait]
impl Authenticator for SimAuthenticator {
    async fn sign_in_bot(&self, token: &str) -> Result<SignedIn, SignInError> {
        flow::check_token_shape(token)?;
        self.world.take_fault()?;
        let token = token.trim();
        let bot = self.world.bot_of_token(token).map_err(|e| match e {
            TokenRefusal::Revoked => SignInError::RevokedToken,
            TokenRefusal::Invalid => SignInError::InvalidToken,
        })?;
        // A parallel session: the bot's token and its Bot API integration stay as they are.
        Ok(self.world.authorize(bot))
    }

    async fn send_code(&self, phone: &str) -> Result<Box<dyn PhoneLogin>, SignInError> {
        let phone = flow::normalize_phone(phone)?;
        self.world.take_fault()?;
        if self.world.phone_banned(&phone) {
            return Err(SignInError::PhoneBanned);
        }
        let code = self.world.deliver_code(&phone, 0);
        Ok(Box::new(SimPhoneLogin {
            world: self.world.clone(),
            phone,
            code,
            awaiting_password: None,
        }))
    }

    async fn start_qr(&self) -> Result<Box<dyn QrLogin>, SignInError> {
        self.world.take_fault()?;
        let mut login = SimQrLogin {
            world: self.world.clone(),
            code: QrCode {
                url: String::new(),
                expires_at: 0,
            },
            token: String::new(),
            awaiting_password: None,
            scanned: None,
        };
        login.refresh();
        Ok(Box::new(login))
    }

    async fn verify_session(&self, session: SecretBox<Vec<u8>>) -> Result<Identity, SignInError> {
        self.world.take_fault()?;
        let user = self
            .world
            .session_user(session.expose_secret())
            .ok_or(SignInError::SessionRevoked)?;
        let u = self.world.user(user).ok_or(SignInError::SessionRevoked)?;
        Ok(Identity {
            tg_user_id: user,
            username: u.username,
            title: u.first_name,
        })
    }

    async fn sign_out(&self, session: SecretBox<Vec<u8>>) -> Result<(), SignInError> {
        self.world.take_fault()?;
        self.world.end_session(session.expose_secret());
        Ok(())
    }
}

/// The 2FA check shared by both account paths.
fn check_password(world: &World, user: i64, password: &str) -> Result<SignedIn, SignInError> {
    world.take_fault()?;
    let matches = world.password_of(user).is_some_and(|(p, _)| p == password);
    if matches {
        Ok(world.authorize(user))
    } else {
        Err(SignInError::PasswordInvalid)
    }
}

/// Signed in, or the password step when the account has one.
fn after_code(world: &World, user: i64, awaiting: &mut Option<i64>) -> LoginStep {
    let hint = world.password_of(user).map(|(_, hint)| hint);
    match hint {
        Some(hint) => {
            *awaiting = Some(user);
            LoginStep::PasswordNeeded { hint }
        }
        None => LoginStep::SignedIn(world.authorize(user)),
    }
}

struct SimPhoneLogin {
    world: World,
    phone: String,
    code: CodeSent,
    awaiting_password: Option<i64>,
}

#[async_trait]
impl PhoneLogin for SimPhoneLogin {
    fn code_sent(&self) -> &CodeSent {
        &self.code
    }

    async fn resend(&mut self) -> Result<CodeSent, SignInError> {
        self.world.take_fault()?;
        if !self.code.can_resend {
            return Err(SignInError::ResendUnavailable);
        }
        let resends = self
            .world
            .lock()
            .codes
            .get(&self.code.phone_code_hash)
            .map_or(1, |c| c.resends + 1);
        self.code = self.world.deliver_code(&self.phone, resends);
        Ok(self.code.clone())
    }

    async fn submit_code(&mut self, code: &str) -> Result<LoginStep, SignInError> {
        self.world.take_fault()?;
        let user = self
            .world
            .check_login_code(&self.phone, &self.code.phone_code_hash, code)
            .map_err(|e| match e {
                CodeRefusal::Invalid => SignInError::CodeInvalid,
                CodeRefusal::Expired => SignInError::CodeExpired,
            })?;
        let user = user.ok_or(SignInError::SignUpRequired)?;
        Ok(after_code(&self.world, user, &mut self.awaiting_password))
    }

    async fn submit_password(&mut self, password: &str) -> Result<SignedIn, SignInError> {
        let user = self.awaiting_password.ok_or(SignInError::Unexpected {
            code: 0,
            name: "LOGIN_FINISHED".into(),
        })?;
        let signed_in = check_password(&self.world, user, password)?;
        self.awaiting_password = None;
        Ok(signed_in)
    }

    async fn cancel(self: Box<Self>) {
        self.world.lock().codes.remove(&self.code.phone_code_hash);
    }
}

struct SimQrLogin {
    world: World,
    code: QrCode,
    token: String,
    awaiting_password: Option<i64>,
    scanned: Option<i64>,
}

impl SimQrLogin {
    /// A new token replaces the old one (which no longer scans).
    fn refresh(&mut self) {
        let token = random_hex(16);
        self.world.forget_qr_token(&self.token);
        let (expires_at, _) = self.world.issue_qr_token(&token);
        self.code = QrCode {
            url: format!("tg://login?token={token}"),
            expires_at,
        };
        self.token = token;
    }
}

#[async_trait]
impl QrLogin for SimQrLogin {
    fn code(&self) -> &QrCode {
        &self.code
    }

    async fn next_event(&mut self) -> Result<QrEvent, SignInError> {
        if let Some(user) = self.scanned.take() {
            self.world.take_fault()?;
            self.world.lock().qr_tokens.remove(&self.token);
            return Ok(QrEvent::Step(after_code(
                &self.world,
                user,
                &mut self.awaiting_password,
            )));
        }
        let (notify, expires, scanned) = {
            let state = self.world.lock();
            let qr = state
                .qr_tokens
                .get(&self.token)
                .ok_or(SignInError::QrExpired)?;
            (Arc::clone(&qr.notify), qr.expires, qr.scanned_by)
        };
        if let Some(user) = scanned {
            self.scanned = Some(user);
            return Ok(QrEvent::Scanned);
        }
        // Like the real login: refresh a few seconds before the code dies.
        let refresh_at = expires
            .checked_sub(std::time::Duration::from_secs(3))
            .unwrap_or(expires);
        tokio::select! {
            () = notify.notified() => {
                self.scanned = self.world.lock().qr_tokens.get(&self.token).and_then(|q| q.scanned_by);
                Ok(QrEvent::Scanned)
            }
            () = tokio::time::sleep_until(refresh_at) => {
                self.world.take_fault()?;
                self.refresh();
                Ok(QrEvent::Refreshed(self.code.clone()))
            }
        }
    }

    async fn submit_password(&mut self, password: &str) -> Result<SignedIn, SignInError> {
        let user = self.awaiting_password.ok_or(SignInError::Unexpected {
            code: 0,
            name: "LOGIN_FINISHED".into(),
        })?;
        let signed_in = check_password(&self.world, user, password)?;
        self.awaiting_password = None;
        Ok(signed_in)
    }

    async fn cancel(self: Box<Self>) {
        self.world.lock().qr_tokens.remove(&self.token);
    }
}

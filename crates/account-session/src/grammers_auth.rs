//! [`Authenticator`] over real Telegram, with grammers. Each login runs its own client over an
//! in-memory [`StoredSession`], exported once sign-in succeeds.
//!
//! Raw requests are used where grammers' helpers fall short: `auth.sendCode` (its
//! `request_login_code` panics on `sentCodeSuccess` and `sentCodePaymentRequired`),
//! `auth.importBotAuthorization` (its `bot_sign_in` panics on an unexpected answer), and the QR
//! login, which grammers has no API for.

use std::net::SocketAddrV4;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use grammers_mtsender::InvocationError;
use grammers_session::Session as _;
use grammers_session::types::{PeerAuth, PeerInfo, UpdateState, UpdatesState};
use grammers_session::updates::UpdatesLike;
use grammers_tl_types as tl;
use secrecy::{ExposeSecret as _, SecretBox, SecretString};
use tokio::sync::mpsc;

use crate::auth::{Authenticator, LoginStep, PhoneLogin, QrCode, QrEvent, QrLogin, SignedIn};
use crate::client::{self, ClientOptions, OpenClient};
use crate::errors::{SignInError, from_invocation};
use crate::flow::{self, AuthorizationOutcome, CodeSent, QrStep, SendCodeOutcome};
use crate::session::StoredSession;

/// Makes the session each login starts from.
pub type SessionSource = Arc<dyn Fn() -> StoredSession + Send + Sync>;

/// Signs in against Telegram with the application's api_id and api_hash.
pub struct GrammersAuthenticator {
    api_hash: SecretString,
    options: ClientOptions,
    dc_address: Option<SocketAddrV4>,
    sessions: Option<SessionSource>,
}

impl GrammersAuthenticator {
    pub fn new(api_id: i32, api_hash: SecretString) -> Self {
        Self {
            api_hash,
            options: ClientOptions {
                // Sign-in calls are not idempotent (issue 13, defect 8): an I/O error surfaces
                // as `Network` and the admin decides whether to try again.
                retry_io: false,
                ..ClientOptions::new(api_id)
            },
            dc_address: None,
            sessions: None,
        }
    }

    /// For tests against a simulated Telegram, which cannot run a key exchange with grammers
    /// (it trusts only Telegram's RSA keys): each login starts from `sessions()` — a session
    /// with the simulator's DC addresses and fresh, not signed-in keys — instead of an empty one.
    pub fn with_sessions(mut self, sessions: SessionSource) -> Self {
        self.sessions = Some(sessions);
        self
    }

    /// Sends every DC's traffic to `address` instead (Telegram's test servers, or a listener in
    /// tests, which must never reach Telegram itself).
    pub fn with_dc_address(mut self, address: SocketAddrV4) -> Self {
        self.dc_address = Some(address);
        self
    }

    fn session(&self, session: StoredSession) -> Arc<StoredSession> {
        if let Some(address) = self.dc_address {
            session.redirect_dcs(address);
        }
        Arc::new(session)
    }

    fn fresh(&self) -> StoredSession {
        self.sessions
            .as_ref()
            .map_or_else(StoredSession::in_memory, |make| make())
    }

    fn attempt(&self) -> Attempt {
        Attempt {
            open: client::open(self.session(self.fresh()), &self.options),
        }
    }
}

fn finished() -> SignInError {
    SignInError::Unexpected {
        code: 0,
        name: "LOGIN_FINISHED".into(),
    }
}

fn storage_failure() -> SignInError {
    SignInError::Unexpected {
        code: 0,
        name: "SESSION_STORAGE".into(),
    }
}

/// One login's client.
struct Attempt {
    open: OpenClient,
}

impl Attempt {
    /// Invokes `request`, following one `*_MIGRATE_X` redirect to the account's home DC.
    async fn invoke<R: tl::RemoteCall>(&self, request: &R) -> Result<R::Return, SignInError> {
        match self.open.client.invoke(request).await {
            Ok(answer) => Ok(answer),
            Err(InvocationError::Rpc(rpc)) if rpc.code == 303 => {
                let Some(dc) = rpc.value.and_then(|v| i32::try_from(v).ok()) else {
                    return Err(SignInError::Unexpected {
                        code: 303,
                        name: rpc.name,
                    });
                };
                self.migrate_to(dc).await?;
                self.open
                    .client
                    .invoke(request)
                    .await
                    .map_err(|e| from_invocation(&e))
            }
            Err(err) => Err(from_invocation(&err)),
        }
    }

    async fn migrate_to(&self, dc: i32) -> Result<(), SignInError> {
        let session = self.open.session();
        let old = session.home_dc_id().map_err(|_| storage_failure())?;
        session
            .set_home_dc_id(dc)
            .await
            .map_err(|_| storage_failure())?;
        self.open.disconnect_from_dc(old);
        Ok(())
    }

    /// What grammers' private `complete_login` does: remember who we are and where updates stand.
    async fn finish(self, user: tl::types::User) -> Result<SignedIn, SignInError> {
        let session = Arc::clone(self.open.session());
        let state = self
            .open
            .client
            .invoke(&tl::functions::updates::GetState {})
            .await
            .ok();
        let me = PeerInfo::User {
            id: user.id,
            auth: user.access_hash.map(PeerAuth::from_hash),
            bot: Some(user.bot),
            is_self: Some(true),
        };
        session
            .cache_peer(me)
            .await
            .map_err(|_| storage_failure())?;
        if let Some(tl::enums::updates::State::State(s)) = state {
            let all = UpdatesState {
                pts: s.pts,
                qts: s.qts,
                date: s.date,
                seq: s.seq,
                channels: Vec::new(),
            };
            session
                .set_update_state(UpdateState::All(all))
                .await
                .map_err(|_| storage_failure())?;
        }
        self.export(flow::identity_of(&user), user.bot).await
    }

    async fn export(
        self,
        identity: storage::Identity,
        is_bot: bool,
    ) -> Result<SignedIn, SignInError> {
        let session = self
            .open
            .session()
            .export()
            .map_err(|_| storage_failure())?;
        let _ = self.open.close().await;
        Ok(SignedIn {
            identity,
            is_bot,
            session,
        })
    }

    async fn close(self) {
        let _ = self.open.close().await;
    }

    /// The account's password hint, for the 2FA step.
    async fn password_hint(&self) -> Result<Option<String>, SignInError> {
        let tl::enums::account::Password::Password(password) =
            self.invoke(&tl::functions::account::GetPassword {}).await?;
        Ok(password.hint)
    }

    /// Checks a 2FA password with parameters fetched for this check: Telegram takes each
    /// srp_id once, so a retry after a wrong password needs new ones (issue 13, defect 5).
    /// A wrong password or a network error gives the attempt back for another try.
    async fn check_password(self, password: &str) -> Result<SignedIn, (Option<Self>, SignInError)> {
        let checked = async {
            let tl::enums::account::Password::Password(params) =
                self.invoke(&tl::functions::account::GetPassword {}).await?;
            let proof = crate::srp::prove(&params, password.as_bytes()).await?;
            let answer = self
                .invoke(&tl::functions::auth::CheckPassword { password: proof })
                .await?;
            match flow::on_authorization(answer)? {
                AuthorizationOutcome::SignedIn(user) => Ok(*user),
                AuthorizationOutcome::SignUpRequired => Err(SignInError::SignUpRequired),
            }
        }
        .await;
        match checked {
            Ok(user) => self.finish(user).await.map_err(|e| (None, e)),
            Err(err) => Err((Some(self), err)),
        }
    }
}

#[async_trait]
impl Authenticator for GrammersAuthenticator {
    async fn sign_in_bot(&self, token: &str) -> Result<SignedIn, SignInError> {
        flow::check_token_shape(token)?;
        let attempt = self.attempt();
        let request = tl::functions::auth::ImportBotAuthorization {
            flags: 0,
            api_id: self.options.api_id,
            api_hash: self.api_hash.expose_secret().to_owned(),
            bot_auth_token: token.trim().to_owned(),
        };
        let answer = match attempt.invoke(&request).await {
            Ok(answer) => answer,
            Err(err) => {
                attempt.close().await;
                return Err(err);
            }
        };
        match flow::on_authorization(answer) {
            Ok(AuthorizationOutcome::SignedIn(user)) => attempt.finish(*user).await,
            Ok(AuthorizationOutcome::SignUpRequired) => {
                attempt.close().await;
                Err(SignInError::Unexpected {
                    code: 0,
                    name: "BOT_SIGN_UP_REQUIRED".into(),
                })
            }
            Err(err) => {
                attempt.close().await;
                Err(err)
            }
        }
    }

    async fn send_code(&self, phone: &str) -> Result<Box<dyn PhoneLogin>, SignInError> {
        let phone = flow::normalize_phone(phone)?;
        let attempt = self.attempt();
        let request = tl::functions::auth::SendCode {
            phone_number: phone.clone(),
            api_id: self.options.api_id,
            api_hash: self.api_hash.expose_secret().to_owned(),
            settings: flow::code_settings(),
        };
        let outcome = match attempt.invoke(&request).await.and_then(flow::on_sent_code) {
            Ok(outcome) => outcome,
            Err(err) => {
                attempt.close().await;
                return Err(err);
            }
        };
        match outcome {
            SendCodeOutcome::CodeSent(code) => Ok(Box::new(GrammersPhoneLogin {
                attempt: Some(attempt),
                phone,
                code,
                awaiting_password: false,
            })),
            // Only a future-auth token (never sent here) makes Telegram skip the code.
            SendCodeOutcome::SignedIn(_) => {
                attempt.close().await;
                Err(SignInError::Unexpected {
                    code: 0,
                    name: "SENT_CODE_SUCCESS".into(),
                })
            }
        }
    }

    async fn start_qr(&self) -> Result<Box<dyn QrLogin>, SignInError> {
        let mut attempt = self.attempt();
        let updates = attempt.open.updates.take().ok_or_else(finished)?;
        let mut login = GrammersQrLogin {
            attempt: Some(attempt),
            updates,
            api_id: self.options.api_id,
            api_hash: self.api_hash.clone(),
            code: QrCode {
                url: String::new(),
                expires_at: 0,
            },
            scanned: false,
            awaiting_password: false,
        };
        match login.export().await {
            Ok(QrEvent::Refreshed(_)) => Ok(Box::new(login)),
            Ok(_) => Err(SignInError::Unexpected {
                code: 0,
                name: "QR_UNEXPECTED_FIRST_STEP".into(),
            }),
            Err(err) => {
                Box::new(login).cancel().await;
                Err(err)
            }
        }
    }

    async fn sign_out(&self, session: SecretBox<Vec<u8>>) -> Result<(), SignInError> {
        let stored =
            StoredSession::from_exported(session.expose_secret()).map_err(|_| storage_failure())?;
        let attempt = Attempt {
            open: client::open(self.session(stored), &self.options),
        };
        let result = attempt.invoke(&tl::functions::auth::LogOut {}).await;
        attempt.close().await;
        match result {
            // Already ended on Telegram's side: the goal is reached.
            Ok(_) | Err(SignInError::SessionRevoked) => Ok(()),
            Err(err) => Err(err),
        }
    }

    async fn verify_session(
        &self,
        session: SecretBox<Vec<u8>>,
    ) -> Result<storage::Identity, SignInError> {
        let stored =
            StoredSession::from_exported(session.expose_secret()).map_err(|_| storage_failure())?;
        let attempt = Attempt {
            open: client::open(self.session(stored), &self.options),
        };
        let request = tl::functions::users::GetUsers {
            id: vec![tl::enums::InputUser::UserSelf],
        };
        let result = attempt.invoke(&request).await.and_then(user_of);
        attempt.close().await;
        result.map(|user| flow::identity_of(&user))
    }
}

fn user_of(users: Vec<tl::enums::User>) -> Result<tl::types::User, SignInError> {
    match users.into_iter().next() {
        Some(tl::enums::User::User(user)) => Ok(user),
        _ => Err(SignInError::SessionRevoked),
    }
}

struct GrammersPhoneLogin {
    attempt: Option<Attempt>,
    phone: String,
    code: CodeSent,
    /// The account's 2FA password comes next.
    awaiting_password: bool,
}

#[async_trait]
impl PhoneLogin for GrammersPhoneLogin {
    fn code_sent(&self) -> &CodeSent {
        &self.code
    }

    async fn resend(&mut self) -> Result<CodeSent, SignInError> {
        let attempt = self.attempt.as_ref().ok_or_else(finished)?;
        let request = tl::functions::auth::ResendCode {
            phone_number: self.phone.clone(),
            phone_code_hash: self.code.phone_code_hash.clone(),
            reason: None,
        };
        match flow::on_sent_code(attempt.invoke(&request).await?)? {
            SendCodeOutcome::CodeSent(code) => {
                self.code = code.clone();
                Ok(code)
            }
            SendCodeOutcome::SignedIn(_) => Err(SignInError::Unexpected {
                code: 0,
                name: "SENT_CODE_SUCCESS".into(),
            }),
        }
    }

    async fn submit_code(&mut self, code: &str) -> Result<LoginStep, SignInError> {
        let attempt = self.attempt.as_ref().ok_or_else(finished)?;
        let request = tl::functions::auth::SignIn {
            phone_number: self.phone.clone(),
            phone_code_hash: self.code.phone_code_hash.clone(),
            phone_code: Some(code.to_owned()),
            email_verification: None,
        };
        match attempt.invoke(&request).await {
            Ok(answer) => match flow::on_authorization(answer)? {
                AuthorizationOutcome::SignedIn(user) => {
                    let attempt = self.attempt.take().ok_or_else(finished)?;
                    Ok(LoginStep::SignedIn(attempt.finish(*user).await?))
                }
                AuthorizationOutcome::SignUpRequired => Err(SignInError::SignUpRequired),
            },
            Err(SignInError::PasswordRequired) => {
                let hint = attempt.password_hint().await?;
                self.awaiting_password = true;
                Ok(LoginStep::PasswordNeeded { hint })
            }
            Err(err) => Err(err),
        }
    }

    async fn submit_password(&mut self, password: &str) -> Result<SignedIn, SignInError> {
        if !self.awaiting_password {
            return Err(finished());
        }
        let attempt = self.attempt.take().ok_or_else(finished)?;
        match attempt.check_password(password).await {
            Ok(signed_in) => {
                self.awaiting_password = false;
                Ok(signed_in)
            }
            Err((attempt, err)) => {
                self.attempt = attempt;
                Err(err)
            }
        }
    }

    async fn cancel(mut self: Box<Self>) {
        if let Some(attempt) = self.attempt.take() {
            let request = tl::functions::auth::CancelCode {
                phone_number: self.phone.clone(),
                phone_code_hash: self.code.phone_code_hash.clone(),
            };
            let _ = attempt.invoke(&request).await;
            attempt.close().await;
        }
    }
}

struct GrammersQrLogin {
    attempt: Option<Attempt>,
    updates: mpsc::Receiver<UpdatesLike>,
    api_id: i32,
    api_hash: SecretString,
    code: QrCode,
    scanned: bool,
    /// The account's 2FA password comes next.
    awaiting_password: bool,
}

/// Whether a raw update is Telegram's "your login token was accepted" signal.
fn is_login_token_update(update: &UpdatesLike) -> bool {
    match update {
        UpdatesLike::Updates(tl::enums::Updates::UpdateShort(short)) => {
            matches!(short.update, tl::enums::Update::LoginToken)
        }
        UpdatesLike::Updates(tl::enums::Updates::Updates(all)) => all
            .updates
            .iter()
            .any(|u| matches!(u, tl::enums::Update::LoginToken)),
        _ => false,
    }
}

impl GrammersQrLogin {
    /// `auth.exportLoginToken` again: a new code, a DC to import into, or success.
    async fn export(&mut self) -> Result<QrEvent, SignInError> {
        let attempt = self.attempt.as_ref().ok_or_else(finished)?;
        let request = tl::functions::auth::ExportLoginToken {
            api_id: self.api_id,
            api_hash: self.api_hash.expose_secret().to_owned(),
            except_ids: Vec::new(),
        };
        let answer = match attempt.invoke(&request).await {
            Ok(answer) => answer,
            Err(SignInError::PasswordRequired) => return self.password_step().await,
            Err(err) => return Err(err),
        };
        self.on_step(flow::on_login_token(answer)).await
    }

    async fn on_step(&mut self, step: QrStep) -> Result<QrEvent, SignInError> {
        match step {
            QrStep::Show { url, expires } => {
                self.code = QrCode {
                    url,
                    expires_at: expires,
                };
                Ok(QrEvent::Refreshed(self.code.clone()))
            }
            QrStep::MigrateTo { dc_id, token } => {
                let attempt = self.attempt.as_ref().ok_or_else(finished)?;
                attempt.migrate_to(dc_id).await?;
                let answer = match attempt
                    .invoke(&tl::functions::auth::ImportLoginToken { token })
                    .await
                {
                    Ok(answer) => answer,
                    Err(SignInError::PasswordRequired) => return self.password_step().await,
                    Err(err) => return Err(err),
                };
                match flow::on_login_token(answer) {
                    QrStep::Accepted(auth) => self.accepted(*auth).await,
                    // Telegram answers an import with success; anything else means the scan was void.
                    _ => Err(SignInError::QrExpired),
                }
            }
            QrStep::Accepted(auth) => self.accepted(*auth).await,
        }
    }

    async fn accepted(
        &mut self,
        auth: tl::enums::auth::Authorization,
    ) -> Result<QrEvent, SignInError> {
        match flow::on_authorization(auth)? {
            AuthorizationOutcome::SignedIn(user) => {
                let attempt = self.attempt.take().ok_or_else(finished)?;
                Ok(QrEvent::Step(LoginStep::SignedIn(
                    attempt.finish(*user).await?,
                )))
            }
            AuthorizationOutcome::SignUpRequired => Err(SignInError::SignUpRequired),
        }
    }

    async fn password_step(&mut self) -> Result<QrEvent, SignInError> {
        let attempt = self.attempt.as_ref().ok_or_else(finished)?;
        let hint = attempt.password_hint().await?;
        self.awaiting_password = true;
        Ok(QrEvent::Step(LoginStep::PasswordNeeded { hint }))
    }
}

#[async_trait]
impl QrLogin for GrammersQrLogin {
    fn code(&self) -> &QrCode {
        &self.code
    }

    async fn next_event(&mut self) -> Result<QrEvent, SignInError> {
        if std::mem::take(&mut self.scanned) {
            // After updateLoginToken, exporting again yields the authorization or a DC to import in.
            return self.export().await;
        }
        loop {
            // Re-export shortly before expiry so the admin never looks at a dead code.
            let left = self.code.expires_at - storage::now() - 3;
            let wait = Duration::from_secs(u64::try_from(left).unwrap_or(0).max(1));
            tokio::select! {
                update = self.updates.recv() => match update {
                    Some(update) if is_login_token_update(&update) => {
                        self.scanned = true;
                        return Ok(QrEvent::Scanned);
                    }
                    Some(_) => continue,
                    None => return Err(SignInError::Network),
                },
                () = tokio::time::sleep(wait) => {
                    let before = self.code.url.clone();
                    match self.export().await? {
                        QrEvent::Refreshed(code) if code.url == before => continue,
                        event => return Ok(event),
                    }
                }
            }
        }
    }

    async fn submit_password(&mut self, password: &str) -> Result<SignedIn, SignInError> {
        if !self.awaiting_password {
            return Err(finished());
        }
        let attempt = self.attempt.take().ok_or_else(finished)?;
        match attempt.check_password(password).await {
            Ok(signed_in) => {
                self.awaiting_password = false;
                Ok(signed_in)
            }
            Err((attempt, err)) => {
                self.attempt = attempt;
                Err(err)
            }
        }
    }

    async fn cancel(mut self: Box<Self>) {
        if let Some(attempt) = self.attempt.take() {
            attempt.close().await;
        }
    }
}

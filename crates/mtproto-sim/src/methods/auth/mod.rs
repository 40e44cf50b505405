//! The sign-in methods, served to keys that are not signed in yet ("this method can be invoked
//! over an unauthenticated connection", each method's page). Signing in binds the key of the DC
//! where it happens to the user: from then on its requests are the user's, and its connections
//! receive the user's updates. Codes, passwords and QR tokens are the World's, so the
//! trait-level `SimAuthenticator` and this server agree on them.

mod password;
mod phone;
mod qr;

use std::sync::Arc;

use grammers_tl_types::{self as tl, Deserializable as _, Identifiable as _, Serializable as _};
use secrecy::ExposeSecret as _;

use crate::rpc::RpcFail;
use crate::state::{Authorization, Inner};

/// An auth method's caller: a key, maybe not signed in.
pub(crate) struct Login {
    pub inner: Arc<Inner>,
    pub dc: i32,
    pub key_id: [u8; 8],
}

impl Login {
    /// The user this key is signed in as.
    fn signed_in(&self) -> Option<Authorization> {
        self.inner
            .lock()
            .keys
            .get(&self.key_id)
            .and_then(|k| k.auth.clone())
    }

    fn update_login(&self, f: impl FnOnce(&mut crate::state::Login)) {
        if let Some(key) = self.inner.lock().keys.get_mut(&self.key_id) {
            f(&mut key.login);
        }
    }

    fn login(&self) -> crate::state::Login {
        self.inner
            .lock()
            .keys
            .get(&self.key_id)
            .map(|k| k.login.clone())
            .unwrap_or_default()
    }

    /// An account is served by its own DC: elsewhere, `<KIND>_MIGRATE_X`
    /// (https://core.telegram.org/api/datacenter#registrationauthorization).
    fn on_home_dc(&self, user: i64, kind: &str) -> Result<(), RpcFail> {
        let home = self.inner.home_dc(user);
        if home == self.dc {
            Ok(())
        } else {
            Err(RpcFail::new(303, format!("{kind}_MIGRATE_{home}")))
        }
    }

    /// Completes a sign-in: a new World authorization for `user`, bound to this key; the key's
    /// live connections now receive the user's updates.
    fn bind(&self, user: i64) -> Result<tl::enums::auth::Authorization, RpcFail> {
        let record = self
            .inner
            .world
            .user(user)
            .ok_or_else(|| RpcFail::bad("USER_ID_INVALID"))?;
        let signed = self.inner.world.authorize(user);
        let session = signed.session.expose_secret().clone();
        crate::push::link(&self.inner, session.clone(), user).map_err(super::fail)?;
        let mut state = self.inner.lock();
        let conns = state
            .key_conns
            .get(&self.key_id)
            .cloned()
            .unwrap_or_default();
        if let Some(link) = state.boxes.links.get_mut(&session) {
            link.live
                .extend(conns.into_iter().filter(|c| !c.is_closed()));
        }
        if let Some(key) = state.keys.get_mut(&self.key_id) {
            key.auth = Some(Authorization { session, user });
            key.login = crate::state::Login::default();
        }
        drop(state);
        Ok(tl::types::auth::Authorization {
            setup_password_required: false,
            otherwise_relogin_days: None,
            tmp_sessions: None,
            future_auth_token: None,
            user: crate::tl::user(&self.inner, user, &record),
        }
        .into())
    }

    /// The user's 2FA password comes next (401 SESSION_PASSWORD_NEEDED,
    /// https://core.telegram.org/api/srp), or the sign-in completes now.
    fn bind_or_ask_password(&self, user: i64) -> Result<tl::enums::auth::Authorization, RpcFail> {
        if self.inner.world.password_of(user).is_some() {
            self.update_login(|l| l.awaiting_password = Some(user));
            return Err(RpcFail::new(401, "SESSION_PASSWORD_NEEDED"));
        }
        self.bind(user)
    }

    /// An injected World fault, as Telegram answers it.
    fn fault(&self) -> Result<(), RpcFail> {
        use telegram_sim::Fault;
        match self.inner.world.take_login_fault() {
            None => Ok(()),
            Some(Fault::FloodWait(s)) => Err(RpcFail::new(420, format!("FLOOD_WAIT_{s}"))),
            Some(Fault::PhoneFlood) => Err(RpcFail::bad("PHONE_NUMBER_FLOOD")),
            Some(Fault::Network) => Err(RpcFail::hang_up()),
        }
    }
}

/// Decodes `$ty` and answers with the handler's `$ty::Return`; `None` for other methods.
macro_rules! route_login {
    ($login:expr, $id:expr, $rest:expr; $($ty:ty => $handler:path,)*) => {
        match $id {
            $(
                id if id == <$ty>::CONSTRUCTOR_ID => Some(async {
                    let request = <$ty>::from_bytes($rest)?;
                    let answer: <$ty as tl::RemoteCall>::Return = $handler($login, request).await?;
                    Ok(answer.to_bytes())
                }.await),
            )*
            _ => None,
        }
    };
}

pub(crate) async fn dispatch(
    login: &Login,
    id: u32,
    rest: &[u8],
) -> Option<Result<Vec<u8>, RpcFail>> {
    use tl::functions as f;
    route_login!(login, id, rest;
        f::auth::SendCode => phone::send_code,
        f::auth::ResendCode => phone::resend_code,
        f::auth::CancelCode => phone::cancel_code,
        f::auth::SignIn => phone::sign_in,
        f::auth::ImportBotAuthorization => phone::import_bot_authorization,
        f::auth::LogOut => phone::log_out,
        f::account::GetPassword => password::get_password,
        f::auth::CheckPassword => password::check_password,
        f::auth::ExportLoginToken => qr::export_login_token,
        f::auth::ImportLoginToken => qr::import_login_token,
    )
}

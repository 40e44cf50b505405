//! QR login (https://core.telegram.org/api/qr-login): exportLoginToken shows a token; a device
//! signed in as the user accepts it (a test "scans" it with `World::scan_qr`), which pushes
//! `updateLoginToken` to the exporting key's connections; exporting again then signs in, or
//! answers loginTokenMigrateTo when the account lives on another DC, where importLoginToken
//! completes it. Tokens expire (AUTH_TOKEN_EXPIRED).

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use grammers_tl_types::{self as tl, Serializable as _};
use telegram_sim::QrState;
use tokio::sync::Notify;

use super::Login;
use crate::rpc::RpcFail;
use crate::state::Inner;

/// A token as the `tg://login?token=` URL carries it (how the World knows it).
fn url_token(token: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token)
}

fn url_bytes(token: &str) -> Vec<u8> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token)
        .unwrap_or_default()
}

/// The scanned token's user signs in here, or is sent to their DC.
fn accepted(login: &Login, token: &str, user: i64) -> Result<tl::enums::auth::LoginToken, RpcFail> {
    let home = login.inner.home_dc(user);
    if home != login.dc {
        return Ok(tl::types::auth::LoginTokenMigrateTo {
            dc_id: home,
            token: url_bytes(token),
        }
        .into());
    }
    login.inner.world.forget_qr_token(token);
    login.inner.lock().used_qr_tokens.insert(token.to_owned());
    login.update_login(|l| l.qr_token = None);
    let authorization = login.bind_or_ask_password(user)?;
    Ok(tl::types::auth::LoginTokenSuccess { authorization }.into())
}

/// https://core.telegram.org/method/auth.exportLoginToken: a new token each call until one was
/// accepted; then the authorization (or loginTokenMigrateTo, or SESSION_PASSWORD_NEEDED).
pub(crate) async fn export_login_token(
    login: &Login,
    _: tl::functions::auth::ExportLoginToken,
) -> Result<tl::enums::auth::LoginToken, RpcFail> {
    login.fault()?;
    let world = &login.inner.world;
    if let Some(old) = login.login().qr_token {
        if let QrState::ScannedBy(user) = world.qr_state(&old) {
            return accepted(login, &old, user);
        }
        world.forget_qr_token(&old);
    }
    let bytes = crate::srp::random_bytes::<32>();
    let token = url_token(&bytes);
    let (expires, notify) = world.issue_qr_token(&token);
    login.update_login(|l| l.qr_token = Some(token.clone()));
    let left = expires.saturating_sub(world.now_unix()).max(0) as u64;
    tokio::spawn(push_on_scan(
        Arc::clone(&login.inner),
        login.key_id,
        notify,
        Duration::from_secs(left + 1),
    ));
    Ok(tl::types::auth::LoginToken {
        expires: expires as i32,
        token: bytes.to_vec(),
    }
    .into())
}

/// Pushes `updateLoginToken` to the exporting key's connections when the token is scanned
/// within its lifetime.
async fn push_on_scan(inner: Arc<Inner>, key_id: [u8; 8], notify: Arc<Notify>, life: Duration) {
    tokio::select! {
        () = notify.notified() => {}
        () = tokio::time::sleep(life) => return,
    }
    let update = tl::enums::Updates::UpdateShort(tl::types::UpdateShort {
        update: tl::enums::Update::LoginToken,
        date: inner.world.now_unix() as i32,
    })
    .to_bytes();
    let mut state = inner.lock();
    state
        .trace
        .push("push updateLoginToken (QR accepted)".to_owned());
    if let Some(conns) = state.key_conns.get_mut(&key_id) {
        conns.retain(|tx| tx.send(update.clone()).is_ok());
    }
}

/// https://core.telegram.org/method/auth.importLoginToken: AUTH_TOKEN_EXPIRED,
/// AUTH_TOKEN_ALREADY_ACCEPTED, AUTH_TOKEN_INVALID.
pub(crate) async fn import_login_token(
    login: &Login,
    request: tl::functions::auth::ImportLoginToken,
) -> Result<tl::enums::auth::LoginToken, RpcFail> {
    login.fault()?;
    let token = url_token(&request.token);
    if login.inner.lock().used_qr_tokens.contains(&token) {
        return Err(RpcFail::bad("AUTH_TOKEN_ALREADY_ACCEPTED"));
    }
    let world = &login.inner.world;
    match world.qr_state(&token) {
        QrState::Unknown | QrState::Waiting => Err(RpcFail::bad("AUTH_TOKEN_INVALID")),
        QrState::Expired => Err(RpcFail::bad("AUTH_TOKEN_EXPIRED")),
        QrState::ScannedBy(_) if world.qr_expired(&token) => {
            Err(RpcFail::bad("AUTH_TOKEN_EXPIRED"))
        }
        QrState::ScannedBy(user) => accepted(login, &token, user),
    }
}

//! Phone + code sign-in, bot tokens, and logging out.

use grammers_tl_types as tl;
use telegram_sim::{CodeRefusal, TokenRefusal};

use super::Login;
use crate::rpc::RpcFail;

/// Digits only (an optional leading +), 7 to 15 of them: the shape of an international number.
fn phone_shape(phone: &str) -> Option<String> {
    let digits = phone.strip_prefix('+').unwrap_or(phone);
    (digits.bytes().all(|b| b.is_ascii_digit()) && (7..=15).contains(&digits.len()))
        .then(|| digits.to_owned())
}

fn sent_code(hash: String, first: bool) -> tl::enums::auth::SentCode {
    let r#type = if first {
        tl::types::auth::SentCodeTypeApp { length: 5 }.into()
    } else {
        tl::types::auth::SentCodeTypeSms { length: 5 }.into()
    };
    tl::types::auth::SentCode {
        r#type,
        phone_code_hash: hash,
        next_type: first.then(|| tl::types::auth::CodeTypeSms {}.into()),
        timeout: first.then_some(60),
    }
    .into()
}

/// https://core.telegram.org/method/auth.sendCode: PHONE_NUMBER_INVALID, PHONE_NUMBER_BANNED,
/// PHONE_NUMBER_FLOOD, PHONE_MIGRATE_X (the account lives on another DC). A number with no
/// account still gets a code: signing in then answers authorizationSignUpRequired.
pub(crate) async fn send_code(
    login: &Login,
    request: tl::functions::auth::SendCode,
) -> Result<tl::enums::auth::SentCode, RpcFail> {
    let phone =
        phone_shape(&request.phone_number).ok_or_else(|| RpcFail::bad("PHONE_NUMBER_INVALID"))?;
    login.fault()?;
    let world = &login.inner.world;
    if world.phone_banned(&phone) {
        return Err(RpcFail::bad("PHONE_NUMBER_BANNED"));
    }
    if let Some(user) = world.account_of_phone(&phone) {
        login.on_home_dc(user, "PHONE")?;
    }
    Ok(sent_code(world.send_login_code(&phone), true))
}

/// https://core.telegram.org/method/auth.resendCode: PHONE_CODE_EXPIRED when no code is pending.
pub(crate) async fn resend_code(
    login: &Login,
    request: tl::functions::auth::ResendCode,
) -> Result<tl::enums::auth::SentCode, RpcFail> {
    let phone =
        phone_shape(&request.phone_number).ok_or_else(|| RpcFail::bad("PHONE_NUMBER_INVALID"))?;
    login.fault()?;
    let hash = login
        .inner
        .world
        .resend_login_code(&phone, &request.phone_code_hash)
        .ok_or_else(|| RpcFail::bad("PHONE_CODE_EXPIRED"))?;
    Ok(sent_code(hash, false))
}

/// https://core.telegram.org/method/auth.cancelCode
pub(crate) async fn cancel_code(
    login: &Login,
    request: tl::functions::auth::CancelCode,
) -> Result<bool, RpcFail> {
    login
        .inner
        .world
        .cancel_login_code(&request.phone_code_hash);
    Ok(true)
}

/// https://core.telegram.org/method/auth.signIn: PHONE_CODE_EMPTY, PHONE_CODE_INVALID,
/// PHONE_CODE_EXPIRED, PHONE_MIGRATE_X; 401 SESSION_PASSWORD_NEEDED with 2FA on
/// (https://core.telegram.org/api/srp); a number with no account: authorizationSignUpRequired
/// (https://core.telegram.org/api/auth#sign-in).
pub(crate) async fn sign_in(
    login: &Login,
    request: tl::functions::auth::SignIn,
) -> Result<tl::enums::auth::Authorization, RpcFail> {
    let phone =
        phone_shape(&request.phone_number).ok_or_else(|| RpcFail::bad("PHONE_NUMBER_INVALID"))?;
    let code = request
        .phone_code
        .filter(|c| !c.is_empty())
        .ok_or_else(|| RpcFail::bad("PHONE_CODE_EMPTY"))?;
    login.fault()?;
    let world = &login.inner.world;
    if let Some(user) = world.account_of_phone(&phone) {
        login.on_home_dc(user, "PHONE")?;
    }
    let user = world
        .check_login_code(&phone, &request.phone_code_hash, &code)
        .map_err(|e| match e {
            CodeRefusal::Invalid => RpcFail::bad("PHONE_CODE_INVALID"),
            CodeRefusal::Expired => RpcFail::bad("PHONE_CODE_EXPIRED"),
        })?;
    match user {
        Some(user) => login.bind_or_ask_password(user),
        None => Ok(tl::types::auth::AuthorizationSignUpRequired {
            terms_of_service: None,
        }
        .into()),
    }
}

/// https://core.telegram.org/method/auth.importBotAuthorization: ACCESS_TOKEN_INVALID,
/// ACCESS_TOKEN_EXPIRED (a token revoked in @BotFather).
pub(crate) async fn import_bot_authorization(
    login: &Login,
    request: tl::functions::auth::ImportBotAuthorization,
) -> Result<tl::enums::auth::Authorization, RpcFail> {
    login.fault()?;
    let bot = login
        .inner
        .world
        .bot_of_token(&request.bot_auth_token)
        .map_err(|e| match e {
            TokenRefusal::Invalid => RpcFail::bad("ACCESS_TOKEN_INVALID"),
            TokenRefusal::Revoked => RpcFail::bad("ACCESS_TOKEN_EXPIRED"),
        })?;
    login.on_home_dc(bot, "USER")?;
    login.bind(bot)
}

/// https://core.telegram.org/method/auth.logOut: the session ends; the key is no longer
/// signed in (401 AUTH_KEY_UNREGISTERED from then on).
pub(crate) async fn log_out(
    login: &Login,
    _: tl::functions::auth::LogOut,
) -> Result<tl::enums::auth::LoggedOut, RpcFail> {
    let auth = login
        .signed_in()
        .ok_or_else(|| RpcFail::new(401, "AUTH_KEY_UNREGISTERED"))?;
    login.inner.world.end_session(&auth.session);
    if let Some(key) = login.inner.lock().keys.get_mut(&login.key_id) {
        key.auth = None;
    }
    Ok(tl::types::auth::LoggedOut {
        future_auth_token: None,
    }
    .into())
}

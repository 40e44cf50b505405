//! The 2FA step: account.getPassword offers fresh SRP parameters, auth.checkPassword checks the
//! client's proof against the verifier (https://core.telegram.org/api/srp). Each offer is good
//! for one check: after PASSWORD_HASH_INVALID its srp_id is answered SRP_ID_INVALID, so a client
//! must fetch the parameters again.

use grammers_tl_types as tl;

use super::Login;
use crate::rpc::RpcFail;
use crate::srp::{self, Verifier};

/// The user whose password this key may check: awaiting it after a code or scan, or signed in.
fn password_user(login: &Login) -> Option<i64> {
    login
        .login()
        .awaiting_password
        .or_else(|| login.signed_in().map(|a| a.user))
}

/// The verifier kept for `user`'s password (made once per password: PBKDF2 is slow).
async fn verifier(login: &Login, user: i64, password: String) -> Verifier {
    if let Some((kept, v)) = login.inner.lock().verifiers.get(&user)
        && *kept == password
    {
        return v.clone();
    }
    let made = {
        let password = password.clone();
        tokio::task::spawn_blocking(move || Verifier::new(&password)).await
    };
    let v = made.unwrap_or_else(|_| Verifier::new(&password));
    login
        .inner
        .lock()
        .verifiers
        .insert(user, (password, v.clone()));
    v
}

/// https://core.telegram.org/method/account.getPassword: a new srp_id and srp_B each time.
pub(crate) async fn get_password(
    login: &Login,
    _: tl::functions::account::GetPassword,
) -> Result<tl::enums::account::Password, RpcFail> {
    let user = password_user(login).ok_or_else(|| RpcFail::new(401, "AUTH_KEY_UNREGISTERED"))?;
    let secure_random = srp::random_bytes::<256>().to_vec();
    let new_secure_algo = tl::types::SecurePasswordKdfAlgoPbkdf2Hmacsha512iter100000 {
        salt: srp::random_bytes::<8>().to_vec(),
    }
    .into();
    let Some((password, hint)) = login.inner.world.password_of(user) else {
        return Ok(tl::types::account::Password {
            has_recovery: false,
            has_secure_values: false,
            has_password: false,
            current_algo: None,
            srp_b: None,
            srp_id: None,
            hint: None,
            email_unconfirmed_pattern: None,
            new_algo: algo(srp::random_bytes::<32>().to_vec(), Vec::new()),
            new_secure_algo,
            secure_random,
            pending_reset_date: None,
            login_email_pattern: None,
        }
        .into());
    };
    let v = verifier(login, user, password).await;
    let offer = v.offer();
    login.update_login(|l| l.srp = Some(offer.clone()));
    let unknown = login.inner.lock().unknown_kdf.contains(&user);
    let current = if unknown {
        tl::enums::PasswordKdfAlgo::Unknown
    } else {
        algo(v.salt1.clone(), v.salt2.clone())
    };
    Ok(tl::types::account::Password {
        has_recovery: false,
        has_secure_values: false,
        has_password: true,
        current_algo: Some(current),
        srp_b: Some(offer.g_b.to_vec()),
        srp_id: Some(offer.srp_id),
        hint,
        email_unconfirmed_pattern: None,
        // What a new password would use: salt1 is extended by the client (the page).
        new_algo: algo(v.salt1[..8].to_vec(), v.salt2.clone()),
        new_secure_algo,
        secure_random,
        pending_reset_date: None,
        login_email_pattern: None,
    }
    .into())
}

fn algo(salt1: Vec<u8>, salt2: Vec<u8>) -> tl::enums::PasswordKdfAlgo {
    tl::types::PasswordKdfAlgoSha256Sha256Pbkdf2Hmacsha512iter100000Sha256ModPow {
        salt1,
        salt2,
        g: srp::G as i32,
        p: srp::P.to_vec(),
    }
    .into()
}

/// https://core.telegram.org/method/auth.checkPassword: PASSWORD_HASH_INVALID for a wrong
/// password, SRP_ID_INVALID for parameters not offered or already used
/// (https://core.telegram.org/api/srp: M1 is checked against the verifier).
pub(crate) async fn check_password(
    login: &Login,
    request: tl::functions::auth::CheckPassword,
) -> Result<tl::enums::auth::Authorization, RpcFail> {
    let user = login
        .login()
        .awaiting_password
        .ok_or_else(|| RpcFail::bad("SRP_ID_INVALID"))?;
    // An offer serves one check, right or wrong.
    let mut offer = None;
    login.update_login(|l| offer = l.srp.take());
    let tl::enums::InputCheckPasswordSrp::Srp(proof) = request.password else {
        return Err(RpcFail::bad("PASSWORD_HASH_INVALID"));
    };
    let offer = offer
        .filter(|o| o.srp_id == proof.srp_id)
        .ok_or_else(|| RpcFail::bad("SRP_ID_INVALID"))?;
    let (password, _) = login
        .inner
        .world
        .password_of(user)
        .ok_or_else(|| RpcFail::bad("PASSWORD_HASH_INVALID"))?;
    let v = verifier(login, user, password).await;
    if !v.check(&offer, &proof.a, &proof.m1) {
        return Err(RpcFail::bad("PASSWORD_HASH_INVALID"));
    }
    login.bind(user)
}

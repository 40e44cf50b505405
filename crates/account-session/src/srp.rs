//! The client's 2FA proof (https://core.telegram.org/api/srp), from `account.getPassword`'s
//! answer. grammers' own `check_password` panics on answers it does not expect (an unknown KDF
//! algorithm, a missing srp_B or srp_id, g outside 2..=7, values over 256 bytes), so they are
//! checked here first and refused with [`SignInError::PasswordUnsupported`].

use grammers_crypto::two_factor_auth::{calculate_2fa, check_p_and_g};
use grammers_tl_types as tl;

use crate::errors::SignInError;

/// What `auth.checkPassword` needs, once the parameters passed every check.
struct Params {
    salt1: Vec<u8>,
    salt2: Vec<u8>,
    p: Vec<u8>,
    g: i32,
    g_b: Vec<u8>,
    a: Vec<u8>,
    srp_id: i64,
}

fn params(password: &tl::types::account::Password) -> Result<Params, SignInError> {
    let unsupported = SignInError::PasswordUnsupported;
    let Some(tl::enums::PasswordKdfAlgo::Sha256Sha256Pbkdf2Hmacsha512iter100000Sha256ModPow(algo)) =
        &password.current_algo
    else {
        return Err(unsupported);
    };
    let (Some(g_b), Some(srp_id)) = (&password.srp_b, password.srp_id) else {
        return Err(unsupported);
    };
    // calculate_2fa pads each value to 256 bytes (and panics on longer ones); check_p_and_g
    // panics on a g outside 2..=7.
    let fits = |v: &[u8]| !v.is_empty() && v.len() <= 256;
    if !(2..=7).contains(&algo.g)
        || algo.p.len() != 256
        || !fits(g_b)
        || !fits(&password.secure_random)
    {
        return Err(unsupported);
    }
    Ok(Params {
        salt1: algo.salt1.clone(),
        salt2: algo.salt2.clone(),
        p: algo.p.clone(),
        g: algo.g,
        g_b: g_b.clone(),
        a: password.secure_random.clone(),
        srp_id,
    })
}

/// The proof of `secret` for these parameters; PBKDF2 makes it slow, so it runs off the async
/// workers.
pub async fn prove(
    password: &tl::types::account::Password,
    secret: &[u8],
) -> Result<tl::enums::InputCheckPasswordSrp, SignInError> {
    let params = params(password)?;
    let secret = secret.to_vec();
    let computed = tokio::task::spawn_blocking(move || {
        // A safe prime with the right residue for g (the page's checks), else not Telegram's.
        if !check_p_and_g(&params.p, &params.g) {
            return None;
        }
        let (m1, g_a) = calculate_2fa(
            &params.salt1,
            &params.salt2,
            &params.p,
            &params.g,
            params.g_b,
            params.a,
            &secret,
        );
        Some((params.srp_id, m1, g_a))
    })
    .await;
    let Ok(Some((srp_id, m1, g_a))) = computed else {
        return Err(SignInError::PasswordUnsupported);
    };
    Ok(tl::types::InputCheckPasswordSrp {
        srp_id,
        a: g_a.to_vec(),
        m1: m1.to_vec(),
    }
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(algo: Option<tl::enums::PasswordKdfAlgo>) -> tl::types::account::Password {
        tl::types::account::Password {
            has_recovery: false,
            has_secure_values: false,
            has_password: true,
            current_algo: algo,
            srp_b: Some(vec![5; 256]),
            srp_id: Some(7),
            hint: None,
            email_unconfirmed_pattern: None,
            new_algo: tl::enums::PasswordKdfAlgo::Unknown,
            new_secure_algo: tl::enums::SecurePasswordKdfAlgo::Unknown,
            secure_random: vec![9; 256],
            pending_reset_date: None,
            login_email_pattern: None,
        }
    }

    fn algo(g: i32, p: Vec<u8>) -> Option<tl::enums::PasswordKdfAlgo> {
        Some(
            tl::types::PasswordKdfAlgoSha256Sha256Pbkdf2Hmacsha512iter100000Sha256ModPow {
                salt1: vec![1; 40],
                salt2: vec![2; 16],
                g,
                p,
            }
            .into(),
        )
    }

    #[tokio::test]
    async fn parameters_grammers_would_panic_on_are_refused_before_the_call() {
        let unknown = password(Some(tl::enums::PasswordKdfAlgo::Unknown));
        let no_algo = password(None);
        let odd_g = password(algo(9, vec![0xc7; 256]));
        let short_p = password(algo(3, vec![0xc7; 255]));
        let mut no_b = password(algo(3, vec![0xc7; 256]));
        no_b.srp_b = None;
        let mut long_b = password(algo(3, vec![0xc7; 256]));
        long_b.srp_b = Some(vec![1; 257]);
        let mut no_random = password(algo(3, vec![0xc7; 256]));
        no_random.secure_random = Vec::new();
        // Not a safe prime: check_p_and_g says no, which grammers would answer with a panic.
        let not_prime = password(algo(3, vec![0xc8; 256]));
        for (what, p) in [
            ("unknown KDF", unknown),
            ("no algorithm", no_algo),
            ("g = 9", odd_g),
            ("255-byte p", short_p),
            ("no srp_B", no_b),
            ("257-byte srp_B", long_b),
            ("no secure_random", no_random),
            ("p not prime", not_prime),
        ] {
            assert_eq!(
                prove(&p, b"secret").await.unwrap_err(),
                SignInError::PasswordUnsupported,
                "{what}"
            );
        }
    }
}

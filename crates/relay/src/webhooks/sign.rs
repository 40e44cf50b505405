//! Standard Webhooks signatures (<https://www.standardwebhooks.com>, "Signature scheme"):
//! `v1,` + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")), where the key
//! is the base64 after the secret's `whsec_` prefix.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit as _, Mac as _};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    /// The stored secret is not `whsec_` + base64 (never shown: it is the secret).
    #[error("the signing secret is malformed")]
    MalformedSecret,
}

fn key(secret: &str) -> Result<Vec<u8>, SignError> {
    let encoded = secret.strip_prefix("whsec_").unwrap_or(secret);
    STANDARD
        .decode(encoded)
        .map_err(|_| SignError::MalformedSecret)
}

/// The `webhook-signature` header's value.
pub fn signature(secret: &str, id: &str, timestamp: i64, body: &str) -> Result<String, SignError> {
    let mut mac =
        HmacSha256::new_from_slice(&key(secret)?).map_err(|_| SignError::MalformedSecret)?;
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    Ok(format!(
        "v1,{}",
        STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// The three request headers of a signed delivery.
pub fn headers(
    secret: &str,
    id: &str,
    timestamp: i64,
    body: &str,
) -> Result<[(&'static str, String); 3], SignError> {
    Ok([
        ("webhook-id", id.to_owned()),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature(secret, id, timestamp, body)?),
    ])
}

/// Whether any of the space-separated signatures in `header` is `body`'s (receivers' side; the
/// comparison is constant-time).
pub fn verify(secret: &str, id: &str, timestamp: i64, body: &str, header: &str) -> bool {
    let Ok(key) = key(secret) else {
        return false;
    };
    header.split(' ').any(|candidate| {
        let Some(encoded) = candidate.strip_prefix("v1,") else {
            return false;
        };
        let Ok(expected) = STANDARD.decode(encoded) else {
            return false;
        };
        let Ok(mut mac) = HmacSha256::new_from_slice(&key) else {
            return false;
        };
        mac.update(format!("{id}.{timestamp}.").as_bytes());
        mac.update(body.as_bytes());
        mac.verify_slice(&expected).is_ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the specification's reference libraries (standard-webhooks, README).
    #[test]
    fn matches_the_specifications_example() {
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let (id, ts, body) = (
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        );
        let signed = signature(secret, id, ts, body).unwrap();
        assert_eq!(signed, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert!(verify(secret, id, ts, body, &format!("v1,bogus {signed}")));
        assert!(!verify(secret, id, ts + 1, body, &signed));
        assert!(!verify(secret, id, ts, "{}", &signed));
    }
}

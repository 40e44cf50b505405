//! Everything a sign-in can fail with, typed, with a localized explanation for the setup bot.
//!
//! Telegram reports errors as RPC names (`PHONE_CODE_EXPIRED`, `FLOOD_WAIT_30`, …); grammers folds
//! several of them together (every `PHONE_CODE_*` into `InvalidCode`), so Switchboard reads the
//! names itself. No variant holds a token, code, password or key, so Display output is safe to log.

use grammers_mtsender::{InvocationError, RpcError};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInError {
    #[error("the bot token is malformed")]
    MalformedToken,
    #[error("Telegram does not know this bot token")]
    InvalidToken,
    #[error("this bot token was revoked in @BotFather")]
    RevokedToken,
    #[error("the phone number is not valid")]
    PhoneInvalid,
    #[error("this phone number is banned by Telegram")]
    PhoneBanned,
    #[error("too many login attempts for this phone number; try again later")]
    PhoneFlood,
    #[error("the login code is wrong")]
    CodeInvalid,
    #[error("the login code has expired")]
    CodeExpired,
    #[error("the 2FA password is wrong")]
    PasswordInvalid,
    /// Telegram's password parameters are not ones this client can compute a proof for (an
    /// unknown KDF algorithm, odd SRP values): refused before grammers would panic on them.
    #[error("Telegram's 2FA parameters are not supported by this version")]
    PasswordUnsupported,
    /// Not a failure of the admin's: the account has a 2FA password, which comes next.
    #[error("this account has a 2FA password; it is needed to finish signing in")]
    PasswordRequired,
    #[error(
        "this phone number has no Telegram account; create one in an official Telegram app first"
    )]
    SignUpRequired,
    #[error("Telegram asks to wait {seconds} s before trying again")]
    FloodWait { seconds: u32 },
    #[error("the QR code expired before it was scanned")]
    QrExpired,
    #[error("no code can be sent another way; wait for the current one")]
    ResendUnavailable,
    #[error("Telegram requires a payment before it sends a login code to this number")]
    PaymentRequired,
    #[error("Telegram cannot be reached")]
    Network,
    #[error("the session was ended on Telegram's side")]
    SessionRevoked,
    #[error("Telegram answered {name} ({code})")]
    Unexpected { code: i32, name: String },
}

impl SignInError {
    /// The Fluent message id that explains this error to an admin, with a way forward.
    pub fn message_id(&self) -> &'static str {
        match self {
            Self::MalformedToken => "signin-error-malformed-token",
            Self::InvalidToken => "signin-error-invalid-token",
            Self::RevokedToken => "signin-error-revoked-token",
            Self::PhoneInvalid => "signin-error-phone-invalid",
            Self::PhoneBanned => "signin-error-phone-banned",
            Self::PhoneFlood => "signin-error-phone-flood",
            Self::CodeInvalid => "signin-error-code-invalid",
            Self::CodeExpired => "signin-error-code-expired",
            Self::PasswordInvalid => "signin-error-password-invalid",
            Self::PasswordUnsupported => "signin-error-password-unsupported",
            Self::PasswordRequired => "signin-error-password-required",
            Self::SignUpRequired => "signin-error-sign-up-required",
            Self::FloodWait { .. } => "signin-error-flood-wait",
            Self::QrExpired => "signin-error-qr-expired",
            Self::ResendUnavailable => "signin-error-resend-unavailable",
            Self::PaymentRequired => "signin-error-payment-required",
            Self::Network => "signin-error-network",
            Self::SessionRevoked => "signin-error-session-revoked",
            Self::Unexpected { .. } => "signin-error-unexpected",
        }
    }

    /// The explanation's Fluent arguments.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            Self::FloodWait { seconds } => vec![("seconds", seconds.to_string())],
            Self::Unexpected { name, .. } => vec![("name", name.clone())],
            _ => vec![],
        }
    }

    /// Every variant once, for tests that check the locales.
    pub fn examples() -> Vec<SignInError> {
        vec![
            Self::MalformedToken,
            Self::InvalidToken,
            Self::RevokedToken,
            Self::PhoneInvalid,
            Self::PhoneBanned,
            Self::PhoneFlood,
            Self::CodeInvalid,
            Self::CodeExpired,
            Self::PasswordInvalid,
            Self::PasswordUnsupported,
            Self::PasswordRequired,
            Self::SignUpRequired,
            Self::FloodWait { seconds: 30 },
            Self::QrExpired,
            Self::ResendUnavailable,
            Self::PaymentRequired,
            Self::Network,
            Self::SessionRevoked,
            Self::Unexpected {
                code: 400,
                name: "SOMETHING_NEW".into(),
            },
        ]
    }
}

/// What an RPC error means for a sign-in.
pub fn from_rpc(rpc: &RpcError) -> SignInError {
    // grammers moves digits out of the name: FLOOD_WAIT_30 arrives as FLOOD_WAIT with value 30.
    match rpc.name.as_str() {
        "ACCESS_TOKEN_INVALID" | "BOT_INVALID" => SignInError::InvalidToken,
        "ACCESS_TOKEN_EXPIRED" => SignInError::RevokedToken,
        "PHONE_NUMBER_INVALID" | "PHONE_NUMBER_APP_SIGNUP_FORBIDDEN" => SignInError::PhoneInvalid,
        "PHONE_NUMBER_BANNED" => SignInError::PhoneBanned,
        "PHONE_NUMBER_FLOOD" | "PHONE_PASSWORD_FLOOD" => SignInError::PhoneFlood,
        "PHONE_NUMBER_UNOCCUPIED" => SignInError::SignUpRequired,
        "PHONE_CODE_INVALID" | "PHONE_CODE_EMPTY" => SignInError::CodeInvalid,
        "PHONE_CODE_EXPIRED" | "PHONE_CODE_HASH_EMPTY" => SignInError::CodeExpired,
        "PASSWORD_HASH_INVALID" | "PASSWORD_EMPTY" => SignInError::PasswordInvalid,
        // Code 401 like a revoked session, so it must be matched by name first.
        "SESSION_PASSWORD_NEEDED" => SignInError::PasswordRequired,
        "SEND_CODE_UNAVAILABLE" => SignInError::ResendUnavailable,
        "AUTH_TOKEN_EXPIRED" | "AUTH_TOKEN_INVALID" | "AUTH_TOKEN_INVALIDX" => {
            SignInError::QrExpired
        }
        "AUTH_KEY_UNREGISTERED"
        | "SESSION_REVOKED"
        | "SESSION_EXPIRED"
        | "USER_DEACTIVATED"
        | "USER_DEACTIVATED_BAN"
        | "AUTH_KEY_DUPLICATED"
        | "AUTH_KEY_INVALID" => SignInError::SessionRevoked,
        "FLOOD_WAIT" | "FLOOD_PREMIUM_WAIT" | "SLOWMODE_WAIT" => SignInError::FloodWait {
            seconds: rpc.value.unwrap_or(60),
        },
        _ if rpc.code == 420 => SignInError::FloodWait {
            seconds: rpc.value.unwrap_or(60),
        },
        _ if rpc.code == 401 => SignInError::SessionRevoked,
        name => SignInError::Unexpected {
            code: rpc.code,
            name: name.to_owned(),
        },
    }
}

/// What any failed invocation means for a sign-in.
pub fn from_invocation(err: &InvocationError) -> SignInError {
    match err {
        InvocationError::Rpc(rpc) => from_rpc(rpc),
        InvocationError::Io(_) | InvocationError::Dropped(_) | InvocationError::Transport(_) => {
            SignInError::Network
        }
        other => SignInError::Unexpected {
            code: 0,
            name: other_kind(other),
        },
    }
}

fn other_kind(err: &InvocationError) -> String {
    match err {
        InvocationError::Session(_) => "SESSION_STORAGE".into(),
        InvocationError::Deserialize(_) => "DESERIALIZE".into(),
        _ => "INVOCATION".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rpc(code: i32, message: &str) -> RpcError {
        RpcError::from(grammers_tl_types::types::RpcError {
            error_code: code,
            error_message: message.into(),
        })
    }

    #[test]
    fn telegram_errors_become_the_errors_a_user_can_act_on() {
        let cases = [
            (400, "ACCESS_TOKEN_INVALID", SignInError::InvalidToken),
            (400, "ACCESS_TOKEN_EXPIRED", SignInError::RevokedToken),
            (400, "PHONE_NUMBER_INVALID", SignInError::PhoneInvalid),
            (400, "PHONE_NUMBER_BANNED", SignInError::PhoneBanned),
            (400, "PHONE_NUMBER_FLOOD", SignInError::PhoneFlood),
            (400, "PHONE_NUMBER_UNOCCUPIED", SignInError::SignUpRequired),
            (400, "PHONE_CODE_INVALID", SignInError::CodeInvalid),
            (400, "PHONE_CODE_EXPIRED", SignInError::CodeExpired),
            (400, "PASSWORD_HASH_INVALID", SignInError::PasswordInvalid),
            (400, "SEND_CODE_UNAVAILABLE", SignInError::ResendUnavailable),
            (400, "AUTH_TOKEN_EXPIRED", SignInError::QrExpired),
            (
                401,
                "SESSION_PASSWORD_NEEDED",
                SignInError::PasswordRequired,
            ),
            (401, "AUTH_KEY_UNREGISTERED", SignInError::SessionRevoked),
            (401, "SESSION_REVOKED", SignInError::SessionRevoked),
            (420, "FLOOD_WAIT_31", SignInError::FloodWait { seconds: 31 }),
            (
                420,
                "FLOOD_PREMIUM_WAIT_5",
                SignInError::FloodWait { seconds: 5 },
            ),
            (
                400,
                "SOMETHING_NEW",
                SignInError::Unexpected {
                    code: 400,
                    name: "SOMETHING_NEW".into(),
                },
            ),
        ];
        for (code, name, want) in cases {
            assert_eq!(from_rpc(&rpc(code, name)), want, "{name}");
        }
        let io = InvocationError::Io(std::io::Error::new(
            std::io::ErrorKind::ConnectionRefused,
            "refused",
        ));
        assert_eq!(from_invocation(&io), SignInError::Network);
    }

    #[test]
    fn expired_and_invalid_codes_are_told_apart() {
        assert_ne!(
            from_rpc(&rpc(400, "PHONE_CODE_EXPIRED")),
            from_rpc(&rpc(400, "PHONE_CODE_INVALID"))
        );
    }

    #[test]
    fn every_error_has_its_own_message() {
        let ids: std::collections::HashSet<_> = SignInError::examples()
            .iter()
            .map(|e| e.message_id())
            .collect();
        assert_eq!(ids.len(), SignInError::examples().len());
    }
}

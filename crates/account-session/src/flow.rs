//! The sign-in paths as plain data: what the admin typed, and what Telegram answered, mapped to the
//! next step. No IO here; `grammers_auth` feeds these functions real answers, and the unit tests
//! feed them every answer Telegram can give.

use base64::Engine as _;
use grammers_tl_types as tl;

use crate::errors::SignInError;

/// Checks a bot token's shape before anything is sent: `<bot id>:<secret>` as @BotFather issues it.
pub fn check_token_shape(token: &str) -> Result<(), SignInError> {
    let token = token.trim();
    let ok = token.split_once(':').is_some_and(|(id, secret)| {
        (1..=20).contains(&id.len())
            && id.bytes().all(|b| b.is_ascii_digit())
            && (30..=64).contains(&secret.len())
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    });
    if ok {
        Ok(())
    } else {
        Err(SignInError::MalformedToken)
    }
}

/// The bot id is the public half of a token.
pub fn bot_id_of_token(token: &str) -> Option<i64> {
    token.trim().split_once(':')?.0.parse().ok()
}

/// A phone number as typed ("+39 333 123-4567", "00393331234567") or shared (no plus): digits
/// only, in international form.
pub fn normalize_phone(text: &str) -> Result<String, SignInError> {
    let text = text.trim();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let allowed = text
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().\u{a0}".contains(c));
    let digits = digits
        .strip_prefix("00")
        .map(str::to_owned)
        .unwrap_or(digits);
    if !allowed || !(7..=15).contains(&digits.len()) {
        return Err(SignInError::PhoneInvalid);
    }
    Ok(digits)
}

/// A login code typed with or without separators ("12345", "1 2 3 4 5", "12-345").
pub fn normalize_code(text: &str) -> Option<String> {
    let text = text.trim();
    if text.is_empty()
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || " -._\u{a0}".contains(c))
    {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (4..=8).contains(&digits.len()).then_some(digits)
}

/// How Telegram delivered the login code, in the words the setup bot uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeDelivery {
    /// In the Telegram app on the admin's other devices.
    App {
        length: i32,
    },
    Sms {
        length: i32,
    },
    /// SMS with a word or phrase instead of digits.
    SmsWords,
    Call {
        length: i32,
    },
    /// The code is the last digits of an incoming call's number.
    MissedCall {
        length: i32,
    },
    FlashCall,
    Email {
        pattern: String,
        length: i32,
    },
    /// Telegram wants an e-mail set up first, which only the official apps can do.
    EmailSetupRequired,
    /// A code on fragment.com (anonymous numbers).
    Fragment {
        length: i32,
    },
    /// Telegram wants app-store verification that only official apps can give.
    Firebase,
}

/// What the setup bot shows after a code was sent: how, and what would come next on resend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeSent {
    pub delivery: CodeDelivery,
    /// Telegram's handle for this code; needed to sign in and to resend. Not a secret by itself.
    pub phone_code_hash: String,
    /// Whether [Resend code] can do anything.
    pub can_resend: bool,
    /// Seconds before a resend is allowed, when Telegram says.
    pub resend_after: Option<i32>,
}

impl CodeSent {
    /// How many digits to expect on the keypad (5 when Telegram does not say).
    pub fn code_length(&self) -> usize {
        let length = match &self.delivery {
            CodeDelivery::App { length }
            | CodeDelivery::Sms { length }
            | CodeDelivery::Call { length }
            | CodeDelivery::MissedCall { length }
            | CodeDelivery::Email { length, .. }
            | CodeDelivery::Fragment { length } => *length,
            _ => 5,
        };
        usize::try_from(length)
            .ok()
            .filter(|l| (4..=8).contains(l))
            .unwrap_or(5)
    }
}

/// The answer to `auth.sendCode` or `auth.resendCode`.
#[derive(Debug)]
pub enum SendCodeOutcome {
    CodeSent(CodeSent),
    /// Telegram signed in at once (a future-auth token matched).
    SignedIn(Box<tl::enums::auth::Authorization>),
}

pub fn on_sent_code(answer: tl::enums::auth::SentCode) -> Result<SendCodeOutcome, SignInError> {
    use tl::enums::auth::{SentCode, SentCodeType as T};
    let sent = match answer {
        SentCode::Code(sent) => sent,
        SentCode::Success(success) => {
            return Ok(SendCodeOutcome::SignedIn(Box::new(success.authorization)));
        }
        SentCode::PaymentRequired(_) => return Err(SignInError::PaymentRequired),
    };
    let delivery = match sent.r#type {
        T::App(t) => CodeDelivery::App { length: t.length },
        T::Sms(t) => CodeDelivery::Sms { length: t.length },
        T::SmsWord(_) | T::SmsPhrase(_) => CodeDelivery::SmsWords,
        T::Call(t) => CodeDelivery::Call { length: t.length },
        T::MissedCall(t) => CodeDelivery::MissedCall { length: t.length },
        T::FlashCall(_) => CodeDelivery::FlashCall,
        T::EmailCode(t) => CodeDelivery::Email {
            pattern: t.email_pattern,
            length: t.length,
        },
        T::SetUpEmailRequired(_) => CodeDelivery::EmailSetupRequired,
        T::FragmentSms(t) => CodeDelivery::Fragment { length: t.length },
        T::FirebaseSms(_) => CodeDelivery::Firebase,
    };
    Ok(SendCodeOutcome::CodeSent(CodeSent {
        delivery,
        phone_code_hash: sent.phone_code_hash,
        can_resend: sent.next_type.is_some(),
        resend_after: sent.timeout,
    }))
}

/// The settings sent with `auth.sendCode`: only what a server-side client can honour.
pub fn code_settings() -> tl::enums::CodeSettings {
    tl::types::CodeSettings {
        allow_flashcall: false,
        current_number: false,
        allow_app_hash: false,
        allow_missed_call: false,
        allow_firebase: false,
        unknown_number: false,
        logout_tokens: None,
        token: None,
        app_sandbox: None,
    }
    .into()
}

/// The answer to `auth.signIn`, `auth.importBotAuthorization` or a completed QR login.
#[derive(Debug)]
pub enum AuthorizationOutcome {
    SignedIn(Box<tl::types::User>),
    SignUpRequired,
}

pub fn on_authorization(
    answer: tl::enums::auth::Authorization,
) -> Result<AuthorizationOutcome, SignInError> {
    match answer {
        tl::enums::auth::Authorization::Authorization(auth) => match auth.user {
            tl::enums::User::User(user) => Ok(AuthorizationOutcome::SignedIn(Box::new(user))),
            tl::enums::User::Empty(_) => Err(SignInError::Unexpected {
                code: 0,
                name: "USER_EMPTY".into(),
            }),
        },
        tl::enums::auth::Authorization::SignUpRequired(_) => {
            Ok(AuthorizationOutcome::SignUpRequired)
        }
    }
}

/// A QR login step from `auth.exportLoginToken` / `auth.importLoginToken`.
#[derive(Debug)]
pub enum QrStep {
    /// Show this code until `expires` (unix seconds).
    Show {
        url: String,
        expires: i64,
    },
    /// Scanned by an account that lives in another DC: import the token there.
    MigrateTo {
        dc_id: i32,
        token: Vec<u8>,
    },
    Accepted(Box<tl::enums::auth::Authorization>),
}

pub fn on_login_token(answer: tl::enums::auth::LoginToken) -> QrStep {
    match answer {
        tl::enums::auth::LoginToken::Token(t) => QrStep::Show {
            url: login_url(&t.token),
            expires: i64::from(t.expires),
        },
        tl::enums::auth::LoginToken::MigrateTo(m) => QrStep::MigrateTo {
            dc_id: m.dc_id,
            token: m.token,
        },
        tl::enums::auth::LoginToken::Success(s) => QrStep::Accepted(Box::new(s.authorization)),
    }
}

/// The URL a QR code carries: `tg://login?token=<base64url, no padding>`.
pub fn login_url(token: &[u8]) -> String {
    format!(
        "tg://login?token={}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(token)
    )
}

/// The identity a signed-in user presents to the setup bot.
pub fn identity_of(user: &tl::types::User) -> storage::Identity {
    let title = match (user.first_name.as_deref(), user.last_name.as_deref()) {
        (Some(first), Some(last)) if !last.is_empty() => format!("{first} {last}"),
        (Some(first), _) => first.to_owned(),
        (None, Some(last)) => last.to_owned(),
        (None, None) => user.username.clone().unwrap_or_else(|| user.id.to_string()),
    };
    storage::Identity {
        tg_user_id: user.id,
        username: user.username.clone(),
        title,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bot_tokens_are_shape_checked_before_sending() {
        check_token_shape("123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_").unwrap();
        check_token_shape(" 7:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-\n").unwrap();
        for bad in [
            "",
            "123456789",
            ":AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
            "abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
            "1:short",
            "1:AAHdqTcvCH1vGWJxfSeof SAs0K5PALDsaw",
        ] {
            assert_eq!(
                check_token_shape(bad),
                Err(SignInError::MalformedToken),
                "{bad:?}"
            );
        }
        assert_eq!(bot_id_of_token("123:abc"), Some(123));
    }

    #[test]
    fn phones_and_codes_are_read_the_way_people_type_them() {
        assert_eq!(normalize_phone("+39 333 123-4567").unwrap(), "393331234567");
        assert_eq!(
            normalize_phone("0039 (333) 1234567").unwrap(),
            "393331234567"
        );
        assert_eq!(normalize_phone("79001234567").unwrap(), "79001234567");
        for bad in ["", "12345", "+1 555 CALL NOW", "1234567890123456789"] {
            assert_eq!(
                normalize_phone(bad),
                Err(SignInError::PhoneInvalid),
                "{bad:?}"
            );
        }
        assert_eq!(normalize_code("12345").as_deref(), Some("12345"));
        assert_eq!(normalize_code("1 2 3 4 5").as_deref(), Some("12345"));
        assert_eq!(normalize_code(" 12-345 ").as_deref(), Some("12345"));
        assert_eq!(normalize_code("12a45"), None);
        assert_eq!(normalize_code("123"), None);
    }

    fn sent(r#type: tl::enums::auth::SentCodeType, next: bool) -> tl::enums::auth::SentCode {
        tl::types::auth::SentCode {
            r#type,
            phone_code_hash: "hash".into(),
            next_type: next.then(|| tl::types::auth::CodeTypeSms {}.into()),
            timeout: next.then_some(60),
        }
        .into()
    }

    #[test]
    fn every_sent_code_type_is_understood() {
        use tl::types::auth as a;
        let cases: Vec<(tl::enums::auth::SentCodeType, CodeDelivery)> = vec![
            (
                a::SentCodeTypeApp { length: 5 }.into(),
                CodeDelivery::App { length: 5 },
            ),
            (
                a::SentCodeTypeSms { length: 6 }.into(),
                CodeDelivery::Sms { length: 6 },
            ),
            (
                a::SentCodeTypeSmsWord { beginning: None }.into(),
                CodeDelivery::SmsWords,
            ),
            (
                a::SentCodeTypeSmsPhrase { beginning: None }.into(),
                CodeDelivery::SmsWords,
            ),
            (
                a::SentCodeTypeCall { length: 5 }.into(),
                CodeDelivery::Call { length: 5 },
            ),
            (
                a::SentCodeTypeMissedCall {
                    prefix: "+3".into(),
                    length: 4,
                }
                .into(),
                CodeDelivery::MissedCall { length: 4 },
            ),
            (
                a::SentCodeTypeFlashCall {
                    pattern: "*".into(),
                }
                .into(),
                CodeDelivery::FlashCall,
            ),
            (
                a::SentCodeTypeEmailCode {
                    apple_signin_allowed: false,
                    google_signin_allowed: false,
                    email_pattern: "a***@x.it".into(),
                    length: 6,
                    reset_available_period: None,
                    reset_pending_date: None,
                }
                .into(),
                CodeDelivery::Email {
                    pattern: "a***@x.it".into(),
                    length: 6,
                },
            ),
            (
                a::SentCodeTypeSetUpEmailRequired {
                    apple_signin_allowed: false,
                    google_signin_allowed: false,
                }
                .into(),
                CodeDelivery::EmailSetupRequired,
            ),
            (
                a::SentCodeTypeFragmentSms {
                    url: "https://fragment.com".into(),
                    length: 5,
                }
                .into(),
                CodeDelivery::Fragment { length: 5 },
            ),
            (
                a::SentCodeTypeFirebaseSms {
                    nonce: None,
                    play_integrity_project_id: None,
                    play_integrity_nonce: None,
                    receipt: None,
                    push_timeout: None,
                    length: 6,
                }
                .into(),
                CodeDelivery::Firebase,
            ),
        ];
        for (kind, want) in cases {
            match on_sent_code(sent(kind, true)).unwrap() {
                SendCodeOutcome::CodeSent(code) => {
                    assert_eq!(code.delivery, want);
                    assert!(code.can_resend);
                    assert_eq!(code.resend_after, Some(60));
                    assert_eq!(code.phone_code_hash, "hash");
                }
                other => panic!("{other:?}"),
            }
        }
        let SendCodeOutcome::CodeSent(last) =
            on_sent_code(sent(a::SentCodeTypeSms { length: 0 }.into(), false)).unwrap()
        else {
            panic!()
        };
        assert!(!last.can_resend, "no next type: nothing to resend");
        assert_eq!(
            last.code_length(),
            5,
            "an implausible length falls back to 5"
        );
    }

    #[test]
    fn sent_code_success_and_payment_do_not_panic() {
        let auth: tl::enums::auth::Authorization = tl::types::auth::AuthorizationSignUpRequired {
            terms_of_service: None,
        }
        .into();
        let success = tl::types::auth::SentCodeSuccess {
            authorization: auth,
        }
        .into();
        assert!(matches!(
            on_sent_code(success).unwrap(),
            SendCodeOutcome::SignedIn(_)
        ));
        let payment = tl::types::auth::SentCodePaymentRequired {
            store_product: String::new(),
            phone_code_hash: String::new(),
            support_email_address: String::new(),
            support_email_subject: String::new(),
            premium_days: 0,
            currency: String::new(),
            amount: 0,
        }
        .into();
        assert_eq!(
            on_sent_code(payment).unwrap_err(),
            SignInError::PaymentRequired
        );
    }

    #[test]
    fn sign_up_required_is_a_step_not_a_panic() {
        let answer = tl::types::auth::AuthorizationSignUpRequired {
            terms_of_service: None,
        }
        .into();
        assert!(matches!(
            on_authorization(answer).unwrap(),
            AuthorizationOutcome::SignUpRequired
        ));
    }

    #[test]
    fn login_tokens_become_urls_migrations_or_success() {
        let step = on_login_token(
            tl::types::auth::LoginToken {
                expires: 100,
                token: vec![0xfb, 0xff, 0x01],
            }
            .into(),
        );
        match step {
            QrStep::Show { url, expires } => {
                assert_eq!(url, "tg://login?token=-_8B");
                assert_eq!(expires, 100);
            }
            other => panic!("{other:?}"),
        }
        let step = on_login_token(
            tl::types::auth::LoginTokenMigrateTo {
                dc_id: 4,
                token: vec![1, 2],
            }
            .into(),
        );
        assert!(matches!(step, QrStep::MigrateTo { dc_id: 4, ref token } if token == &[1, 2]));
    }
}

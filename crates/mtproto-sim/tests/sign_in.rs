//! The real `GrammersAuthenticator` signing in over MTProto: phone + code, wrong and expired
//! codes, 2FA by SRP, QR login (plain, and with the account on another DC), expiry, sign-out.
//! Every login starts from a pre-seeded, not signed-in session (`unauthorized_session`).

use std::sync::Arc;
use std::time::Duration;

use account_session::{
    Authenticator, GrammersAuthenticator, LoginStep, QrEvent, SignInError, SignedIn,
};
use secrecy::{ExposeSecret as _, SecretBox, SecretString};
use switchboard_mtproto_sim::{MtprotoSim, World};

const LIMIT: Duration = Duration::from_secs(60);
const PHONE: &str = "393331234567";

async fn within<T>(what: &str, fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(LIMIT, fut)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer within {LIMIT:?}"))
}

struct Wire {
    world: World,
    sim: Arc<MtprotoSim>,
    auth: GrammersAuthenticator,
    account: i64,
}

impl Wire {
    async fn start() -> Self {
        let world = World::new();
        let account = world.add_account(PHONE, "Negozio", Some("negozio"));
        let sim = Arc::new(MtprotoSim::start(world.clone()).await.unwrap());
        let auth = authenticator(&sim);
        Self {
            world,
            sim,
            auth,
            account,
        }
    }

    /// Whose the stored session is, asked over the wire with it (users.getUsers(self)).
    async fn whose(&self, signed: &SignedIn) -> Result<i64, SignInError> {
        let session = SecretBox::new(Box::new(signed.session.expose_secret().clone()));
        within("verify_session", self.auth.verify_session(session))
            .await
            .map(|identity| identity.tg_user_id)
    }

    fn report(&self) -> String {
        format!(
            "errors: {:?}; violations: {:?}",
            self.sim.errors(),
            self.sim.violations()
        )
    }
}

pub fn authenticator(sim: &Arc<MtprotoSim>) -> GrammersAuthenticator {
    let sim = Arc::clone(sim);
    GrammersAuthenticator::new(1, SecretString::from("0123456789abcdef0123456789abcdef"))
        .with_sessions(Arc::new(move || sim.unauthorized_session()))
}

fn signed_in(step: LoginStep) -> SignedIn {
    match step {
        LoginStep::SignedIn(signed) => signed,
        LoginStep::PasswordNeeded { .. } => panic!("signed in without a password"),
    }
}

#[tokio::test]
async fn an_account_signs_in_with_phone_and_code_over_mtproto() {
    let wire = Wire::start().await;
    let mut login = within("sendCode", wire.auth.send_code("+39 333 123 4567"))
        .await
        .unwrap();
    let code = wire.world.last_login_code(PHONE).expect("a code was sent");
    let signed = signed_in(
        within("signIn", login.submit_code(&code))
            .await
            .unwrap_or_else(|e| panic!("{e}; {}", wire.report())),
    );
    assert_eq!(signed.identity.tg_user_id, wire.account);
    assert_eq!(signed.identity.username.as_deref(), Some("negozio"));
    assert!(!signed.is_bot);
    assert_eq!(
        wire.whose(&signed).await,
        Ok(wire.account),
        "the key is bound"
    );
    assert_eq!(wire.world.session_count(wire.account), 1);
    assert_eq!(wire.sim.violations(), Vec::<String>::new());
}

#[tokio::test]
async fn a_wrong_code_then_the_right_one_signs_in_over_mtproto() {
    let wire = Wire::start().await;
    let mut login = within("sendCode", wire.auth.send_code(PHONE))
        .await
        .unwrap();
    let code = wire.world.last_login_code(PHONE).unwrap();
    let wrong = if code == "11111" { "22222" } else { "11111" };
    let err = within("signIn", login.submit_code(wrong))
        .await
        .unwrap_err();
    assert_eq!(err, SignInError::CodeInvalid);
    let signed = signed_in(within("signIn", login.submit_code(&code)).await.unwrap());
    assert_eq!(wire.whose(&signed).await, Ok(wire.account));
    assert!(
        wire.sim
            .errors()
            .contains(&"auth.signIn: PHONE_CODE_INVALID".to_owned())
    );
}

#[tokio::test]
async fn an_expired_code_is_told_from_a_wrong_one_over_mtproto() {
    let wire = Wire::start().await;
    let mut login = within("sendCode", wire.auth.send_code(PHONE))
        .await
        .unwrap();
    let code = wire.world.last_login_code(PHONE).unwrap();
    wire.world.expire_login_codes();
    let err = within("signIn", login.submit_code(&code))
        .await
        .unwrap_err();
    assert_eq!(err, SignInError::CodeExpired);
    // A resend gives a new code that works.
    within("resendCode", login.resend()).await.unwrap();
    let code = wire.world.last_login_code(PHONE).unwrap();
    signed_in(within("signIn", login.submit_code(&code)).await.unwrap());
}

#[tokio::test]
async fn a_phone_with_no_account_is_told_to_sign_up_over_mtproto() {
    let wire = Wire::start().await;
    let mut login = within("sendCode", wire.auth.send_code("4915112345678"))
        .await
        .unwrap();
    let code = wire.world.pending_code("4915112345678");
    let err = within("signIn", login.submit_code(&code))
        .await
        .unwrap_err();
    assert_eq!(err, SignInError::SignUpRequired);
}

#[tokio::test]
async fn an_account_on_another_dc_signs_in_there_over_mtproto() {
    let wire = Wire::start().await;
    wire.sim.set_home_dc(wire.account, 1);
    let mut login = within("sendCode", wire.auth.send_code(PHONE))
        .await
        .unwrap();
    let code = wire.world.last_login_code(PHONE).unwrap();
    let signed = signed_in(within("signIn", login.submit_code(&code)).await.unwrap());
    assert_eq!(wire.whose(&signed).await, Ok(wire.account));
    assert!(
        wire.sim
            .errors()
            .contains(&"auth.sendCode: PHONE_MIGRATE_1".to_owned()),
        "{}",
        wire.report()
    );
}

#[tokio::test]
async fn a_2fa_account_signs_in_with_its_password_over_mtproto() {
    let wire = Wire::start().await;
    wire.world
        .set_password(wire.account, "correct horse", Some("horse"));
    let mut login = within("sendCode", wire.auth.send_code(PHONE))
        .await
        .unwrap();
    let code = wire.world.last_login_code(PHONE).unwrap();
    match within("signIn", login.submit_code(&code)).await.unwrap() {
        LoginStep::PasswordNeeded { hint } => assert_eq!(hint.as_deref(), Some("horse")),
        LoginStep::SignedIn(_) => panic!("the password was skipped"),
    }
    let signed = within("checkPassword", login.submit_password("correct horse"))
        .await
        .unwrap_or_else(|e| panic!("{e}; {}", wire.report()));
    assert_eq!(wire.whose(&signed).await, Ok(wire.account));
}

/// Issue 13, defect 5: after PASSWORD_HASH_INVALID the SRP parameters are spent; the second
/// attempt must fetch new ones (Telegram answers SRP_ID_INVALID to the old srp_id).
#[tokio::test]
async fn a_second_2fa_attempt_after_a_wrong_password_signs_in_over_mtproto() {
    let wire = Wire::start().await;
    wire.world.set_password(wire.account, "correct horse", None);
    let mut login = within("sendCode", wire.auth.send_code(PHONE))
        .await
        .unwrap();
    let code = wire.world.last_login_code(PHONE).unwrap();
    assert!(matches!(
        within("signIn", login.submit_code(&code)).await.unwrap(),
        LoginStep::PasswordNeeded { .. }
    ));
    let err = within("checkPassword", login.submit_password("battery staple"))
        .await
        .unwrap_err();
    assert_eq!(err, SignInError::PasswordInvalid);
    let signed = within("checkPassword", login.submit_password("correct horse"))
        .await
        .unwrap_or_else(|e| panic!("the second attempt failed: {e}; {}", wire.report()));
    assert_eq!(wire.whose(&signed).await, Ok(wire.account));
    assert!(
        !wire
            .sim
            .errors()
            .iter()
            .any(|e| e.contains("SRP_ID_INVALID")),
        "{}",
        wire.report()
    );
}

/// Scans the login's QR as the account (from its phone) and waits for the sign-in to finish.
async fn scan_and_finish(
    wire: &Wire,
    login: &mut Box<dyn account_session::QrLogin>,
) -> Result<LoginStep, SignInError> {
    let url = login.code().url.clone();
    wire.world.scan_qr(&url, wire.account).unwrap();
    loop {
        match within("QR login", login.next_event()).await? {
            QrEvent::Scanned | QrEvent::Refreshed(_) => continue,
            QrEvent::Step(step) => return Ok(step),
        }
    }
}

#[tokio::test]
async fn an_account_signs_in_by_qr_code_over_mtproto() {
    let wire = Wire::start().await;
    let mut login = within("exportLoginToken", wire.auth.start_qr())
        .await
        .unwrap();
    assert!(login.code().url.starts_with("tg://login?token="));
    let signed = signed_in(scan_and_finish(&wire, &mut login).await.unwrap());
    assert_eq!(wire.whose(&signed).await, Ok(wire.account));
    assert!(
        wire.sim
            .trace()
            .iter()
            .any(|t| t.contains("updateLoginToken"))
    );
}

#[tokio::test]
async fn a_qr_login_migrates_to_the_accounts_dc_over_mtproto() {
    let wire = Wire::start().await;
    wire.sim.set_home_dc(wire.account, 1);
    let mut login = within("exportLoginToken", wire.auth.start_qr())
        .await
        .unwrap();
    let signed = signed_in(
        scan_and_finish(&wire, &mut login)
            .await
            .unwrap_or_else(|e| panic!("{e}; {}", wire.report())),
    );
    assert_eq!(wire.whose(&signed).await, Ok(wire.account));
    let trace = wire.sim.trace();
    assert!(
        trace.iter().any(|t| t.ends_with("auth.importLoginToken")),
        "{trace:#?}"
    );
    assert_eq!(wire.sim.violations(), Vec::<String>::new());
}

#[tokio::test]
async fn a_qr_login_of_a_2fa_account_asks_for_the_password_over_mtproto() {
    let wire = Wire::start().await;
    wire.world.set_password(wire.account, "correct horse", None);
    let mut login = within("exportLoginToken", wire.auth.start_qr())
        .await
        .unwrap();
    assert!(matches!(
        scan_and_finish(&wire, &mut login).await.unwrap(),
        LoginStep::PasswordNeeded { .. }
    ));
    let signed = within("checkPassword", login.submit_password("correct horse"))
        .await
        .unwrap();
    assert_eq!(wire.whose(&signed).await, Ok(wire.account));
}

#[tokio::test]
async fn an_expired_qr_code_cannot_be_scanned_and_a_new_one_is_shown_over_mtproto() {
    let wire = Wire::start().await;
    wire.world.set_qr_lifetime(Duration::from_secs(5));
    let mut login = within("exportLoginToken", wire.auth.start_qr())
        .await
        .unwrap();
    let first = login.code().url.clone();
    wire.world.expire_qr_tokens();
    assert!(wire.world.scan_qr(&first, wire.account).is_err());
    match within("QR refresh", login.next_event()).await.unwrap() {
        QrEvent::Refreshed(code) => assert_ne!(code.url, first),
        other => panic!("expected a new code, got {other:?}"),
    }
    let signed = signed_in(scan_and_finish(&wire, &mut login).await.unwrap());
    assert_eq!(wire.whose(&signed).await, Ok(wire.account));
}

#[tokio::test]
async fn a_scanned_qr_code_that_expires_before_the_import_is_refused_over_mtproto() {
    let wire = Wire::start().await;
    wire.sim.set_home_dc(wire.account, 1);
    let mut login = within("exportLoginToken", wire.auth.start_qr())
        .await
        .unwrap();
    let url = login.code().url.clone();
    wire.world.scan_qr(&url, wire.account).unwrap();
    assert!(matches!(
        within("scan", login.next_event()).await.unwrap(),
        QrEvent::Scanned
    ));
    wire.world.expire_qr_tokens();
    let err = within("import", login.next_event()).await.unwrap_err();
    assert_eq!(err, SignInError::QrExpired);
    assert!(
        wire.sim
            .errors()
            .contains(&"auth.importLoginToken: AUTH_TOKEN_EXPIRED".to_owned()),
        "{}",
        wire.report()
    );
}

#[tokio::test]
async fn signing_out_ends_the_session_over_mtproto() {
    let wire = Wire::start().await;
    let mut login = within("sendCode", wire.auth.send_code(PHONE))
        .await
        .unwrap();
    let code = wire.world.last_login_code(PHONE).unwrap();
    let signed = signed_in(within("signIn", login.submit_code(&code)).await.unwrap());
    let session = SecretBox::new(Box::new(signed.session.expose_secret().clone()));
    within("logOut", wire.auth.sign_out(session)).await.unwrap();
    assert_eq!(wire.world.session_count(wire.account), 0);
    assert_eq!(wire.whose(&signed).await, Err(SignInError::SessionRevoked));
}

#[tokio::test]
async fn a_bot_signs_in_with_its_token_over_mtproto() {
    let wire = Wire::start().await;
    let (bot, token) = wire.world.add_bot("shop_bot", "Shop");
    let signed = within("importBotAuthorization", wire.auth.sign_in_bot(&token))
        .await
        .unwrap();
    assert!(signed.is_bot);
    assert_eq!(wire.whose(&signed).await, Ok(bot));
    let revoked = wire.world.revoke_token(&token).unwrap();
    assert_ne!(revoked, token);
    let err = within("importBotAuthorization", wire.auth.sign_in_bot(&token))
        .await
        .unwrap_err();
    assert_eq!(err, SignInError::RevokedToken);
}

/// Issue 13, defect 8: auth.sendCode is not idempotent (each call sends a code), so a request
/// whose answer was lost to an I/O error must not be sent again by the retry policy.
#[tokio::test]
async fn a_lost_answer_to_send_code_does_not_send_a_second_code_over_mtproto() {
    let wire = Wire::start().await;
    wire.sim.hang_up_after("auth.sendCode");
    let result = within("sendCode", wire.auth.send_code(PHONE)).await;
    assert_eq!(
        wire.world.login_codes_sent(PHONE),
        1,
        "one code, not a retry's second; {}",
        wire.report()
    );
    match result {
        Err(err) => assert_eq!(err, SignInError::Network),
        Ok(_) => panic!("the lost answer was retried"),
    }
    // The admin's own retry works.
    within("sendCode", wire.auth.send_code(PHONE))
        .await
        .unwrap();
    assert_eq!(wire.world.login_codes_sent(PHONE), 2);
}

/// Issue 13, defect 8: an answer grammers' check_password would panic on (here an unknown
/// password KDF algorithm) is refused with a clear error before any call.
#[tokio::test]
async fn an_unknown_password_algorithm_is_refused_clearly_over_mtproto() {
    let wire = Wire::start().await;
    wire.world.set_password(wire.account, "correct horse", None);
    wire.sim.set_unknown_password_algo(wire.account);
    let mut login = within("sendCode", wire.auth.send_code(PHONE))
        .await
        .unwrap();
    let code = wire.world.last_login_code(PHONE).unwrap();
    assert!(matches!(
        within("signIn", login.submit_code(&code)).await.unwrap(),
        LoginStep::PasswordNeeded { .. }
    ));
    let err = within("checkPassword", login.submit_password("correct horse"))
        .await
        .unwrap_err();
    assert_eq!(err, SignInError::PasswordUnsupported);
    assert!(
        !wire
            .sim
            .trace()
            .iter()
            .any(|t| t.contains("auth.checkPassword")),
        "nothing was sent"
    );
}

/// Issue 13, defect 8: a sign-in abandoned midway (its client dropped, never closed, as when
/// the admin walks away from a login) leaves no session flusher task behind.
#[tokio::test]
async fn an_abandoned_sign_in_leaves_no_flusher_task_over_mtproto() {
    use account_session::{ClientOptions, client};
    let wire = Wire::start().await;
    let session = Arc::new(wire.sim.unauthorized_session());
    let open = client::open(session, &ClientOptions::new(1));
    let request = grammers_tl_types::functions::auth::SendCode {
        phone_number: PHONE.into(),
        api_id: 1,
        api_hash: "0123456789abcdef".into(),
        settings: account_session::flow::code_settings(),
    };
    within("sendCode", open.client.invoke(&request))
        .await
        .unwrap();
    let ended = open.flusher_ended();
    drop(open);
    within("the flusher task ends", ended).await;
}

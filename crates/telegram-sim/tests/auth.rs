//! The sign-in state machines, driven through the `Authenticator` trait against the simulated
//! world: every step and every error an admin can meet.

use std::time::Duration;

use account_session::flow::CodeDelivery;
use account_session::{Authenticator, LoginStep, QrEvent, SignInError};
use secrecy::ExposeSecret as _;
use switchboard_telegram_sim::{Fault, World};

const PHONE: &str = "393331234567";

#[tokio::test]
async fn a_bot_signs_in_beside_its_bot_api_integration() {
    let world = World::new();
    let (bot, token) = world.add_bot("shop_bot", "Shop");
    let auth = world.authenticator();
    let signed = auth.sign_in_bot(&format!("  {token}\n")).await.unwrap();
    assert_eq!(signed.identity.tg_user_id, bot);
    assert_eq!(signed.identity.username.as_deref(), Some("shop_bot"));
    assert_eq!(signed.identity.title, "Shop");
    assert!(signed.is_bot);
    assert_eq!(
        world.session_user(signed.session.expose_secret()),
        Some(bot)
    );
    // A parallel session: the token keeps working (the bot's own code is not logged out).
    let again = auth.sign_in_bot(&token).await.unwrap();
    assert_eq!(world.session_count(bot), 2);
    assert_ne!(
        signed.session.expose_secret(),
        again.session.expose_secret()
    );
    assert!(
        !format!("{signed:?}").contains("sim_authorization"),
        "Debug hides the session"
    );
}

#[tokio::test]
async fn bot_tokens_that_cannot_work_are_told_apart() {
    let world = World::new();
    let (_, token) = world.add_bot("shop_bot", "Shop");
    let auth = world.authenticator();
    assert_eq!(
        auth.sign_in_bot("not a token").await.unwrap_err(),
        SignInError::MalformedToken
    );
    let unknown = "999999:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_";
    assert_eq!(
        auth.sign_in_bot(unknown).await.unwrap_err(),
        SignInError::InvalidToken
    );
    let new_token = world.revoke_token(&token).unwrap();
    assert_eq!(
        auth.sign_in_bot(&token).await.unwrap_err(),
        SignInError::RevokedToken
    );
    world.inject(Fault::FloodWait(42));
    assert_eq!(
        auth.sign_in_bot(&new_token).await.unwrap_err(),
        SignInError::FloodWait { seconds: 42 }
    );
    auth.sign_in_bot(&new_token)
        .await
        .expect("the flood wait was for one request");
}

#[tokio::test]
async fn phone_login_with_a_wrong_code_then_the_right_one() {
    let world = World::new();
    let user = world.add_account(PHONE, "Anna", Some("anna"));
    let auth = world.authenticator();
    let mut login = auth.send_code("+39 333 123-4567").await.unwrap();
    assert_eq!(login.code_sent().delivery, CodeDelivery::App { length: 5 });
    assert_eq!(login.code_sent().code_length(), 5);
    let code = world
        .last_login_code(PHONE)
        .expect("the code reached the user's app");
    let wrong = if code == "00000" { "11111" } else { "00000" };
    assert_eq!(
        login.submit_code(wrong).await.unwrap_err(),
        SignInError::CodeInvalid
    );
    match login.submit_code(&code).await.unwrap() {
        LoginStep::SignedIn(signed) => {
            assert_eq!(signed.identity.tg_user_id, user);
            assert!(!signed.is_bot);
            assert_eq!(
                world.session_user(signed.session.expose_secret()),
                Some(user)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn an_expired_code_needs_a_resend_and_resends_run_out() {
    let world = World::new();
    world.add_account(PHONE, "Anna", None);
    let auth = world.authenticator();
    let mut login = auth.send_code(PHONE).await.unwrap();
    let old = world.last_login_code(PHONE).unwrap();
    tokio::time::advance(Duration::from_secs(301)).await;
    assert_eq!(
        login.submit_code(&old).await.unwrap_err(),
        SignInError::CodeExpired
    );
    let resent = login.resend().await.unwrap();
    assert_eq!(resent.delivery, CodeDelivery::Sms { length: 5 });
    assert!(!resent.can_resend);
    assert_eq!(
        login.resend().await.unwrap_err(),
        SignInError::ResendUnavailable
    );
    let new = world.last_login_code(PHONE).unwrap();
    if new != old {
        assert_eq!(
            login.submit_code(&old).await.unwrap_err(),
            SignInError::CodeInvalid,
            "the old code is void"
        );
    }
    assert!(matches!(
        login.submit_code(&new).await.unwrap(),
        LoginStep::SignedIn(_)
    ));
}

#[tokio::test]
async fn two_step_verification_wrong_then_right() {
    let world = World::new();
    let user = world.add_account(PHONE, "Anna", None);
    world.set_password(user, "correct horse", Some("horse"));
    let auth = world.authenticator();
    let mut login = auth.send_code(PHONE).await.unwrap();
    let code = world.last_login_code(PHONE).unwrap();
    match login.submit_code(&code).await.unwrap() {
        LoginStep::PasswordNeeded { hint } => assert_eq!(hint.as_deref(), Some("horse")),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        login.submit_password("wrong").await.unwrap_err(),
        SignInError::PasswordInvalid
    );
    let signed = login.submit_password("correct horse").await.unwrap();
    assert_eq!(signed.identity.tg_user_id, user);
}

#[tokio::test]
async fn phones_that_cannot_sign_in_are_told_apart() {
    let world = World::new();
    world.add_account(PHONE, "Anna", None);
    world.ban_phone("79001234567");
    let auth = world.authenticator();
    assert_eq!(
        auth.send_code("12").await.err(),
        Some(SignInError::PhoneInvalid)
    );
    assert_eq!(
        auth.send_code("+7 900 123 45 67").await.err(),
        Some(SignInError::PhoneBanned)
    );
    world.inject(Fault::PhoneFlood);
    assert_eq!(
        auth.send_code(PHONE).await.err(),
        Some(SignInError::PhoneFlood)
    );
    world.inject(Fault::Network);
    assert_eq!(
        auth.send_code(PHONE).await.err(),
        Some(SignInError::Network)
    );
    // A number with no account gets a code, then sign-up is required (as on Telegram).
    let mut login = auth.send_code("+1 415 555 0100").await.unwrap();
    let hash_code = world.pending_code("14155550100");
    assert_eq!(
        login.submit_code(&hash_code).await.unwrap_err(),
        SignInError::SignUpRequired
    );
}

#[tokio::test]
async fn a_qr_code_scanned_by_a_second_device_signs_in() {
    let world = World::new();
    let user = world.add_account(PHONE, "Anna", None);
    let auth = world.authenticator();
    let mut login = auth.start_qr().await.unwrap();
    let url = login.code().url.clone();
    assert!(url.starts_with("tg://login?token="));
    assert!(login.code().expires_at > world.now_unix());
    world.scan_qr(&url, user).unwrap();
    assert!(matches!(
        login.next_event().await.unwrap(),
        QrEvent::Scanned
    ));
    match login.next_event().await.unwrap() {
        QrEvent::Step(LoginStep::SignedIn(signed)) => assert_eq!(signed.identity.tg_user_id, user),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(start_paused = true)]
async fn an_expiring_qr_code_is_replaced_and_the_old_one_no_longer_scans() {
    let world = World::new();
    let user = world.add_account(PHONE, "Anna", None);
    world.set_password(user, "pw", None);
    let auth = world.authenticator();
    let mut login = auth.start_qr().await.unwrap();
    let first = login.code().clone();
    let QrEvent::Refreshed(second) = login.next_event().await.unwrap() else {
        panic!("expected a refresh")
    };
    assert_ne!(second.url, first.url);
    assert!(second.expires_at > first.expires_at);
    assert!(
        world.scan_qr(&first.url, user).is_err(),
        "the replaced code is void"
    );
    tokio::time::advance(Duration::from_secs(31)).await;
    assert!(
        world.scan_qr(&second.url, user).is_err(),
        "an expired code does not scan"
    );
    let QrEvent::Refreshed(third) = login.next_event().await.unwrap() else {
        panic!("expected a refresh")
    };
    world.scan_qr(&third.url, user).unwrap();
    assert!(matches!(
        login.next_event().await.unwrap(),
        QrEvent::Scanned
    ));
    assert!(matches!(
        login.next_event().await.unwrap(),
        QrEvent::Step(LoginStep::PasswordNeeded { hint: None })
    ));
    assert_eq!(
        login.submit_password("nope").await.unwrap_err(),
        SignInError::PasswordInvalid
    );
    assert_eq!(
        login
            .submit_password("pw")
            .await
            .unwrap()
            .identity
            .tg_user_id,
        user
    );
}

fn secret(bytes: &[u8]) -> secrecy::SecretBox<Vec<u8>> {
    secrecy::SecretBox::new(Box::new(bytes.to_vec()))
}

#[tokio::test]
async fn signing_out_ends_the_session_on_telegrams_side() {
    let world = World::new();
    let (bot, token) = world.add_bot("shop_bot", "Shop");
    let auth = world.authenticator();
    let signed = auth.sign_in_bot(&token).await.unwrap();
    let bytes = signed.session.expose_secret().clone();
    assert_eq!(
        auth.verify_session(secret(&bytes))
            .await
            .unwrap()
            .tg_user_id,
        bot
    );
    auth.sign_out(signed.session).await.unwrap();
    assert_eq!(world.session_user(&bytes), None);
    assert_eq!(world.session_count(bot), 0);
    assert_eq!(
        auth.verify_session(secret(&bytes)).await.unwrap_err(),
        SignInError::SessionRevoked
    );
}

#[tokio::test]
async fn a_session_ended_from_another_device_is_reported_revoked() {
    let world = World::new();
    let user = world.add_account(PHONE, "Anna", None);
    let auth = world.authenticator();
    let mut login = auth.send_code(PHONE).await.unwrap();
    let code = world.last_login_code(PHONE).unwrap();
    let LoginStep::SignedIn(signed) = login.submit_code(&code).await.unwrap() else {
        panic!()
    };
    world.revoke_sessions(user);
    assert_eq!(
        auth.verify_session(signed.session).await.unwrap_err(),
        SignInError::SessionRevoked
    );
}

#[tokio::test]
async fn a_signed_in_session_is_stored_sealed_in_its_connection() {
    let world = World::new();
    let (bot, token) = world.add_bot("shop_bot", "Shop");
    let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
    for db in storage::testing::all().await {
        db.admins().ensure(1, "en").await.unwrap();
        let c = db
            .connections()
            .create(1, storage::ConnectionKind::Bot)
            .await
            .unwrap();
        let stored = db
            .connections()
            .store_sign_in(
                c.id,
                storage::SignIn {
                    identity: signed.identity.clone(),
                    session: signed.session.expose_secret(),
                    bot_token: Some(&token),
                },
            )
            .await
            .unwrap();
        assert_eq!(stored.identity.unwrap().tg_user_id, bot);
        let session = db.connections().session(c.id).await.unwrap().unwrap();
        assert_eq!(world.session_user(session.expose_secret()), Some(bot));
    }
}

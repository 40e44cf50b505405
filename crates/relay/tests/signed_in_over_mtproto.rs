//! A session made by the real sign-in (`GrammersAuthenticator` over the MTProto simulator, from
//! a pre-seeded unauthorized key) is a working relay connection: sealed into the database,
//! opened by `GrammersGateway`, it receives a user's message — also when the QR login moved the
//! account to another DC.

mod common;

use std::sync::Arc;
use std::time::Duration;

use account_session::{Authenticator, GrammersAuthenticator, LoginStep, QrEvent, SignedIn};
use common::ALL;
use mtproto_sim::MtprotoSim;
use secrecy::{ExposeSecret as _, SecretString};
use storage::{ConnectionKind, SignIn, Storage};
use switchboard_relay::gateway::{Gateway as _, Update};
use switchboard_relay::grammers_gateway::GrammersGateway;
use telegram_sim::World;

const LIMIT: Duration = Duration::from_secs(30);
const PHONE: &str = "4915100000009";

async fn within<T>(what: &str, fut: impl Future<Output = T>) -> T {
    tokio::time::timeout(LIMIT, fut)
        .await
        .unwrap_or_else(|_| panic!("{what}: no answer within {LIMIT:?}"))
}

struct Shop {
    world: World,
    sim: Arc<MtprotoSim>,
    auth: GrammersAuthenticator,
    account: i64,
    operator: i64,
    group: i64,
}

async fn shop() -> Shop {
    let world = World::new();
    let account = world.add_account(PHONE, "Shop", Some("shop"));
    let operator = world.add_user("Olga", None, None, Some("en"));
    let group = world.create_group(operator, "Support", true);
    world.add_member(group, account, ALL);
    let sim = Arc::new(MtprotoSim::start(world.clone()).await.unwrap());
    let source = Arc::clone(&sim);
    let auth = GrammersAuthenticator::new(1, SecretString::from("0123456789abcdef"))
        .with_sessions(Arc::new(move || source.unauthorized_session()));
    Shop {
        world,
        sim,
        auth,
        account,
        operator,
        group,
    }
}

impl Shop {
    /// Stores the sign-in as the setup bot does, opens the relay's gateway on it, and waits for
    /// a user's message to arrive through it.
    async fn receives_a_users_message(&self, db: &Storage, signed: SignedIn) {
        db.admins().ensure(self.operator, "en").await.unwrap();
        let c = db
            .connections()
            .create(self.operator, ConnectionKind::Account)
            .await
            .unwrap();
        db.connections()
            .store_sign_in(
                c.id,
                SignIn {
                    identity: signed.identity.clone(),
                    session: signed.session.expose_secret(),
                    bot_token: None,
                },
            )
            .await
            .unwrap();
        db.connections()
            .link_backend(c.id, self.group)
            .await
            .unwrap();
        self.sim
            .give_chat(db, c.id, self.account, self.group)
            .await
            .unwrap();
        let gateway = GrammersGateway::open(db, c.id, &account_session::ClientOptions::new(1))
            .await
            .unwrap();
        let anna = self.world.add_user("Anna", None, None, Some("de"));
        self.world.user_writes(anna, self.account, "Hallo?");
        let update = loop {
            let update = within("the user's message", gateway.next_update())
                .await
                .unwrap_or_else(|| panic!("no update; trace: {:#?}", self.sim.trace()));
            if matches!(update, Update::Private(_)) {
                break update;
            }
        };
        let Update::Private(message) = update else {
            unreachable!()
        };
        assert_eq!(
            (message.text.as_str(), message.user.first_name.as_str()),
            ("Hallo?", "Anna")
        );
        gateway.close().await;
        assert_eq!(self.sim.violations(), Vec::<String>::new());
    }
}

#[tokio::test]
async fn an_account_signed_in_by_phone_receives_a_users_message_over_mtproto() {
    for db in storage::testing::all().await {
        let shop = shop().await;
        let mut login = within("sendCode", shop.auth.send_code(PHONE))
            .await
            .unwrap();
        let code = shop.world.last_login_code(PHONE).unwrap();
        let LoginStep::SignedIn(signed) = within("signIn", login.submit_code(&code)).await.unwrap()
        else {
            panic!("no password is set")
        };
        shop.receives_a_users_message(&db, signed).await;
    }
}

#[tokio::test]
async fn an_account_signed_in_by_qr_on_another_dc_receives_a_users_message_over_mtproto() {
    for db in storage::testing::all().await {
        let shop = shop().await;
        shop.sim.set_home_dc(shop.account, 1);
        let mut login = within("exportLoginToken", shop.auth.start_qr())
            .await
            .unwrap();
        shop.world
            .scan_qr(&login.code().url.clone(), shop.account)
            .unwrap();
        let signed = loop {
            match within("QR login", login.next_event()).await.unwrap() {
                QrEvent::Step(LoginStep::SignedIn(signed)) => break signed,
                QrEvent::Step(LoginStep::PasswordNeeded { .. }) => panic!("no password is set"),
                QrEvent::Scanned | QrEvent::Refreshed(_) => continue,
            }
        };
        shop.receives_a_users_message(&db, signed).await;
    }
}

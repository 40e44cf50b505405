//! The real grammers client against the simulator: a seeded session connects, the connection
//! wrappers are unwrapped, requests are answered, errors named as Telegram names them.

use std::sync::Arc;
use std::time::Duration;

use account_session::{ClientOptions, StoredSession, client};
use grammers_tl_types as tl;
use switchboard_mtproto_sim::{MtprotoSim, World};

const LIMIT: Duration = Duration::from_secs(30);

async fn bot_client(sim: &MtprotoSim, bot: i64) -> account_session::OpenClient {
    let seeded = sim.sign_in(bot).await.unwrap();
    let session = StoredSession::from_exported(&seeded.blob).unwrap();
    client::open(Arc::new(session), &ClientOptions::new(1))
}

#[tokio::test]
async fn a_seeded_bot_session_speaks_mtproto_with_the_real_client() {
    let world = World::new();
    let (bot, _) = world.add_bot("helpbot", "Help Bot");
    let sim = MtprotoSim::start(world).await.unwrap();
    let open = bot_client(&sim, bot).await;
    let me = tokio::time::timeout(LIMIT, open.client.get_me())
        .await
        .expect("no hang")
        .unwrap();
    assert_eq!(me.id().bare_id(), Some(bot));
    assert_eq!(me.first_name(), Some("Help Bot"));
    assert!(me.is_bot());
    assert_eq!(sim.violations(), Vec::<String>::new());
    open.close().await.unwrap();
}

#[tokio::test]
async fn a_peer_whose_access_hash_was_never_given_is_refused() {
    let world = World::new();
    let (bot, _) = world.add_bot("helpbot", "Help Bot");
    let user = world.add_user("Ann", None, None, Some("en"));
    let sim = MtprotoSim::start(world).await.unwrap();
    let open = bot_client(&sim, bot).await;
    let request = tl::functions::users::GetUsers {
        id: vec![
            tl::types::InputUser {
                user_id: user,
                access_hash: 0,
            }
            .into(),
        ],
    };
    let err = tokio::time::timeout(LIMIT, open.client.invoke(&request))
        .await
        .expect("no hang")
        .unwrap_err();
    assert!(err.is("USER_ID_INVALID"), "{err}");
    open.close().await.unwrap();
}

#[tokio::test]
async fn a_revoked_session_is_answered_auth_key_unregistered() {
    let world = World::new();
    let (bot, _) = world.add_bot("helpbot", "Help Bot");
    let sim = MtprotoSim::start(world.clone()).await.unwrap();
    let open = bot_client(&sim, bot).await;
    world.revoke_sessions(bot);
    let err = tokio::time::timeout(LIMIT, open.client.get_me())
        .await
        .expect("no hang")
        .unwrap_err();
    assert!(err.is("AUTH_KEY_UNREGISTERED"), "{err}");
    open.close().await.unwrap();
}

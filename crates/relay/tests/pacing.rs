//! Paced sending against the simulated Telegram: bursts stay within the limits, and a FLOOD_WAIT
//! that comes anyway is waited out in order, with nothing lost or doubled.

use std::time::Duration;

use account_session::Authenticator as _;
use secrecy::ExposeSecret as _;
use switchboard_relay::gateway::{Gateway, GatewayError, Rights};
use switchboard_relay::pacing::{Limits, Paced};
use telegram_sim::{SimGateway, World};

const ALL: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

async fn bot(world: &World) -> (i64, SimGateway) {
    let (bot, token) = world.add_bot("shop_bot", "Shop");
    let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
    (
        bot,
        world.open_gateway(signed.session.expose_secret()).unwrap(),
    )
}

#[tokio::test(start_paused = true)]
async fn a_burst_into_the_group_is_spread_to_twenty_a_minute() {
    let world = World::new();
    let (bot, gateway) = bot(&world).await;
    let admin = world.add_user("Boss", None, None, None);
    let group = world.create_group(admin, "Support", true);
    world.add_member(group, bot, ALL);
    let paced = Paced::new(gateway, Limits::BOTS);
    let start = tokio::time::Instant::now();
    for n in 0..45 {
        paced
            .send_html(group, None, None, &format!("notice {n}"))
            .await
            .unwrap();
    }
    let took = start.elapsed();
    // 20 at once, 20 a minute later, 5 two minutes later.
    assert!(
        took >= Duration::from_secs(120) && took < Duration::from_secs(121),
        "{took:?}"
    );
    let texts: Vec<String> = world
        .general_messages(group)
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert_eq!(
        texts,
        (0..45).map(|n| format!("notice {n}")).collect::<Vec<_>>(),
        "all, in order"
    );
    assert_eq!(paced.flood_waits(), 0);
}

#[tokio::test(start_paused = true)]
async fn a_flood_wait_is_waited_out_in_order_without_doubles() {
    for seconds in [3, 180] {
        let world = World::new();
        let (bot, gateway) = bot(&world).await;
        let users: Vec<i64> = (0..5)
            .map(|n| world.add_user(&format!("U{n}"), None, None, None))
            .collect();
        let paced = Paced::new(gateway, Limits::BOTS);
        paced
            .send_html(users[0], None, None, "first")
            .await
            .unwrap();
        world.fail_next_send(GatewayError::FloodWait { seconds });
        let start = tokio::time::Instant::now();
        for user in &users[1..] {
            paced.send_html(*user, None, None, "then").await.unwrap();
        }
        assert!(
            start.elapsed() >= Duration::from_secs(u64::from(seconds)),
            "the wait was honoured"
        );
        assert_eq!(paced.flood_waits(), 1);
        for user in &users {
            let received: Vec<_> = world
                .private_chat(*user, bot)
                .into_iter()
                .filter(|m| m.from == bot)
                .collect();
            assert_eq!(
                received.len(),
                1,
                "exactly once for user {user} after a {seconds} s wait"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn many_users_are_served_at_the_full_allowed_rate() {
    let world = World::new();
    let (_, gateway) = bot(&world).await;
    let users: Vec<i64> = (0..600)
        .map(|n| world.add_user(&format!("U{n}"), None, None, None))
        .collect();
    let paced = Paced::new(gateway, Limits::BOTS);
    let start = tokio::time::Instant::now();
    for user in &users {
        paced.send_html(*user, None, None, "news").await.unwrap();
    }
    let took = start.elapsed().as_secs_f64();
    // 600 messages at 30/s overall: 19 s after the first burst of 30.
    let achieved = 600.0 / (took + 1.0);
    assert!(
        (0.97 * 30.0..=30.0).contains(&achieved),
        "{achieved:.2} messages/s"
    );
}

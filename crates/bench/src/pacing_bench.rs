//! Outbound pacing: a burst of messages across users through the relay's `Paced` gateway, against
//! telegram-sim enforcing Telegram's published bot limits. Runs on tokio's paused clock, so the
//! minutes a burst of 10,000 takes at 30 messages a second pass in a moment of real time.

use std::time::Instant as WallInstant;

use account_session::Authenticator as _;
use relay::gateway::Gateway as _;
use relay::pacing::{Limits, Paced};
use secrecy::ExposeSecret as _;
use telegram_sim::{FloodLimits, World};
use tokio::time::Instant;

/// Sends `messages` round-robin to `users` users; returns the summary line.
pub fn run(messages: usize, users: usize) -> Result<String, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(burst(messages, users))
}

async fn burst(messages: usize, users: usize) -> Result<String, String> {
    let world = World::new();
    world.enforce_flood_limits(FloodLimits::TELEGRAM_BOTS);
    let (_, token) = world.add_bot("news_bot", "News");
    let signed = world
        .authenticator()
        .sign_in_bot(&token)
        .await
        .map_err(|e| e.to_string())?;
    let gateway = world
        .open_gateway(signed.session.expose_secret())
        .map_err(|e| e.to_string())?;
    let paced = Paced::new(gateway, Limits::BOTS);
    let users: Vec<i64> = (0..users)
        .map(|n| world.add_user(&format!("Reader{n}"), None, None, None))
        .collect();

    let wall = WallInstant::now();
    let start = Instant::now();
    for i in 0..messages {
        paced
            .send_html(users[i % users.len()], None, None, "news")
            .await
            .map_err(|e| format!("message {i}: {e}"))?;
    }
    let took = start.elapsed().as_secs_f64();
    // The last second's window is part of the time the burst occupied.
    let achieved = messages as f64 / (took + 1.0);
    let allowed = FloodLimits::TELEGRAM_BOTS.overall_per_second as f64;
    Ok(format!(
        "pacing: {messages} messages to {} users in {took:.1} s (simulated, paused clock; {:.2} s real): {achieved:.2} msg/s = {:.1}% of the allowed {allowed:.0}/s, {} FLOOD_WAIT",
        users.len(),
        wall.elapsed().as_secs_f64(),
        100.0 * achieved / allowed,
        world.flood_waits_answered() + paced.flood_waits(),
    ))
}

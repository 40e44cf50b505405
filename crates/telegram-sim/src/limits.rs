//! Telegram's flood limits, enforced when a test or benchmark turns them on: a sender that goes
//! over a limit gets FLOOD_WAIT with the seconds until it may send again, as Telegram answers.
//! The numbers are defined here, apart from the relay's pacer, so a pacer that misjudged them
//! would meet FLOOD_WAITs.

use std::collections::{HashMap, VecDeque};

use relay::gateway::GatewayError;
use tokio::time::{Duration, Instant};

use crate::world::World;

/// Limits on what one bot or account sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FloodLimits {
    /// Messages to one private chat per second.
    pub per_chat_per_second: usize,
    /// Messages to one group per minute.
    pub per_group_per_minute: usize,
    /// Messages to all chats together per second.
    pub overall_per_second: usize,
}

impl FloodLimits {
    /// Telegram's published limits for bots (core.telegram.org/bots/faq).
    pub const TELEGRAM_BOTS: FloodLimits = FloodLimits {
        per_chat_per_second: 1,
        per_group_per_minute: 20,
        overall_per_second: 30,
    };
}

#[derive(Debug)]
pub(crate) struct Flood {
    limits: FloodLimits,
    /// Send times within the window, per (sender, chat) and per sender.
    chats: HashMap<(i64, i64), VecDeque<Instant>>,
    overall: HashMap<i64, VecDeque<Instant>>,
    /// FLOOD_WAITs answered so far.
    pub answered: u64,
}

/// Drops sends older than `per` from `window`; then how long until `n` more fit in `count`.
fn wait_for(
    window: &mut VecDeque<Instant>,
    n: usize,
    count: usize,
    per: Duration,
    now: Instant,
) -> Duration {
    while window.front().is_some_and(|t| *t + per <= now) {
        window.pop_front();
    }
    if window.len() + n <= count {
        return Duration::ZERO;
    }
    // The send that must leave the window first; beyond the window when n alone exceeds count.
    window
        .get(window.len() + n - count - 1)
        .map_or(per, |t| (*t + per).saturating_duration_since(now))
}

impl Flood {
    fn check(&mut self, sender: i64, chat: i64, messages: usize) -> Result<(), GatewayError> {
        let now = Instant::now();
        let n = messages.max(1);
        let (count, per) = if chat < 0 {
            (self.limits.per_group_per_minute, Duration::from_secs(60))
        } else {
            (self.limits.per_chat_per_second, Duration::from_secs(1))
        };
        let chat_window = self.chats.entry((sender, chat)).or_default();
        let overall = self.overall.entry(sender).or_default();
        let wait = wait_for(chat_window, n, count, per, now).max(wait_for(
            overall,
            n,
            self.limits.overall_per_second,
            Duration::from_secs(1),
            now,
        ));
        if !wait.is_zero() {
            self.answered += 1;
            let seconds = wait.as_secs_f64().ceil().max(1.0) as u32;
            return Err(GatewayError::FloodWait { seconds });
        }
        for _ in 0..n {
            chat_window.push_back(now);
            overall.push_back(now);
        }
        Ok(())
    }
}

impl World {
    /// From now on, sends over `limits` are refused with FLOOD_WAIT.
    pub fn enforce_flood_limits(&self, limits: FloodLimits) {
        self.lock().chats.flood = Some(Flood {
            limits,
            chats: HashMap::new(),
            overall: HashMap::new(),
            answered: 0,
        });
    }

    /// How many FLOOD_WAITs the enforced limits have answered.
    pub fn flood_waits_answered(&self) -> u64 {
        self.lock().chats.flood.as_ref().map_or(0, |f| f.answered)
    }

    /// Counts `messages` sent by `sender` to `chat` against the limits, when enforced.
    pub(crate) fn flood_check(
        &self,
        sender: i64,
        chat: i64,
        messages: usize,
    ) -> Result<(), GatewayError> {
        match self.lock().chats.flood.as_mut() {
            Some(flood) => flood.check(sender, chat, messages),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_sender_over_a_limit_is_told_how_long_to_wait() {
        let world = World::new();
        world.enforce_flood_limits(FloodLimits::TELEGRAM_BOTS);
        assert_eq!(world.flood_check(1, 5, 1), Ok(()));
        assert_eq!(
            world.flood_check(1, 5, 1),
            Err(GatewayError::FloodWait { seconds: 1 })
        );
        assert_eq!(
            world.flood_check(2, 5, 1),
            Ok(()),
            "another sender has its own"
        );
        for n in 0..20 {
            assert_eq!(world.flood_check(1, -9, 1), Ok(()), "group message {n}");
        }
        assert_eq!(
            world.flood_check(1, -9, 1),
            Err(GatewayError::FloodWait { seconds: 60 })
        );
        tokio::time::advance(Duration::from_secs(1)).await;
        // 30 a second overall, in a window that has moved past the first sends.
        for user in 100..130 {
            assert_eq!(world.flood_check(1, user, 1), Ok(()), "user {user}");
        }
        assert!(world.flood_check(1, 200, 1).is_err());
        assert_eq!(world.flood_waits_answered(), 3);
    }
}

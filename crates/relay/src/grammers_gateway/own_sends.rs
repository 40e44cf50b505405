//! The session's own sends, remembered so their echoes are not taken for another session's.

use std::collections::{HashSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;

use crate::gateway::GatewayError;

/// What this session sent into private chats itself. Telegram hands a session its own sends back
/// as outgoing messages (grammers feeds the answers' updates into the stream); those must not
/// look like messages from another session (INTERCEPT_EXTERNAL), or a broadcast would copy
/// itself into every user's topic.
///
/// A send is remembered until its echo comes (each send is echoed once), so what is held is the
/// sends whose echo is still on its way — however long the queue of updates ahead of it (a
/// burst of operators' messages queues every copy's echo behind the rest of the burst). Only
/// sends whose echo never came are forgotten, the oldest first, past [`OWN_SENDS`].
#[derive(Default)]
pub(super) struct OwnSends {
    state: Mutex<Remembered>,
    /// Woken when a send's answer has come (its ids are known, or it failed).
    answered: Notify,
}

#[derive(Default)]
struct Remembered {
    /// (chat, message id) of sends whose echo has not come yet.
    awaiting_echo: HashSet<(i64, i64)>,
    /// The same, oldest first; may still hold ids whose echo came (skipped when forgetting).
    order: VecDeque<(i64, i64)>,
    /// Private sends whose answer has not arrived yet: their echo may come first.
    in_flight: usize,
}

/// How many echoes may be awaited at once: far more than any burst queues (an entry whose echo
/// never came costs 32 bytes until then).
const OWN_SENDS: usize = 100_000;

/// How long an outgoing message waits for sends in flight to be answered before it is taken
/// for another session's. A send's answer and its echo travel in the same reply, so this is a
/// bound for a stalled answer, not a wait anyone sees.
const ANSWER_PATIENCE: Duration = Duration::from_secs(2);

impl Remembered {
    fn record(&mut self, chat: i64, ids: &[i64]) {
        for id in ids {
            if self.awaiting_echo.insert((chat, *id)) {
                self.order.push_back((chat, *id));
            }
        }
        while self.awaiting_echo.len() > OWN_SENDS {
            match self.order.pop_front() {
                Some(oldest) => {
                    self.awaiting_echo.remove(&oldest);
                }
                None => break,
            }
        }
        self.tidy();
    }

    /// Takes `(chat, id)` as echoed; true when it was awaited.
    fn echoed(&mut self, chat: i64, id: i64) -> bool {
        let awaited = self.awaiting_echo.remove(&(chat, id));
        self.tidy();
        awaited
    }

    /// Drops from `order` what is no longer awaited: at its front at once, anywhere once it
    /// holds twice what is awaited (an echo that never comes must not pin a growing queue).
    fn tidy(&mut self) {
        while self
            .order
            .front()
            .is_some_and(|front| !self.awaiting_echo.contains(front))
        {
            self.order.pop_front();
        }
        if self.order.len() > 2 * self.awaiting_echo.len().max(1_000) {
            let awaiting = &self.awaiting_echo;
            self.order.retain(|entry| awaiting.contains(entry));
        }
    }
}

impl OwnSends {
    fn lock(&self) -> std::sync::MutexGuard<'_, Remembered> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Whether an outgoing private message is one of this session's sends (and forgets it: its
    /// echo has come); waits for sends still in flight, whose ids are not known yet.
    pub(super) async fn is_own(&self, chat: i64, id: i64) -> bool {
        let deadline = tokio::time::Instant::now() + ANSWER_PATIENCE;
        loop {
            // Registered before looking, so an answer landing in between is not missed.
            let answered = self.answered.notified();
            {
                let mut state = self.lock();
                if state.echoed(chat, id) {
                    return true;
                }
                if state.in_flight == 0 {
                    return false;
                }
            }
            if tokio::time::timeout_at(deadline, answered).await.is_err() {
                return self.lock().echoed(chat, id);
            }
        }
    }

    /// Runs a send into `chat`, remembering the ids it produced when it is a private chat.
    pub(super) async fn track<F: Future<Output = Result<Vec<i64>, GatewayError>>>(
        &self,
        chat: i64,
        send: F,
    ) -> Result<Vec<i64>, GatewayError> {
        if chat < 0 {
            return send.await;
        }
        self.lock().in_flight += 1;
        // Counted out even when the send is dropped half-way (its caller cancelled).
        let _answered = Answered(self);
        let result = send.await;
        if let Ok(ids) = &result {
            self.lock().record(chat, ids);
        }
        result
    }
}

/// Ends a tracked send: one fewer in flight, and whoever waits for an answer looks again.
struct Answered<'a>(&'a OwnSends);

impl Drop for Answered<'_> {
    fn drop(&mut self) {
        let mut state = self.0.lock();
        state.in_flight = state.in_flight.saturating_sub(1);
        drop(state);
        self.0.answered.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn an_echo_is_own_once_and_another_sessions_message_is_not() {
        let own = OwnSends::default();
        own.track(7, async { Ok(vec![10, 11]) }).await.unwrap();
        assert!(own.is_own(7, 10).await);
        assert!(!own.is_own(7, 10).await, "an echo comes once");
        assert!(own.is_own(7, 11).await);
        assert!(!own.is_own(7, 12).await, "nobody here sent 12");
        assert!(!own.is_own(8, 11).await, "11 went to chat 7");
    }

    #[tokio::test]
    async fn group_sends_are_not_remembered() {
        let own = OwnSends::default();
        own.track(-100, async { Ok(vec![5]) }).await.unwrap();
        assert!(!own.is_own(-100, 5).await);
    }

    #[tokio::test]
    async fn more_echoes_on_their_way_than_a_burst_holds_are_all_recognised() {
        let own = OwnSends::default();
        // Echoes queue behind the burst that caused them: all sent before any echo is seen.
        for id in 0..20_000 {
            own.track(id % 1_000 + 1, async move { Ok(vec![id]) })
                .await
                .unwrap();
        }
        for id in 0..20_000 {
            assert!(own.is_own(id % 1_000 + 1, id).await, "echo of {id}");
        }
        assert!(own.lock().order.is_empty(), "nothing left to remember");
    }

    #[tokio::test]
    async fn only_echoes_that_never_came_are_forgotten_the_oldest_first() {
        let own = OwnSends::default();
        for id in 0..OWN_SENDS as i64 + 2 {
            own.track(1, async move { Ok(vec![id]) }).await.unwrap();
        }
        assert!(!own.is_own(1, 0).await);
        assert!(!own.is_own(1, 1).await);
        assert!(own.is_own(1, 2).await);
        assert!(own.is_own(1, OWN_SENDS as i64 + 1).await);
    }

    #[tokio::test]
    async fn an_echo_that_never_comes_does_not_hold_on_to_the_others() {
        let own = OwnSends::default();
        own.track(1, async { Ok(vec![0]) }).await.unwrap();
        for id in 1..50_000 {
            own.track(1, async move { Ok(vec![id]) }).await.unwrap();
            assert!(own.is_own(1, id).await);
        }
        let state = own.lock();
        assert_eq!(state.awaiting_echo.len(), 1);
        assert!(
            state.order.len() <= 2_001,
            "{} remembered",
            state.order.len()
        );
    }

    #[tokio::test]
    async fn an_echo_arriving_before_its_answer_waits_for_the_answer() {
        let own = std::sync::Arc::new(OwnSends::default());
        let (answer, answered) = tokio::sync::oneshot::channel::<()>();
        let sending = {
            let own = std::sync::Arc::clone(&own);
            tokio::spawn(async move {
                own.track(3, async move {
                    let _ = answered.await;
                    Ok(vec![42])
                })
                .await
            })
        };
        // The send is in flight once it counts as such.
        while own.lock().in_flight == 0 {
            tokio::task::yield_now().await;
        }
        let echo = {
            let own = std::sync::Arc::clone(&own);
            tokio::spawn(async move { own.is_own(3, 42).await })
        };
        tokio::task::yield_now().await;
        let _ = answer.send(());
        assert!(
            echo.await.unwrap(),
            "the echo was recognised once the answer came"
        );
        sending.await.unwrap().unwrap();
    }

    #[tokio::test]
    async fn a_failed_send_stops_counting_as_in_flight() {
        let own = OwnSends::default();
        let failed = own.track(3, async { Err(GatewayError::Network) }).await;
        assert!(failed.is_err());
        assert_eq!(own.lock().in_flight, 0);
        assert!(!own.is_own(3, 1).await, "decided at once, without waiting");
    }
}

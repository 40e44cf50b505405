//! The session's own sends, remembered so their echoes are not taken for another session's.

use crate::gateway::GatewayError;

/// What this session sent into private chats itself. Telegram hands a session its own sends back
/// as outgoing messages (grammers feeds the answers' updates into the stream); those must not
/// look like messages from another session (INTERCEPT_EXTERNAL), or a broadcast would copy
/// itself into every user's topic.
#[derive(Default)]
pub(super) struct OwnSends {
    recent: std::sync::Mutex<std::collections::VecDeque<(i64, i64)>>,
    /// Private sends whose answer has not arrived yet: their echo may come first.
    in_flight: std::sync::atomic::AtomicUsize,
}

/// How many own sends are remembered: far more than arrive between a send and its echo.
const OWN_SENDS: usize = 10_000;

impl OwnSends {
    fn record(&self, chat: i64, ids: &[i64]) {
        let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
        for id in ids {
            recent.push_back((chat, *id));
        }
        while recent.len() > OWN_SENDS {
            recent.pop_front();
        }
    }

    fn contains(&self, chat: i64, id: i64) -> bool {
        self.recent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&(chat, id))
    }

    /// Whether an outgoing private message is one of this session's sends; waits (briefly) for
    /// sends still in flight, whose ids are not known yet.
    pub(super) async fn is_own(&self, chat: i64, id: i64) -> bool {
        use std::sync::atomic::Ordering;
        for _ in 0..100 {
            if self.contains(chat, id) {
                return true;
            }
            if self.in_flight.load(Ordering::Acquire) == 0 {
                return false;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        self.contains(chat, id)
    }

    /// Runs a send into `chat`, remembering the ids it produced when it is a private chat.
    pub(super) async fn track<F: Future<Output = Result<Vec<i64>, GatewayError>>>(
        &self,
        chat: i64,
        send: F,
    ) -> Result<Vec<i64>, GatewayError> {
        use std::sync::atomic::Ordering;
        if chat < 0 {
            return send.await;
        }
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        let result = send.await;
        if let Ok(ids) = &result {
            self.record(chat, ids);
        }
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
        result
    }
}

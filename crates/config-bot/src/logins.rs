//! Logins in progress, in memory only: Telegram's login state cannot be persisted, and login
//! codes, keypad digits and passwords must never be stored.
//!
//! One login per admin. Updates from one chat are handled one at a time by the dispatcher, so a
//! handler takes the admin's login out, uses it, and puts it back; only the QR watcher runs beside
//! the handlers, and it shares its login through a mutex.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use account_session::flow::CodeSent;
use account_session::{PhoneLogin, QrLogin};
use teloxide::types::MessageId;

use crate::keypad::Keypad;

/// A login left alone this long is abandoned (Telegram's codes live about as long).
pub const ABANDONED_AFTER: Duration = Duration::from_secs(15 * 60);

/// A phone login: Telegram's side, and what the admin sees of it.
pub struct PhoneSignIn {
    pub login: Box<dyn PhoneLogin>,
    /// The number as normalized, for the texts.
    pub phone: String,
    pub sent: CodeSent,
    pub keypad: Keypad,
    /// The message with the keypad, edited as digits are pressed.
    pub panel: Option<MessageId>,
}

pub enum Login {
    Phone(PhoneSignIn),
    Qr {
        /// Shared with the watcher; `None` once finished or cancelled.
        login: Arc<tokio::sync::Mutex<Option<Box<dyn QrLogin>>>>,
        /// The task that follows the code (refresh, scan); aborted with the login.
        watcher: tokio::task::AbortHandle,
        /// The photo message showing the code.
        panel: MessageId,
    },
}

impl Login {
    /// Tells Telegram the login is abandoned.
    pub async fn cancel(self) {
        match self {
            Login::Phone(phone) => phone.login.cancel().await,
            Login::Qr { login, watcher, .. } => {
                watcher.abort();
                // The aborted watcher drops its guard when it is dropped; the lock waits for that.
                let taken = login.lock().await.take();
                if let Some(login) = taken {
                    login.cancel().await;
                }
            }
        }
    }
}

struct Entry {
    login: Login,
    touched: Instant,
}

/// Every admin's login in progress.
#[derive(Clone, Default)]
pub struct Logins {
    inner: Arc<Mutex<HashMap<i64, Entry>>>,
}

impl Logins {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Entry>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes the admin's login out (to use it, then `put` it back); `None` when there is none or it
    /// was abandoned.
    pub fn take(&self, admin: i64) -> Option<Login> {
        let entry = self.lock().remove(&admin)?;
        if entry.touched.elapsed() > ABANDONED_AFTER {
            let login = entry.login;
            tokio::spawn(login.cancel());
            return None;
        }
        Some(entry.login)
    }

    /// Stores the admin's login; an older one is cancelled.
    pub fn put(&self, admin: i64, login: Login) {
        let old = self.lock().insert(
            admin,
            Entry {
                login,
                touched: Instant::now(),
            },
        );
        if let Some(old) = old {
            tokio::spawn(old.login.cancel());
        }
    }

    /// Cancels the admin's login, if any.
    pub async fn cancel(&self, admin: i64) {
        let entry = self.lock().remove(&admin);
        if let Some(entry) = entry {
            entry.login.cancel().await;
        }
    }

    /// Whether the admin has a login in progress.
    pub fn has(&self, admin: i64) -> bool {
        self.lock().contains_key(&admin)
    }

    /// Cancels the logins left alone too long; returns how many.
    pub fn sweep(&self) -> usize {
        let stale: Vec<Entry> = {
            let mut map = self.lock();
            let ids: Vec<i64> = map
                .iter()
                .filter(|(_, e)| e.touched.elapsed() > ABANDONED_AFTER)
                .map(|(id, _)| *id)
                .collect();
            ids.into_iter().filter_map(|id| map.remove(&id)).collect()
        };
        let count = stale.len();
        for entry in stale {
            tokio::spawn(entry.login.cancel());
        }
        count
    }
}

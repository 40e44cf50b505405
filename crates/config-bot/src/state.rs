//! Where an admin is in the setup bot: the dialogue state, stored in the database (so a restart
//! keeps the admin's place) and read back on every update.
//!
//! It holds no secret: a login in progress (its code, the keypad's digits) lives in memory only,
//! in [`crate::logins::Logins`]. A state that needs a login which is gone (the bot restarted) tells
//! the admin to start the sign-in again.

use serde::{Deserialize, Serialize};
use storage::ConnectionId;
use storage::params::Param;

/// What a sign-in is for: a new connection, or signing an existing one in again.
pub type Relogin = Option<ConnectionId>;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum State {
    /// Nothing in progress.
    #[default]
    Idle,
    /// Step 1: bot or account.
    ChooseKind,
    /// Step 2 for a bot: waiting for its token.
    AwaitToken { relogin: Relogin },
    /// Step 2 for an account: QR code or phone number.
    ChooseMethod { relogin: Relogin },
    /// Waiting for the account's phone number.
    AwaitPhone { relogin: Relogin },
    /// The login code keypad is shown.
    AwaitCode { relogin: Relogin },
    /// The account's two-step verification password is asked.
    AwaitPassword { relogin: Relogin },
    /// A QR code is shown.
    ShowingQr { relogin: Relogin },
    /// Step 3: waiting for the relay to link the connection to a group.
    AwaitGroup { connection: ConnectionId },
    /// A parameter's card is shown; the next text is its new value. The parameter is kept by
    /// name so a renamed or removed parameter reads as "nothing in progress".
    EditParam {
        connection: ConnectionId,
        param: String,
    },
    /// The time-zone question is shown; the next text is a zone name. `days`: the analytics
    /// period to show again once it is set.
    AwaitTimeZone { connection: ConnectionId, days: u32 },
}

impl State {
    pub fn edit_param(connection: ConnectionId, param: Param) -> State {
        State::EditParam {
            connection,
            param: param.name().to_owned(),
        }
    }

    /// Whether this state depends on a login held in memory.
    pub fn needs_login(&self) -> bool {
        matches!(
            self,
            State::AwaitCode { .. } | State::AwaitPassword { .. } | State::ShowingQr { .. }
        )
    }

    /// The connection being signed in again, if any.
    pub fn relogin(&self) -> Relogin {
        match self {
            State::AwaitToken { relogin }
            | State::ChooseMethod { relogin }
            | State::AwaitPhone { relogin }
            | State::AwaitCode { relogin }
            | State::AwaitPassword { relogin }
            | State::ShowingQr { relogin } => *relogin,
            _ => None,
        }
    }
}

//! The relay's dialog logic as plain functions: (stored dialog, parameters, event) → a plan.
//!
//! Nothing here does IO. A worker gathers what a decision needs into a context (the dialog, the
//! parameters, the link a reply points at), calls one of these functions, and carries out the
//! returned [`Step`]s in order against Telegram and the database. Every rule of PRODUCT.md that
//! decides what happens to a message lives here, so it is tested as data.

pub mod broadcast;
pub mod commands;
pub mod export;
pub mod general;
pub mod labels;
mod operator;
pub mod text;
mod user;

pub use commands::{Command, OperatorText, parse_command};
pub use operator::{OperatorContext, OperatorMessage, on_operator_message, on_tick};
pub use text::{format_date, info_card, pseudonym, topic_title};
pub use user::{UserContext, UserMessage, on_outgoing_elsewhere, on_user_message};

use i18n::Lang;
use storage::params::IconColor;
use storage::{DialogStatus, Direction};

/// A Telegram user as the relay sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub language: Option<String>,
    pub is_premium: bool,
}

impl Person {
    /// "First Last", as a topic or a card shows it.
    pub fn full_name(&self) -> String {
        match self.last_name.as_deref().filter(|l| !l.is_empty()) {
            Some(last) => format!("{} {last}", self.first_name),
            None => self.first_name.clone(),
        }
    }
}

/// One thing to do, in order. Text is Telegram HTML, already localized and escaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Create the dialog if it does not exist yet (first contact).
    CreateDialog,
    /// Create a topic for the dialog (new, or again after it was deleted); later steps use it.
    CreateTopic {
        title: String,
        icon_color: IconColor,
    },
    /// Retitle the topic (its status mark changed).
    RenameTopic {
        title: String,
    },
    SetStatus(DialogStatus),
    /// Copy (never forward) the user's message into the topic, as a reply to `reply_to` there.
    CopyToTopic {
        user_msg_id: i64,
        reply_to: Option<i64>,
        direction: Direction,
    },
    /// Copy an operator's message from the topic to the user, as a reply to `reply_to` there.
    CopyToUser {
        group_msg_id: i64,
        reply_to: Option<i64>,
    },
    /// A message from the relay to the user (welcome, a delivery problem).
    SendToUser {
        html: String,
    },
    /// A message from the relay in the topic (info card, notices).
    PostInTopic {
        html: String,
    },
    /// An answer to an operator's message (command results, refusals).
    ReplyInTopic {
        group_msg_id: i64,
        html: String,
    },
    /// Counts for /info.
    CountUserMessage,
    CountOperatorMessage,
    /// Stop or resume relaying this user (IGNORE_CHATS and the dialog's flag).
    Ban,
    Unban,
    /// /info under HIDE_INFO=command: the card goes privately, through the setup bot, to `to`.
    SendPrivately {
        to: i64,
        html: String,
    },
}

/// Who runs the connection, and in which language operators are addressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Team {
    pub admin_id: i64,
    pub operator_lang: Lang,
}

#[cfg(test)]
mod tests;

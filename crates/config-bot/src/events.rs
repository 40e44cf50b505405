//! The relay's events, told to the people they concern: one message each, with the next action as
//! a button.
//!
//! An event is claimed (a conditional update) before it is sent, so two setup-bot processes never
//! send it twice; a send that fails gives the claim back and the next pass tries again.

use i18n::{Lang, escape_html};
use storage::{Event, EventKind, Storage};
use teloxide::payloads::SendMessageSetters as _;
use teloxide::prelude::*;
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup, ParseMode};

use crate::callback::Callback;

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error(transparent)]
    Storage(#[from] storage::Error),
}

/// A message for one person.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub to: i64,
    pub html: String,
    /// The next action: (label, button).
    pub button: Option<(String, Callback)>,
}

/// What an event says, in the admin's language.
pub async fn compose(storage: &Storage, event: &Event) -> Result<Notice, DeliveryError> {
    let lang = storage
        .admins()
        .get(event.owner_id)
        .await?
        .map_or(Lang::En, |a| Lang::from_code(Some(&a.language)));
    let connection = storage.connections().get(event.connection_id).await?;
    let name = connection
        .as_ref()
        .and_then(|c| c.identity.as_ref())
        .map_or_else(|| event.connection_id.to_string(), |i| i.title.clone());
    let name = escape_html(&name).into_owned();
    let reason = escape_html(
        event
            .payload
            .get("reason")
            .and_then(|r| r.as_str())
            .unwrap_or("—"),
    )
    .into_owned();
    let id = event.connection_id;
    let say =
        |key: &str| lang.text_with(key, &[("name", name.clone()), ("reason", reason.clone())]);
    let open = || {
        Some((
            lang.text_with("setup-button-open", &[("name", name.clone())]),
            Callback::Open(id),
        ))
    };
    let (html, button) = match event.kind {
        EventKind::Linked => (say("setup-event-linked"), open()),
        EventKind::NeedsLogin => (
            say("setup-event-needs-login"),
            Some((lang.text("setup-button-relogin"), Callback::Relogin(id))),
        ),
        EventKind::Failed => (
            say("setup-event-failed"),
            Some((lang.text("setup-button-start"), Callback::Start(id))),
        ),
        EventKind::LinkRefused => {
            let key = match event.payload.get("reason").and_then(|r| r.as_str()) {
                Some("not_forum") => "setup-event-link-refused-not-forum",
                Some("missing_rights") => "setup-event-link-refused-missing-rights",
                _ => "setup-event-link-refused-other",
            };
            (say(key), open())
        }
        EventKind::WebhookFailed => {
            let field = |key: &str| {
                escape_html(
                    event
                        .payload
                        .get(key)
                        .and_then(|v| v.as_str())
                        .unwrap_or("—"),
                )
                .into_owned()
            };
            let html = lang.text_with(
                "setup-event-webhook-failed",
                &[
                    ("name", name.clone()),
                    ("url", field("url")),
                    ("event", field("event_type")),
                    ("id", field("event_id")),
                    ("reason", reason.clone()),
                ],
            );
            (html, open())
        }
        EventKind::Notice => {
            // Composed (and escaped) by the relay, for the person it names.
            let to = event
                .payload
                .get("to")
                .and_then(|t| t.as_i64())
                .unwrap_or(event.owner_id);
            let html = event
                .payload
                .get("html")
                .and_then(|h| h.as_str())
                .unwrap_or_default()
                .to_owned();
            return Ok(Notice {
                to,
                html,
                button: None,
            });
        }
    };
    Ok(Notice {
        to: event.owner_id,
        html,
        button,
    })
}

/// Sends every undelivered event once; returns how many were sent.
pub async fn deliver_pending(storage: &Storage, bot: &Bot) -> Result<usize, DeliveryError> {
    let mut sent = 0;
    for event in storage.events().undelivered(100).await? {
        if !storage
            .events()
            .mark_delivered(event.id, storage::now())
            .await?
        {
            continue; // another setup-bot process has it
        }
        let notice = compose(storage, &event).await?;
        let mut request = bot
            .send_message(ChatId(notice.to), notice.html)
            .parse_mode(ParseMode::Html);
        if let Some((label, callback)) = notice.button {
            request = request.reply_markup(InlineKeyboardMarkup::new([[
                InlineKeyboardButton::callback(label, callback.encode()),
            ]]));
        }
        match request.await {
            Ok(_) => sent += 1,
            Err(err) => {
                tracing::warn!(event = event.id, error = %err, "sending an event; will retry");
                storage.events().unmark_delivered(event.id).await?;
            }
        }
    }
    Ok(sent)
}

//! Topic commands posted to a receiver: an operator's `/invoice` goes, with the dialog and the
//! operator, to every URL that lists it; an answer within the time limit (`200` with
//! `{"text": "..."}` in Telegram HTML, or plain text) is the reply in the topic.
//!
//! Not queued: a command is a question asked now, so it is tried once (a lost answer is worth
//! less than a late one). Its id, `cmd_<connection>_<message>`, is the same if a restart replays
//! the command, so receivers can deduplicate.

use serde_json::{Value, json};
use storage::params::Parameters;
use storage::{Connection, Dialog};

use super::body::{OperatorRef, connection_json, dialog_json, rfc3339};
use super::http::Answer;

/// Telegram's limit for a message's text.
const MAX_REPLY_CHARS: usize = 4096;

pub fn command_id(connection: &Connection, topic_message_id: i64) -> String {
    format!("cmd_{}_{}", connection.id.0, topic_message_id)
}

/// The body posted for a command.
#[allow(clippy::too_many_arguments)]
pub fn body(
    id: &str,
    at: i64,
    connection: &Connection,
    dialog: &Dialog,
    params: &Parameters,
    name: &str,
    text: &str,
    topic_message_id: i64,
    operator: &OperatorRef,
) -> Value {
    json!({
        "id": id,
        "type": "command",
        "time": rfc3339(at),
        "connection": connection_json(connection),
        "dialog": dialog_json(dialog, params),
        "command": {
            "name": name,
            "text": text,
            "args": text.split_once(char::is_whitespace).map_or("", |(_, rest)| rest.trim()),
            "topic_message_id": topic_message_id,
        },
        "operator": {"id": operator.id, "name": operator.name},
    })
}

/// The reply a receiver's answer asks for, if any.
pub fn reply_of(answer: &Answer) -> Option<String> {
    if answer.status != 200 {
        return None;
    }
    let text = String::from_utf8_lossy(&answer.body);
    let is_json = answer
        .content_type
        .as_deref()
        .is_some_and(|t| t.starts_with("application/json"));
    let reply = if is_json {
        serde_json::from_str::<Value>(&text)
            .ok()?
            .get("text")?
            .as_str()?
            .to_owned()
    } else {
        text.into_owned()
    };
    let reply = reply.trim();
    (!reply.is_empty()).then(|| reply.chars().take(MAX_REPLY_CHARS).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, content_type: &str, body: &str) -> Answer {
        Answer {
            status,
            retry_after: None,
            content_type: Some(content_type.into()),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn json_text_or_plain_text_is_the_reply() {
        let json = answer(200, "application/json", r#"{"text": "Invoice <b>#42</b>"}"#);
        assert_eq!(reply_of(&json).as_deref(), Some("Invoice <b>#42</b>"));
        let plain = answer(200, "text/plain; charset=utf-8", " done \n");
        assert_eq!(reply_of(&plain).as_deref(), Some("done"));
        assert_eq!(
            reply_of(&answer(200, "application/json", r#"{"ok": 1}"#)),
            None
        );
        assert_eq!(reply_of(&answer(204, "text/plain", "")), None);
        assert_eq!(reply_of(&answer(500, "text/plain", "boom")), None);
    }
}

//! Event bodies: the stable JSON schema of the README's "Webhooks" section. Every body names
//! the event (`id`, `type`, `time`), the connection and, for dialog events, the dialog; names
//! and usernames only where HIDE_INFO lets operators see them.

use serde_json::{Value, json};
use storage::params::{Parameters, WebhookEvent};
use storage::{Connection, Dialog, DialogStatus, Outgoing};

/// Who did it, when an operator did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorRef {
    pub id: i64,
    pub name: String,
}

/// A relayed message, as the `message` field shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRef {
    pub text: String,
    pub media: Option<String>,
    /// Its id in the user's private chat.
    pub user_chat_message_id: i64,
    /// Its id in the backend group (in the dialog's topic).
    pub topic_message_id: i64,
    pub operator: Option<OperatorRef>,
}

/// What an event says beyond the connection and the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    None,
    Message(MessageRef),
    Status {
        from: Option<DialogStatus>,
        to: DialogStatus,
    },
    Label(String),
    Broadcast(Value),
}

/// A new event id: `evt_` and 24 hex digits of randomness (the receiver's deduplication key).
pub fn new_event_id() -> String {
    let mut bytes = [0u8; 12];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("evt_{hex}")
}

/// The `connection` field.
pub fn connection_json(connection: &Connection) -> Value {
    json!({
        "id": connection.id.0,
        "kind": connection.kind.as_str(),
        "username": connection.identity.as_ref().and_then(|i| i.username.clone()),
    })
}

/// The `dialog` field.
pub fn dialog_json(dialog: &Dialog, params: &Parameters) -> Value {
    let mut value = json!({
        "user_id": dialog.user_id,
        "topic_id": dialog.topic_id,
        "status": dialog.status.as_str(),
        "labels": dialog.labels,
    });
    let hidden = params.hide_info.name || params.hide_info.command;
    if !hidden && let Value::Object(map) = &mut value {
        map.insert("name".into(), json!(dialog.display_name));
        map.insert("username".into(), json!(dialog.username));
    }
    value
}

/// The body of one event.
pub fn body(
    event: WebhookEvent,
    id: &str,
    at: i64,
    connection: &Connection,
    dialog: Option<&Dialog>,
    params: &Parameters,
    detail: &Detail,
) -> Value {
    let mut body = json!({
        "id": id,
        "type": event.as_str(),
        "time": rfc3339(at),
        "connection": connection_json(connection),
    });
    let Value::Object(map) = &mut body else {
        unreachable!("json! of an object literal is an object")
    };
    if let Some(dialog) = dialog {
        map.insert("dialog".into(), dialog_json(dialog, params));
    }
    match detail {
        Detail::None => {}
        Detail::Message(m) => {
            map.insert(
                "message".into(),
                json!({
                    "text": m.text,
                    "media": m.media,
                    "user_chat_message_id": m.user_chat_message_id,
                    "topic_message_id": m.topic_message_id,
                    "operator": m.operator.as_ref().map(|o| json!({"id": o.id, "name": o.name})),
                }),
            );
        }
        Detail::Status { from, to } => {
            map.insert(
                "status".into(),
                json!({"from": from.map(|s| s.as_str()), "to": to.as_str()}),
            );
        }
        Detail::Label(name) => {
            map.insert("label".into(), json!(name));
        }
        Detail::Broadcast(value) => {
            map.insert("broadcast".into(), value.clone());
        }
    }
    body
}

/// The outbox rows of one event: one per URL that listens to it (none when nobody does, at no cost).
pub fn outgoing(
    event: WebhookEvent,
    connection: &Connection,
    dialog: Option<&Dialog>,
    params: &Parameters,
    detail: &Detail,
) -> Vec<Outgoing> {
    let urls: Vec<&str> = params.webhooks.urls_for(event).collect();
    if urls.is_empty() {
        return Vec::new();
    }
    let id = new_event_id();
    let text = body(
        event,
        &id,
        storage::now(),
        connection,
        dialog,
        params,
        detail,
    )
    .to_string();
    urls.into_iter()
        .map(|url| Outgoing {
            url: url.to_owned(),
            event_id: id.clone(),
            event_type: event.as_str().to_owned(),
            body: text.clone(),
        })
        .collect()
}

/// Unix seconds as RFC 3339 UTC (`2026-12-02T11:28:47Z`).
pub fn rfc3339(unix: i64) -> String {
    let (year, month, day, secs) = crate::logic::text::civil(unix);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_614_265_330), "2021-02-25T15:02:10Z");
        assert_eq!(rfc3339(1_709_164_800), "2024-02-29T00:00:00Z");
    }

    #[test]
    fn hide_info_keeps_names_out_of_the_body() {
        let dialog = Dialog {
            connection_id: storage::ConnectionId(1),
            user_id: 7,
            topic_id: Some(3),
            status: DialogStatus::UserAnswered,
            status_since: 0,
            display_name: "Anna Smith".into(),
            username: Some("anna".into()),
            language: None,
            start_param: None,
            first_seen_at: 0,
            last_user_at: None,
            last_operator_at: None,
            messages_from_user: 0,
            messages_from_operators: 0,
            banned: false,
            labels: vec!["VIP".into()],
        };
        let mut params = Parameters::default();
        let shown = dialog_json(&dialog, &params);
        assert_eq!(shown["name"], "Anna Smith");
        assert_eq!(shown["username"], "anna");
        for hide in ["name", "command"] {
            params.set(storage::params::Param::HideInfo.parse(hide).unwrap());
            let hidden = dialog_json(&dialog, &params);
            assert!(hidden.get("name").is_none(), "HIDE_INFO={hide}");
            assert!(hidden.get("username").is_none(), "HIDE_INFO={hide}");
            assert_eq!(hidden["user_id"], 7);
            assert_eq!(hidden["labels"], serde_json::json!(["VIP"]));
        }
    }

    #[test]
    fn event_ids_are_unique() {
        let a = new_event_id();
        assert!(a.starts_with("evt_") && a.len() == 28);
        assert_ne!(a, new_event_id());
    }
}

//! WEBHOOKS: which URLs hear which events and `/commands`, in the shape Hotline documents:
//! `{"https://crm.example/hook": ["dialog_created", "message_received"], "https://x.example/cmd": ["/invoice"]}`.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

use super::ParamError;

/// At most this many URLs: each one is a delivery queue the relay keeps moving.
pub const MAX_WEBHOOK_URLS: usize = 10;
/// A URL longer than this is refused (it is stored and shown on the card).
const MAX_URL_LEN: usize = 512;

/// An event a webhook can subscribe to. The names are the wire names of the event bodies'
/// `type` field (documented in the README's Integrations section).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum WebhookEvent {
    DialogCreated,
    DialogReopened,
    DialogClosed,
    DialogStatusChanged,
    MessageReceived,
    MessageSent,
    MessageIntercepted,
    LabelAdded,
    LabelRemoved,
    BroadcastFinished,
}

impl WebhookEvent {
    pub const ALL: [WebhookEvent; 10] = [
        WebhookEvent::DialogCreated,
        WebhookEvent::DialogReopened,
        WebhookEvent::DialogClosed,
        WebhookEvent::DialogStatusChanged,
        WebhookEvent::MessageReceived,
        WebhookEvent::MessageSent,
        WebhookEvent::MessageIntercepted,
        WebhookEvent::LabelAdded,
        WebhookEvent::LabelRemoved,
        WebhookEvent::BroadcastFinished,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEvent::DialogCreated => "dialog_created",
            WebhookEvent::DialogReopened => "dialog_reopened",
            WebhookEvent::DialogClosed => "dialog_closed",
            WebhookEvent::DialogStatusChanged => "dialog_status_changed",
            WebhookEvent::MessageReceived => "message_received",
            WebhookEvent::MessageSent => "message_sent",
            WebhookEvent::MessageIntercepted => "message_intercepted",
            WebhookEvent::LabelAdded => "label_added",
            WebhookEvent::LabelRemoved => "label_removed",
            WebhookEvent::BroadcastFinished => "broadcast_finished",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == name)
    }
}

/// What one URL receives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subscription {
    pub events: Vec<WebhookEvent>,
    /// Topic commands without the slash, lowercase (`invoice` for `/invoice`).
    pub commands: Vec<String>,
}

/// The whole parameter: URL → subscription. Empty means OFF.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Webhooks(pub BTreeMap<String, Subscription>);

impl Webhooks {
    pub fn is_off(&self) -> bool {
        self.0.is_empty()
    }

    /// The URLs that receive `event`.
    pub fn urls_for(&self, event: WebhookEvent) -> impl Iterator<Item = &str> {
        self.0
            .iter()
            .filter(move |(_, s)| s.events.contains(&event))
            .map(|(url, _)| url.as_str())
    }

    /// The URLs that receive the topic command `name` (without the slash, any case).
    pub fn urls_for_command<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> {
        self.0
            .iter()
            .filter(move |(_, s)| s.commands.iter().any(|c| c.eq_ignore_ascii_case(name)))
            .map(|(url, _)| url.as_str())
    }

    pub fn parse(text: &str) -> Result<Self, ParamError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("off") {
            return Ok(Webhooks::default());
        }
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ParamError::WebhooksJson {
                line: e.line(),
                column: e.column(),
            })?;
        let serde_json::Value::Object(map) = value else {
            return Err(ParamError::WebhooksShape);
        };
        if map.is_empty() {
            return Ok(Webhooks::default());
        }
        if map.len() > MAX_WEBHOOK_URLS {
            return Err(ParamError::WebhooksTooMany {
                max: MAX_WEBHOOK_URLS,
            });
        }
        let mut hooks = BTreeMap::new();
        for (url, list) in map {
            check_url(&url)?;
            let serde_json::Value::Array(items) = list else {
                return Err(ParamError::WebhooksShape);
            };
            if items.is_empty() {
                return Err(ParamError::WebhookNothing { url });
            }
            let mut subscription = Subscription::default();
            for item in items {
                let serde_json::Value::String(item) = item else {
                    return Err(ParamError::WebhooksShape);
                };
                if let Some(command) = item.strip_prefix('/') {
                    if !is_command_name(command) {
                        return Err(ParamError::WebhookCommand { item });
                    }
                    let command = command.to_ascii_lowercase();
                    if !subscription.commands.contains(&command) {
                        subscription.commands.push(command);
                    }
                } else {
                    let event = WebhookEvent::parse(&item)
                        .ok_or(ParamError::WebhookEvent { item: item.clone() })?;
                    if !subscription.events.contains(&event) {
                        subscription.events.push(event);
                    }
                }
            }
            hooks.insert(url, subscription);
        }
        Ok(Webhooks(hooks))
    }
}

/// Telegram's bot command rule: 1–32 of a–z, 0–9 and `_`.
fn is_command_name(name: &str) -> bool {
    (1..=32).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `https://` anywhere; plain `http://` only to this machine (for testing a receiver locally).
fn check_url(url: &str) -> Result<(), ParamError> {
    let bad = || ParamError::WebhookUrl {
        url: url.chars().take(80).collect(),
    };
    if url.len() > MAX_URL_LEN || url.chars().any(char::is_whitespace) {
        return Err(bad());
    }
    let (secure, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(bad());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        // No host, or credentials in the URL (they would show on the card).
        return Err(bad());
    }
    let host = host_of(authority);
    if host.is_empty() {
        return Err(bad());
    }
    if !secure && !is_loopback_host(host) {
        return Err(ParamError::WebhookNotHttps {
            url: url.chars().take(80).collect(),
        });
    }
    Ok(())
}

/// The host of `host[:port]` or `[v6]:port`.
fn host_of(authority: &str) -> &str {
    if let Some(rest) = authority.strip_prefix('[') {
        return rest.split(']').next().unwrap_or("");
    }
    authority.split(':').next().unwrap_or("")
}

fn is_loopback_host(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl fmt::Display for Webhooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_off() {
            return f.write_str("OFF");
        }
        let map: serde_json::Map<String, serde_json::Value> = self
            .0
            .iter()
            .map(|(url, s)| {
                let items = s
                    .events
                    .iter()
                    .map(|e| e.as_str().to_owned())
                    .chain(s.commands.iter().map(|c| format!("/{c}")))
                    .map(serde_json::Value::String)
                    .collect();
                (url.clone(), serde_json::Value::Array(items))
            })
            .collect();
        f.write_str(&serde_json::Value::Object(map).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hotlines_example_parses_and_prints_back() {
        let text = r#"{"https://crm.example/hook": ["dialog_created","message_received"], "https://x.example/cmd": ["/invoice"]}"#;
        let hooks = Webhooks::parse(text).expect("the documented example");
        assert_eq!(
            hooks
                .urls_for(WebhookEvent::MessageReceived)
                .collect::<Vec<_>>(),
            ["https://crm.example/hook"]
        );
        assert_eq!(
            hooks.urls_for_command("INVOICE").collect::<Vec<_>>(),
            ["https://x.example/cmd"]
        );
        assert_eq!(Webhooks::parse(&hooks.to_string()), Ok(hooks));
    }

    #[test]
    fn refusals_name_the_exact_problem() {
        assert_eq!(
            Webhooks::parse("{\"https://a.example\": [\"x\"]"),
            Err(ParamError::WebhooksJson {
                line: 1,
                column: 27
            })
        );
        assert_eq!(
            Webhooks::parse(r#"["https://a.example"]"#),
            Err(ParamError::WebhooksShape)
        );
        assert_eq!(
            Webhooks::parse(r#"{"https://a.example": ["dialog_opened"]}"#),
            Err(ParamError::WebhookEvent {
                item: "dialog_opened".into()
            })
        );
        assert_eq!(
            Webhooks::parse(r#"{"http://crm.example/hook": ["dialog_closed"]}"#),
            Err(ParamError::WebhookNotHttps {
                url: "http://crm.example/hook".into()
            })
        );
        assert_eq!(
            Webhooks::parse(r#"{"ftp://crm.example": ["dialog_closed"]}"#),
            Err(ParamError::WebhookUrl {
                url: "ftp://crm.example".into()
            })
        );
        assert_eq!(
            Webhooks::parse(r#"{"https://crm.example": ["/in voice"]}"#),
            Err(ParamError::WebhookCommand {
                item: "/in voice".into()
            })
        );
        assert_eq!(
            Webhooks::parse(r#"{"https://crm.example": []}"#),
            Err(ParamError::WebhookNothing {
                url: "https://crm.example".into()
            })
        );
        let many: Vec<String> = (0..11)
            .map(|i| format!("\"https://h{i}.example\": [\"dialog_closed\"]"))
            .collect();
        assert_eq!(
            Webhooks::parse(&format!("{{{}}}", many.join(","))),
            Err(ParamError::WebhooksTooMany { max: 10 })
        );
    }

    #[test]
    fn plain_http_is_allowed_to_this_machine_only() {
        for url in [
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://[::1]:9000/",
        ] {
            let text = format!(r#"{{"{url}": ["dialog_closed"]}}"#);
            assert!(Webhooks::parse(&text).is_ok(), "{url}");
        }
        assert!(Webhooks::parse(r#"{"http://10.0.0.1/": ["dialog_closed"]}"#).is_err());
        assert!(Webhooks::parse(r#"{"https://user:pw@crm.example/": ["dialog_closed"]}"#).is_err());
    }

    #[test]
    fn off_and_empty_mean_no_webhooks() {
        assert!(Webhooks::parse("OFF").expect("off").is_off());
        assert!(Webhooks::parse("{}").expect("empty").is_off());
        assert_eq!(Webhooks::default().to_string(), "OFF");
    }
}

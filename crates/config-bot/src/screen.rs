//! Every screen of the setup bot, rendered from data in the admin's language: plain functions
//! with no IO, so what an admin reads is tested without Telegram.

use account_session::flow::{CodeDelivery, CodeSent};
use i18n::{Lang, escape_html};
use storage::params::{Param, Parameters};
use storage::{Connection, ConnectionKind, ConnectionStatus};

use crate::callback::Callback;
use crate::keypad::Keypad;

/// What a button does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Press(Callback),
    Url(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub label: String,
    pub action: Action,
}

impl Button {
    pub(crate) fn press(label: String, callback: Callback) -> Button {
        Button {
            label,
            action: Action::Press(callback),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keyboard {
    None,
    Inline(Vec<Vec<Button>>),
    /// A reply keyboard with the contact-share button, and a cancel key (sent back as its label).
    SharePhone {
        share: String,
        cancel: String,
    },
    /// Takes a reply keyboard away.
    Remove,
}

/// A message to show: Telegram HTML and its keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Screen {
    pub html: String,
    pub keyboard: Keyboard,
}

impl Screen {
    pub fn text(html: String) -> Screen {
        Screen {
            html,
            keyboard: Keyboard::None,
        }
    }

    fn inline(html: String, rows: Vec<Vec<Button>>) -> Screen {
        Screen {
            html,
            keyboard: Keyboard::Inline(rows),
        }
    }

    /// The same screen with `note` (an error, a confirmation) above it.
    pub fn with_note(mut self, note: &str) -> Screen {
        self.html = format!("{note}\n\n{}", self.html);
        self
    }
}

/// A connection's name for texts, HTML-escaped: its Telegram title, or its number before sign-in.
pub fn name(connection: &Connection) -> String {
    let name = connection
        .identity
        .as_ref()
        .map_or_else(|| connection.id.to_string(), |i| i.title.clone());
    escape_html(&name).into_owned()
}

fn back_cancel(lang: Lang) -> Vec<Button> {
    vec![
        Button::press(lang.text("setup-button-back"), Callback::Back),
        Button::press(lang.text("setup-button-cancel"), Callback::Cancel),
    ]
}

fn connection_rows(connections: &[Connection]) -> Vec<Vec<Button>> {
    connections
        .iter()
        .map(|c| {
            let label = format!("{} {}", status_icon(c.status), plain_name(c));
            vec![Button::press(label, Callback::Open(c.id))]
        })
        .collect()
}

/// A name for a button label (labels are plain text, not HTML).
fn plain_name(connection: &Connection) -> String {
    match &connection.identity {
        Some(i) => match &i.username {
            Some(username) => format!("{} (@{username})", i.title),
            None => i.title.clone(),
        },
        None => connection.id.to_string(),
    }
}

fn status_icon(status: ConnectionStatus) -> &'static str {
    match status {
        ConnectionStatus::Linking => "🔗",
        ConnectionStatus::Active => "✅",
        ConnectionStatus::Stopped => "⏸",
        ConnectionStatus::NeedsLogin => "⚠️",
        ConnectionStatus::Failed => "❌",
    }
}

/// /start: the greeting, the admin's connections and [New connection].
pub fn welcome(lang: Lang, connections: &[Connection]) -> Screen {
    let list = connections_screen(lang, connections);
    Screen {
        html: format!("{}\n\n{}", lang.text("setup-welcome"), list.html),
        keyboard: list.keyboard,
    }
}

/// [Manage connections]: the admin's connections and [New connection].
pub fn connections_screen(lang: Lang, connections: &[Connection]) -> Screen {
    let html = if connections.is_empty() {
        lang.text("setup-connections-empty")
    } else {
        lang.text("setup-connections")
    };
    let mut rows = connection_rows(connections);
    rows.push(vec![Button::press(
        lang.text("setup-button-new"),
        Callback::NewConnection,
    )]);
    Screen::inline(html, rows)
}

pub fn choose_kind(lang: Lang) -> Screen {
    Screen::inline(
        lang.text("setup-choose-kind"),
        vec![
            vec![Button::press(
                lang.text("setup-button-bot"),
                Callback::ConnectBot,
            )],
            vec![Button::press(
                lang.text("setup-button-account"),
                Callback::ConnectAccount,
            )],
            back_cancel(lang),
        ],
    )
}

/// Step 2 for a bot; `relogin` names the connection being signed in again.
pub fn ask_token(lang: Lang, relogin: Option<&Connection>) -> Screen {
    let html = match relogin {
        Some(c) => lang.text_with("setup-ask-token-relogin", &[("name", name(c))]),
        None => lang.text("setup-ask-token"),
    };
    Screen::inline(html, vec![back_cancel(lang)])
}

pub fn choose_method(lang: Lang) -> Screen {
    Screen::inline(
        lang.text("setup-choose-method"),
        vec![
            vec![
                Button::press(lang.text("setup-button-qr"), Callback::LoginByQr),
                Button::press(lang.text("setup-button-phone"), Callback::LoginByPhone),
            ],
            back_cancel(lang),
        ],
    )
}

pub fn ask_phone(lang: Lang) -> Screen {
    Screen {
        html: lang.text("setup-ask-phone"),
        keyboard: Keyboard::SharePhone {
            share: lang.text("setup-button-share-phone"),
            cancel: lang.text("setup-button-cancel"),
        },
    }
}

/// How the code was delivered, in words.
fn via(lang: Lang, phone: &str, delivery: &CodeDelivery) -> String {
    let phone = ("phone", escape_html(phone).into_owned());
    match delivery {
        CodeDelivery::App { .. } => lang.text_with("setup-code-via-app", &[phone]),
        CodeDelivery::Sms { .. } | CodeDelivery::SmsWords => {
            lang.text_with("setup-code-via-sms", &[phone])
        }
        CodeDelivery::Call { .. } | CodeDelivery::FlashCall => {
            lang.text_with("setup-code-via-call", &[phone])
        }
        CodeDelivery::MissedCall { .. } => lang.text_with("setup-code-via-missed-call", &[phone]),
        CodeDelivery::Email { pattern, .. } => lang.text_with(
            "setup-code-via-email",
            &[("email", escape_html(pattern).into_owned())],
        ),
        CodeDelivery::Fragment { .. } => lang.text_with("setup-code-via-fragment", &[phone]),
        CodeDelivery::EmailSetupRequired | CodeDelivery::Firebase => {
            lang.text_with("setup-code-via-other", &[phone])
        }
    }
}

/// How many digits the keypad takes for this delivery (5 when Telegram does not say).
pub fn code_length(delivery: &CodeDelivery) -> usize {
    let length = match delivery {
        CodeDelivery::App { length }
        | CodeDelivery::Sms { length }
        | CodeDelivery::Call { length }
        | CodeDelivery::MissedCall { length }
        | CodeDelivery::Email { length, .. }
        | CodeDelivery::Fragment { length } => *length,
        _ => 0,
    };
    usize::try_from(length).ok().filter(|l| *l > 0).unwrap_or(5)
}

/// The login code keypad with what is entered so far.
pub fn code(lang: Lang, phone: &str, sent: &CodeSent, keypad: &Keypad) -> Screen {
    let html = lang.text_with(
        "setup-code",
        &[
            ("via", via(lang, phone, &sent.delivery)),
            ("code", keypad.display()),
        ],
    );
    let mut rows: Vec<Vec<Button>> = Keypad::rows()
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|(label, key)| Button::press(label, key))
                .collect()
        })
        .collect();
    if sent.can_resend {
        rows.push(vec![Button::press(
            lang.text("setup-button-resend"),
            Callback::ResendCode,
        )]);
    }
    rows.push(back_cancel(lang));
    Screen::inline(html, rows)
}

pub fn ask_password(lang: Lang, hint: Option<&str>) -> Screen {
    let mut html = lang.text("setup-ask-password");
    if let Some(hint) = hint.filter(|h| !h.trim().is_empty()) {
        html.push('\n');
        html.push_str(&lang.text_with(
            "setup-password-hint",
            &[("hint", escape_html(hint).into_owned())],
        ));
    }
    Screen::inline(html, vec![back_cancel(lang)])
}

/// The caption under a QR code, before and after it is scanned.
pub fn qr(lang: Lang, scanned: bool) -> Screen {
    if scanned {
        return Screen::text(lang.text("setup-qr-scanned"));
    }
    Screen::inline(lang.text("setup-qr"), vec![back_cancel(lang)])
}

/// A sign-in error, with the way forward: the same step again, or a new QR code.
pub fn sign_in_failed(lang: Lang, error: &account_session::SignInError) -> String {
    lang.text_with(error.message_id(), &error.args())
}

pub fn qr_expired(lang: Lang, text: String) -> Screen {
    Screen::inline(
        text,
        vec![
            vec![Button::press(
                lang.text("setup-button-new-qr"),
                Callback::NewQr,
            )],
            back_cancel(lang),
        ],
    )
}

/// The admin rights a bot asks for in the "Add to group" link (DESIGN.md, step 3).
pub const BOT_ADMIN_RIGHTS: &str =
    "manage_topics+delete_messages+pin_messages+restrict_members+invite_users";

/// Telegram's "add this bot to a group" link, carrying the link code.
pub fn add_to_group_url(bot_username: &str, link_code: &str) -> String {
    format!("https://t.me/{bot_username}?startgroup={link_code}&admin={BOT_ADMIN_RIGHTS}")
}

/// Step 3: where the connection's backend group comes from.
pub fn group_step(lang: Lang, connection: &Connection) -> Screen {
    let who = name(connection);
    let card = Button::press(lang.text("setup-button-connections"), Callback::Connections);
    let mut rows = Vec::new();
    let html = match (connection.kind, connection.identity.as_ref()) {
        (ConnectionKind::Bot, Some(identity)) if identity.username.is_some() => {
            let username = identity.username.as_deref().unwrap_or_default();
            rows.push(vec![Button {
                label: lang.text("setup-button-add-to-group"),
                action: Action::Url(add_to_group_url(username, &connection.link_code)),
            }]);
            lang.text_with(
                "setup-group-bot",
                &[("name", who), ("code", connection.link_code.clone())],
            )
        }
        (ConnectionKind::Bot, _) => lang.text_with(
            "setup-group-existing",
            &[("name", who), ("code", connection.link_code.clone())],
        ),
        (ConnectionKind::Account, _) => {
            rows.push(vec![Button::press(
                lang.text("setup-button-create-group"),
                Callback::CreateGroup(connection.id),
            )]);
            rows.push(vec![Button::press(
                lang.text("setup-button-use-group"),
                Callback::UseGroup(connection.id),
            )]);
            lang.text_with("setup-group-account", &[("name", who)])
        }
    };
    rows.push(vec![card]);
    let mut screen = Screen::inline(html, rows);
    if connection.backend_chat_id.is_some() {
        screen.html = format!(
            "{}\n\n{}",
            screen.html,
            lang.text("setup-change-group-note")
        );
    }
    screen
}

/// Step 3 for an account that joins a group the admin already has.
pub fn existing_group(lang: Lang, connection: &Connection) -> Screen {
    Screen::inline(
        lang.text_with(
            "setup-group-existing",
            &[
                ("name", name(connection)),
                ("code", connection.link_code.clone()),
            ],
        ),
        vec![vec![Button::press(
            lang.text("setup-button-back"),
            Callback::GroupStep(connection.id),
        )]],
    )
}

/// The title of the group an account creates for itself.
pub fn default_group_title(lang: Lang, connection: &Connection) -> String {
    let plain = connection
        .identity
        .as_ref()
        .map_or_else(|| connection.id.to_string(), |i| i.title.clone());
    lang.text_with("setup-group-default-title", &[("name", plain)])
}

pub fn group_creating(lang: Lang, connection: &Connection, title: &str) -> Screen {
    Screen::inline(
        lang.text_with(
            "setup-group-creating",
            &[
                ("name", name(connection)),
                ("title", escape_html(title).into_owned()),
            ],
        ),
        vec![vec![Button::press(
            lang.text("setup-button-connections"),
            Callback::Connections,
        )]],
    )
}

/// A unix time as a calendar date (UTC), `2026-11-21`.
pub fn date(unix: i64) -> String {
    match time::OffsetDateTime::from_unix_timestamp(unix) {
        Ok(t) => format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()),
        Err(_) => "—".to_owned(),
    }
}

fn status_text(lang: Lang, connection: &Connection) -> String {
    let reason = (
        "reason",
        escape_html(connection.status_reason.as_deref().unwrap_or("—")).into_owned(),
    );
    match connection.status {
        ConnectionStatus::Linking => lang.text("setup-status-linking"),
        ConnectionStatus::Active => lang.text("setup-status-active"),
        ConnectionStatus::Stopped => lang.text("setup-status-stopped"),
        ConnectionStatus::NeedsLogin => lang.text_with("setup-status-needs-login", &[reason]),
        ConnectionStatus::Failed => lang.text_with("setup-status-failed", &[reason]),
    }
}

/// What the card warns about, read from the relay's records rather than the connection row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Health {
    /// A bot with INTERCEPT_EXTERNAL on has relayed for a day and never received one message
    /// sent from outside Switchboard (see `MessageLinks::never_intercepted`).
    pub intercept_unseen: bool,
}

/// The connection card: who, what, status with its reason, group, date, and what can be done.
pub fn card(lang: Lang, connection: &Connection) -> Screen {
    card_with(lang, connection, Health::default())
}

/// The card with what the relay's records warn about beneath it.
pub fn card_with(lang: Lang, connection: &Connection, health: Health) -> Screen {
    let username = connection
        .identity
        .as_ref()
        .and_then(|i| i.username.as_deref())
        .map(|u| format!("@{}", escape_html(u)))
        .unwrap_or_default();
    let kind = match connection.kind {
        ConnectionKind::Bot => lang.text("setup-kind-bot"),
        ConnectionKind::Account => lang.text("setup-kind-account"),
    };
    let group = match (&connection.new_group_title, connection.backend_chat_id) {
        (Some(title), _) => lang.text_with(
            "setup-group-being-created",
            &[("title", escape_html(title).into_owned())],
        ),
        (None, Some(id)) => lang.text_with("setup-group-linked", &[("id", id.to_string())]),
        (None, None) => lang.text("setup-group-none"),
    };
    let html = lang.text_with(
        "setup-card",
        &[
            ("name", name(connection)),
            ("username", username),
            ("kind", kind),
            ("status", status_text(lang, connection)),
            ("group", group),
            ("created", date(connection.created_at)),
        ],
    );
    let html = if health.intercept_unseen {
        format!("{html}\n\n{}", lang.text("setup-card-intercept-unseen"))
    } else {
        html
    };
    let id = connection.id;
    let mut rows = vec![vec![
        Button::press(
            lang.text("setup-button-parameters"),
            Callback::Parameters(id),
        ),
        Button::press(
            lang.text("analytics-button"),
            Callback::Analytics(id, analytics::Period::Week),
        ),
    ]];
    let mut controls = Vec::new();
    match connection.status {
        ConnectionStatus::Stopped | ConnectionStatus::Failed if connection.signed_in => {
            controls.push(Button::press(
                lang.text("setup-button-start"),
                Callback::Start(id),
            ));
        }
        ConnectionStatus::Linking | ConnectionStatus::Active => {
            controls.push(Button::press(
                lang.text("setup-button-stop"),
                Callback::Stop(id),
            ));
        }
        _ => {}
    }
    if connection.status == ConnectionStatus::NeedsLogin || !connection.signed_in {
        controls.push(Button::press(
            lang.text("setup-button-relogin"),
            Callback::Relogin(id),
        ));
    }
    if !controls.is_empty() {
        rows.push(controls);
    }
    rows.push(vec![
        Button::press(
            lang.text("setup-button-change-group"),
            Callback::ChangeGroup(id),
        ),
        Button::press(lang.text("setup-button-delete"), Callback::Delete(id)),
    ]);
    rows.push(vec![Button::press(
        lang.text("setup-api-button-key"),
        Callback::ApiKey(id),
    )]);
    rows.push(vec![Button::press(
        lang.text("setup-button-connections"),
        Callback::Connections,
    )]);
    Screen::inline(html, rows)
}

pub fn delete_confirm(lang: Lang, connection: &Connection) -> Screen {
    Screen::inline(
        lang.text_with("setup-delete-confirm", &[("name", name(connection))]),
        vec![
            vec![Button::press(
                lang.text("setup-button-confirm-delete"),
                Callback::ConfirmDelete(connection.id),
            )],
            vec![Button::press(
                lang.text("setup-button-back"),
                Callback::Open(connection.id),
            )],
        ],
    )
}

/// A value for a button label: one line, at most 24 characters.
fn short(value: &str) -> String {
    let line = value.lines().next().unwrap_or_default();
    let mut out: String = line.chars().take(24).collect();
    if line.chars().count() > 24 || value.lines().nth(1).is_some() {
        out.push('…');
    }
    out
}

/// The parameters with their current values, one button each.
pub fn parameters(lang: Lang, connection: &Connection, values: &Parameters) -> Screen {
    let mut rows: Vec<Vec<Button>> = Param::ALL
        .iter()
        .map(|p| {
            let label = format!("{} = {}", p.name(), short(&values.get(*p).to_string()));
            vec![Button::press(label, Callback::Parameter(connection.id, *p))]
        })
        .collect();
    rows.push(vec![Button::press(
        lang.text("setup-button-back"),
        Callback::Open(connection.id),
    )]);
    Screen::inline(
        lang.text_with("setup-params", &[("name", name(connection))]),
        rows,
    )
}

/// One parameter: meaning, format, default and current value; the next text is its new value.
pub fn parameter(lang: Lang, connection: &Connection, param: Param, values: &Parameters) -> Screen {
    let html = lang.text_with(
        "param-card",
        &[
            ("name", param.name().to_owned()),
            ("help", lang.text(&param.help_id())),
            ("format", lang.text(param.format_id())),
            (
                "default",
                escape_html(&param.default_value().to_string()).into_owned(),
            ),
            (
                "current",
                escape_html(&values.get(param).to_string()).into_owned(),
            ),
        ],
    );
    let mut rows = vec![vec![Button::press(
        lang.text("setup-button-default"),
        Callback::ResetParameter(connection.id, param),
    )]];
    if param == Param::Webhooks {
        rows.push(vec![Button::press(
            lang.text("setup-button-webhook-secret"),
            Callback::RotateWebhookSecret(connection.id),
        )]);
    }
    rows.push(vec![Button::press(
        lang.text("setup-button-back"),
        Callback::Parameters(connection.id),
    )]);
    Screen::inline(html, rows)
}

/// The note that shows a WEBHOOKS signing secret, once.
pub fn webhook_secret_note(lang: Lang, secret: &str) -> String {
    lang.text_with(
        "setup-webhook-secret",
        &[("secret", escape_html(secret).into_owned())],
    )
}

/// The six languages, each named in itself.
pub fn language(lang: Lang) -> Screen {
    let rows = Lang::ALL
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|l| Button::press(l.native_name().to_owned(), Callback::Language(*l)))
                .collect()
        })
        .collect();
    Screen::inline(lang.text("setup-language"), rows)
}

/// A freshly made API key, shown once: the message says so, and the key is in `<code>` so a tap
/// copies it.
pub fn api_key_created(lang: Lang, connection: &Connection, key: &str, replaced: bool) -> Screen {
    let id = if replaced {
        "setup-api-key-reset"
    } else {
        "setup-api-key-created"
    };
    let html = lang.text_with(
        id,
        &[
            ("name", name(connection)),
            ("key", escape_html(key).into_owned()),
        ],
    );
    Screen::inline(html, vec![api_back(lang, connection)])
}

/// The connection has a key already: it is never shown again, only replaced.
pub fn api_key_exists(lang: Lang, connection: &Connection) -> Screen {
    let html = lang.text_with("setup-api-key-exists", &[("name", name(connection))]);
    Screen::inline(
        html,
        vec![
            vec![Button::press(
                lang.text("setup-api-button-reset"),
                Callback::ResetApiKey(connection.id),
            )],
            api_back(lang, connection),
        ],
    )
}

fn api_back(lang: Lang, connection: &Connection) -> Vec<Button> {
    vec![Button::press(
        lang.text("setup-button-back"),
        Callback::Open(connection.id),
    )]
}

#[cfg(test)]
mod tests {
    use storage::{ConnectionId, Identity};

    use super::*;

    fn connection(kind: ConnectionKind, status: ConnectionStatus) -> Connection {
        Connection {
            id: ConnectionId(12),
            owner_id: 5,
            kind,
            identity: Some(Identity {
                tg_user_id: 77,
                username: Some("shop_bot".into()),
                title: "Shop <b>".into(),
            }),
            status,
            status_reason: None,
            backend_chat_id: None,
            link_code: "c0ffee".into(),
            revision: 1,
            signed_in: true,
            lease_owner: None,
            lease_until: None,
            new_group_title: None,
            new_group_chat_id: None,
            created_at: 1_763_683_200, // 2025-11-21
            updated_at: 0,
        }
    }

    fn labels(screen: &Screen) -> Vec<String> {
        match &screen.keyboard {
            Keyboard::Inline(rows) => rows.iter().flatten().map(|b| b.label.clone()).collect(),
            _ => vec![],
        }
    }

    fn action(screen: &Screen, label: &str) -> Option<Action> {
        match &screen.keyboard {
            Keyboard::Inline(rows) => rows
                .iter()
                .flatten()
                .find(|b| b.label == label)
                .map(|b| b.action.clone()),
            _ => None,
        }
    }

    #[test]
    fn the_add_to_group_link_carries_the_code_and_the_rights() {
        let c = connection(ConnectionKind::Bot, ConnectionStatus::Linking);
        let screen = group_step(Lang::En, &c);
        assert_eq!(
            action(&screen, &Lang::En.text("setup-button-add-to-group")),
            Some(Action::Url(
                "https://t.me/shop_bot?startgroup=c0ffee&admin=manage_topics+delete_messages+pin_messages+restrict_members+invite_users".into()
            ))
        );
        assert!(screen.html.contains("/start c0ffee"), "{}", screen.html);
        assert!(screen.html.contains("Shop &lt;b&gt;"), "escaped name");
    }

    #[test]
    fn an_account_chooses_between_a_new_and_an_existing_group() {
        let c = connection(ConnectionKind::Account, ConnectionStatus::Linking);
        let screen = group_step(Lang::De, &c);
        assert_eq!(
            action(&screen, &Lang::De.text("setup-button-create-group")),
            Some(Action::Press(Callback::CreateGroup(c.id)))
        );
        assert_eq!(
            action(&screen, &Lang::De.text("setup-button-use-group")),
            Some(Action::Press(Callback::UseGroup(c.id)))
        );
        assert!(existing_group(Lang::De, &c).html.contains("c0ffee"));
    }

    #[test]
    fn the_card_offers_what_the_status_allows() {
        let en = Lang::En;
        let active = card(
            en,
            &connection(ConnectionKind::Bot, ConnectionStatus::Active),
        );
        let l = labels(&active);
        assert!(l.contains(&en.text("setup-button-stop")));
        assert!(!l.contains(&en.text("setup-button-start")));
        assert!(!l.contains(&en.text("setup-button-relogin")));
        assert!(active.html.contains("@shop_bot"));
        assert!(active.html.contains("2025-11-21"));
        assert!(active.html.contains(&en.text("setup-status-active")));

        let stopped = card(
            en,
            &connection(ConnectionKind::Bot, ConnectionStatus::Stopped),
        );
        assert!(labels(&stopped).contains(&en.text("setup-button-start")));

        let mut signed_out = connection(ConnectionKind::Account, ConnectionStatus::NeedsLogin);
        signed_out.status_reason = Some("AUTH_KEY_UNREGISTERED".into());
        signed_out.signed_in = false;
        let screen = card(en, &signed_out);
        assert!(labels(&screen).contains(&en.text("setup-button-relogin")));
        assert!(screen.html.contains("AUTH_KEY_UNREGISTERED"));
        for always in [
            "setup-button-parameters",
            "analytics-button",
            "setup-button-change-group",
            "setup-button-delete",
        ] {
            assert!(labels(&screen).contains(&en.text(always)), "{always}");
        }
    }

    #[test]
    fn the_parameter_list_shows_every_parameter_with_its_value() {
        let c = connection(ConnectionKind::Bot, ConnectionStatus::Active);
        let screen = parameters(Lang::En, &c, &Parameters::default());
        let l = labels(&screen);
        for p in Param::ALL {
            assert!(
                l.iter()
                    .any(|label| label.starts_with(&format!("{} = ", p.name()))),
                "{p}"
            );
        }
        assert!(l.contains(&"AUTOCLOSE = 48".to_owned()), "{l:?}");
    }

    #[test]
    fn a_parameter_card_has_help_format_default_and_current_value() {
        let c = connection(ConnectionKind::Bot, ConnectionStatus::Active);
        let screen = parameter(Lang::Fr, &c, Param::Autoclose, &Parameters::default());
        assert!(screen.html.contains("AUTOCLOSE"));
        assert!(screen.html.contains(&Lang::Fr.text("param-autoclose-help")));
        assert!(screen.html.contains(&Lang::Fr.text("param-format-hours")));
        assert!(screen.html.contains("<code>48</code>"));
    }

    #[test]
    fn the_keypad_shows_the_code_so_far_and_resend_only_when_possible() {
        let sent = CodeSent {
            delivery: CodeDelivery::App { length: 5 },
            phone_code_hash: "h".into(),
            can_resend: true,
            resend_after: None,
        };
        let mut keypad = Keypad::new(5);
        keypad.press(Callback::Digit(4));
        let screen = code(Lang::En, "+393331234567", &sent, &keypad);
        assert!(screen.html.contains("4 _ _ _ _"), "{}", screen.html);
        assert!(screen.html.contains("+393331234567"));
        assert!(labels(&screen).contains(&Lang::En.text("setup-button-resend")));
        let no_resend = CodeSent {
            can_resend: false,
            ..sent
        };
        let screen = code(Lang::En, "+39", &no_resend, &keypad);
        assert!(!labels(&screen).contains(&Lang::En.text("setup-button-resend")));
    }

    #[test]
    fn code_lengths_follow_telegram_and_default_to_five() {
        assert_eq!(code_length(&CodeDelivery::Sms { length: 6 }), 6);
        assert_eq!(code_length(&CodeDelivery::FlashCall), 5);
        assert_eq!(code_length(&CodeDelivery::App { length: 0 }), 5);
    }

    #[test]
    fn labels_are_short_single_lines() {
        assert_eq!(short("one\ntwo"), "one…");
        assert_eq!(short(&"x".repeat(30)), format!("{}…", "x".repeat(24)));
        assert_eq!(short("48"), "48");
    }

    #[test]
    fn dates_are_calendar_days() {
        assert_eq!(date(0), "1970-01-01");
        assert_eq!(date(1_763_683_200), "2025-11-21");
    }
}

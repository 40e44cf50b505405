//! The typed parameter table: every per-connection parameter of PRODUCT.md with its value type,
//! default, parser, printer and the Fluent ids of its help text.
//!
//! The setup bot edits parameters through [`Param::parse_input`] and shows them with
//! [`ParamValue`]'s `Display`; the relay reads them as one typed [`Parameters`] value. Printing a
//! parsed value gives text that parses back to the same value.

pub mod keywords;
mod values;
pub mod webhooks;

use std::fmt;

pub use keywords::{KeywordError, KeywordErrorKind, KeywordExpr, Keywords};
pub use values::{Audience, Autoclose, HideInfo, IconColor, UserIds, Welcome, WhiteList};
pub use webhooks::{Subscription, WebhookEvent, Webhooks};

/// A parameter's name, as admins type and see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Param {
    Welcome,
    Autoclose,
    AutoInfo,
    ExtensionsAllowed,
    SilentMode,
    InterceptExternal,
    PrivateKeywords,
    HideInfo,
    IgnoreChats,
    WhiteList,
    ReplyOnly,
    RestrictedKeywordsFrontend,
    RestrictedKeywordsBackend,
    LeaveClosed,
    IconColor,
    Webhooks,
}

/// The shape of a parameter's value, which decides its parser and its help's format line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    Text,
    Hours,
    Boolean,
    Audience,
    Keywords,
    HideInfo,
    UserIds,
    WhiteList,
    IconColor,
    Webhooks,
}

impl Param {
    /// Every parameter, in the order the setup bot lists them.
    pub const ALL: [Param; 16] = [
        Param::Welcome,
        Param::Autoclose,
        Param::AutoInfo,
        Param::ExtensionsAllowed,
        Param::SilentMode,
        Param::InterceptExternal,
        Param::PrivateKeywords,
        Param::HideInfo,
        Param::IgnoreChats,
        Param::WhiteList,
        Param::ReplyOnly,
        Param::RestrictedKeywordsFrontend,
        Param::RestrictedKeywordsBackend,
        Param::LeaveClosed,
        Param::IconColor,
        Param::Webhooks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Param::Welcome => "WELCOME",
            Param::Autoclose => "AUTOCLOSE",
            Param::AutoInfo => "AUTO_INFO",
            Param::ExtensionsAllowed => "EXTENSIONS_ALLOWED",
            Param::SilentMode => "SILENT_MODE",
            Param::InterceptExternal => "INTERCEPT_EXTERNAL",
            Param::PrivateKeywords => "PRIVATE_KEYWORDS",
            Param::HideInfo => "HIDE_INFO",
            Param::IgnoreChats => "IGNORE_CHATS",
            Param::WhiteList => "WHITE_LIST",
            Param::ReplyOnly => "REPLY_ONLY",
            Param::RestrictedKeywordsFrontend => "RESTRICTED_KEYWORDS_FRONTEND",
            Param::RestrictedKeywordsBackend => "RESTRICTED_KEYWORDS_BACKEND",
            Param::LeaveClosed => "LEAVE_CLOSED",
            Param::IconColor => "ICON_COLOR",
            Param::Webhooks => "WEBHOOKS",
        }
    }

    /// Looks a parameter up by name, ignoring case.
    pub fn from_name(name: &str) -> Option<Param> {
        Param::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
    }

    pub fn value_type(self) -> ValueType {
        match self {
            Param::Welcome => ValueType::Text,
            Param::Autoclose => ValueType::Hours,
            Param::AutoInfo
            | Param::SilentMode
            | Param::InterceptExternal
            | Param::ReplyOnly
            | Param::LeaveClosed => ValueType::Boolean,
            Param::ExtensionsAllowed => ValueType::Audience,
            Param::PrivateKeywords
            | Param::RestrictedKeywordsFrontend
            | Param::RestrictedKeywordsBackend => ValueType::Keywords,
            Param::HideInfo => ValueType::HideInfo,
            Param::IgnoreChats => ValueType::UserIds,
            Param::WhiteList => ValueType::WhiteList,
            Param::IconColor => ValueType::IconColor,
            Param::Webhooks => ValueType::Webhooks,
        }
    }

    /// Fluent id of the one-paragraph meaning of this parameter.
    pub fn help_id(self) -> String {
        format!(
            "param-{}-help",
            self.name().to_lowercase().replace('_', "-")
        )
    }

    /// Fluent id of the line that says what values it takes.
    pub fn format_id(self) -> &'static str {
        match self.value_type() {
            ValueType::Text => "param-format-text",
            ValueType::Hours => "param-format-hours",
            ValueType::Boolean => "param-format-boolean",
            ValueType::Audience => "param-format-audience",
            ValueType::Keywords => "param-format-keywords",
            ValueType::HideInfo => "param-format-hide-info",
            ValueType::UserIds => "param-format-user-ids",
            ValueType::WhiteList => "param-format-white-list",
            ValueType::IconColor => "param-format-icon-color",
            ValueType::Webhooks => "param-format-webhooks",
        }
    }

    pub fn default_value(self) -> ParamValue {
        Parameters::default().get(self)
    }

    /// Parses a value for this parameter; the caller keeps the old value when this fails.
    pub fn parse(self, text: &str) -> Result<ParamValue, ParamError> {
        let keywords = |text: &str| keywords::parse(text).map_err(ParamError::Keywords);
        Ok(match self {
            Param::Welcome => ParamValue::Welcome(Welcome::parse(text)?),
            Param::Autoclose => ParamValue::Autoclose(Autoclose::parse(text)?),
            Param::AutoInfo => ParamValue::AutoInfo(values::parse_bool(text)?),
            Param::ExtensionsAllowed => ParamValue::ExtensionsAllowed(Audience::parse(text)?),
            Param::SilentMode => ParamValue::SilentMode(values::parse_bool(text)?),
            Param::InterceptExternal => ParamValue::InterceptExternal(values::parse_bool(text)?),
            Param::PrivateKeywords => ParamValue::PrivateKeywords(keywords(text)?),
            Param::HideInfo => ParamValue::HideInfo(HideInfo::parse(text)?),
            Param::IgnoreChats => ParamValue::IgnoreChats(UserIds::parse(text, true)?),
            Param::WhiteList => ParamValue::WhiteList(WhiteList::parse(text)?),
            Param::ReplyOnly => ParamValue::ReplyOnly(values::parse_bool(text)?),
            Param::RestrictedKeywordsFrontend => {
                ParamValue::RestrictedKeywordsFrontend(keywords(text)?)
            }
            Param::RestrictedKeywordsBackend => {
                ParamValue::RestrictedKeywordsBackend(keywords(text)?)
            }
            Param::LeaveClosed => ParamValue::LeaveClosed(values::parse_bool(text)?),
            Param::IconColor => ParamValue::IconColor(IconColor::parse(text)?),
            Param::Webhooks => ParamValue::Webhooks(Webhooks::parse(text)?),
        })
    }

    /// What an admin sent as a new value: `DEFAULT` (any case) resets, anything else is parsed.
    pub fn parse_input(self, text: &str) -> Result<ParamInput, ParamError> {
        if text.trim().eq_ignore_ascii_case("default") {
            Ok(ParamInput::Reset)
        } else {
            self.parse(text).map(ParamInput::Set)
        }
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A new value sent by an admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamInput {
    Reset,
    Set(ParamValue),
}

/// One parameter's value. `Display` prints the text that parses back to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    Welcome(Welcome),
    Autoclose(Autoclose),
    AutoInfo(bool),
    ExtensionsAllowed(Audience),
    SilentMode(bool),
    InterceptExternal(bool),
    PrivateKeywords(Keywords),
    HideInfo(HideInfo),
    IgnoreChats(UserIds),
    WhiteList(WhiteList),
    ReplyOnly(bool),
    RestrictedKeywordsFrontend(Keywords),
    RestrictedKeywordsBackend(Keywords),
    LeaveClosed(bool),
    IconColor(IconColor),
    Webhooks(Webhooks),
}

impl ParamValue {
    pub fn param(&self) -> Param {
        match self {
            ParamValue::Welcome(_) => Param::Welcome,
            ParamValue::Autoclose(_) => Param::Autoclose,
            ParamValue::AutoInfo(_) => Param::AutoInfo,
            ParamValue::ExtensionsAllowed(_) => Param::ExtensionsAllowed,
            ParamValue::SilentMode(_) => Param::SilentMode,
            ParamValue::InterceptExternal(_) => Param::InterceptExternal,
            ParamValue::PrivateKeywords(_) => Param::PrivateKeywords,
            ParamValue::HideInfo(_) => Param::HideInfo,
            ParamValue::IgnoreChats(_) => Param::IgnoreChats,
            ParamValue::WhiteList(_) => Param::WhiteList,
            ParamValue::ReplyOnly(_) => Param::ReplyOnly,
            ParamValue::RestrictedKeywordsFrontend(_) => Param::RestrictedKeywordsFrontend,
            ParamValue::RestrictedKeywordsBackend(_) => Param::RestrictedKeywordsBackend,
            ParamValue::LeaveClosed(_) => Param::LeaveClosed,
            ParamValue::IconColor(_) => Param::IconColor,
            ParamValue::Webhooks(_) => Param::Webhooks,
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Welcome(v) => v.fmt(f),
            ParamValue::Autoclose(v) => v.fmt(f),
            ParamValue::AutoInfo(v)
            | ParamValue::SilentMode(v)
            | ParamValue::InterceptExternal(v)
            | ParamValue::ReplyOnly(v)
            | ParamValue::LeaveClosed(v) => f.write_str(if *v { "TRUE" } else { "FALSE" }),
            ParamValue::ExtensionsAllowed(v) => v.fmt(f),
            ParamValue::PrivateKeywords(v)
            | ParamValue::RestrictedKeywordsFrontend(v)
            | ParamValue::RestrictedKeywordsBackend(v) => v.fmt(f),
            ParamValue::HideInfo(v) => v.fmt(f),
            ParamValue::IgnoreChats(v) => v.fmt(f),
            ParamValue::WhiteList(v) => v.fmt(f),
            ParamValue::IconColor(v) => v.fmt(f),
            ParamValue::Webhooks(v) => v.fmt(f),
        }
    }
}

/// Why a value was refused. `message_id` and `args` give the localized explanation; `Display` is
/// the English one, for logs.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    #[error("expected TRUE or FALSE (ON/OFF and YES/NO work too)")]
    NotBoolean,
    #[error("expected a whole number of hours, at least 1 and at most {max}, or OFF")]
    NotHours { max: u32 },
    #[error("`{item}` is not a Telegram user id (a positive number, as /info shows it)")]
    NotUserId { item: String },
    #[error("the list is empty")]
    EmptyList,
    #[error("`{item}` is not one of: {allowed}")]
    NotOneOf { item: String, allowed: &'static str },
    #[error("the text is empty; send OFF to send nothing")]
    EmptyText,
    #[error("the text has {length} characters; Telegram allows at most {max}")]
    TooLong { length: usize, max: usize },
    #[error("`{{{placeholder}}}` is not a known placeholder; only {{name}} is")]
    UnknownPlaceholder { placeholder: String },
    #[error("{0}")]
    Keywords(KeywordError),
    #[error("not valid JSON at line {line}, column {column}")]
    WebhooksJson { line: usize, column: usize },
    #[error(
        "expected a JSON object whose keys are URLs and whose values are lists of event names and /commands"
    )]
    WebhooksShape,
    #[error("at most {max} URLs")]
    WebhooksTooMany { max: usize },
    #[error("`{url}` is not an https:// URL")]
    WebhookUrl { url: String },
    #[error("`{url}` is plain http://, allowed only to this machine; use https://")]
    WebhookNotHttps { url: String },
    #[error("`{item}` is not an event name")]
    WebhookEvent { item: String },
    #[error("`{item}` is not a command (a slash, then 1 to 32 of a-z, 0-9 and _)")]
    WebhookCommand { item: String },
    #[error("`{url}` has an empty list")]
    WebhookNothing { url: String },
}

impl ParamError {
    /// The Fluent message id of the explanation.
    pub fn message_id(&self) -> &'static str {
        match self {
            ParamError::NotBoolean => "param-error-not-boolean",
            ParamError::NotHours { .. } => "param-error-not-hours",
            ParamError::NotUserId { .. } => "param-error-not-user-id",
            ParamError::EmptyList => "param-error-empty-list",
            ParamError::NotOneOf { .. } => "param-error-not-one-of",
            ParamError::EmptyText => "param-error-empty-text",
            ParamError::TooLong { .. } => "param-error-too-long",
            ParamError::UnknownPlaceholder { .. } => "param-error-unknown-placeholder",
            ParamError::Keywords(e) => e.kind.message_id(),
            ParamError::WebhooksJson { .. } => "param-error-webhooks-json",
            ParamError::WebhooksShape => "param-error-webhooks-shape",
            ParamError::WebhooksTooMany { .. } => "param-error-webhooks-too-many",
            ParamError::WebhookUrl { .. } => "param-error-webhook-url",
            ParamError::WebhookNotHttps { .. } => "param-error-webhook-not-https",
            ParamError::WebhookEvent { .. } => "param-error-webhook-event",
            ParamError::WebhookCommand { .. } => "param-error-webhook-command",
            ParamError::WebhookNothing { .. } => "param-error-webhook-nothing",
        }
    }

    /// The explanation's Fluent arguments.
    pub fn args(&self) -> Vec<(&'static str, String)> {
        match self {
            ParamError::NotHours { max } => vec![("max", max.to_string())],
            ParamError::NotUserId { item } => vec![("item", item.clone())],
            ParamError::NotOneOf { item, allowed } => {
                vec![("item", item.clone()), ("allowed", (*allowed).to_owned())]
            }
            ParamError::TooLong { length, max } => {
                vec![("length", length.to_string()), ("max", max.to_string())]
            }
            ParamError::UnknownPlaceholder { placeholder } => {
                vec![("placeholder", placeholder.clone())]
            }
            ParamError::Keywords(e) => vec![("position", e.position.to_string())],
            ParamError::WebhooksJson { line, column } => {
                vec![("line", line.to_string()), ("column", column.to_string())]
            }
            ParamError::WebhooksTooMany { max } => vec![("max", max.to_string())],
            ParamError::WebhookUrl { url }
            | ParamError::WebhookNotHttps { url }
            | ParamError::WebhookNothing { url } => vec![("url", url.clone())],
            ParamError::WebhookEvent { item } => vec![
                ("item", item.clone()),
                (
                    "allowed",
                    WebhookEvent::ALL.map(WebhookEvent::as_str).join(", "),
                ),
            ],
            ParamError::WebhookCommand { item } => vec![("item", item.clone())],
            ParamError::NotBoolean
            | ParamError::EmptyList
            | ParamError::EmptyText
            | ParamError::WebhooksShape => vec![],
        }
    }

    /// Every message id a refusal can use, so tests can check the locales hold them all.
    pub fn all_message_ids() -> Vec<&'static str> {
        use KeywordErrorKind as K;
        let mut ids = vec![
            "param-error-not-boolean",
            "param-error-not-hours",
            "param-error-not-user-id",
            "param-error-empty-list",
            "param-error-not-one-of",
            "param-error-empty-text",
            "param-error-too-long",
            "param-error-unknown-placeholder",
            "param-error-webhooks-json",
            "param-error-webhooks-shape",
            "param-error-webhooks-too-many",
            "param-error-webhook-url",
            "param-error-webhook-not-https",
            "param-error-webhook-event",
            "param-error-webhook-command",
            "param-error-webhook-nothing",
        ];
        for kind in [
            K::Empty,
            K::UnclosedQuote,
            K::UnclosedBracket,
            K::NestedBracket,
            K::StrayClosingBracket,
            K::EmptyPhrase,
            K::ExpectedComma,
            K::StrayQuote,
            K::TooLong,
        ] {
            ids.push(kind.message_id());
        }
        ids
    }
}

/// Every parameter of one connection, typed, with defaults where nothing is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parameters {
    pub welcome: Welcome,
    pub autoclose: Autoclose,
    pub auto_info: bool,
    pub extensions_allowed: Audience,
    pub silent_mode: bool,
    pub intercept_external: bool,
    pub private_keywords: Keywords,
    pub hide_info: HideInfo,
    pub ignore_chats: UserIds,
    pub white_list: WhiteList,
    pub reply_only: bool,
    pub restricted_keywords_frontend: Keywords,
    pub restricted_keywords_backend: Keywords,
    pub leave_closed: bool,
    pub icon_color: IconColor,
    pub webhooks: Webhooks,
}

/// Telegram's service-notification account, ignored unless an admin says otherwise.
pub const TELEGRAM_SERVICE_USER: i64 = 777_000;

impl Default for Parameters {
    fn default() -> Self {
        Self {
            welcome: Welcome::Default,
            autoclose: Autoclose::After(48),
            auto_info: false,
            extensions_allowed: Audience::Admin,
            silent_mode: false,
            intercept_external: true,
            private_keywords: Keywords::Off,
            hide_info: HideInfo::default(),
            ignore_chats: UserIds::from_iter([TELEGRAM_SERVICE_USER]),
            white_list: WhiteList::Off,
            reply_only: false,
            restricted_keywords_frontend: Keywords::Off,
            restricted_keywords_backend: Keywords::Off,
            leave_closed: false,
            icon_color: IconColor::Blue,
            webhooks: Webhooks::default(),
        }
    }
}

impl Parameters {
    pub fn get(&self, param: Param) -> ParamValue {
        match param {
            Param::Welcome => ParamValue::Welcome(self.welcome.clone()),
            Param::Autoclose => ParamValue::Autoclose(self.autoclose),
            Param::AutoInfo => ParamValue::AutoInfo(self.auto_info),
            Param::ExtensionsAllowed => {
                ParamValue::ExtensionsAllowed(self.extensions_allowed.clone())
            }
            Param::SilentMode => ParamValue::SilentMode(self.silent_mode),
            Param::InterceptExternal => ParamValue::InterceptExternal(self.intercept_external),
            Param::PrivateKeywords => ParamValue::PrivateKeywords(self.private_keywords.clone()),
            Param::HideInfo => ParamValue::HideInfo(self.hide_info),
            Param::IgnoreChats => ParamValue::IgnoreChats(self.ignore_chats.clone()),
            Param::WhiteList => ParamValue::WhiteList(self.white_list.clone()),
            Param::ReplyOnly => ParamValue::ReplyOnly(self.reply_only),
            Param::RestrictedKeywordsFrontend => {
                ParamValue::RestrictedKeywordsFrontend(self.restricted_keywords_frontend.clone())
            }
            Param::RestrictedKeywordsBackend => {
                ParamValue::RestrictedKeywordsBackend(self.restricted_keywords_backend.clone())
            }
            Param::LeaveClosed => ParamValue::LeaveClosed(self.leave_closed),
            Param::IconColor => ParamValue::IconColor(self.icon_color),
            Param::Webhooks => ParamValue::Webhooks(self.webhooks.clone()),
        }
    }

    pub fn set(&mut self, value: ParamValue) {
        match value {
            ParamValue::Welcome(v) => self.welcome = v,
            ParamValue::Autoclose(v) => self.autoclose = v,
            ParamValue::AutoInfo(v) => self.auto_info = v,
            ParamValue::ExtensionsAllowed(v) => self.extensions_allowed = v,
            ParamValue::SilentMode(v) => self.silent_mode = v,
            ParamValue::InterceptExternal(v) => self.intercept_external = v,
            ParamValue::PrivateKeywords(v) => self.private_keywords = v,
            ParamValue::HideInfo(v) => self.hide_info = v,
            ParamValue::IgnoreChats(v) => self.ignore_chats = v,
            ParamValue::WhiteList(v) => self.white_list = v,
            ParamValue::ReplyOnly(v) => self.reply_only = v,
            ParamValue::RestrictedKeywordsFrontend(v) => self.restricted_keywords_frontend = v,
            ParamValue::RestrictedKeywordsBackend(v) => self.restricted_keywords_backend = v,
            ParamValue::LeaveClosed(v) => self.leave_closed = v,
            ParamValue::IconColor(v) => self.icon_color = v,
            ParamValue::Webhooks(v) => self.webhooks = v,
        }
    }

    /// Builds the typed set from stored `(name, text)` rows. A row that no longer parses (an old
    /// version's value, a hand edit) is skipped and reported, so the connection keeps working
    /// on the default instead of failing.
    pub fn from_stored<'a>(
        rows: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (Self, Vec<(String, ParamError)>) {
        let mut params = Parameters::default();
        let mut skipped = Vec::new();
        for (name, text) in rows {
            let Some(param) = Param::from_name(name) else {
                continue;
            };
            match param.parse(text) {
                Ok(value) => params.set(value),
                Err(err) => skipped.push((name.to_owned(), err)),
            }
        }
        (params, skipped)
    }
}

#[cfg(test)]
mod tests;

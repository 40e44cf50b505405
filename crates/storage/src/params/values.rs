//! Value types of the parameters, each with its parser and a `Display` that parses back.

use std::collections::BTreeSet;
use std::fmt;

use super::ParamError;

/// Telegram's limit for a message's text.
pub const MAX_TEXT_LEN: usize = 4096;
/// AUTOCLOSE's upper bound: a year.
pub const MAX_AUTOCLOSE_HOURS: u32 = 24 * 366;

pub(crate) fn parse_bool(text: &str) -> Result<bool, ParamError> {
    match text.trim().to_ascii_uppercase().as_str() {
        "TRUE" | "ON" | "YES" => Ok(true),
        "FALSE" | "OFF" | "NO" => Ok(false),
        _ => Err(ParamError::NotBoolean),
    }
}

fn is_off(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("off")
}

/// WELCOME: the greeting on first contact and on reopen.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Welcome {
    /// The built-in greeting, in the user's language.
    #[default]
    Default,
    Off,
    /// The admin's text (Telegram formatting kept as the setup bot stored it); `{name}` is the
    /// user's first name.
    Text(String),
}

impl Welcome {
    /// The placeholders a welcome text may use.
    pub const PLACEHOLDERS: [&'static str; 1] = ["name"];

    pub fn parse(text: &str) -> Result<Self, ParamError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ParamError::EmptyText);
        }
        if is_off(text) {
            return Ok(Welcome::Off);
        }
        if text.eq_ignore_ascii_case("default") {
            return Ok(Welcome::Default);
        }
        let length = text.chars().count();
        if length > MAX_TEXT_LEN {
            return Err(ParamError::TooLong {
                length,
                max: MAX_TEXT_LEN,
            });
        }
        if let Some(placeholder) = placeholders(text).find(|p| !Self::PLACEHOLDERS.contains(p)) {
            return Err(ParamError::UnknownPlaceholder {
                placeholder: placeholder.to_owned(),
            });
        }
        Ok(Welcome::Text(text.to_owned()))
    }

    /// The text with `{name}` filled in; `None` when OFF or the built-in default applies.
    pub fn render(&self, first_name: &str) -> Option<String> {
        match self {
            Welcome::Text(text) => Some(text.replace("{name}", first_name)),
            Welcome::Default | Welcome::Off => None,
        }
    }
}

/// `{word}` placeholders in a text: braces around letters, digits and underscores only, so that
/// ordinary braces in a greeting ("{ }" or "{:)}") are left alone.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| {
        let inner = &rest[..rest.find('}')?];
        (!inner.is_empty() && inner.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .then_some(inner)
    })
}

impl fmt::Display for Welcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // Only ever shown as the current value; the setup bot shows the localized greeting.
            Welcome::Default => f.write_str("DEFAULT"),
            Welcome::Off => f.write_str("OFF"),
            Welcome::Text(text) => f.write_str(text),
        }
    }
}

/// AUTOCLOSE: hours in "support answered" before a dialog closes by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Autoclose {
    Off,
    After(u32),
}

impl Autoclose {
    pub fn parse(text: &str) -> Result<Self, ParamError> {
        if is_off(text) {
            return Ok(Autoclose::Off);
        }
        let text = text.trim();
        let digits = text.strip_suffix(['h', 'H']).unwrap_or(text).trim_end();
        match digits.parse::<u32>() {
            Ok(hours)
                if (1..=MAX_AUTOCLOSE_HOURS).contains(&hours)
                    && digits.bytes().all(|b| b.is_ascii_digit()) =>
            {
                Ok(Autoclose::After(hours))
            }
            _ => Err(ParamError::NotHours {
                max: MAX_AUTOCLOSE_HOURS,
            }),
        }
    }

    /// Seconds until the dialog closes, if it ever does.
    pub fn seconds(self) -> Option<i64> {
        match self {
            Autoclose::Off => None,
            Autoclose::After(hours) => Some(i64::from(hours) * 3600),
        }
    }
}

impl fmt::Display for Autoclose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Autoclose::Off => f.write_str("OFF"),
            Autoclose::After(hours) => write!(f, "{hours}"),
        }
    }
}

/// A set of Telegram user ids, printed in ascending order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UserIds(pub BTreeSet<i64>);

impl FromIterator<i64> for UserIds {
    fn from_iter<T: IntoIterator<Item = i64>>(iter: T) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl UserIds {
    /// Ids separated by commas (or white space, or semicolons). `OFF` is the empty set when
    /// `off_is_empty`; otherwise an empty list is refused.
    pub fn parse(text: &str, off_is_empty: bool) -> Result<Self, ParamError> {
        if off_is_empty && is_off(text) {
            return Ok(Self::default());
        }
        let mut ids = BTreeSet::new();
        for item in text.split([',', ';']).flat_map(str::split_whitespace) {
            match item.parse::<i64>() {
                Ok(id) if id > 0 && item.bytes().all(|b| b.is_ascii_digit()) => {
                    ids.insert(id);
                }
                _ => {
                    return Err(ParamError::NotUserId {
                        item: truncate(item, 32),
                    });
                }
            }
        }
        if ids.is_empty() {
            return Err(ParamError::EmptyList);
        }
        Ok(Self(ids))
    }

    pub fn contains(&self, id: i64) -> bool {
        self.0.contains(&id)
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        text.chars().take(max).chain(['…']).collect()
    }
}

impl fmt::Display for UserIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("OFF");
        }
        for (i, id) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{id}")?;
        }
        Ok(())
    }
}

/// EXTENSIONS_ALLOWED: who may use the module commands. The connection's admin always may.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Audience {
    #[default]
    Admin,
    All,
    /// These users, besides the admin.
    Users(UserIds),
}

impl Audience {
    pub fn parse(text: &str) -> Result<Self, ParamError> {
        match text.trim().to_ascii_uppercase().as_str() {
            "ALL" => Ok(Audience::All),
            "ADMIN" => Ok(Audience::Admin),
            _ => UserIds::parse(text, false).map(Audience::Users),
        }
    }

    /// Whether `user` may use the module commands of a connection owned by `admin`.
    pub fn allows(&self, user: i64, admin: i64) -> bool {
        user == admin
            || match self {
                Audience::Admin => false,
                Audience::All => true,
                Audience::Users(ids) => ids.contains(user),
            }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Audience::Admin => f.write_str("ADMIN"),
            Audience::All => f.write_str("ALL"),
            Audience::Users(ids) => ids.fmt(f),
        }
    }
}

/// WHITE_LIST: when on, only these users are relayed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum WhiteList {
    #[default]
    Off,
    Only(UserIds),
}

impl WhiteList {
    pub fn parse(text: &str) -> Result<Self, ParamError> {
        if is_off(text) {
            return Ok(WhiteList::Off);
        }
        UserIds::parse(text, false).map(WhiteList::Only)
    }

    pub fn admits(&self, user: i64) -> bool {
        match self {
            WhiteList::Off => true,
            WhiteList::Only(ids) => ids.contains(user),
        }
    }
}

impl fmt::Display for WhiteList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WhiteList::Off => f.write_str("OFF"),
            WhiteList::Only(ids) => ids.fmt(f),
        }
    }
}

/// HIDE_INFO: what operators do not get to see about a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HideInfo {
    /// Topics are titled with generated pseudonyms instead of names.
    pub name: bool,
    /// /info answers only to EXTENSIONS_ALLOWED, privately through the setup bot.
    pub command: bool,
}

impl HideInfo {
    pub fn parse(text: &str) -> Result<Self, ParamError> {
        if is_off(text) {
            return Ok(Self::default());
        }
        let mut value = Self::default();
        let mut any = false;
        for item in text.split([',', ';']).flat_map(str::split_whitespace) {
            match item.to_ascii_lowercase().as_str() {
                "name" => value.name = true,
                "command" => value.command = true,
                _ => {
                    return Err(ParamError::NotOneOf {
                        item: truncate(item, 32),
                        allowed: "name, command, OFF",
                    });
                }
            }
            any = true;
        }
        if !any {
            return Err(ParamError::EmptyList);
        }
        Ok(value)
    }
}

impl fmt::Display for HideInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.name, self.command) {
            (false, false) => f.write_str("OFF"),
            (true, false) => f.write_str("name"),
            (false, true) => f.write_str("command"),
            (true, true) => f.write_str("name, command"),
        }
    }
}

/// ICON_COLOR: Telegram's six topic icon colours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IconColor {
    Blue,
    Yellow,
    Violet,
    Green,
    Rose,
    Red,
}

impl IconColor {
    pub const ALL: [IconColor; 6] = [
        IconColor::Blue,
        IconColor::Yellow,
        IconColor::Violet,
        IconColor::Green,
        IconColor::Rose,
        IconColor::Red,
    ];

    pub fn name(self) -> &'static str {
        match self {
            IconColor::Blue => "blue",
            IconColor::Yellow => "yellow",
            IconColor::Violet => "violet",
            IconColor::Green => "green",
            IconColor::Rose => "rose",
            IconColor::Red => "red",
        }
    }

    /// The RGB value `messages.createForumTopic` takes (Telegram accepts only these six).
    pub fn rgb(self) -> i32 {
        match self {
            IconColor::Blue => 0x6FB9F0,
            IconColor::Yellow => 0xFFD67E,
            IconColor::Violet => 0xCB86DB,
            IconColor::Green => 0x8EEE98,
            IconColor::Rose => 0xFF93B2,
            IconColor::Red => 0xFB6F5F,
        }
    }

    pub fn parse(text: &str) -> Result<Self, ParamError> {
        let wanted = text.trim().to_ascii_lowercase();
        let alias = match wanted.as_str() {
            "purple" => "violet",
            "pink" => "rose",
            other => other,
        };
        IconColor::ALL
            .into_iter()
            .find(|c| c.name() == alias)
            .ok_or_else(|| ParamError::NotOneOf {
                item: truncate(text.trim(), 32),
                allowed: "blue, yellow, violet, green, rose, red",
            })
    }
}

impl fmt::Display for IconColor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

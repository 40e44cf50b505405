//! What an inline button means, encoded in its callback data.
//!
//! Telegram gives callback data 64 bytes and hands it back as the user's client sends it, so it
//! is untrusted input: decoding never panics, and every id it names is checked against the user
//! who pressed the button before anything is done (a forged id reads as "not found").

use analytics::Period;
use i18n::Lang;
use storage::ConnectionId;
use storage::params::Param;

/// Telegram's limit for callback data, in bytes.
pub const MAX_LEN: usize = 64;

/// A button press.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callback {
    /// The list of the admin's connections.
    Connections,
    NewConnection,
    ConnectBot,
    ConnectAccount,
    LoginByQr,
    LoginByPhone,
    /// A digit on the login-code keypad.
    Digit(u8),
    Backspace,
    SubmitCode,
    ResendCode,
    NewQr,
    Back,
    Cancel,
    Open(ConnectionId),
    Parameters(ConnectionId),
    Parameter(ConnectionId, Param),
    ResetParameter(ConnectionId, Param),
    Stop(ConnectionId),
    Start(ConnectionId),
    Relogin(ConnectionId),
    ChangeGroup(ConnectionId),
    CreateGroup(ConnectionId),
    /// Step 3 for an account: join a group the admin already has.
    UseGroup(ConnectionId),
    /// Step 3 shown again.
    GroupStep(ConnectionId),
    Delete(ConnectionId),
    ConfirmDelete(ConnectionId),
    Language(Lang),
    /// The analytics dashboard for a period.
    Analytics(ConnectionId, Period),
    /// The same numbers as a CSV file.
    AnalyticsCsv(ConnectionId, Period),
    /// Asks for the admin's time zone (analytics days begin at midnight there), then shows
    /// the period again.
    TimeZone(ConnectionId, Period),
    /// The HTTP API key: creates the first one, or says one exists and offers to reset it.
    ApiKey(ConnectionId),
    /// Replaces the API key (the old one is refused from then on).
    ResetApiKey(ConnectionId),
    /// A new WEBHOOKS signing secret, shown once (the old one stops verifying).
    RotateWebhookSecret(ConnectionId),
}

impl Callback {
    /// The callback data: short, ASCII, within Telegram's 64 bytes.
    pub fn encode(self) -> String {
        let id = |tag: &str, c: ConnectionId| format!("{tag}:{}", c.0);
        match self {
            Callback::Connections => "l".into(),
            Callback::NewConnection => "n".into(),
            Callback::ConnectBot => "nb".into(),
            Callback::ConnectAccount => "na".into(),
            Callback::LoginByQr => "q".into(),
            Callback::LoginByPhone => "ph".into(),
            Callback::Digit(d) => format!("d:{}", d % 10),
            Callback::Backspace => "bs".into(),
            Callback::SubmitCode => "ok".into(),
            Callback::ResendCode => "rs".into(),
            Callback::NewQr => "nq".into(),
            Callback::Back => "bk".into(),
            Callback::Cancel => "x".into(),
            Callback::Open(c) => id("o", c),
            Callback::Parameters(c) => id("ps", c),
            Callback::Parameter(c, p) => format!("p:{}:{}", c.0, param_index(p)),
            Callback::ResetParameter(c, p) => format!("pr:{}:{}", c.0, param_index(p)),
            Callback::Stop(c) => id("st", c),
            Callback::Start(c) => id("go", c),
            Callback::Relogin(c) => id("rl", c),
            Callback::ChangeGroup(c) => id("cg", c),
            Callback::CreateGroup(c) => id("ng", c),
            Callback::UseGroup(c) => id("ug", c),
            Callback::GroupStep(c) => id("gs", c),
            Callback::Delete(c) => id("del", c),
            Callback::ConfirmDelete(c) => id("DEL", c),
            Callback::Language(l) => format!("lang:{}", l.code()),
            Callback::Analytics(c, p) => format!("an:{}:{}", c.0, p.days()),
            Callback::AnalyticsCsv(c, p) => format!("ac:{}:{}", c.0, p.days()),
            Callback::TimeZone(c, p) => format!("tz:{}:{}", c.0, p.days()),
            Callback::ApiKey(c) => id("ak", c),
            Callback::ResetApiKey(c) => id("akr", c),
            Callback::RotateWebhookSecret(c) => id("whs", c),
        }
    }

    /// Reads callback data; `None` for anything this bot did not produce.
    pub fn decode(data: &str) -> Option<Callback> {
        if data.len() > MAX_LEN {
            return None;
        }
        let (tag, rest) = data.split_once(':').unwrap_or((data, ""));
        let id = || {
            rest.parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .map(ConnectionId)
        };
        Some(match tag {
            "l" if rest.is_empty() => Callback::Connections,
            "n" if rest.is_empty() => Callback::NewConnection,
            "nb" if rest.is_empty() => Callback::ConnectBot,
            "na" if rest.is_empty() => Callback::ConnectAccount,
            "q" if rest.is_empty() => Callback::LoginByQr,
            "ph" if rest.is_empty() => Callback::LoginByPhone,
            "d" => {
                let digit = rest
                    .parse::<u8>()
                    .ok()
                    .filter(|d| *d <= 9 && rest.len() == 1)?;
                Callback::Digit(digit)
            }
            "bs" if rest.is_empty() => Callback::Backspace,
            "ok" if rest.is_empty() => Callback::SubmitCode,
            "rs" if rest.is_empty() => Callback::ResendCode,
            "nq" if rest.is_empty() => Callback::NewQr,
            "bk" if rest.is_empty() => Callback::Back,
            "x" if rest.is_empty() => Callback::Cancel,
            "o" => Callback::Open(id()?),
            "ps" => Callback::Parameters(id()?),
            "p" | "pr" => {
                let (c, p) = rest.split_once(':')?;
                let c = ConnectionId(c.parse::<i64>().ok().filter(|n| *n > 0)?);
                let p = *Param::ALL.get(p.parse::<usize>().ok()?)?;
                if tag == "p" {
                    Callback::Parameter(c, p)
                } else {
                    Callback::ResetParameter(c, p)
                }
            }
            "st" => Callback::Stop(id()?),
            "go" => Callback::Start(id()?),
            "rl" => Callback::Relogin(id()?),
            "cg" => Callback::ChangeGroup(id()?),
            "ng" => Callback::CreateGroup(id()?),
            "ug" => Callback::UseGroup(id()?),
            "gs" => Callback::GroupStep(id()?),
            "del" => Callback::Delete(id()?),
            "DEL" => Callback::ConfirmDelete(id()?),
            "ak" => Callback::ApiKey(id()?),
            "akr" => Callback::ResetApiKey(id()?),
            "whs" => Callback::RotateWebhookSecret(id()?),
            "lang" => Callback::Language(Lang::ALL.into_iter().find(|l| l.code() == rest)?),
            "an" | "ac" | "tz" => {
                let (c, days) = rest.split_once(':')?;
                let c = ConnectionId(c.parse::<i64>().ok().filter(|n| *n > 0)?);
                let period = Period::parse(days).filter(|p| p.days().to_string() == days)?;
                match tag {
                    "an" => Callback::Analytics(c, period),
                    "ac" => Callback::AnalyticsCsv(c, period),
                    _ => Callback::TimeZone(c, period),
                }
            }
            _ => return None,
        })
    }

    /// The connection a button acts on, which must belong to whoever pressed it.
    pub fn connection(self) -> Option<ConnectionId> {
        match self {
            Callback::Open(c)
            | Callback::Parameters(c)
            | Callback::Parameter(c, _)
            | Callback::ResetParameter(c, _)
            | Callback::UseGroup(c)
            | Callback::GroupStep(c)
            | Callback::Stop(c)
            | Callback::Start(c)
            | Callback::Relogin(c)
            | Callback::ChangeGroup(c)
            | Callback::CreateGroup(c)
            | Callback::Delete(c)
            | Callback::ConfirmDelete(c)
            | Callback::Analytics(c, _)
            | Callback::AnalyticsCsv(c, _)
            | Callback::TimeZone(c, _)
            | Callback::ApiKey(c)
            | Callback::ResetApiKey(c)
            | Callback::RotateWebhookSecret(c) => Some(c),
            _ => None,
        }
    }
}

fn param_index(param: Param) -> usize {
    Param::ALL.iter().position(|p| *p == param).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn every_kind(c: i64) -> Vec<Callback> {
        let c = ConnectionId(c);
        let mut all = vec![
            Callback::Connections,
            Callback::NewConnection,
            Callback::ConnectBot,
            Callback::ConnectAccount,
            Callback::LoginByQr,
            Callback::LoginByPhone,
            Callback::Backspace,
            Callback::SubmitCode,
            Callback::ResendCode,
            Callback::NewQr,
            Callback::Back,
            Callback::Cancel,
            Callback::Open(c),
            Callback::Parameters(c),
            Callback::Stop(c),
            Callback::Start(c),
            Callback::Relogin(c),
            Callback::ChangeGroup(c),
            Callback::CreateGroup(c),
            Callback::UseGroup(c),
            Callback::GroupStep(c),
            Callback::Delete(c),
            Callback::ConfirmDelete(c),
            Callback::ApiKey(c),
            Callback::ResetApiKey(c),
            Callback::RotateWebhookSecret(c),
        ];
        for period in Period::ALL {
            all.push(Callback::TimeZone(c, period));
            all.push(Callback::Analytics(c, period));
            all.push(Callback::AnalyticsCsv(c, period));
        }
        all.extend((0..10).map(Callback::Digit));
        all.extend(Param::ALL.into_iter().map(|p| Callback::Parameter(c, p)));
        all.extend(
            Param::ALL
                .into_iter()
                .map(|p| Callback::ResetParameter(c, p)),
        );
        all.extend(Lang::ALL.into_iter().map(Callback::Language));
        all
    }

    #[test]
    fn every_button_round_trips_within_telegrams_limit() {
        for callback in every_kind(i64::MAX) {
            let data = callback.encode();
            assert!(data.len() <= MAX_LEN, "{data}");
            assert_eq!(Callback::decode(&data), Some(callback), "{data}");
        }
    }

    #[test]
    fn forged_or_foreign_data_is_refused() {
        for bad in [
            "",
            "o:",
            "o:-5",
            "o:0",
            "o:abc",
            "d:10",
            "d:55",
            "p:1:99",
            "p:1",
            "lang:pt",
            "zz",
            "n:1",
            "an:1:31",
            "an:1: 7",
            "ac:0:7",
            "tz:1",
            &"o:1".repeat(30),
        ] {
            assert_eq!(Callback::decode(bad), None, "{bad:?}");
        }
        assert_eq!(
            Callback::decode("o:12").and_then(Callback::connection),
            Some(ConnectionId(12))
        );
        assert_eq!(Callback::Digit(3).connection(), None);
    }

    proptest! {
        #[test]
        fn decoding_never_panics(data in "\\PC{0,80}") {
            if let Some(callback) = Callback::decode(&data) {
                prop_assert_eq!(Callback::decode(&callback.encode()), Some(callback));
            }
        }

        #[test]
        fn any_connection_id_round_trips(c in 1i64..i64::MAX) {
            for callback in every_kind(c) {
                prop_assert_eq!(Callback::decode(&callback.encode()), Some(callback));
            }
        }
    }
}

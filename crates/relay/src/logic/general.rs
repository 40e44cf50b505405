//! The module commands (`/send`, `/mark`, `/export`, `/new`) as data: what an operator typed,
//! read into a command or into the reason it cannot be read.

/// The longest label name.
pub const MAX_LABEL: usize = 32;
/// The longest ticker.
pub const MAX_TICKER: usize = 8;

/// Words the `/mark` grammar uses, so no label can be named like them.
const RESERVED: [&str; 12] = [
    "new", "rename", "del", "delete", "ticker", "after", "off", "all", "list", "json", "csv", "to",
];

/// Why a module command could not be read; each is a Fluent id for the operator's language,
/// with the text that was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misuse {
    /// Explains the command (usage).
    Usage(&'static str),
    /// A label name breaks the rules (`relay-label-name-rules`).
    BadLabelName(String),
    /// A ticker is too long or has spaces.
    BadTicker(String),
    /// `/new` with something that is neither @username, +phone nor an id.
    BadTarget(String),
}

/// Who `/new` should open a dialog with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserRef {
    Username(String),
    /// Digits only, international form.
    Phone(String),
    Id(i64),
}

/// Who a broadcast goes to, as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AudienceArg {
    All,
    Label(String),
    /// The ids in the message the command replies to (a text or an uploaded file).
    List,
}

/// What an operator asks a broadcast to do (a command, or a button for bots).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BroadcastAction {
    Test,
    Start,
    Pause,
    Resume,
    Cancel,
}

impl BroadcastAction {
    pub const ALL: [BroadcastAction; 5] = [
        BroadcastAction::Test,
        BroadcastAction::Start,
        BroadcastAction::Pause,
        BroadcastAction::Resume,
        BroadcastAction::Cancel,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BroadcastAction::Test => "test",
            BroadcastAction::Start => "start",
            BroadcastAction::Pause => "pause",
            BroadcastAction::Resume => "resume",
            BroadcastAction::Cancel => "cancel",
        }
    }

    pub fn parse(word: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str().eq_ignore_ascii_case(word))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendCommand {
    /// `/send` or `/send to …`: compose a broadcast from the replied-to message, or change the
    /// audience of the draft.
    Audience(AudienceArg),
    Action(BroadcastAction),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkCommand {
    /// `/mark`: the labels with their counts.
    List,
    Create {
        name: String,
        ticker: Option<String>,
    },
    Rename {
        from: String,
        to: String,
    },
    /// In General: delete the label. In a topic: take it off the dialog.
    Delete(String),
    Ticker {
        name: String,
        ticker: Option<String>,
    },
    /// Setting `name` removes `removes` (empty: no rule).
    After {
        name: String,
        removes: Vec<String>,
    },
    /// In a topic: put the label on the dialog.
    Set(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModuleCommand {
    Send(SendCommand),
    Mark(MarkCommand),
    Export {
        json: bool,
        label: Option<String>,
    },
    New(UserRef),
    /// `/stats [7|30|90]`: the analytics dashboard for that many days (7 by default).
    Stats {
        days: u32,
    },
}

/// Reads a module command. `None`: not a module command (another command, or text). In a topic
/// only `/mark` is a module command.
pub fn parse_module_command(
    text: &str,
    own_username: Option<&str>,
    in_topic: bool,
) -> Option<Result<ModuleCommand, Misuse>> {
    let rest = text.trim().strip_prefix('/')?;
    let mut words = rest.split_whitespace();
    let head = words.next()?;
    let (name, target) = match head.split_once('@') {
        Some((name, target)) => (name, Some(target)),
        None => (head, None),
    };
    if let Some(target) = target
        && !own_username.is_some_and(|own| own.eq_ignore_ascii_case(target))
    {
        return None;
    }
    let args: Vec<&str> = words.collect();
    let name = name.to_ascii_lowercase();
    if in_topic && name != "mark" {
        return None;
    }
    Some(match name.as_str() {
        "send" => parse_send(&args).map(ModuleCommand::Send),
        "mark" => parse_mark(&args, in_topic).map(ModuleCommand::Mark),
        "export" => parse_export(&args),
        "new" => parse_new(&args).map(ModuleCommand::New),
        "stats" => parse_stats(&args),
        _ => return None,
    })
}

fn parse_send(args: &[&str]) -> Result<SendCommand, Misuse> {
    let usage = Misuse::Usage("relay-send-usage");
    match args {
        [] => Ok(SendCommand::Audience(AudienceArg::All)),
        [action] => BroadcastAction::parse(action)
            .map(SendCommand::Action)
            .ok_or(usage),
        [to, who] if to.eq_ignore_ascii_case("to") => {
            let audience = match who.to_ascii_lowercase().as_str() {
                "all" => AudienceArg::All,
                "list" => AudienceArg::List,
                _ => AudienceArg::Label(label_name(who)?),
            };
            Ok(SendCommand::Audience(audience))
        }
        _ => Err(usage),
    }
}

fn parse_mark(args: &[&str], in_topic: bool) -> Result<MarkCommand, Misuse> {
    let usage = Misuse::Usage(if in_topic {
        "relay-mark-topic-usage"
    } else {
        "relay-mark-usage"
    });
    let first = args.first().map(|w| w.to_ascii_lowercase());
    if in_topic {
        return match (first.as_deref(), args) {
            (Some("del" | "delete"), [_, name]) => Ok(MarkCommand::Delete(label_name(name)?)),
            (_, [name]) => Ok(MarkCommand::Set(label_name(name)?)),
            _ => Err(usage),
        };
    }
    match (first.as_deref(), args) {
        (None, _) => Ok(MarkCommand::List),
        (Some("new"), [_, name]) => Ok(MarkCommand::Create {
            name: label_name(name)?,
            ticker: None,
        }),
        (Some("new"), [_, name, ticker]) => Ok(MarkCommand::Create {
            name: label_name(name)?,
            ticker: ticker_arg(ticker)?,
        }),
        (Some("rename"), [_, from, to]) => Ok(MarkCommand::Rename {
            from: label_name(from)?,
            to: label_name(to)?,
        }),
        (Some("del" | "delete"), [_, name]) => Ok(MarkCommand::Delete(label_name(name)?)),
        (Some("ticker"), [_, name, ticker]) => Ok(MarkCommand::Ticker {
            name: label_name(name)?,
            ticker: ticker_arg(ticker)?,
        }),
        (Some("after"), [_, name, rest @ ..]) if !rest.is_empty() => {
            let removes = if rest.len() == 1 && rest[0].eq_ignore_ascii_case("off") {
                Vec::new()
            } else {
                rest.iter()
                    .flat_map(|w| w.split(','))
                    .filter(|w| !w.is_empty())
                    .map(label_name)
                    .collect::<Result<_, _>>()?
            };
            Ok(MarkCommand::After {
                name: label_name(name)?,
                removes,
            })
        }
        _ => Err(usage),
    }
}

fn parse_export(args: &[&str]) -> Result<ModuleCommand, Misuse> {
    let mut json = false;
    let mut label = None;
    for arg in args {
        match arg.to_ascii_lowercase().as_str() {
            "json" if !json => json = true,
            "csv" => {}
            _ if label.is_none() => label = Some(label_name(arg)?),
            _ => return Err(Misuse::Usage("relay-export-usage")),
        }
    }
    Ok(ModuleCommand::Export { json, label })
}

fn parse_stats(args: &[&str]) -> Result<ModuleCommand, Misuse> {
    match args {
        [] => Ok(ModuleCommand::Stats { days: 7 }),
        [days] => match *days {
            "7" | "30" | "90" => Ok(ModuleCommand::Stats {
                days: days.parse().unwrap_or(7),
            }),
            _ => Err(Misuse::Usage("relay-stats-usage")),
        },
        _ => Err(Misuse::Usage("relay-stats-usage")),
    }
}

fn parse_new(args: &[&str]) -> Result<UserRef, Misuse> {
    if args.is_empty() {
        return Err(Misuse::Usage("relay-new-usage"));
    }
    // A phone number may be typed with spaces.
    let target = args.join(" ");
    user_ref(&target).ok_or_else(|| Misuse::BadTarget(clip(&target, 40)))
}

/// `@username`, `+phone` (separators allowed) or a numeric user id.
pub fn user_ref(text: &str) -> Option<UserRef> {
    if let Some(name) = text
        .strip_prefix('@')
        .or_else(|| text.strip_prefix("t.me/"))
    {
        let ok = (4..=32).contains(&name.len())
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        return ok.then(|| UserRef::Username(name.to_owned()));
    }
    if let Some(phone) = text.strip_prefix('+') {
        let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
        let clean = phone
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'));
        return (clean && (7..=15).contains(&digits.len())).then_some(UserRef::Phone(digits));
    }
    text.parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(UserRef::Id)
}

/// A label name as the rules allow it: 1 to 32 letters, digits, `_` or `-`, not a word of the
/// `/mark` grammar. Case is kept; names compare without case.
pub fn label_name(text: &str) -> Result<String, Misuse> {
    let ok = !text.is_empty()
        && text.chars().count() <= MAX_LABEL
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && !RESERVED.iter().any(|r| r.eq_ignore_ascii_case(text));
    if ok {
        Ok(text.to_owned())
    } else {
        Err(Misuse::BadLabelName(clip(text, 40)))
    }
}

/// A ticker (an emoji or a short text), or `off` for none.
fn ticker_arg(text: &str) -> Result<Option<String>, Misuse> {
    if text.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    if text.chars().count() > MAX_TICKER || text.chars().any(char::is_whitespace) {
        return Err(Misuse::BadTicker(clip(text, 20)));
    }
    Ok(Some(text.to_owned()))
}

fn clip(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The user ids in an uploaded list (a text or a file): numbers separated by anything else
/// (commas, new lines, CSV columns). Returns the ids in first-seen order without repeats, and how
/// many tokens were not ids.
pub fn parse_id_list(text: &str) -> (Vec<i64>, usize) {
    let mut seen = std::collections::HashSet::new();
    let mut ids = Vec::new();
    let mut bad = 0;
    for token in text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '\t'))
        .map(|t| t.trim_matches(|c| c == '"' || c == '\''))
        .filter(|t| !t.is_empty())
    {
        match token.parse::<i64>() {
            Ok(id) if id > 0 => {
                if seen.insert(id) {
                    ids.push(id);
                }
            }
            _ => bad += 1,
        }
    }
    (ids, bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Option<Result<ModuleCommand, Misuse>> {
        parse_module_command(text, Some("shop_bot"), false)
    }

    #[test]
    fn stats_commands() {
        assert_eq!(parse("/stats"), Some(Ok(ModuleCommand::Stats { days: 7 })));
        assert_eq!(
            parse("/stats@shop_bot 90"),
            Some(Ok(ModuleCommand::Stats { days: 90 }))
        );
        assert_eq!(
            parse("/stats 30"),
            Some(Ok(ModuleCommand::Stats { days: 30 }))
        );
        assert_eq!(
            parse("/stats 31"),
            Some(Err(Misuse::Usage("relay-stats-usage")))
        );
        assert_eq!(parse("/stats@other_bot"), None);
        assert_eq!(parse_module_command("/stats", None, true), None);
    }

    #[test]
    fn send_commands() {
        assert_eq!(
            parse("/send"),
            Some(Ok(ModuleCommand::Send(SendCommand::Audience(
                AudienceArg::All
            ))))
        );
        assert_eq!(
            parse("/send@shop_bot to VIP"),
            Some(Ok(ModuleCommand::Send(SendCommand::Audience(
                AudienceArg::Label("VIP".into())
            ))))
        );
        assert_eq!(
            parse("/send to list"),
            Some(Ok(ModuleCommand::Send(SendCommand::Audience(
                AudienceArg::List
            ))))
        );
        assert_eq!(
            parse("/send PAUSE"),
            Some(Ok(ModuleCommand::Send(SendCommand::Action(
                BroadcastAction::Pause
            ))))
        );
        assert_eq!(
            parse("/send now please"),
            Some(Err(Misuse::Usage("relay-send-usage")))
        );
        assert_eq!(parse("/send@other_bot"), None);
        assert_eq!(parse("/close"), None);
        assert_eq!(parse("hello"), None);
    }

    #[test]
    fn mark_commands_in_general_and_in_topics() {
        assert_eq!(
            parse("/mark"),
            Some(Ok(ModuleCommand::Mark(MarkCommand::List)))
        );
        assert_eq!(
            parse("/mark new VIP ⭐"),
            Some(Ok(ModuleCommand::Mark(MarkCommand::Create {
                name: "VIP".into(),
                ticker: Some("⭐".into())
            })))
        );
        assert_eq!(
            parse("/mark rename VIP Gold"),
            Some(Ok(ModuleCommand::Mark(MarkCommand::Rename {
                from: "VIP".into(),
                to: "Gold".into()
            })))
        );
        // `new` is a word of the grammar, so it cannot be a label.
        assert_eq!(
            parse("/mark after done new"),
            Some(Err(Misuse::BadLabelName("new".into())))
        );
        assert_eq!(
            parse("/mark after done todo,doing"),
            Some(Ok(ModuleCommand::Mark(MarkCommand::After {
                name: "done".into(),
                removes: vec!["todo".into(), "doing".into()]
            })))
        );
        assert_eq!(
            parse("/mark ticker VIP off"),
            Some(Ok(ModuleCommand::Mark(MarkCommand::Ticker {
                name: "VIP".into(),
                ticker: None
            })))
        );
        assert_eq!(
            parse("/mark ticker VIP very-long-ticker"),
            Some(Err(Misuse::BadTicker("very-long-ticker".into())))
        );
        let topic = |t: &str| parse_module_command(t, None, true);
        assert_eq!(
            topic("/mark VIP"),
            Some(Ok(ModuleCommand::Mark(MarkCommand::Set("VIP".into()))))
        );
        assert_eq!(
            topic("/mark del VIP"),
            Some(Ok(ModuleCommand::Mark(MarkCommand::Delete("VIP".into()))))
        );
        assert_eq!(
            topic("/mark"),
            Some(Err(Misuse::Usage("relay-mark-topic-usage")))
        );
        assert_eq!(topic("/send"), None, "only /mark works in topics");
    }

    #[test]
    fn label_names_follow_the_rules() {
        for good in ["VIP", "vip-2", "Опт", "a", &"x".repeat(32)] {
            assert_eq!(label_name(good), Ok(good.to_owned()));
        }
        for bad in [
            "",
            "two words",
            "a\"b",
            "50%",
            "del",
            "ALL",
            &"x".repeat(33),
        ] {
            assert!(label_name(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn new_targets_and_export_options() {
        assert_eq!(
            user_ref("@anna_k"),
            Some(UserRef::Username("anna_k".into()))
        );
        assert_eq!(
            user_ref("+49 151 2345-678"),
            Some(UserRef::Phone("491512345678".into()))
        );
        assert_eq!(user_ref("5000000042"), Some(UserRef::Id(5_000_000_042)));
        assert_eq!(user_ref("@ab"), None);
        assert_eq!(user_ref("-5"), None);
        assert_eq!(
            parse("/new +49 151 2345678"),
            Some(Ok(ModuleCommand::New(UserRef::Phone(
                "491512345678".into()
            ))))
        );
        assert_eq!(
            parse("/new anna"),
            Some(Err(Misuse::BadTarget("anna".into())))
        );
        assert_eq!(
            parse("/export json VIP"),
            Some(Ok(ModuleCommand::Export {
                json: true,
                label: Some("VIP".into())
            }))
        );
        assert_eq!(
            parse("/export"),
            Some(Ok(ModuleCommand::Export {
                json: false,
                label: None
            }))
        );
    }

    #[test]
    fn id_lists_are_read_from_any_separators() {
        let (ids, bad) = parse_id_list("user_id\n5000000001,\"5000000002\"\n5000000001 oops 7\n");
        assert_eq!(ids, vec![5_000_000_001, 5_000_000_002, 7]);
        assert_eq!(bad, 2);
    }
}

//! Commands operators type in a user's topic.

/// A topic command. `/cmd@our_bot` counts; `/cmd@someone_else` is not ours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Info,
    Close,
    Wait,
    Hold,
    Ban,
    Unban,
    Help,
}

/// What an operator's text is: a command, an internal comment (`/ text`), or a message for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorText {
    Command(Command),
    Internal,
    /// `/something` that is not a topic command: refused, so a typo never reaches the user.
    UnknownCommand,
    Message,
}

/// Reads an operator's text. `own_username` is the connected bot's or account's username, so
/// `/close@own_bot` (what Telegram's command menu inserts) works and `/close@other_bot` is left alone.
pub fn parse_command(text: &str, own_username: Option<&str>) -> OperatorText {
    let text = text.trim_start();
    let Some(rest) = text.strip_prefix('/') else {
        return OperatorText::Message;
    };
    if rest.is_empty() || rest.starts_with(char::is_whitespace) {
        return OperatorText::Internal;
    }
    let word = rest.split_whitespace().next().unwrap_or("");
    let (name, target) = match word.split_once('@') {
        Some((name, target)) => (name, Some(target)),
        None => (word, None),
    };
    if let Some(target) = target
        && !own_username.is_some_and(|own| own.eq_ignore_ascii_case(target))
    {
        // Addressed to another bot in the group: not ours, and not for the user either.
        return OperatorText::Internal;
    }
    let command = match name.to_ascii_lowercase().as_str() {
        "info" => Command::Info,
        "close" => Command::Close,
        "wait" => Command::Wait,
        "hold" => Command::Hold,
        "ban" => Command::Ban,
        "unban" => Command::Unban,
        "help" => Command::Help,
        _ => return OperatorText::UnknownCommand,
    };
    OperatorText::Command(command)
}

/// The name of the command `text` is (lowercase, no slash, no `@username`), when it is one
/// addressed to us: what WEBHOOKS' `/commands` are matched against.
pub fn command_name(text: &str, own_username: Option<&str>) -> Option<String> {
    let rest = text.trim_start().strip_prefix('/')?;
    let word = rest.split_whitespace().next()?;
    if rest.starts_with(char::is_whitespace) {
        return None;
    }
    let (name, target) = match word.split_once('@') {
        Some((name, target)) => (name, Some(target)),
        None => (word, None),
    };
    if let Some(target) = target
        && !own_username.is_some_and(|own| own.eq_ignore_ascii_case(target))
    {
        return None;
    }
    (!name.is_empty()).then(|| name.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_comments_and_messages() {
        let own = Some("shop_bot");
        assert_eq!(
            parse_command("/close", own),
            OperatorText::Command(Command::Close)
        );
        assert_eq!(
            parse_command("  /INFO extra words", own),
            OperatorText::Command(Command::Info)
        );
        assert_eq!(
            parse_command("/ban@Shop_Bot", own),
            OperatorText::Command(Command::Ban)
        );
        assert_eq!(parse_command("/ban@other_bot", own), OperatorText::Internal);
        assert_eq!(
            parse_command("/ just between us", own),
            OperatorText::Internal
        );
        assert_eq!(parse_command("/", own), OperatorText::Internal);
        assert_eq!(parse_command("/clsoe", own), OperatorText::UnknownCommand);
        assert_eq!(
            parse_command("Hello, /close is a command", own),
            OperatorText::Message
        );
        assert_eq!(parse_command("", own), OperatorText::Message);
    }

    #[test]
    fn command_names_are_read_for_webhooks() {
        let own = Some("shop_bot");
        assert_eq!(command_name("/Invoice 42", own).as_deref(), Some("invoice"));
        assert_eq!(
            command_name("/invoice@shop_bot", own).as_deref(),
            Some("invoice")
        );
        assert_eq!(command_name("/invoice@other_bot", own), None);
        assert_eq!(command_name("/ note", own), None);
        assert_eq!(command_name("invoice", own), None);
    }
}

//! The setup bot's decisions as plain functions: what a text means in a state, where [Back]
//! leads, which hint answers input that fits nowhere. The handlers do the talking.

use account_session::flow::normalize_code;
use storage::params::Param;

use crate::state::State;

/// What a text message is, read in the admin's current state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// A bot token to sign in with.
    Token,
    /// A phone number to send a login code to.
    Phone,
    /// A login code typed with separators (digits only here).
    Code(String),
    /// The account's 2FA password.
    Password,
    /// A new value for a parameter.
    ParamValue(Param),
    /// A time-zone name for analytics.
    TimeZone,
    /// Input that fits nowhere: answer with this hint (a Fluent id).
    Hint(&'static str),
}

impl Reading {
    /// Whether the message must be deleted at once: it holds (or may hold) a secret.
    pub fn is_secret(&self) -> bool {
        matches!(self, Reading::Token | Reading::Code(_) | Reading::Password)
    }
}

/// Reads a text message in `state`. Commands are handled before this.
pub fn read_text(state: &State, text: &str) -> Reading {
    match state {
        // Whatever arrives here may be a token with a typo: it is read (and deleted) as one.
        State::AwaitToken { .. } => Reading::Token,
        State::AwaitPhone { .. } => Reading::Phone,
        State::AwaitCode { .. } => match normalize_code(text) {
            Some(code) => Reading::Code(code),
            None => Reading::Hint("setup-hint-code"),
        },
        State::AwaitPassword { .. } => Reading::Password,
        State::EditParam { param, .. } => match Param::from_name(param) {
            Some(param) => Reading::ParamValue(param),
            None => Reading::Hint("setup-hint-idle"),
        },
        State::AwaitTimeZone { .. } => Reading::TimeZone,
        State::ShowingQr { .. } => Reading::Hint("setup-hint-qr"),
        State::ChooseKind | State::ChooseMethod { .. } => Reading::Hint("setup-hint-buttons"),
        State::AwaitGroup { .. } => Reading::Hint("setup-hint-group"),
        State::Idle => Reading::Hint("setup-hint-idle"),
    }
}

/// The hint for a message that is not text (a photo, a sticker…) in `state`.
pub fn non_text_hint(state: &State) -> &'static str {
    match state {
        State::AwaitToken { .. } => "setup-hint-token",
        State::AwaitCode { .. } => "setup-hint-code",
        State::AwaitPassword { .. } => "setup-hint-password",
        State::ShowingQr { .. } => "setup-hint-qr",
        State::AwaitPhone { .. } => "signin-error-phone-invalid",
        _ => "setup-hint-text-only",
    }
}

/// A screen [Back] returns to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Back {
    Connections,
    ChooseKind,
    /// The account's sign-in methods (abandoning a login in progress).
    ChooseMethod,
    /// The phone number question (abandoning a code that was sent).
    AskPhone,
    /// The list of a connection's parameters.
    Parameters(storage::ConnectionId),
    /// The connection's card.
    Card(storage::ConnectionId),
}

/// Where [Back] leads from `state`.
pub fn back(state: &State) -> Back {
    match state {
        State::Idle | State::ChooseKind => Back::Connections,
        State::AwaitToken { relogin: None } | State::ChooseMethod { relogin: None } => {
            Back::ChooseKind
        }
        State::AwaitToken {
            relogin: Some(connection),
        }
        | State::ChooseMethod {
            relogin: Some(connection),
        } => Back::Card(*connection),
        State::AwaitPhone { .. } | State::ShowingQr { .. } => Back::ChooseMethod,
        State::AwaitCode { .. } | State::AwaitPassword { .. } => Back::AskPhone,
        State::AwaitGroup { connection } => Back::Card(*connection),
        State::EditParam { connection, .. } => Back::Parameters(*connection),
        State::AwaitTimeZone { connection, .. } => Back::Card(*connection),
    }
}

#[cfg(test)]
mod tests {
    use storage::ConnectionId;

    use super::*;

    #[test]
    fn anything_sent_while_a_token_is_awaited_is_read_and_deleted_as_a_token() {
        let state = State::AwaitToken { relogin: None };
        for text in ["123:abc", "hello", "/notacommand", ""] {
            let reading = read_text(&state, text);
            assert_eq!(reading, Reading::Token);
            assert!(reading.is_secret());
        }
    }

    #[test]
    fn a_code_typed_with_separators_is_read_and_deleted() {
        let state = State::AwaitCode { relogin: None };
        let reading = read_text(&state, "1 2-3.4 5");
        assert_eq!(reading, Reading::Code("12345".into()));
        assert!(reading.is_secret());
        assert_eq!(
            read_text(&state, "what code?"),
            Reading::Hint("setup-hint-code")
        );
        assert!(!read_text(&state, "what code?").is_secret());
    }

    #[test]
    fn a_password_is_always_secret_and_a_phone_is_not() {
        assert!(read_text(&State::AwaitPassword { relogin: None }, "hunter2").is_secret());
        let phone = read_text(&State::AwaitPhone { relogin: None }, "+39 333");
        assert_eq!(phone, Reading::Phone);
        assert!(!phone.is_secret());
    }

    #[test]
    fn a_parameter_value_is_read_for_the_parameter_in_the_state() {
        let state = State::edit_param(ConnectionId(4), Param::Autoclose);
        assert_eq!(
            read_text(&state, "12"),
            Reading::ParamValue(Param::Autoclose)
        );
        let gone = State::EditParam {
            connection: ConnectionId(4),
            param: "NO_SUCH_PARAMETER".into(),
        };
        assert_eq!(read_text(&gone, "12"), Reading::Hint("setup-hint-idle"));
    }

    #[test]
    fn every_other_state_answers_with_a_hint() {
        for (state, hint) in [
            (State::Idle, "setup-hint-idle"),
            (State::ChooseKind, "setup-hint-buttons"),
            (State::ChooseMethod { relogin: None }, "setup-hint-buttons"),
            (State::ShowingQr { relogin: None }, "setup-hint-qr"),
            (
                State::AwaitGroup {
                    connection: ConnectionId(1),
                },
                "setup-hint-group",
            ),
        ] {
            assert_eq!(read_text(&state, "hello"), Reading::Hint(hint), "{state:?}");
        }
    }

    #[test]
    fn back_goes_one_step_up() {
        let c = ConnectionId(7);
        assert_eq!(back(&State::ChooseKind), Back::Connections);
        assert_eq!(back(&State::AwaitToken { relogin: None }), Back::ChooseKind);
        assert_eq!(back(&State::AwaitToken { relogin: Some(c) }), Back::Card(c));
        assert_eq!(back(&State::AwaitCode { relogin: None }), Back::AskPhone);
        assert_eq!(
            back(&State::ShowingQr { relogin: None }),
            Back::ChooseMethod
        );
        assert_eq!(
            back(&State::edit_param(c, Param::Welcome)),
            Back::Parameters(c)
        );
        assert_eq!(back(&State::AwaitGroup { connection: c }), Back::Card(c));
    }

    #[test]
    fn states_round_trip_through_json_and_hold_no_secret() {
        let states = [
            State::Idle,
            State::AwaitCode {
                relogin: Some(ConnectionId(3)),
            },
            State::edit_param(ConnectionId(3), Param::PrivateKeywords),
        ];
        for state in states {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(serde_json::from_str::<State>(&json).unwrap(), state);
        }
    }
}

//! What happens to an operator's message in a user's topic.

use storage::params::Parameters;
use storage::{Dialog, DialogStatus, Direction, MessageLink};

use super::commands::{Command, OperatorText, parse_command};
use super::text::{info_card, pseudonym, topic_title};
use super::{Person, Step, Team};

/// A message in a user's topic from someone other than the relay itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorMessage {
    pub sender: i64,
    pub group_msg_id: i64,
    /// The text or caption.
    pub text: String,
    pub reply_to: Option<i64>,
    /// Whether the sender has the group's Ban Users right (for /ban and /unban).
    pub sender_can_ban: bool,
}

#[derive(Debug, Clone, Copy)]
pub struct OperatorContext<'a> {
    pub connection_id: i64,
    pub params: &'a Parameters,
    /// The dialog whose topic the message is in.
    pub dialog: &'a Dialog,
    /// The user, as last seen (for /info).
    pub person: &'a Person,
    pub team: Team,
    /// The link of the message the operator replied to, if it is a relayed one.
    pub reply_link: Option<&'a MessageLink>,
    /// The connected bot's or account's username, for `/cmd@username`.
    pub own_username: Option<&'a str>,
    pub tickers: &'a [String],
}

impl OperatorContext<'_> {
    fn title(&self, status: DialogStatus) -> String {
        let name = if self.params.hide_info.name {
            pseudonym(self.connection_id, self.dialog.user_id)
        } else {
            self.person.full_name()
        };
        topic_title(status, &name, self.tickers)
    }

    fn reply(&self, msg: &OperatorMessage, id: &str) -> Step {
        Step::ReplyInTopic {
            group_msg_id: msg.group_msg_id,
            html: self.team.operator_lang.text(id),
        }
    }

    /// Sets the status (and the mark in the title) unless it is already so.
    fn status(&self, status: DialogStatus, steps: &mut Vec<Step>) {
        if self.dialog.status != status {
            steps.push(Step::SetStatus(status));
            steps.push(Step::RenameTopic {
                title: self.title(status),
            });
        }
    }
}

/// Decides what happens to an operator's message in a user's topic.
pub fn on_operator_message(ctx: &OperatorContext<'_>, msg: &OperatorMessage) -> Vec<Step> {
    let p = ctx.params;
    let mut steps = Vec::new();
    match parse_command(&msg.text, ctx.own_username) {
        OperatorText::Internal => {}
        OperatorText::UnknownCommand => {
            // A command WEBHOOKS lists is the receiver's to answer (the worker posts it).
            let posted = super::commands::command_name(&msg.text, ctx.own_username)
                .is_some_and(|name| p.webhooks.urls_for_command(&name).next().is_some());
            if !posted {
                steps.push(ctx.reply(msg, "relay-unknown-command"));
            }
        }
        OperatorText::Command(command) => command_steps(ctx, msg, command, &mut steps),
        OperatorText::Message => {
            if ctx.dialog.banned {
                steps.push(ctx.reply(msg, "relay-refused-banned"));
                return steps;
            }
            let replies_to_user = ctx.reply_link.is_some_and(|l| l.direction == Direction::In);
            if p.reply_only && !replies_to_user {
                // An internal comment by the connection's rule.
                return steps;
            }
            if p.restricted_keywords_backend.refuses(&msg.text) {
                steps.push(ctx.reply(msg, "relay-refused-keyword"));
                return steps;
            }
            let reply_to = ctx.reply_link.map(|l| l.user_msg_id);
            steps.push(Step::CopyToUser {
                group_msg_id: msg.group_msg_id,
                reply_to,
            });
            steps.push(Step::CountOperatorMessage);
            // An operator's message answers the user, and reopens a closed dialog (LEAVE_CLOSED too).
            ctx.status(DialogStatus::SupportAnswered, &mut steps);
        }
    }
    steps
}

fn command_steps(
    ctx: &OperatorContext<'_>,
    msg: &OperatorMessage,
    command: Command,
    steps: &mut Vec<Step>,
) {
    let p = ctx.params;
    let lang = ctx.team.operator_lang;
    match command {
        Command::Info => {
            if p.hide_info.command {
                if p.extensions_allowed.allows(msg.sender, ctx.team.admin_id) {
                    let html = info_card(lang, ctx.person, ctx.dialog, false);
                    steps.push(Step::SendPrivately {
                        to: msg.sender,
                        html,
                    });
                    steps.push(ctx.reply(msg, "relay-info-sent-privately"));
                } else {
                    steps.push(ctx.reply(msg, "relay-info-not-allowed"));
                }
            } else {
                let html = info_card(lang, ctx.person, ctx.dialog, p.hide_info.name);
                steps.push(Step::ReplyInTopic {
                    group_msg_id: msg.group_msg_id,
                    html,
                });
            }
        }
        Command::Close => ctx.status(DialogStatus::Closed, steps),
        Command::Wait => ctx.status(DialogStatus::SupportAnswered, steps),
        Command::Hold => ctx.status(DialogStatus::UserAnswered, steps),
        Command::Ban | Command::Unban if !msg.sender_can_ban => {
            steps.push(ctx.reply(msg, "relay-ban-needs-right"))
        }
        Command::Ban => {
            if !ctx.dialog.banned {
                steps.push(Step::Ban);
            }
            steps.push(ctx.reply(msg, "relay-banned"));
        }
        Command::Unban => {
            if ctx.dialog.banned {
                steps.push(Step::Unban);
            }
            steps.push(ctx.reply(msg, "relay-unbanned"));
        }
        Command::Help => steps.push(ctx.reply(msg, "relay-help")),
    }
}

/// AUTOCLOSE: a dialog waiting in "support answered" for too long closes by itself.
pub fn on_tick(
    params: &Parameters,
    dialog: &Dialog,
    shown_name: &str,
    tickers: &[String],
    now: i64,
) -> Vec<Step> {
    let Some(after) = params.autoclose.seconds() else {
        return Vec::new();
    };
    if dialog.status != DialogStatus::SupportAnswered || now - dialog.status_since < after {
        return Vec::new();
    }
    vec![
        Step::SetStatus(DialogStatus::Closed),
        Step::RenameTopic {
            title: topic_title(DialogStatus::Closed, shown_name, tickers),
        },
    ]
}

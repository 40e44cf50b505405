//! What happens to a message in a user's private chat.

use i18n::{Lang, escape_html};
use storage::params::{Parameters, Welcome};
use storage::{Dialog, DialogStatus, Direction, MessageLink};

use super::text::{info_card, pseudonym, topic_title};
use super::{Person, Step, Team};

/// A message the user sent to the bot or account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserMessage {
    pub from: Person,
    pub msg_id: i64,
    /// The text or caption, for the keyword filters.
    pub text: String,
    pub reply_to: Option<i64>,
    /// The parameter of `/start <param>` (deep links).
    pub start_param: Option<String>,
}

/// What a decision about a user's message needs to know.
#[derive(Debug, Clone, Copy)]
pub struct UserContext<'a> {
    pub connection_id: i64,
    pub params: &'a Parameters,
    pub dialog: Option<&'a Dialog>,
    pub team: Team,
    /// The link of the message the user replied to, if it was relayed.
    pub reply_link: Option<&'a MessageLink>,
    /// Label tickers shown in the topic title.
    pub tickers: &'a [String],
}

impl UserContext<'_> {
    /// The name a topic shows: the user's, or a pseudonym under HIDE_INFO=name.
    pub fn shown_name(&self, person: &Person) -> String {
        if self.params.hide_info.name {
            pseudonym(self.connection_id, person.id)
        } else {
            person.full_name()
        }
    }

    fn title(&self, status: DialogStatus, person: &Person) -> String {
        topic_title(status, &self.shown_name(person), self.tickers)
    }
}

/// The welcome message for `person`, if WELCOME sends one.
fn welcome(params: &Parameters, person: &Person) -> Option<Step> {
    let html = match &params.welcome {
        Welcome::Off => return None,
        Welcome::Default => Lang::from_code(person.language.as_deref()).text("welcome-default"),
        Welcome::Text(text) => text.replace("{name}", &escape_html(&person.first_name)),
    };
    Some(Step::SendToUser { html })
}

/// Decides what happens to a user's message.
pub fn on_user_message(ctx: &UserContext<'_>, msg: &UserMessage) -> Vec<Step> {
    let p = ctx.params;
    let user = msg.from.id;
    let banned = ctx.dialog.is_some_and(|d| d.banned);
    if banned
        || p.ignore_chats.contains(user)
        || !p.white_list.admits(user)
        || p.restricted_keywords_frontend.refuses(&msg.text)
    {
        return Vec::new();
    }
    let reply_to = ctx.reply_link.map(|l| l.group_msg_id);
    let copy = Step::CopyToTopic {
        user_msg_id: msg.msg_id,
        reply_to,
        direction: Direction::In,
    };
    let mut steps = Vec::new();
    match ctx.dialog {
        None => {
            // First contact: with PRIVATE_KEYWORDS, only a matching message opens a dialog.
            if !p.private_keywords.admits(&msg.text) {
                return steps;
            }
            steps.push(Step::CreateDialog);
            steps.push(Step::CreateTopic {
                title: ctx.title(DialogStatus::UserAnswered, &msg.from),
                icon_color: p.icon_color,
            });
            if let Some(param) = &msg.start_param
                && !p.auto_info
            {
                let html = ctx.team.operator_lang.text_with(
                    "relay-start-param",
                    &[("param", escape_html(param).into_owned())],
                );
                steps.push(Step::PostInTopic { html });
            }
            if p.auto_info {
                let fresh = fresh_dialog(ctx, msg);
                steps.push(Step::PostInTopic {
                    html: info_card(ctx.team.operator_lang, &msg.from, &fresh, p.hide_info.name),
                });
            }
            // The welcome before the copy: if the copy has to be retried (its answer lost), the
            // retry finds the dialog open and would not welcome again.
            steps.extend(welcome(p, &msg.from));
            steps.push(copy);
            steps.push(Step::CountUserMessage);
        }
        Some(dialog) if dialog.status == DialogStatus::Closed => {
            if p.leave_closed {
                // Seen by operators, but the dialog stays closed and nothing is sent back.
                if dialog.topic_id.is_none() {
                    steps.push(Step::CreateTopic {
                        title: ctx.title(DialogStatus::Closed, &msg.from),
                        icon_color: p.icon_color,
                    });
                }
                steps.push(copy);
                steps.push(Step::CountUserMessage);
                return steps;
            }
            if !p.private_keywords.admits(&msg.text) {
                return steps;
            }
            steps.push(Step::SetStatus(DialogStatus::UserAnswered));
            steps.push(topic_step(
                ctx,
                dialog,
                &msg.from,
                DialogStatus::UserAnswered,
            ));
            // The welcome before the copy: if the copy has to be retried (its answer lost), the
            // retry finds the dialog open and would not welcome again.
            steps.extend(welcome(p, &msg.from));
            steps.push(copy);
            steps.push(Step::CountUserMessage);
        }
        Some(dialog) => {
            if dialog.topic_id.is_none() || dialog.status != DialogStatus::UserAnswered {
                if dialog.status != DialogStatus::UserAnswered {
                    steps.push(Step::SetStatus(DialogStatus::UserAnswered));
                }
                steps.push(topic_step(
                    ctx,
                    dialog,
                    &msg.from,
                    DialogStatus::UserAnswered,
                ));
            }
            steps.push(copy);
            steps.push(Step::CountUserMessage);
        }
    }
    steps
}

/// Retitle the topic, or create it when it is gone.
fn topic_step(
    ctx: &UserContext<'_>,
    dialog: &Dialog,
    person: &Person,
    status: DialogStatus,
) -> Step {
    let title = ctx.title(status, person);
    if dialog.topic_id.is_some() {
        Step::RenameTopic { title }
    } else {
        Step::CreateTopic {
            title,
            icon_color: ctx.params.icon_color,
        }
    }
}

/// The dialog as it will be once created, for the first info card.
fn fresh_dialog(ctx: &UserContext<'_>, msg: &UserMessage) -> Dialog {
    Dialog {
        connection_id: storage::ConnectionId(ctx.connection_id),
        user_id: msg.from.id,
        topic_id: None,
        status: DialogStatus::UserAnswered,
        status_since: 0,
        display_name: msg.from.full_name(),
        username: msg.from.username.clone(),
        language: msg.from.language.clone(),
        start_param: msg.start_param.clone(),
        first_seen_at: storage::now(),
        last_user_at: None,
        last_operator_at: None,
        messages_from_user: 0,
        messages_from_operators: 0,
        banned: false,
        labels: Vec::new(),
    }
}

/// A message the bot or account sent to the user from another session (its own code, another
/// device): shown in the topic as intercepted, when INTERCEPT_EXTERNAL is on and there is a topic.
pub fn on_outgoing_elsewhere(ctx: &UserContext<'_>, msg_id: i64) -> Vec<Step> {
    let Some(dialog) = ctx.dialog else {
        return Vec::new();
    };
    if !ctx.params.intercept_external || dialog.banned || dialog.topic_id.is_none() {
        return Vec::new();
    }
    let reply_to = ctx.reply_link.map(|l| l.group_msg_id);
    vec![Step::CopyToTopic {
        user_msg_id: msg_id,
        reply_to,
        direction: Direction::Intercepted,
    }]
}

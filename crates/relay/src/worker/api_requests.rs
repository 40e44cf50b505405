//! The worker's side of the HTTP API (issue #15). The API never talks to Telegram: it records a
//! request (`storage::ApiRequests::submit`) and bumps the connection's revision; the worker,
//! woken like for a parameter change, carries the requests out here in order, through the same
//! gateway, pacing and steps as an operator's message or command, and writes each outcome.
//!
//! A request is claimed (`pending → working`) before anything is sent and finished after, so a
//! crash in between leaves it `working`; the next worker fails it as `interrupted` instead of
//! sending a message a second time (at most once, said honestly, as broadcasts do).

use i18n::escape_html;
use serde_json::{Value, json};
use storage::params::WebhookEvent;
use storage::{
    ANONYMOUS_OPERATOR, Answer, ApiAction, ApiRequestStatus, BroadcastAudience, Dialog,
    DialogStatus, Direction, NewBroadcast, NewLink,
};

use super::{Actor, Said, Target, Worker, WorkerError, person_of};
use crate::gateway::GatewayError;
use crate::logic::labels::{apply_label, find_label, remove_label};
use crate::logic::{self, Step};

/// Why a request was not carried out: a stable code for the API's problem type, and what to
/// tell the caller (never a secret: ids and names the caller sent).
#[derive(Debug)]
struct Refusal {
    code: &'static str,
    detail: String,
}

/// The operator's name webhook events give a message sent through the API.
const API_SENDER: &str = "API";

/// What carrying out a request came to: a result, a refusal, or a fault of the worker.
type Outcome = Result<Result<Value, Refusal>, WorkerError>;

fn refuse(code: &'static str, detail: impl Into<String>) -> Outcome {
    Ok(Err(Refusal {
        code,
        detail: detail.into(),
    }))
}

impl Worker {
    /// Carries out every pending API request of this connection, oldest first.
    pub(super) async fn serve_api_requests(&mut self) -> Result<(), WorkerError> {
        let id = self.id();
        while let Some(request) = self.db().await?.api_requests().next_pending(id).await? {
            if !self.db().await?.api_requests().claim(request.id).await? {
                continue;
            }
            let outcome = self.carry_out(&request.action).await;
            let (status, result) = match &outcome {
                Ok(Ok(result)) => (ApiRequestStatus::Done, result.clone()),
                Ok(Err(refusal)) => (
                    ApiRequestStatus::Failed,
                    json!({ "error": refusal.code, "detail": refusal.detail }),
                ),
                Err(err) => (
                    ApiRequestStatus::Failed,
                    json!({ "error": "relay_error", "detail": err.to_string() }),
                ),
            };
            self.db()
                .await?
                .api_requests()
                .finish(request.id, status, &result)
                .await?;
            match outcome {
                // A revoked session or a database outage ends this round (the worker's loop
                // handles both); what is left stays pending for the next wake-up.
                Err(
                    err @ (WorkerError::Storage(_)
                    | WorkerError::Gateway(GatewayError::SessionRevoked { .. })),
                ) => {
                    return Err(err);
                }
                // Recorded as the request's outcome; the next request may well succeed.
                Err(err) => {
                    tracing::warn!(connection = %id, request = request.id, error = %err, "an API request failed")
                }
                Ok(_) => {}
            }
        }
        Ok(())
    }

    /// At start: requests a previous worker left half done fail as `interrupted`. Those still
    /// pending are served from the worker's loop (its first AUTOCLOSE tick comes at once), not
    /// here, so a long queue never delays the supervisor starting other workers.
    pub(super) async fn recover_api_requests(&mut self) -> Result<(), WorkerError> {
        let interrupted = self
            .db()
            .await?
            .api_requests()
            .interrupt_working(self.id())
            .await?;
        if interrupted > 0 {
            tracing::warn!(connection = %self.id(), interrupted, "API requests interrupted by a restart");
        }
        Ok(())
    }

    async fn carry_out(&mut self, action: &ApiAction) -> Outcome {
        if self.connection.backend_chat_id.is_none() {
            return refuse("not_linked", "the connection has no backend group yet");
        }
        match action {
            ApiAction::Broadcast { label, text } => self.api_broadcast(label, text).await,
            ApiAction::SendMessage { user_id, text } => match self.api_dialog(*user_id).await? {
                Ok(dialog) => self.api_send(dialog, text).await,
                Err(refusal) => Ok(Err(refusal)),
            },
            ApiAction::SetStatus { user_id, status } => {
                let Some(status) = DialogStatus::from_name(status) else {
                    return refuse("invalid_status", format!("unknown status `{status}`"));
                };
                match self.api_dialog(*user_id).await? {
                    Ok(dialog) => self.api_status(dialog, status).await,
                    Err(refusal) => Ok(Err(refusal)),
                }
            }
            ApiAction::AddLabel { user_id, label } | ApiAction::RemoveLabel { user_id, label } => {
                let add = matches!(action, ApiAction::AddLabel { .. });
                match self.api_dialog(*user_id).await? {
                    Ok(dialog) => self.api_label(dialog, label, add).await,
                    Err(refusal) => Ok(Err(refusal)),
                }
            }
        }
    }

    async fn api_dialog(&mut self, user_id: i64) -> Result<Result<Dialog, Refusal>, WorkerError> {
        Ok(self
            .db()
            .await?
            .dialogs()
            .get(self.id(), user_id)
            .await?
            .ok_or_else(|| Refusal {
                code: "dialog_not_found",
                detail: format!("no dialog with user {user_id}"),
            }))
    }

    fn api_target(&self, dialog: Dialog) -> Target {
        Target {
            user: person_of(&dialog),
            dialog: Some(dialog),
            start_param: None,
            album: Vec::new(),
            actor: Actor::Operator(ANONYMOUS_OPERATOR),
            said: None,
        }
    }

    /// The status steps an operator's answer or command takes: the status and the title's mark.
    fn status_steps(&self, dialog: &Dialog, status: DialogStatus) -> Vec<Step> {
        if dialog.status == status {
            return Vec::new();
        }
        let name = self.shown_name(&person_of(dialog));
        vec![
            Step::SetStatus(status),
            Step::RenameTopic {
                title: logic::topic_title(status, &name, &self.tickers_of(Some(dialog))),
            },
        ]
    }

    /// A text to the user as the bot or account; in the topic it shows marked as sent through
    /// the API, linked like an operator's answer (so the user's reply to it maps back).
    async fn api_send(&mut self, dialog: Dialog, text: &str) -> Outcome {
        if dialog.banned {
            return refuse("banned", format!("user {} is banned", dialog.user_id));
        }
        let (id, user) = (self.id(), dialog.user_id);
        let html = escape_html(text).into_owned();
        let waited_since =
            (dialog.status == DialogStatus::UserAnswered).then_some(dialog.status_since);
        let mut steps = vec![Step::CountOperatorMessage];
        steps.extend(self.status_steps(&dialog, DialogStatus::SupportAnswered));
        let mut target = self.api_target(dialog);
        // For webhooks: a `message_sent` whose operator is the API (id 0, as an anonymous admin).
        target.said = Some(Said {
            text: text.to_owned(),
            media: None,
            sender_name: API_SENDER.to_owned(),
        });
        let user_msg_id = match self.gateway.send_html(user, None, None, &html).await {
            Ok(msg) => msg,
            Err(GatewayError::Blocked) => {
                let topic = self.topic(&mut target).await?;
                let notice = self.delivery_problem(&GatewayError::Blocked);
                let backend = self.connection.backend_chat_id.unwrap_or_default();
                self.gateway
                    .send_html(backend, Some(topic), None, &notice)
                    .await?;
                return refuse("blocked", format!("user {user} blocked the bot or account"));
            }
            Err(err) => return Err(err.into()),
        };
        let topic = self.topic(&mut target).await?;
        let backend = self.connection.backend_chat_id.unwrap_or_default();
        let marked = format!("{}\n{html}", self.team.operator_lang.text("relay-api-sent"));
        let group_msg_id = self
            .gateway
            .send_html(backend, Some(topic), None, &marked)
            .await?;
        let answer = Answer {
            operator_id: ANONYMOUS_OPERATOR,
            waited_since,
        };
        let hooks = self.message_hooks(
            WebhookEvent::MessageSent,
            &target,
            user_msg_id,
            group_msg_id,
        );
        let link = NewLink {
            connection: id,
            user_id: user,
            user_msg_id,
            group_msg_id,
            direction: Direction::Out,
        };
        self.db()
            .await?
            .message_links()
            .record_announcing(link, Some(answer), &hooks)
            .await?;
        self.hooks_queued(&hooks);
        self.execute(steps, &mut target).await?;
        Ok(Ok(
            json!({ "user_msg_id": user_msg_id, "topic_msg_id": group_msg_id }),
        ))
    }

    async fn api_status(&mut self, dialog: Dialog, status: DialogStatus) -> Outcome {
        let mut steps = self.status_steps(&dialog, status);
        let note = self
            .team
            .operator_lang
            .text_with("relay-api-status", &[("status", status.as_str().into())]);
        steps.push(Step::PostInTopic { html: note });
        let mut target = self.api_target(dialog);
        self.execute(steps, &mut target).await?;
        Ok(Ok(json!({ "status": status.as_str() })))
    }

    async fn api_label(&mut self, dialog: Dialog, name: &str, add: bool) -> Outcome {
        let Some(label) = find_label(&self.labels, name).cloned() else {
            return refuse("unknown_label", format!("no label `{name}`"));
        };
        let labels = if add {
            apply_label(&dialog.labels, &label)
        } else {
            remove_label(&dialog.labels, &label.name)
        };
        let hooks = self.label_hooks(&dialog, &labels);
        self.db()
            .await?
            .dialogs()
            .set_labels_announcing(self.id(), dialog.user_id, &labels, &hooks)
            .await?;
        self.hooks_queued(&hooks);
        self.retitle(&[dialog.user_id]).await?;
        let lang = self.team.operator_lang;
        let key = if add {
            "relay-label-set"
        } else {
            "relay-label-unset"
        };
        let note = format!(
            "{} {}",
            lang.text("relay-api-by"),
            lang.text_with(key, &[("name", escape_html(&label.name).into_owned())])
        );
        let mut target = self.api_target(dialog);
        self.execute(vec![Step::PostInTopic { html: note }], &mut target)
            .await?;
        Ok(Ok(json!({ "labels": labels })))
    }

    /// The text, posted in General, sent to every dialog with the label: a broadcast like
    /// `/send to NAME` + Start, with its progress message under the text.
    async fn api_broadcast(&mut self, name: &str, text: &str) -> Outcome {
        let Some(label) = find_label(&self.labels, name).cloned() else {
            return refuse("unknown_label", format!("no label `{name}`"));
        };
        if let Some(busy) = self.db().await?.broadcasts().unfinished(self.id()).await? {
            return refuse(
                "broadcast_busy",
                format!("broadcast {} is not finished", busy.id),
            );
        }
        let audience = BroadcastAudience::Label(label.name.clone());
        let recipients = self.audience(&audience).await?;
        if recipients.is_empty() {
            return refuse(
                "no_recipients",
                format!("no dialog has the label `{}`", label.name),
            );
        }
        let backend = self.connection.backend_chat_id.unwrap_or_default();
        let source = self
            .gateway
            .send_html(backend, None, None, &escape_html(text))
            .await?;
        let broadcast = self
            .db()
            .await?
            .broadcasts()
            .create(NewBroadcast {
                connection_id: self.id(),
                source_chat_id: backend,
                source_msg_ids: vec![source],
                audience,
                created_by: ANONYMOUS_OPERATOR,
            })
            .await?;
        self.db()
            .await?
            .broadcasts()
            .start(broadcast.id, &recipients)
            .await?;
        let started = self
            .db()
            .await?
            .broadcasts()
            .get(broadcast.id)
            .await?
            .unwrap_or(broadcast);
        let (html, buttons) = self.card(&started).await?;
        let html = format!("{}\n{html}", self.team.operator_lang.text("relay-api-by"));
        let card = self
            .gateway
            .send_buttons(backend, None, Some(source), &html, &buttons)
            .await?;
        self.db()
            .await?
            .broadcasts()
            .set_card(started.id, card)
            .await?;
        self.spawn_runner(started.id).await;
        Ok(Ok(
            json!({ "broadcast_id": started.id, "recipients": recipients.len() }),
        ))
    }
}

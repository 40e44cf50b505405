//! The worker's side of WEBHOOKS: its deliverer, the rows its changes queue, and topic commands
//! posted to receivers.

use std::sync::Arc;

use i18n::escape_html;
use storage::Dialog;
use storage::params::WebhookEvent;

use super::{Worker, WorkerError};
use crate::gateway::{Gateway, GroupMessage};
use crate::logic::commands::command_name;
use crate::webhooks::body::{Detail, OperatorRef};
use crate::webhooks::http::HookClient;
use crate::webhooks::{Announcer, Deliverer, WebhookOptions, command, sign};

impl Worker {
    /// How this worker delivers webhooks (the supervisor's settings); starts delivering.
    pub fn set_webhook_options(&mut self, options: WebhookOptions) {
        self.webhook_options = options;
        self.deliverer = None;
        self.hook_client = None;
        self.refresh_webhooks();
    }

    /// Starts or stops the deliverer as WEBHOOKS is set or cleared.
    pub(super) fn refresh_webhooks(&mut self) {
        let on = !self.params.webhooks.is_off();
        if on && self.deliverer.is_none() {
            self.deliverer = Some(Deliverer::start(
                self.storage.clone(),
                self.id(),
                self.webhook_options.clone(),
            ));
        } else if !on {
            self.deliverer = None;
        }
    }

    /// Rows for URLs no longer listed are dropped, so a URL added back later does not receive
    /// a backlog from before.
    pub(super) async fn drop_unlisted_hooks(&mut self) -> Result<(), WorkerError> {
        let listed: Vec<String> = self.params.webhooks.0.keys().cloned().collect();
        self.db()
            .await?
            .webhooks()
            .drop_unlisted(self.id(), &listed)
            .await?;
        Ok(())
    }

    pub(super) fn announcer(&self) -> Announcer {
        Announcer {
            connection: self.connection.clone(),
            params: self.params.clone(),
            wake: self.deliverer.as_ref().map(Deliverer::waker),
        }
    }

    /// The rows of one event, built only when some URL listens to it.
    pub(super) fn hook_rows(
        &self,
        event: WebhookEvent,
        dialog: Option<&Dialog>,
        detail: Detail,
    ) -> Vec<storage::Outgoing> {
        if self.params.webhooks.is_off() {
            return Vec::new();
        }
        crate::webhooks::body::outgoing(event, &self.connection, dialog, &self.params, &detail)
    }

    /// `label_added` and `label_removed` for a dialog's labels going from its current ones to
    /// `labels` (a label that replaces others shows as one added and the others removed).
    pub(super) fn label_hooks(&self, dialog: &Dialog, labels: &[String]) -> Vec<storage::Outgoing> {
        if self.params.webhooks.is_off() {
            return Vec::new();
        }
        let after = Dialog {
            labels: labels.to_vec(),
            ..dialog.clone()
        };
        let added = labels.iter().filter(|l| !dialog.labels.contains(l));
        let removed = dialog.labels.iter().filter(|l| !labels.contains(l));
        let mut rows = Vec::new();
        for name in added {
            rows.extend(self.hook_rows(
                WebhookEvent::LabelAdded,
                Some(&after),
                Detail::Label(name.clone()),
            ));
        }
        for name in removed {
            rows.extend(self.hook_rows(
                WebhookEvent::LabelRemoved,
                Some(&after),
                Detail::Label(name.clone()),
            ));
        }
        rows
    }

    /// Webhook rows were committed: the deliverer sends them now.
    pub(super) fn hooks_announced(&self) {
        if let Some(deliverer) = &self.deliverer {
            deliverer.wake();
        }
    }

    /// `rows` were committed: the deliverer sends them now (if there are any).
    pub(super) fn hooks_queued(&self, rows: &[storage::Outgoing]) {
        if !rows.is_empty() {
            self.hooks_announced();
        }
    }

    /// An operator's `/command` that WEBHOOKS lists: posted to its URLs in a task of its own (a
    /// slow receiver never holds up the relay), and the first answer is the reply in the topic.
    pub(super) fn post_command(&mut self, dialog: &Dialog, message: &GroupMessage) {
        let Some(name) = command_name(&message.text, self.me.username.as_deref()) else {
            return;
        };
        let urls: Vec<String> = self
            .params
            .webhooks
            .urls_for_command(&name)
            .map(str::to_owned)
            .collect();
        let Some(topic) = message.topic_id else {
            return;
        };
        if urls.is_empty() {
            return;
        }
        let client = match &self.hook_client {
            Some(client) => client.clone(),
            None => match HookClient::new(
                self.webhook_options.command_timeout,
                self.webhook_options.allow_private,
            ) {
                Ok(client) => {
                    self.hook_client = Some(client.clone());
                    client
                }
                Err(err) => {
                    tracing::warn!(error = %err, "webhooks: no HTTP client for commands");
                    return;
                }
            },
        };
        let id = command::command_id(&self.connection, message.msg_id);
        let at = storage::now();
        let operator = OperatorRef {
            id: message.sender.id,
            name: message.sender.full_name(),
        };
        let body = command::body(
            &id,
            at,
            &self.connection,
            dialog,
            &self.params,
            &name,
            &message.text,
            message.msg_id,
            &operator,
        )
        .to_string();
        let storage = self.storage.clone();
        let connection = self.id();
        let gateway: Arc<dyn Gateway> = Arc::clone(&self.gateway);
        let (chat, msg_id) = (message.chat_id, message.msg_id);
        let timeout = self.webhook_options.command_timeout;
        tokio::spawn(async move {
            let secret = match storage.webhooks().ensure_signing_secret(connection).await {
                Ok((secret, _)) => secret,
                Err(err) => {
                    tracing::warn!(error = %err, "webhooks: no signing secret for a command");
                    return;
                }
            };
            let headers = {
                use secrecy::ExposeSecret as _;
                sign::headers(secret.expose_secret(), &id, at, &body)
            };
            let Ok(headers) = headers else {
                tracing::error!("webhooks: the signing secret is malformed");
                return;
            };
            for url in urls {
                let posted =
                    tokio::time::timeout(timeout, client.post(&url, &headers, body.clone()));
                let answer = match posted.await {
                    Ok(Ok(answer)) => answer,
                    Ok(Err(err)) => {
                        tracing::info!(error = %err, "webhooks: a command's receiver failed");
                        continue;
                    }
                    Err(_) => {
                        tracing::info!("webhooks: a command's receiver did not answer in time");
                        continue;
                    }
                };
                let Some(reply) = command::reply_of(&answer) else {
                    continue;
                };
                // The receiver's HTML, or its text as plain text when Telegram refuses the markup.
                if gateway
                    .send_html(chat, Some(topic), Some(msg_id), &reply)
                    .await
                    .is_err()
                {
                    let plain = escape_html(&reply).into_owned();
                    if let Err(err) = gateway
                        .send_html(chat, Some(topic), Some(msg_id), &plain)
                        .await
                    {
                        tracing::warn!(error = %err, "webhooks: cannot post a command's answer");
                    }
                }
                return;
            }
        });
    }
}

//! Carrying out a plan: each `logic::Step` done against Telegram and the database, and what it
//! records (links, counters, webhook rows) handed to the journal when the plan ends.

use super::*;

impl Worker {
    /// Carries out a plan, step by step, then writes what it recorded in one go (also when a
    /// step failed: what was sent is recorded as sent).
    pub(super) async fn execute(
        &mut self,
        steps: Vec<Step>,
        target: &mut Target,
    ) -> Result<(), WorkerError> {
        let result = self.execute_steps(steps, target).await;
        let handed = self.hand_over().await;
        result.and(handed)
    }

    pub(super) async fn execute_steps(
        &mut self,
        steps: Vec<Step>,
        target: &mut Target,
    ) -> Result<(), WorkerError> {
        let id = self.id();
        let backend = self.connection.backend_chat_id.unwrap_or_default();
        let user = target.user.id;
        let now = storage::now();
        for step in steps {
            // A step that writes on its own comes after what was recorded before it (webhook
            // events keep the order things happened in).
            if matches!(
                step,
                Step::CreateDialog
                    | Step::CreateTopic { .. }
                    | Step::Ban
                    | Step::Unban
                    | Step::SendPrivately { .. }
            ) {
                self.write_records().await?;
            }
            match step {
                Step::CreateDialog => {
                    let (dialog, _) = self
                        .db()
                        .await?
                        .dialogs()
                        .get_or_create(NewDialog {
                            connection_id: id,
                            user_id: user,
                            display_name: target.user.full_name(),
                            username: target.user.username.clone(),
                            language: target.user.language.clone(),
                            start_param: target.start_param.clone(),
                        })
                        .await?;
                    target.dialog = Some(dialog);
                }
                Step::CreateTopic { title, icon_color } => {
                    let topic = self
                        .gateway
                        .create_topic(backend, &title, icon_color.rgb())
                        .await?;
                    if let Some(dialog) = &mut target.dialog {
                        dialog.topic_id = Some(topic);
                    }
                    // Announced with its first topic, so the event carries the topic's id.
                    let created = self.hook_rows(
                        WebhookEvent::DialogCreated,
                        target.dialog.as_ref(),
                        Detail::None,
                    );
                    self.db()
                        .await?
                        .dialogs()
                        .set_topic_announcing(id, user, Some(topic), &created)
                        .await?;
                    self.hooks_queued(&created);
                }
                Step::RenameTopic { title } => {
                    let topic = self.topic(target).await?;
                    match self.gateway.rename_topic(backend, topic, &title).await {
                        Err(GatewayError::TopicDeleted) => {
                            self.recreate_topic(target, &title).await?;
                        }
                        other => other?,
                    }
                }
                Step::SetStatus(status) => {
                    let before = target.dialog.as_ref().map(|d| d.status);
                    if let Some(dialog) = &mut target.dialog {
                        dialog.status = status;
                        dialog.status_since = now;
                    }
                    // Recorded with the plan's other records (a conversation changes the status
                    // with every message: written on its own, each would wait for the window);
                    // its webhook rows follow the message's own in the same batch.
                    let hooks = self.status_hooks(target.dialog.as_ref(), before, status);
                    self.pending.push(storage::Record::Status {
                        connection: id,
                        user_id: user,
                        status,
                        at: now,
                        hooks,
                    });
                    self.log_status_change(target, before, status, now).await?;
                }
                Step::CopyToTopic {
                    user_msg_id,
                    reply_to,
                    direction,
                } => {
                    self.copy_to_topic(target, user_msg_id, reply_to, direction)
                        .await?;
                }
                Step::CopyToUser {
                    group_msg_id,
                    reply_to,
                } => {
                    let topic = self.topic(target).await?;
                    let album = target.album.clone();
                    let parts: Vec<i64> = std::iter::once(group_msg_id)
                        .chain(album.iter().copied())
                        .collect();
                    self.intend_copy(target, &parts).await?;
                    match self
                        .copy(backend, group_msg_id, &album, user, None, reply_to, None)
                        .await
                    {
                        Ok(pairs) => {
                            // The first answer since the user wrote ends their wait.
                            let mut waited_since = target
                                .dialog
                                .as_ref()
                                .filter(|d| d.status == DialogStatus::UserAnswered)
                                .map(|d| d.status_since);
                            let operator_id = target.actor.operator_id();
                            for (group_msg, user_msg) in pairs {
                                let answer = Answer {
                                    operator_id,
                                    waited_since: waited_since.take(),
                                };
                                let hooks = self.message_hooks(
                                    WebhookEvent::MessageSent,
                                    target,
                                    user_msg,
                                    group_msg,
                                );
                                let link = NewLink {
                                    connection: id,
                                    user_id: user,
                                    user_msg_id: user_msg,
                                    group_msg_id: group_msg,
                                    direction: Direction::Out,
                                };
                                self.record_link(link, Some(answer), hooks);
                                self.relayed_now = true;
                            }
                        }
                        // Passing faults: the update is retried (and a copy that did arrive is not repeated).
                        Err(err @ (GatewayError::Network | GatewayError::FloodWait { .. })) => {
                            return Err(err.into());
                        }
                        Err(err) => {
                            self.forget_copy(user, &parts).await?;
                            let html = self.delivery_problem(&err);
                            self.gateway
                                .send_html(backend, Some(topic), Some(group_msg_id), &html)
                                .await?;
                        }
                    }
                }
                Step::SendToUser { html } => {
                    match self.gateway.send_html(user, None, None, &html).await {
                        Ok(_) => {}
                        Err(GatewayError::Blocked) => {
                            let topic = self.topic(target).await?;
                            let notice = self.delivery_problem(&GatewayError::Blocked);
                            self.gateway
                                .send_html(backend, Some(topic), None, &notice)
                                .await?;
                        }
                        Err(err) => return Err(err.into()),
                    }
                }
                Step::PostInTopic { html } => {
                    let topic = self.topic(target).await?;
                    self.gateway
                        .send_html(backend, Some(topic), None, &html)
                        .await?;
                }
                Step::ReplyInTopic { group_msg_id, html } => {
                    let topic = self.topic(target).await?;
                    self.gateway
                        .send_html(backend, Some(topic), Some(group_msg_id), &html)
                        .await?;
                }
                Step::CountUserMessage => {
                    self.pending.push(storage::Record::UserMessage {
                        connection: id,
                        user_id: user,
                        at: now,
                    });
                    if let Some(dialog) = &mut target.dialog {
                        dialog.messages_from_user += 1;
                        dialog.last_user_at = Some(now);
                    }
                }
                Step::CountOperatorMessage => {
                    self.pending.push(storage::Record::OperatorMessage {
                        connection: id,
                        user_id: user,
                        at: now,
                    });
                    if let Some(dialog) = &mut target.dialog {
                        dialog.messages_from_operators += 1;
                        dialog.last_operator_at = Some(now);
                    }
                }
                Step::Ban | Step::Unban => {
                    let ban = step == Step::Ban;
                    self.db().await?.dialogs().set_banned(id, user, ban).await?;
                    let mut ignored = self.params.ignore_chats.clone();
                    if ban {
                        ignored.0.insert(user);
                    } else {
                        ignored.0.remove(&user);
                    }
                    let value = storage::params::ParamValue::IgnoreChats(ignored);
                    self.db().await?.parameters().set(id, &value).await?;
                    self.params.set(value);
                    if let Some(dialog) = &mut target.dialog {
                        dialog.banned = ban;
                    }
                }
                Step::SendPrivately { to, html } => {
                    let payload = serde_json::json!({ "to": to, "html": html });
                    self.db()
                        .await?
                        .events()
                        .emit(id, EventKind::Notice, payload)
                        .await?;
                }
            }
        }
        Ok(())
    }

    /// `dialog_status_changed`, and `dialog_closed` or `dialog_reopened`, for a status change.
    pub(super) fn status_hooks(
        &self,
        dialog: Option<&Dialog>,
        before: Option<DialogStatus>,
        after: DialogStatus,
    ) -> Vec<storage::Outgoing> {
        if self.params.webhooks.is_off() || before == Some(after) {
            return Vec::new();
        }
        let detail = Detail::Status {
            from: before,
            to: after,
        };
        let mut rows = self.hook_rows(WebhookEvent::DialogStatusChanged, dialog, detail.clone());
        let also = match (before, after) {
            (Some(DialogStatus::Closed), _) => Some(WebhookEvent::DialogReopened),
            (_, DialogStatus::Closed) => Some(WebhookEvent::DialogClosed),
            _ => None,
        };
        if let Some(event) = also {
            rows.extend(self.hook_rows(event, dialog, detail));
        }
        rows
    }

    /// A relayed message's event. Album parts after the first carry no text of their own.
    pub(super) fn message_hooks(
        &self,
        event: WebhookEvent,
        target: &Target,
        user_msg: i64,
        group_msg: i64,
    ) -> Vec<storage::Outgoing> {
        if self.params.webhooks.is_off() {
            return Vec::new();
        }
        let said = target.said.clone().unwrap_or_default();
        let first = !target.album.contains(&user_msg) && !target.album.contains(&group_msg);
        let operator = match target.actor {
            Actor::Operator(operator) if event == WebhookEvent::MessageSent => Some(OperatorRef {
                id: operator,
                name: said.sender_name.clone(),
            }),
            _ => None,
        };
        let message = MessageRef {
            text: if first { said.text } else { String::new() },
            media: said.media,
            user_chat_message_id: user_msg,
            topic_message_id: group_msg,
            operator,
        };
        self.hook_rows(event, target.dialog.as_ref(), Detail::Message(message))
    }

    /// Logs a close or a reopen for analytics: who closed (an operator, or AUTOCLOSE), who reopened.
    pub(super) async fn log_status_change(
        &mut self,
        target: &Target,
        before: Option<DialogStatus>,
        after: DialogStatus,
        at: i64,
    ) -> Result<(), WorkerError> {
        let kind = match (before, after) {
            (Some(DialogStatus::Closed), DialogStatus::Closed) => return Ok(()),
            (Some(DialogStatus::Closed), _) => DialogEventKind::Reopened,
            (_, DialogStatus::Closed) => DialogEventKind::Closed,
            _ => return Ok(()),
        };
        let by = match target.actor {
            Actor::User => Some(target.user.id),
            Actor::Operator(id) => Some(id),
            Actor::Autoclose => None,
        };
        self.db()
            .await?
            .analytics()
            .record_dialog_event(self.id(), target.user.id, kind, by, at)
            .await?;
        Ok(())
    }

    /// The dialog's topic, created when it has none (first message after a deletion).
    pub(super) async fn topic(&mut self, target: &mut Target) -> Result<i64, WorkerError> {
        if let Some(topic) = target.dialog.as_ref().and_then(|d| d.topic_id) {
            return Ok(topic);
        }
        let status = target
            .dialog
            .as_ref()
            .map_or(DialogStatus::UserAnswered, |d| d.status);
        let tickers = self.tickers_of(target.dialog.as_ref());
        let title = logic::topic_title(status, &self.shown_name(&target.user), &tickers);
        self.recreate_topic(target, &title).await
    }

    pub(super) async fn recreate_topic(
        &mut self,
        target: &mut Target,
        title: &str,
    ) -> Result<i64, WorkerError> {
        let backend = self.connection.backend_chat_id.unwrap_or_default();
        let topic = self
            .gateway
            .create_topic(backend, title, self.params.icon_color.rgb())
            .await?;
        self.db()
            .await?
            .dialogs()
            .set_topic(self.id(), target.user.id, Some(topic))
            .await?;
        if let Some(dialog) = &mut target.dialog {
            dialog.topic_id = Some(topic);
        }
        Ok(topic)
    }

    /// Copies a user's (or an intercepted) message into the topic: recreates a deleted topic,
    /// reopens a closed one, and turns an uncopyable message into a notice instead of a drop.
    pub(super) async fn copy_to_topic(
        &mut self,
        target: &mut Target,
        user_msg_id: i64,
        reply_to: Option<i64>,
        direction: Direction,
    ) -> Result<(), WorkerError> {
        let (id, user) = (self.id(), target.user.id);
        let backend = self.connection.backend_chat_id.unwrap_or_default();
        let note = (direction == Direction::Intercepted).then(|| {
            self.team.operator_lang.text_with(
                "relay-intercepted",
                &[("name", escape_html(&self.me.title).into_owned())],
            )
        });
        let mut reply_to = reply_to;
        for attempt in 0..3 {
            let topic = self.topic(target).await?;
            let album = target.album.clone();
            match self
                .copy(
                    user,
                    user_msg_id,
                    &album,
                    backend,
                    Some(topic),
                    reply_to,
                    note.as_deref(),
                )
                .await
            {
                Ok(pairs) => {
                    let event = match direction {
                        Direction::Intercepted => WebhookEvent::MessageIntercepted,
                        _ => WebhookEvent::MessageReceived,
                    };
                    for (user_msg, group_msg) in pairs {
                        let hooks = self.message_hooks(event, target, user_msg, group_msg);
                        let link = NewLink {
                            connection: id,
                            user_id: user,
                            user_msg_id: user_msg,
                            group_msg_id: group_msg,
                            direction,
                        };
                        self.record_link(link, None, hooks);
                    }
                    return Ok(());
                }
                Err(GatewayError::TopicDeleted) if attempt < 2 => {
                    // The old topic's messages are gone with it: replies into it cannot be kept.
                    self.db().await?.dialogs().set_topic(id, user, None).await?;
                    if let Some(dialog) = &mut target.dialog {
                        dialog.topic_id = None;
                    }
                    reply_to = None;
                }
                Err(GatewayError::TopicClosed) if attempt < 2 => {
                    self.gateway.reopen_topic(backend, topic).await?
                }
                Err(GatewayError::CannotCopy) => {
                    let notice = self.team.operator_lang.text("relay-unsupported-content");
                    self.gateway
                        .send_html(backend, Some(topic), None, &notice)
                        .await?;
                    if !self.params.silent_mode && direction == Direction::In {
                        let lang = Lang::from_code(target.user.language.as_deref());
                        let _ = self
                            .gateway
                            .send_html(
                                user,
                                None,
                                Some(user_msg_id),
                                &lang.text("relay-user-delivery-failed"),
                            )
                            .await;
                    }
                    return Ok(());
                }
                Err(err) => return Err(err.into()),
            }
        }
        Ok(())
    }

    /// A copy's link (with the answer and its webhook rows), written when the plan ends.
    pub(super) fn record_link(
        &mut self,
        link: NewLink,
        answer: Option<Answer>,
        hooks: Vec<storage::Outgoing>,
    ) {
        self.pending.push(storage::Record::Link {
            link,
            answer,
            hooks,
        });
    }

    /// Copies one message, or the album it opens, keeping an album together. Returns
    /// (original, copy) pairs.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn copy(
        &self,
        from_chat: i64,
        first: i64,
        album: &[i64],
        to_chat: i64,
        topic: Option<i64>,
        reply_to: Option<i64>,
        note: Option<&str>,
    ) -> Result<Vec<(i64, i64)>, GatewayError> {
        let dedup = dedup_key(self.id().0, from_chat, first, to_chat);
        let result = if album.is_empty() {
            self.gateway
                .copy_message(from_chat, first, to_chat, topic, reply_to, note, dedup)
                .await
                .map(|copy| vec![(first, copy)])
        } else {
            if let Some(note) = note {
                self.gateway.send_html(to_chat, topic, None, note).await?;
            }
            let ids: Vec<i64> = std::iter::once(first)
                .chain(album.iter().copied())
                .collect();
            self.gateway
                .copy_album(from_chat, &ids, to_chat, topic, reply_to, dedup)
                .await
                .map(|copies| ids.into_iter().zip(copies).collect())
        };
        match result {
            // An earlier attempt was delivered and only its answer was lost: delivered once, and
            // without the copy's id there is nothing to link.
            Err(GatewayError::AlreadySent) => Ok(Vec::new()),
            other => other,
        }
    }

    /// The notice for an operator message that did not reach the user.
    pub(super) fn delivery_problem(&self, err: &GatewayError) -> String {
        let lang = self.team.operator_lang;
        match err {
            GatewayError::Blocked => lang.text_with(
                "relay-user-blocked",
                &[("name", escape_html(&self.me.title).into_owned())],
            ),
            GatewayError::CannotCopy => lang.text("relay-unsupported-content"),
            other => lang.text_with(
                "relay-not-delivered",
                &[("reason", escape_html(&other.to_string()).into_owned())],
            ),
        }
    }
}

/// The same number for every attempt at the same copy (not the process's random hasher: a
/// restarted relay must derive the same key), used as Telegram's random_id.
fn dedup_key(connection: i64, from_chat: i64, msg_id: i64, to_chat: i64) -> i64 {
    crate::gateway::stable_random_id(
        0x9E37_79B9_7F4A_7C15,
        &[connection, from_chat, msg_id, to_chat],
    )
}

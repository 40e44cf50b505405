//! The module commands in the shell: `/send`, `/mark`, `/export` and `/new` in the General
//! topic, `/mark` in a user's topic, and broadcast buttons. What to do is decided by
//! `logic::general`, `logic::labels`, `logic::broadcast` and `logic::export`; this carries it out.

use i18n::escape_html;
use storage::{
    Broadcast, BroadcastAudience, BroadcastStatus, Dialog, DialogStatus, NewBroadcast, NewDialog,
};

use super::{Worker, WorkerError, person_of};
use crate::gateway::{CallbackQuery, GatewayError, GroupMessage};
use crate::logic::broadcast::{self as plan, CardView};
use crate::logic::general::{
    AudienceArg, BroadcastAction, MarkCommand, Misuse, ModuleCommand, SendCommand, UserRef,
    parse_id_list, parse_module_command,
};
use crate::logic::labels::{apply_label, find_label, label_counts, label_list, remove_label};
use crate::logic::{self, export};

/// The largest uploaded id list read (about 50,000 ids).
const MAX_LIST_BYTES: usize = 1 << 20;
/// Albums remembered for `/send`.
const MAX_ALBUMS: usize = 1_000;

/// Where an answer goes: a reply to a command, or the notice of a button press.
#[derive(Clone, Copy)]
enum Via {
    Command(i64),
    Button(i64),
}

impl Worker {
    fn may_use_modules(&self, user: i64) -> bool {
        self.params
            .extensions_allowed
            .allows(user, self.connection.owner_id)
    }

    fn backend(&self) -> i64 {
        self.connection.backend_chat_id.unwrap_or_default()
    }

    /// Answers in the General topic, as a reply to the operator's command.
    async fn reply_general(&self, msg_id: i64, html: &str) -> Result<(), WorkerError> {
        self.gateway
            .send_html(self.backend(), None, Some(msg_id), html)
            .await?;
        Ok(())
    }

    async fn answer(&self, via: Via, id: &str, args: &[(&str, String)]) -> Result<(), WorkerError> {
        let text = self.team.operator_lang.text_with(id, args);
        match via {
            Via::Command(msg) => self.reply_general(msg, &text).await,
            Via::Button(query) => {
                // A notice on the presser's screen is plain text.
                let plain = i18n::plain_text(&text);
                self.gateway.answer_callback(query, Some(&plain)).await?;
                Ok(())
            }
        }
    }

    fn misuse_text(&self, misuse: &Misuse) -> String {
        let lang = self.team.operator_lang;
        match misuse {
            Misuse::Usage(id) => lang.text(id),
            Misuse::BadLabelName(name) => lang.text_with(
                "relay-label-name-rules",
                &[("name", escape_html(name).into_owned())],
            ),
            Misuse::BadTicker(ticker) => lang.text_with(
                "relay-label-ticker-rules",
                &[("ticker", escape_html(ticker).into_owned())],
            ),
            Misuse::BadTarget(target) => lang.text_with(
                "relay-new-usage-bad",
                &[("target", escape_html(target).into_owned())],
            ),
        }
    }

    /// A message in the General topic: a module command, or nothing to do.
    pub(super) async fn on_general(&mut self, message: GroupMessage) -> Result<(), WorkerError> {
        if !message.album.is_empty() {
            self.remember_album(&message);
        }
        let Some(parsed) = parse_module_command(&message.text, self.me.username.as_deref(), false)
        else {
            return Ok(());
        };
        if !self.may_use_modules(message.sender.id) {
            let id = match parsed {
                Ok(ModuleCommand::Stats { .. }) => "relay-stats-not-allowed",
                _ => "relay-modules-not-allowed",
            };
            let html = self.team.operator_lang.text(id);
            return self.reply_general(message.msg_id, &html).await;
        }
        let command = match parsed {
            Ok(command) => command,
            Err(misuse) => {
                let html = self.misuse_text(&misuse);
                return self.reply_general(message.msg_id, &html).await;
            }
        };
        match command {
            ModuleCommand::Send(send) => self.on_send(&message, send).await,
            ModuleCommand::Mark(mark) => self.mark_in_general(&message, mark).await,
            ModuleCommand::Export { json, label } => {
                self.export(&message, json, label.as_deref()).await
            }
            ModuleCommand::New(who) => self.open_dialog(&message, &who).await,
            ModuleCommand::Stats { days } => self.stats(&message, days).await,
        }
    }

    fn remember_album(&mut self, message: &GroupMessage) {
        if self.general_albums.len() >= MAX_ALBUMS {
            self.general_albums.clear();
        }
        let ids: Vec<i64> = std::iter::once(message.msg_id)
            .chain(message.album.iter().copied())
            .collect();
        for id in &ids {
            self.general_albums.insert(*id, ids.clone());
        }
    }

    // ---- /send ----

    async fn on_send(
        &mut self,
        message: &GroupMessage,
        send: SendCommand,
    ) -> Result<(), WorkerError> {
        let current = self.db().await?.broadcasts().unfinished(self.id()).await?;
        let via = Via::Command(message.msg_id);
        match send {
            SendCommand::Action(action) => match current {
                Some(broadcast) => {
                    self.broadcast_action(broadcast, action, message.sender.id, via)
                        .await
                }
                None => self.answer(via, "relay-send-none", &[]).await,
            },
            SendCommand::Audience(audience) => match (current, message.reply_to) {
                (Some(draft), _) if draft.status == BroadcastStatus::Draft => {
                    self.set_audience(message, draft, audience).await
                }
                (Some(busy), _) => {
                    self.answer(via, "relay-send-busy", &[("id", busy.id.to_string())])
                        .await
                }
                (None, None) => self.answer(via, "relay-send-usage", &[]).await,
                (None, Some(_)) if audience == AudienceArg::List => {
                    self.answer(via, "relay-send-list-needs-draft", &[]).await
                }
                (None, Some(content)) => self.compose(message, content, audience).await,
            },
        }
    }

    /// `/send` in reply to a message: a draft broadcast of it, with its progress message.
    async fn compose(
        &mut self,
        message: &GroupMessage,
        content: i64,
        audience: AudienceArg,
    ) -> Result<(), WorkerError> {
        let audience = match audience {
            AudienceArg::Label(name) => match find_label(&self.labels, &name) {
                Some(label) => BroadcastAudience::Label(label.name.clone()),
                None => return self.unknown_label(message.msg_id, &name).await,
            },
            AudienceArg::All | AudienceArg::List => BroadcastAudience::All,
        };
        let source = self
            .general_albums
            .get(&content)
            .cloned()
            .unwrap_or_else(|| vec![content]);
        let broadcast = self
            .db()
            .await?
            .broadcasts()
            .create(NewBroadcast {
                connection_id: self.id(),
                source_chat_id: self.backend(),
                source_msg_ids: source,
                audience,
                created_by: message.sender.id,
            })
            .await?;
        let (html, buttons) = self.card(&broadcast).await?;
        let card = self
            .gateway
            .send_buttons(self.backend(), None, Some(message.msg_id), &html, &buttons)
            .await?;
        self.db()
            .await?
            .broadcasts()
            .set_card(broadcast.id, card)
            .await?;
        Ok(())
    }

    async fn set_audience(
        &mut self,
        message: &GroupMessage,
        draft: Broadcast,
        audience: AudienceArg,
    ) -> Result<(), WorkerError> {
        let via = Via::Command(message.msg_id);
        let audience = match audience {
            AudienceArg::All => BroadcastAudience::All,
            AudienceArg::Label(name) => match find_label(&self.labels, &name) {
                Some(label) => BroadcastAudience::Label(label.name.clone()),
                None => return self.unknown_label(message.msg_id, &name).await,
            },
            AudienceArg::List => {
                let Some(list) = message.reply_to else {
                    return self.answer(via, "relay-send-list-needs-reply", &[]).await;
                };
                let bytes = match self
                    .gateway
                    .download(self.backend(), list, MAX_LIST_BYTES)
                    .await
                {
                    Ok(bytes) => bytes,
                    Err(GatewayError::TooLarge) => {
                        return self.answer(via, "relay-send-list-too-large", &[]).await;
                    }
                    Err(GatewayError::NotFound) => {
                        return self.answer(via, "relay-send-list-empty", &[]).await;
                    }
                    Err(err) => return Err(err.into()),
                };
                let (ids, _) = parse_id_list(&String::from_utf8_lossy(&bytes));
                if ids.is_empty() {
                    return self.answer(via, "relay-send-list-empty", &[]).await;
                }
                BroadcastAudience::List(ids)
            }
        };
        if !self
            .db()
            .await?
            .broadcasts()
            .set_audience(draft.id, &audience)
            .await?
        {
            return self.answer(via, "relay-send-not-draft", &[]).await;
        }
        let Some(updated) = self.db().await?.broadcasts().get(draft.id).await? else {
            return Ok(());
        };
        self.refresh_card(&updated).await?;
        let size = self.audience(&updated.audience).await?.len();
        self.answer(
            via,
            "relay-send-audience-set",
            &[("size", size.to_string())],
        )
        .await
    }

    /// The users a broadcast goes to now: banned and ignored users never get one.
    pub(super) async fn audience(
        &mut self,
        audience: &BroadcastAudience,
    ) -> Result<Vec<i64>, WorkerError> {
        let db = self.db().await?;
        let ignored = |user: i64| self.params.ignore_chats.contains(user);
        let users = match audience {
            BroadcastAudience::List(ids) => ids.iter().copied().filter(|u| !ignored(*u)).collect(),
            wanted => {
                let label = match wanted {
                    BroadcastAudience::Label(label) => Some(label.to_lowercase()),
                    _ => None,
                };
                db.dialogs()
                    .list(self.id())
                    .await?
                    .into_iter()
                    .filter(|d| !d.banned && !ignored(d.user_id))
                    .filter(|d| {
                        label
                            .as_ref()
                            .is_none_or(|l| d.labels.iter().any(|x| x.to_lowercase() == *l))
                    })
                    .map(|d| d.user_id)
                    .collect()
            }
        };
        Ok(users)
    }

    /// The progress message's text and buttons for a broadcast as it is now.
    pub(super) async fn card(
        &mut self,
        broadcast: &Broadcast,
    ) -> Result<(String, Vec<Vec<plan::Button>>), WorkerError> {
        let tally = self.db().await?.broadcasts().tally(broadcast.id).await?;
        let size = if broadcast.status == BroadcastStatus::Draft {
            self.audience(&broadcast.audience).await?.len() as u64
        } else {
            tally.total()
        };
        let view = CardView {
            id: broadcast.id,
            status: broadcast.status,
            audience: &broadcast.audience,
            audience_size: size,
            tally,
            rate: None,
            is_bot: self.me.is_bot,
        };
        let lang = self.team.operator_lang;
        Ok((
            plan::card(lang, &view),
            plan::buttons(lang, broadcast.id, broadcast.status, self.me.is_bot),
        ))
    }

    async fn refresh_card(&mut self, broadcast: &Broadcast) -> Result<(), WorkerError> {
        let Some(card) = broadcast.card_msg_id else {
            return Ok(());
        };
        let (html, buttons) = self.card(broadcast).await?;
        match self
            .gateway
            .edit_html(self.backend(), card, &html, &buttons)
            .await
        {
            Ok(()) | Err(GatewayError::NotFound) => Ok(()),
            Err(err) => Err(err.into()),
        }
    }

    /// A button under a progress message.
    pub(super) async fn on_callback(&mut self, query: CallbackQuery) -> Result<(), WorkerError> {
        let via = Via::Button(query.query_id);
        let Some((id, action)) = plan::parse_button_data(&query.data) else {
            self.gateway.answer_callback(query.query_id, None).await?;
            return Ok(());
        };
        if !self.may_use_modules(query.sender.id) {
            return self.answer(via, "relay-modules-not-allowed", &[]).await;
        }
        // Only the progress message of one of this connection's broadcasts carries these.
        let broadcast = self.db().await?.broadcasts().get(id).await?.filter(|b| {
            b.connection_id == self.id()
                && Some(query.chat_id) == self.connection.backend_chat_id
                && b.card_msg_id == Some(query.msg_id)
        });
        let Some(broadcast) = broadcast else {
            return self.answer(via, "relay-send-none", &[]).await;
        };
        self.broadcast_action(broadcast, action, query.sender.id, via)
            .await
    }

    /// Test, start, pause, resume or cancel, from a command or a button.
    async fn broadcast_action(
        &mut self,
        broadcast: Broadcast,
        action: BroadcastAction,
        actor: i64,
        via: Via,
    ) -> Result<(), WorkerError> {
        let id = broadcast.id;
        let to = match plan::decide(broadcast.status, action) {
            Ok(to) => to,
            Err(refusal) => return self.answer(via, refusal, &[("id", id.to_string())]).await,
        };
        let Some(to) = to else {
            return self.test_send(&broadcast, actor, via).await;
        };
        let moved = if broadcast.status == BroadcastStatus::Draft && to == BroadcastStatus::Running
        {
            let recipients = self.audience(&broadcast.audience).await?;
            if recipients.is_empty() {
                return self.answer(via, "relay-send-nobody", &[]).await;
            }
            self.db().await?.broadcasts().start(id, &recipients).await?
        } else {
            self.db()
                .await?
                .broadcasts()
                .transition(id, plan::sources(action), to)
                .await?
        };
        if !moved {
            // Another operator (or the broadcast finishing) got there first.
            return self
                .answer(via, "relay-send-finished", &[("id", id.to_string())])
                .await;
        }
        let Some(now) = self.db().await?.broadcasts().get(id).await? else {
            return Ok(());
        };
        let sending = self.is_sending(id).await;
        match to {
            BroadcastStatus::Running => self.spawn_runner(id).await,
            // With no task sending it, the report is posted here; otherwise the task posts it
            // when it sees the cancellation, after its last send.
            BroadcastStatus::Cancelled if !sending => {
                self.runner().post_report(&now).await.map_err(run_error)?;
            }
            _ => {}
        }
        self.refresh_card(&now).await?;
        let done = format!("relay-send-{}-ok", action.as_str());
        self.answer(via, &done, &[("id", id.to_string())]).await
    }

    /// [Test]: the broadcast's message, sent to the operator who asked, as users will see it.
    async fn test_send(
        &self,
        broadcast: &Broadcast,
        actor: i64,
        via: Via,
    ) -> Result<(), WorkerError> {
        let mut random = [0u8; 8];
        getrandom::fill(&mut random).expect("the operating system's random source is unavailable");
        let dedup = i64::from_le_bytes(random);
        let result =
            crate::broadcaster::copy_content(self.gateway.as_ref(), broadcast, actor, dedup).await;
        match result {
            Ok(()) => self.answer(via, "relay-send-test-ok", &[]).await,
            Err(GatewayError::Blocked | GatewayError::NotAllowed | GatewayError::NotFound) => {
                let name = escape_html(&self.me.title).into_owned();
                self.answer(via, "relay-send-test-unreachable", &[("name", name)])
                    .await
            }
            Err(err) => Err(err.into()),
        }
    }

    // ---- /mark ----

    async fn unknown_label(&self, msg_id: i64, name: &str) -> Result<(), WorkerError> {
        let known = if self.labels.is_empty() {
            "—".to_owned()
        } else {
            self.labels
                .iter()
                .map(|l| escape_html(&l.name).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.answer(
            Via::Command(msg_id),
            "relay-label-unknown",
            &[("name", escape_html(name).into_owned()), ("labels", known)],
        )
        .await
    }

    async fn mark_in_general(
        &mut self,
        message: &GroupMessage,
        mark: MarkCommand,
    ) -> Result<(), WorkerError> {
        let id = self.id();
        let msg = message.msg_id;
        let via = Via::Command(msg);
        let esc = |s: &str| escape_html(s).into_owned();
        match mark {
            MarkCommand::List => {
                let dialogs = self.db().await?.dialogs().list(id).await?;
                let counts = label_counts(dialogs.iter().map(|d| d.labels.as_slice()));
                let html = label_list(self.team.operator_lang, &self.labels, &counts);
                return self.reply_general(msg, &html).await;
            }
            MarkCommand::Create { name, ticker } => {
                if find_label(&self.labels, &name).is_some()
                    || !self.db().await?.labels().create(id, &name).await?
                {
                    return self
                        .answer(via, "relay-label-exists", &[("name", esc(&name))])
                        .await;
                }
                if let Some(ticker) = &ticker {
                    self.db()
                        .await?
                        .labels()
                        .set_ticker(id, &name, Some(ticker))
                        .await?;
                }
                self.reload_labels().await?;
                self.answer(via, "relay-label-created", &[("name", esc(&name))])
                    .await
            }
            MarkCommand::Rename { from, to } => {
                let Some(old) = find_label(&self.labels, &from).map(|l| l.name.clone()) else {
                    return self.unknown_label(msg, &from).await;
                };
                if find_label(&self.labels, &to).is_some_and(|l| l.name != old) {
                    return self
                        .answer(via, "relay-label-exists", &[("name", esc(&to))])
                        .await;
                }
                let users = self.db().await?.labels().rename(id, &old, &to).await?;
                self.reload_labels().await?;
                self.retitle(&users).await?;
                self.answer(
                    via,
                    "relay-label-renamed",
                    &[("from", esc(&old)), ("to", esc(&to))],
                )
                .await
            }
            MarkCommand::Delete(name) => {
                let Some(old) = find_label(&self.labels, &name).map(|l| l.name.clone()) else {
                    return self.unknown_label(msg, &name).await;
                };
                let users = self.db().await?.labels().delete(id, &old).await?;
                self.reload_labels().await?;
                self.retitle(&users).await?;
                self.answer(via, "relay-label-deleted", &[("name", esc(&old))])
                    .await
            }
            MarkCommand::Ticker { name, ticker } => {
                let Some(old) = find_label(&self.labels, &name).map(|l| l.name.clone()) else {
                    return self.unknown_label(msg, &name).await;
                };
                self.db()
                    .await?
                    .labels()
                    .set_ticker(id, &old, ticker.as_deref())
                    .await?;
                self.reload_labels().await?;
                let users = self.users_with_label(&old).await?;
                self.retitle(&users).await?;
                self.answer(via, "relay-label-ticker-set", &[("name", esc(&old))])
                    .await
            }
            MarkCommand::After { name, removes } => {
                let Some(old) = find_label(&self.labels, &name).map(|l| l.name.clone()) else {
                    return self.unknown_label(msg, &name).await;
                };
                let mut names = Vec::new();
                for other in &removes {
                    match find_label(&self.labels, other) {
                        Some(l) if l.name != old => names.push(l.name.clone()),
                        Some(_) => {}
                        None => return self.unknown_label(msg, other).await,
                    }
                }
                self.db()
                    .await?
                    .labels()
                    .set_removes(id, &old, &names)
                    .await?;
                self.reload_labels().await?;
                let key = if names.is_empty() {
                    "relay-label-after-off"
                } else {
                    "relay-label-after-set"
                };
                self.answer(
                    via,
                    key,
                    &[("name", esc(&old)), ("labels", esc(&names.join(", ")))],
                )
                .await
            }
            MarkCommand::Set(_) => self.answer(via, "relay-mark-usage", &[]).await,
        }
    }

    /// `/mark NAME` and `/mark del NAME` in a user's topic.
    pub(super) async fn mark_in_topic(
        &mut self,
        message: &GroupMessage,
        dialog: Dialog,
        parsed: Result<ModuleCommand, Misuse>,
    ) -> Result<(), WorkerError> {
        let (topic, msg) = (dialog.topic_id, message.msg_id);
        let lang = self.team.operator_lang;
        if !self.may_use_modules(message.sender.id) {
            return self
                .reply_topic(topic, msg, lang.text("relay-modules-not-allowed"))
                .await;
        }
        let mark = match parsed {
            Ok(ModuleCommand::Mark(mark)) => mark,
            Ok(_) => return Ok(()),
            Err(misuse) => {
                return self
                    .reply_topic(topic, msg, self.misuse_text(&misuse))
                    .await;
            }
        };
        let (labels, id) = match &mark {
            MarkCommand::Set(name) => match find_label(&self.labels, name) {
                Some(label) => (apply_label(&dialog.labels, label), "relay-label-set"),
                None => {
                    let known = self
                        .labels
                        .iter()
                        .map(|l| escape_html(&l.name).into_owned())
                        .collect::<Vec<_>>()
                        .join(", ");
                    let html = lang.text_with(
                        "relay-label-unknown",
                        &[
                            ("name", escape_html(name).into_owned()),
                            (
                                "labels",
                                if known.is_empty() {
                                    "—".into()
                                } else {
                                    known
                                },
                            ),
                        ],
                    );
                    return self.reply_topic(topic, msg, html).await;
                }
            },
            MarkCommand::Delete(name) => (remove_label(&dialog.labels, name), "relay-label-unset"),
            _ => {
                return self
                    .reply_topic(topic, msg, lang.text("relay-mark-topic-usage"))
                    .await;
            }
        };
        let name = match &mark {
            MarkCommand::Set(n) | MarkCommand::Delete(n) => n.clone(),
            _ => String::new(),
        };
        let hooks = self.label_hooks(&dialog, &labels);
        self.db()
            .await?
            .dialogs()
            .set_labels_announcing(self.id(), dialog.user_id, &labels, &hooks)
            .await?;
        self.hooks_queued(&hooks);
        self.retitle(&[dialog.user_id]).await?;
        let html = lang.text_with(id, &[("name", escape_html(&name).into_owned())]);
        self.reply_topic(topic, msg, html).await
    }

    async fn reply_topic(
        &self,
        topic: Option<i64>,
        msg_id: i64,
        html: String,
    ) -> Result<(), WorkerError> {
        self.gateway
            .send_html(self.backend(), topic, Some(msg_id), &html)
            .await?;
        Ok(())
    }

    async fn reload_labels(&mut self) -> Result<(), WorkerError> {
        self.labels = self.db().await?.labels().list(self.id()).await?;
        Ok(())
    }

    async fn users_with_label(&mut self, name: &str) -> Result<Vec<i64>, WorkerError> {
        let name = name.to_lowercase();
        Ok(self
            .db()
            .await?
            .dialogs()
            .list(self.id())
            .await?
            .into_iter()
            .filter(|d| d.labels.iter().any(|l| l.to_lowercase() == name))
            .map(|d| d.user_id)
            .collect())
    }

    /// Titles the topics of these users' dialogs anew (their labels or tickers changed).
    pub(super) async fn retitle(&mut self, users: &[i64]) -> Result<(), WorkerError> {
        for user in users {
            let Some(dialog) = self.db().await?.dialogs().get(self.id(), *user).await? else {
                continue;
            };
            let Some(topic) = dialog.topic_id else {
                continue;
            };
            let title = logic::topic_title(
                dialog.status,
                &self.shown_name(&person_of(&dialog)),
                &self.tickers_of(Some(&dialog)),
            );
            match self
                .gateway
                .rename_topic(self.backend(), topic, &title)
                .await
            {
                // A deleted topic gets the new title when it is created again.
                Ok(()) | Err(GatewayError::TopicDeleted) => {}
                Err(err) => return Err(err.into()),
            }
        }
        Ok(())
    }

    // ---- /export ----

    async fn export(
        &mut self,
        message: &GroupMessage,
        json: bool,
        label: Option<&str>,
    ) -> Result<(), WorkerError> {
        let label = match label {
            Some(name) => match find_label(&self.labels, name) {
                Some(l) => Some(l.name.clone()),
                None => return self.unknown_label(message.msg_id, name).await,
            },
            None => None,
        };
        let dialogs = self.db().await?.dialogs().list(self.id()).await?;
        let hide = self.params.hide_info.name || self.params.hide_info.command;
        let rows = export::export_rows(self.id().0, &dialogs, label.as_deref(), hide);
        let (bytes, ext) = if json {
            (export::export_json(&rows), "json")
        } else {
            (export::export_csv(&rows), "csv")
        };
        let date = logic::format_date(storage::now());
        let name = format!("users-{}.{ext}", date.get(..10).unwrap_or("export"));
        let lang = self.team.operator_lang;
        let mut caption =
            lang.text_with("relay-export-caption", &[("count", rows.len().to_string())]);
        if hide {
            caption.push('\n');
            caption.push_str(&lang.text("relay-export-hidden"));
        }
        self.gateway
            .send_document(
                self.backend(),
                None,
                Some(message.msg_id),
                &name,
                &bytes,
                &caption,
            )
            .await?;
        Ok(())
    }

    // ---- /stats ----

    /// Posts the analytics dashboard (picture and summary) in General, in the operators'
    /// language and the connection owner's time zone. Users appear in it only as counts, so
    /// HIDE_INFO has nothing to hide; operators are named (they are the team).
    async fn stats(&mut self, message: &GroupMessage, days: u32) -> Result<(), WorkerError> {
        let period = analytics::Period::parse(&days.to_string()).unwrap_or(analytics::Period::Week);
        let owner = self
            .db()
            .await?
            .admins()
            .get(self.connection.owner_id)
            .await?;
        let zone = analytics::Zone::from_setting(owner.and_then(|a| a.time_zone).as_deref());
        let now = storage::now();
        let dashboard =
            analytics::Dashboard::load(&self.storage, self.id(), period, zone, now).await?;
        let lang = self.team.operator_lang;
        let caption = analytics::summary(lang, &dashboard);
        // Drawing takes a moment of CPU: off the async threads.
        let png = tokio::task::spawn_blocking(move || analytics::render_png(lang, &dashboard))
            .await
            .map_err(|e| WorkerError::Analytics(e.to_string()))?
            .map_err(|e| WorkerError::Analytics(e.to_string()))?;
        let date = logic::format_date(now);
        let name = format!("stats-{}-{days}d.png", date.get(..10).unwrap_or("now"));
        self.gateway
            .send_document(
                self.backend(),
                None,
                Some(message.msg_id),
                &name,
                &png,
                &caption,
            )
            .await?;
        Ok(())
    }

    // ---- /new ----

    async fn open_dialog(
        &mut self,
        message: &GroupMessage,
        who: &UserRef,
    ) -> Result<(), WorkerError> {
        let via = Via::Command(message.msg_id);
        let person = match self.gateway.find_user(who).await {
            Ok(person) => person,
            Err(GatewayError::NotAllowed) if self.me.is_bot => {
                let name = escape_html(&self.me.title).into_owned();
                return self
                    .answer(via, "relay-new-bot-refused", &[("name", name)])
                    .await;
            }
            Err(GatewayError::NotAllowed) => {
                return self.answer(via, "relay-new-not-allowed", &[]).await;
            }
            Err(GatewayError::NotFound | GatewayError::Blocked) => {
                return self.answer(via, "relay-new-not-found", &[]).await;
            }
            Err(err) => return Err(err.into()),
        };
        let name = escape_html(&self.shown_name(&person)).into_owned();
        let (dialog, _) = self
            .db()
            .await?
            .dialogs()
            .get_or_create(NewDialog {
                connection_id: self.id(),
                user_id: person.id,
                display_name: person.full_name(),
                username: person.username.clone(),
                language: person.language.clone(),
                start_param: None,
            })
            .await?;
        if dialog.topic_id.is_some() {
            return self
                .answer(via, "relay-new-exists", &[("name", name)])
                .await;
        }
        // Opened by the team: the first move is the operators'.
        let status = DialogStatus::SupportAnswered;
        let title = logic::topic_title(
            status,
            &self.shown_name(&person),
            &self.tickers_of(Some(&dialog)),
        );
        let topic = self
            .gateway
            .create_topic(self.backend(), &title, self.params.icon_color.rgb())
            .await?;
        let db = self.db().await?;
        let dialogs = db.dialogs();
        dialogs.set_topic(self.id(), person.id, Some(topic)).await?;
        dialogs
            .set_status(self.id(), person.id, status, storage::now())
            .await?;
        let lang = self.team.operator_lang;
        self.gateway
            .send_html(
                self.backend(),
                Some(topic),
                None,
                &lang.text_with("relay-new-topic-note", &[("name", name.clone())]),
            )
            .await?;
        self.answer(via, "relay-new-opened", &[("name", name)])
            .await
    }
}

fn run_error(err: crate::broadcaster::RunError) -> WorkerError {
    match err {
        crate::broadcaster::RunError::Storage(e) => WorkerError::Storage(e),
        crate::broadcaster::RunError::Gateway(e) => WorkerError::Gateway(e),
    }
}

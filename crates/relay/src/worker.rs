//! One connection's worker: takes updates from its Gateway, asks the dialog logic what to do, and
//! does it against Telegram and the database. The imperative shell around `logic`.

mod api_requests;
mod echoes;
mod hooks;
mod known;
mod modules;
mod plan;
mod window;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use i18n::{Lang, escape_html};
use storage::params::Parameters;
use storage::{
    Answer, Connection, ConnectionId, Dialog, DialogEventKind, DialogStatus, Direction, EventKind,
    Label, NewDialog, NewLink, Storage,
};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::broadcaster::{Runner, RunnerOptions, Sending};
use crate::gateway::{AdminJoin, Gateway, GatewayError, GroupMessage, Me, PrivateMessage, Update};
use crate::logic::{
    self, Command, OperatorContext, OperatorMessage, OperatorText, Person, Step, Team, UserContext,
    UserMessage,
};
use crate::webhooks::body::{Detail, MessageRef, OperatorRef};
use crate::webhooks::http::HookClient;
use crate::webhooks::{Deliverer, WebhookOptions};
use storage::params::WebhookEvent;

/// What stops a worker.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Storage(#[from] storage::Error),
    #[error("Telegram: {0}")]
    Gateway(#[from] GatewayError),
    /// The /stats picture could not be drawn.
    #[error("analytics: {0}")]
    Analytics(String),
}

/// The connection as the worker runs it.
pub struct Worker {
    storage: Storage,
    gateway: Arc<dyn Gateway>,
    connection: Connection,
    params: Parameters,
    me: Me,
    team: Team,
    /// The connection's labels (only this worker changes them while it holds the lease).
    labels: Vec<Label>,
    /// Broadcasts being sent, each by its own task, stopped with the worker.
    runners: HashMap<i64, JoinHandle<()>>,
    sending: Sending,
    stop_runners: CancellationToken,
    runner_options: RunnerOptions,
    /// Albums posted in the General topic (any part → every part), so `/send` in reply to one
    /// part broadcasts the whole album.
    general_albums: HashMap<i64, Vec<i64>>,
    /// Operators whose name this worker has stored for analytics (once each per worker).
    operators_seen: HashSet<i64>,
    /// Sends the connection's queued webhook events while WEBHOOKS is set.
    deliverer: Option<Deliverer>,
    webhook_options: WebhookOptions,
    /// For topic commands posted to receivers (made on first use).
    hook_client: Option<HookClient>,
    /// The group message being handled was relayed (its link written): it needs no
    /// `handled_updates` row.
    relayed_now: bool,
    /// Dialogs and replay marks kept between updates (`known.rs`).
    known: known::Known,
    /// What the plan being carried out records, written in one go when it ends (the journal's
    /// group commit), and the webhook rows among it, announced to the deliverer after.
    pending: Vec<storage::Record>,
    /// Records handed to the journal, not yet known committed (`window.rs`).
    window: window::Window,
}

/// Where a plan's steps act: the dialog (once it exists) and its topic.
struct Target {
    user: Person,
    dialog: Option<Dialog>,
    /// The `/start` parameter of a first message, stored with a new dialog.
    start_param: Option<String>,
    /// The rest of the album the handled message opens, copied together with it.
    album: Vec<i64>,
    /// Who caused the plan, for the analytics log (who answered, who closed).
    actor: Actor,
    /// The message the plan handles (text or caption, media kind), for webhook events.
    said: Option<Said>,
}

#[derive(Debug, Clone, Default)]
struct Said {
    text: String,
    media: Option<String>,
    /// The operator's name, for an operator's message.
    sender_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Actor {
    User,
    Operator(i64),
    Autoclose,
}

impl Actor {
    /// Who answered, for analytics: the operator, or nobody in particular.
    fn operator_id(self) -> i64 {
        match self {
            Actor::Operator(id) => id,
            _ => storage::ANONYMOUS_OPERATOR,
        }
    }
}

impl Worker {
    /// Prepares a worker: who the connection is on Telegram, its parameters, its admin's language.
    pub async fn new(
        storage: Storage,
        gateway: Arc<dyn Gateway>,
        connection: Connection,
    ) -> Result<Self, WorkerError> {
        let me = gateway.me().await?;
        let params = storage.parameters().load(connection.id).await?;
        let operator_lang = storage
            .admins()
            .get(connection.owner_id)
            .await?
            .map_or(Lang::En, |a| Lang::from_code(Some(&a.language)));
        let team = Team {
            admin_id: connection.owner_id,
            operator_lang,
        };
        let labels = storage.labels().list(connection.id).await?;
        let mut worker = Self {
            storage,
            gateway,
            connection,
            params,
            me,
            team,
            labels,
            runners: HashMap::new(),
            sending: Sending::default(),
            stop_runners: CancellationToken::new(),
            runner_options: RunnerOptions::default(),
            general_albums: HashMap::new(),
            operators_seen: HashSet::new(),
            deliverer: None,
            webhook_options: WebhookOptions::default(),
            hook_client: None,
            relayed_now: false,
            known: known::Known::default(),
            pending: Vec::new(),
            window: window::Window::default(),
        };
        worker.create_requested_group().await?;
        worker.resume_broadcasts().await?;
        worker.recover_api_requests().await?;
        Ok(worker)
    }

    /// [Create a new group] for an account: create it, bring the admin in, link it. Each step
    /// is recorded before the next, so a passing failure (FLOOD_WAIT, network) retries only the
    /// step that failed: the group is created once (issue 13 defect 6).
    async fn create_requested_group(&mut self) -> Result<(), WorkerError> {
        let Some(title) = self.connection.new_group_title.clone() else {
            return Ok(());
        };
        if self.connection.kind != storage::ConnectionKind::Account {
            return Ok(());
        }
        let id = self.id();
        let chat_id = match self.connection.new_group_chat_id {
            // Created before a failure or a restart: resume with the admin.
            Some(chat_id) => chat_id,
            None => match self.gateway.create_forum_group(&title).await {
                Ok(chat_id) => {
                    self.connection = self
                        .db()
                        .await?
                        .connections()
                        .record_new_group(id, chat_id)
                        .await?;
                    chat_id
                }
                Err(err @ (GatewayError::FloodWait { .. } | GatewayError::Network)) => {
                    return Err(err.into());
                }
                Err(err) => {
                    self.connection = self
                        .db()
                        .await?
                        .connections()
                        .mark_failed(id, &format!("creating the group: {err}"))
                        .await?;
                    return Ok(());
                }
            },
        };
        let owner = self.connection.owner_id;
        let lang = self.team.operator_lang;
        let username = self
            .db()
            .await?
            .admins()
            .get(owner)
            .await?
            .and_then(|admin| admin.username);
        let notice = match self
            .gateway
            .bring_in_admin(chat_id, owner, username.as_deref())
            .await
        {
            Ok(AdminJoin::Promoted) => None,
            Ok(AdminJoin::InviteLink(link)) => Some(lang.text_with(
                "relay-join-new-group",
                &[("link", escape_html(&link).into_owned())],
            )),
            Ok(AdminJoin::NotPromoted { reason }) => Some(lang.text_with(
                "relay-new-group-not-promoted",
                &[("reason", escape_html(&reason).into_owned())],
            )),
            Err(err @ (GatewayError::FloodWait { .. } | GatewayError::Network)) => {
                return Err(err.into());
            }
            // The group exists and the account relays into it: the admin is told what to do
            // by hand instead of the whole request failing.
            Err(err) => Some(lang.text_with(
                "relay-new-group-admin-failed",
                &[("reason", escape_html(&err.to_string()).into_owned())],
            )),
        };
        if let Some(html) = notice {
            let payload = serde_json::json!({ "to": owner, "html": html });
            self.db()
                .await?
                .events()
                .emit(id, EventKind::Notice, payload)
                .await?;
        }
        self.connection = self
            .db()
            .await?
            .connections()
            .link_backend(id, chat_id)
            .await?;
        let name = escape_html(&self.me.title).into_owned();
        let done = lang.text_with("relay-link-done", &[("name", name)]);
        self.gateway.send_html(chat_id, None, None, &done).await?;
        Ok(())
    }

    pub fn connection_id(&self) -> ConnectionId {
        self.connection.id
    }

    /// Applies changed parameters or connection settings without reconnecting.
    pub async fn reload(&mut self) -> Result<(), WorkerError> {
        // API requests and settings change dialogs outside the relaying path.
        self.known.forget_dialogs();
        if let Some(connection) = self
            .db()
            .await?
            .connections()
            .get(self.connection.id)
            .await?
        {
            self.connection = connection;
        }
        self.params = self
            .db()
            .await?
            .parameters()
            .load(self.connection.id)
            .await?;
        self.labels = self.db().await?.labels().list(self.connection.id).await?;
        self.refresh_webhooks();
        self.drop_unlisted_hooks().await?;
        self.create_requested_group().await?;
        self.serve_api_requests().await
    }

    /// Says in the General topic that Telegram skipped what arrived while the relay was away,
    /// and since when: operators then look in the connection's own chats for what is missing.
    async fn on_gap(&mut self, since: Option<i64>) -> Result<(), WorkerError> {
        tracing::warn!(connection = %self.id(), ?since, "Telegram skipped updates while away");
        let Some(backend) = self.connection.backend_chat_id else {
            return Ok(());
        };
        let lang = self.team.operator_lang;
        let name = escape_html(&self.me.title).into_owned();
        let html = match since {
            Some(since) => lang.text_with(
                "relay-updates-lost-since",
                &[("name", name), ("since", crate::logic::format_date(since))],
            ),
            None => lang.text_with("relay-updates-lost", &[("name", name)]),
        };
        self.gateway.send_html(backend, None, None, &html).await?;
        Ok(())
    }

    /// Handles one update.
    /// Handles an update and waits until what it recorded is committed.
    pub async fn handle(&mut self, update: Update) -> Result<(), WorkerError> {
        self.handle_ahead(update).await?;
        self.db().await.map(drop)
    }

    /// Handles an update; what it recorded may still be on its way to the database when this
    /// returns (`window.rs`): the supervisor's loop takes the next update meanwhile, and sees
    /// the rest in through [`Worker::settle_oldest`].
    pub async fn handle_ahead(&mut self, update: Update) -> Result<(), WorkerError> {
        let relaying = matches!(update, Update::Private(_) | Update::Group(_));
        let result = self.handle_update(update).await;
        // What failed half-way may have changed the database but not the memory, or the other
        // way round; and only the relaying paths keep the memory up to date.
        if result.is_err() || !relaying {
            self.known.forget_dialogs();
        }
        result
    }

    async fn handle_update(&mut self, update: Update) -> Result<(), WorkerError> {
        match update {
            Update::Private(message) => self.on_private(message).await,
            Update::Group(message) => self.on_group(message).await,
            Update::Edited { chat_id, msg_id } => self.on_edited(chat_id, msg_id).await,
            Update::Deleted { chat_id, msg_ids } => self.on_deleted(chat_id, msg_ids).await,
            Update::Gap { since } => self.on_gap(since).await,
            Update::Callback(query) => {
                // A press replayed by catch-up must not pause or resume a second time. Query ids
                // are Telegram's random numbers: chat 0 keeps them apart from message ids.
                let (id, query_id) = (self.id(), query.query_id);
                if self
                    .db()
                    .await?
                    .handled_updates()
                    .contains(id, 0, query_id)
                    .await?
                {
                    return Ok(());
                }
                self.on_callback(query).await?;
                self.db()
                    .await?
                    .handled_updates()
                    .record(id, 0, query_id)
                    .await?;
                Ok(())
            }
        }
    }

    /// An edit on one side is shown on the other: the copy is brought up to date.
    async fn on_edited(&mut self, chat_id: i64, msg_id: i64) -> Result<(), WorkerError> {
        let id = self.id();
        let Some(backend) = self.connection.backend_chat_id else {
            return Ok(());
        };
        let db = self.db().await?;
        let links = db.message_links();
        let (from, to, copy) = if chat_id == backend {
            match links.by_group_message(id, msg_id).await? {
                // An operator's message: update what the user received.
                Some(link) if link.direction == storage::Direction::Out => {
                    (backend, link.user_id, link.user_msg_id)
                }
                _ => return Ok(()),
            }
        } else {
            match links.by_user_message(id, chat_id, msg_id).await? {
                // The user's (or an intercepted) message: update the copy in the topic.
                Some(link) if link.direction != storage::Direction::Out => {
                    (chat_id, backend, link.group_msg_id)
                }
                _ => return Ok(()),
            }
        };
        match self.gateway.update_copy(from, msg_id, to, copy).await {
            Ok(())
            | Err(GatewayError::NotFound | GatewayError::TopicDeleted | GatewayError::Blocked) => {
                Ok(())
            }
            Err(err) => Err(err.into()),
        }
    }

    /// A deletion on one side deletes the copy on the other.
    async fn on_deleted(
        &mut self,
        chat_id: Option<i64>,
        msg_ids: Vec<i64>,
    ) -> Result<(), WorkerError> {
        let id = self.id();
        let Some(backend) = self.connection.backend_chat_id else {
            return Ok(());
        };
        let db = self.db().await?;
        let links = db.message_links();
        if chat_id == Some(backend) {
            for msg_id in msg_ids {
                if let Some(link) = links.by_group_message(id, msg_id).await?
                    && link.direction == storage::Direction::Out
                {
                    match self
                        .gateway
                        .delete_messages(link.user_id, &[link.user_msg_id])
                        .await
                    {
                        Ok(()) | Err(GatewayError::NotFound | GatewayError::Blocked) => {}
                        Err(err) => return Err(err.into()),
                    }
                }
            }
        } else {
            // A user deleted their messages. Over MTProto the update names no chat (a private
            // message id is unique within the connection's own sequence), so the ids alone find
            // them; a chat, when given, narrows the lookup.
            let mut copies = Vec::new();
            for msg_id in msg_ids {
                let found = match chat_id {
                    Some(user) => links
                        .by_user_message(id, user, msg_id)
                        .await?
                        .into_iter()
                        .collect(),
                    None => links.by_private_message(id, msg_id).await?,
                };
                copies.extend(
                    found
                        .into_iter()
                        .filter(|link| link.direction != storage::Direction::Out)
                        .map(|link| link.group_msg_id),
                );
            }
            if !copies.is_empty() {
                match self.gateway.delete_messages(backend, &copies).await {
                    Ok(()) | Err(GatewayError::NotFound | GatewayError::TopicDeleted) => {}
                    Err(err) => return Err(err.into()),
                }
            }
        }
        Ok(())
    }

    /// AUTOCLOSE: closes every dialog that waited in "support answered" long enough.
    pub async fn autoclose(&mut self, now: i64) -> Result<(), WorkerError> {
        // Closing and API requests change dialogs outside the relaying path.
        self.known.forget_dialogs();
        // API requests waiting since the worker started, or left by a passing fault.
        self.serve_api_requests().await?;
        // Housekeeping on the same tick: replays come within minutes, a day is plenty.
        self.db()
            .await?
            .handled_updates()
            .prune(self.id(), now - 86_400)
            .await?;
        self.db()
            .await?
            .copy_intents()
            .prune(self.id(), now - 86_400)
            .await?;
        let Some(after) = self.params.autoclose.seconds() else {
            return Ok(());
        };
        let due = self
            .db()
            .await?
            .dialogs()
            .support_answered_before(self.connection.id, now - after)
            .await?;
        for dialog in due {
            let user = person_of(&dialog);
            let name = self.shown_name(&user);
            let tickers = self.tickers_of(Some(&dialog));
            let steps = logic::on_tick(&self.params, &dialog, &name, &tickers, now);
            let mut target = Target {
                user,
                dialog: Some(dialog),
                start_param: None,
                album: Vec::new(),
                actor: Actor::Autoclose,
                said: None,
            };
            self.execute(steps, &mut target).await?;
        }
        // Closed means recorded: whoever looks next (a dashboard, the API) sees it so.
        self.write_records().await
    }

    /// The user's dialog: as this worker last wrote it, or read once.
    async fn dialog_of(&mut self, user: i64) -> Result<Option<Dialog>, WorkerError> {
        if let Some(dialog) = self.known.dialog(user) {
            return Ok(Some(dialog.clone()));
        }
        let dialog = self.db().await?.dialogs().get(self.id(), user).await?;
        if let Some(dialog) = &dialog {
            self.known.remember(dialog);
        }
        Ok(dialog)
    }

    /// The dialog a topic shows: as this worker last wrote it, or read once.
    async fn dialog_in_topic(&mut self, topic: i64) -> Result<Option<Dialog>, WorkerError> {
        if let Some(dialog) = self.known.dialog_in_topic(topic) {
            return Ok(Some(dialog.clone()));
        }
        let dialog = self
            .db()
            .await?
            .dialogs()
            .by_topic(self.id(), topic)
            .await?;
        if let Some(dialog) = &dialog {
            self.known.remember(dialog);
        }
        Ok(dialog)
    }

    /// Keeps the dialog a plan was carried out on, as the plan left it in the database.
    fn remember(&mut self, target: &Target) {
        match &target.dialog {
            Some(dialog) => self.known.remember(dialog),
            None => self.known.forget_dialog(target.user.id),
        }
    }

    fn id(&self) -> ConnectionId {
        self.connection.id
    }

    /// The tickers a dialog's topic title shows.
    fn tickers_of(&self, dialog: Option<&Dialog>) -> Vec<String> {
        dialog.map_or_else(Vec::new, |d| {
            logic::labels::tickers(&d.labels, &self.labels)
        })
    }

    /// How broadcasts of this worker run (tests shorten the progress interval).
    pub fn set_runner_options(&mut self, options: RunnerOptions) {
        self.runner_options = options;
    }

    /// Stops the broadcasts this worker is sending and waits for them; what they had not sent
    /// stays in the database for the next worker.
    pub async fn shutdown(&mut self) {
        // What is on its way is in before the lease goes to another relay — within the
        // supervisor's patience for a stopping worker (a failed batch waits out its backoff).
        match tokio::time::timeout(std::time::Duration::from_secs(5), self.db()).await {
            Ok(Ok(_)) => {}
            Ok(Err(err)) => {
                tracing::warn!(connection = self.id().0, error = %err, "records of relayed messages not written before stopping")
            }
            Err(_) => {
                tracing::warn!(
                    connection = self.id().0,
                    "records of relayed messages not written within 5 s of stopping"
                )
            }
        }
        self.deliverer = None;
        self.stop_runners.cancel();
        for (_, task) in self.runners.drain() {
            let _ = task.await;
        }
    }

    /// The broadcast runner for this connection.
    fn runner(&self) -> Runner {
        Runner {
            storage: self.storage.clone(),
            gateway: Arc::clone(&self.gateway),
            connection: self.id(),
            backend: self.connection.backend_chat_id.unwrap_or_default(),
            lang: self.team.operator_lang,
            is_bot: self.me.is_bot,
            options: self.runner_options.clone(),
            sending: self.sending.clone(),
            announcer: (!self.params.webhooks.is_off()).then(|| self.announcer()),
        }
    }

    /// Starts sending a broadcast in its own task, unless a task of this worker sends it already
    /// (that task sees the new status before it ends: see [`Sending`]).
    async fn spawn_runner(&mut self, id: i64) {
        self.runners.retain(|_, task| !task.is_finished());
        if !self.sending.enter(id).await {
            return;
        }
        let task = tokio::spawn(self.runner().run(id, self.stop_runners.child_token()));
        self.runners.insert(id, task);
    }

    /// Whether a task of this worker is sending the broadcast now.
    async fn is_sending(&self, id: i64) -> bool {
        self.sending.contains(id).await
    }

    /// Whether a task of this worker is sending any broadcast now (tests wait for a pause to
    /// take effect with this).
    pub async fn is_broadcasting(&self) -> bool {
        !self.sending.is_empty().await
    }

    /// After a restart (or a lease moved here): broadcasts that were sending go on.
    async fn resume_broadcasts(&mut self) -> Result<(), WorkerError> {
        if self.connection.backend_chat_id.is_none() {
            return Ok(());
        }
        for broadcast in self.db().await?.broadcasts().running(self.id()).await? {
            tracing::info!(
                connection = self.id().0,
                broadcast = broadcast.id,
                "resuming a broadcast"
            );
            self.spawn_runner(broadcast.id).await;
        }
        Ok(())
    }

    fn shown_name(&self, person: &Person) -> String {
        if self.params.hide_info.name {
            logic::pseudonym(self.id().0, person.id)
        } else {
            person.full_name()
        }
    }

    async fn on_private(&mut self, message: PrivateMessage) -> Result<(), WorkerError> {
        let (id, user) = (self.id(), message.user.id);
        if self.connection.backend_chat_id.is_none() {
            return Ok(()); // not linked yet: nothing to relay into
        }
        // A replayed update (restart, catch-up) was relayed already; a message above what this
        // worker handled in the chat cannot be one — unless it is outgoing: the echo of the
        // relay's own copy, replayed after a restart, is above the user's messages, and its link
        // says what it is.
        let surely_new = self
            .known
            .private_is_new(user, message.msg_id, &message.album)
            && !message.outgoing;
        if !surely_new
            && self
                .db()
                .await?
                .message_links()
                .by_user_message(id, user, message.msg_id)
                .await?
                .is_some()
        {
            return Ok(());
        }
        if self.claim_echo(&message).await? {
            return Ok(()); // the relay's own copy, whose link was lost
        }
        let dialog = self.dialog_of(user).await?;
        let reply_link = match message.reply_to {
            Some(reply) => {
                self.db()
                    .await?
                    .message_links()
                    .by_user_message(id, user, reply)
                    .await?
            }
            None => None,
        };
        let ctx = UserContext {
            connection_id: id.0,
            params: &self.params,
            dialog: dialog.as_ref(),
            team: self.team,
            reply_link: reply_link.as_ref(),
            tickers: &self.tickers_of(dialog.as_ref()),
        };
        let (steps, start_param) = if message.outgoing {
            (logic::on_outgoing_elsewhere(&ctx, message.msg_id), None)
        } else {
            let start_param = start_parameter(&message.text);
            let incoming = UserMessage {
                from: message.user.clone(),
                msg_id: message.msg_id,
                text: message.text.clone(),
                reply_to: message.reply_to,
                start_param: start_param.clone(),
            };
            (logic::on_user_message(&ctx, &incoming), start_param)
        };
        let mut target = Target {
            user: message.user,
            dialog,
            start_param,
            album: message.album,
            actor: Actor::User,
            said: Some(Said {
                text: message.text,
                media: message.media,
                sender_name: String::new(),
            }),
        };
        self.execute(steps, &mut target).await?;
        self.remember(&target);
        Ok(())
    }

    /// A group message, handled at most once: replays after a restart (commands, comments, link
    /// attempts) are recognised here; relayed messages also by their links.
    async fn on_group(&mut self, message: GroupMessage) -> Result<(), WorkerError> {
        if message.sender.id == self.me.id {
            return Ok(()); // the relay's own copies and notices
        }
        let (id, chat, msg) = (self.id(), message.chat_id, message.msg_id);
        let backend = self.connection.backend_chat_id;
        // A message above what this worker handled in the backend group cannot be a replay;
        // otherwise one round trip: handled before, or relayed (its link shows it).
        let surely_new = backend == Some(chat) && self.known.group_is_new(msg, &message.album);
        if !surely_new
            && self
                .db()
                .await?
                .handled_updates()
                .seen(id, chat, msg, backend)
                .await?
        {
            return Ok(());
        }
        self.relayed_now = false;
        self.on_group_message(message).await?;
        // A relayed message's link already makes a replay a no-op: no second record.
        if !self.relayed_now {
            self.db()
                .await?
                .handled_updates()
                .record(id, chat, msg)
                .await?;
        }
        Ok(())
    }

    async fn on_group_message(&mut self, message: GroupMessage) -> Result<(), WorkerError> {
        if Some(message.chat_id) != self.connection.backend_chat_id {
            return self.maybe_link(message).await;
        }
        let Some(topic) = message.topic_id else {
            // Module commands (/new, /send, …) change dialogs outside the relaying path.
            self.known.forget_dialogs();
            return self.on_general(message).await;
        };
        let Some(dialog) = self.dialog_in_topic(topic).await? else {
            return Ok(());
        };
        if !self.params.webhooks.is_off() {
            self.post_command(&dialog, &message);
        }
        if let Some(command) =
            logic::general::parse_module_command(&message.text, self.me.username.as_deref(), true)
        {
            self.known.forget_dialogs();
            return self.mark_in_topic(&message, dialog, command).await;
        }
        let id = self.id();
        // (A replay of a relayed message was recognised by `on_group`, by its link.)
        let reply_link = match message.reply_to {
            Some(reply) => {
                self.db()
                    .await?
                    .message_links()
                    .by_group_message(id, reply)
                    .await?
            }
            None => None,
        };
        let own_username = self.me.username.clone();
        let parsed = logic::parse_command(&message.text, own_username.as_deref());
        let sender_can_ban = match parsed {
            OperatorText::Command(Command::Ban | Command::Unban) => {
                self.gateway
                    .member_rights(message.chat_id, message.sender.id)
                    .await?
                    .ban_users
            }
            _ => false,
        };
        let mut person = person_of(&dialog);
        if parsed == OperatorText::Command(Command::Info) {
            // /info shows the user as they are now; what the dialog remembers is the fallback.
            match self.gateway.user_info(dialog.user_id).await {
                Ok(fresh) => person = fresh,
                Err(err) => {
                    tracing::debug!(error = %err, "user info unavailable; using the stored profile")
                }
            }
        }
        let incoming = OperatorMessage {
            sender: message.sender.id,
            group_msg_id: message.msg_id,
            text: message.text.clone(),
            reply_to: message.reply_to,
            sender_can_ban,
        };
        let ctx = OperatorContext {
            connection_id: id.0,
            params: &self.params,
            dialog: &dialog,
            person: &person,
            team: self.team,
            reply_link: reply_link.as_ref(),
            own_username: own_username.as_deref(),
            tickers: &self.tickers_of(Some(&dialog)),
        };
        let steps = logic::on_operator_message(&ctx, &incoming);
        let answers = steps.iter().any(|s| matches!(s, Step::CopyToUser { .. }));
        if answers && self.operators_seen.insert(message.sender.id) {
            self.db()
                .await?
                .analytics()
                .remember_operator(
                    id,
                    message.sender.id,
                    &message.sender.full_name(),
                    storage::now(),
                )
                .await?;
        }
        let mut target = Target {
            user: person,
            dialog: Some(dialog),
            start_param: None,
            album: message.album,
            actor: Actor::Operator(message.sender.id),
            said: Some(Said {
                sender_name: message.sender.full_name(),
                text: message.text,
                media: message.media,
            }),
        };
        self.execute(steps, &mut target).await?;
        self.remember(&target);
        Ok(())
    }

    /// The link code in a group (`/start <code>` from the "Add to group" button for bots, or the
    /// bare code an admin posts for an account): bind it as the backend when everything is in place.
    async fn maybe_link(&mut self, message: GroupMessage) -> Result<(), WorkerError> {
        let code = start_parameter(&message.text).unwrap_or_else(|| message.text.trim().to_owned());
        if code != self.connection.link_code {
            return Ok(());
        }
        let lang = self.team.operator_lang;
        let name = escape_html(&self.me.title).into_owned();
        let say = |id: &str, extra: Option<(&'static str, String)>| {
            let mut args = vec![("name", name.clone())];
            args.extend(extra);
            lang.text_with(id, &args)
        };
        let chat = message.chat_id;
        let refuse = |reason: &'static str, missing: Vec<&'static str>| serde_json::json!({ "chat_id": chat, "reason": reason, "missing": missing });
        if message.sender.id != self.connection.owner_id {
            self.gateway
                .send_html(
                    chat,
                    message.topic_id,
                    Some(message.msg_id),
                    &say("relay-link-not-admin", None),
                )
                .await?;
            return Ok(());
        }
        let info = self.gateway.group_info(chat).await?;
        if !info.is_forum {
            self.gateway
                .send_html(
                    chat,
                    None,
                    Some(message.msg_id),
                    &say("relay-link-not-forum", None),
                )
                .await?;
            self.db()
                .await?
                .events()
                .emit(
                    self.id(),
                    EventKind::LinkRefused,
                    refuse("not_forum", vec![]),
                )
                .await?;
            return Ok(());
        }
        let r = info.my_rights;
        let missing: Vec<&'static str> = [
            (r.manage_topics, "relay-right-manage-topics"),
            (r.delete_messages, "relay-right-delete-messages"),
            (r.pin_messages, "relay-right-pin-messages"),
            (r.ban_users, "relay-right-ban-users"),
        ]
        .into_iter()
        .filter(|(has, _)| !has)
        .map(|(_, id)| id)
        .collect();
        if !missing.is_empty() {
            let rights = missing
                .iter()
                .map(|id| lang.text(id))
                .collect::<Vec<_>>()
                .join(", ");
            let html = say("relay-link-missing-rights", Some(("rights", rights)));
            self.gateway
                .send_html(chat, None, Some(message.msg_id), &html)
                .await?;
            self.db()
                .await?
                .events()
                .emit(
                    self.id(),
                    EventKind::LinkRefused,
                    refuse("missing_rights", missing),
                )
                .await?;
            return Ok(());
        }
        self.connection = self
            .db()
            .await?
            .connections()
            .link_backend(self.id(), chat)
            .await?;
        self.gateway
            .send_html(chat, None, None, &say("relay-link-done", None))
            .await?;
        Ok(())
    }
}

/// The user as the dialog remembers them.
fn person_of(dialog: &Dialog) -> Person {
    let (first, last) = match dialog.display_name.split_once(' ') {
        Some((first, last)) => (first.to_owned(), Some(last.to_owned())),
        None => (dialog.display_name.clone(), None),
    };
    Person {
        id: dialog.user_id,
        first_name: first,
        last_name: last,
        username: dialog.username.clone(),
        language: dialog.language.clone(),
        is_premium: false,
    }
}

/// The parameter of `/start <param>` or `/start@bot <param>`.
pub fn start_parameter(text: &str) -> Option<String> {
    let rest = text.trim().strip_prefix("/start")?;
    let rest = match rest.strip_prefix('@') {
        Some(after) => after.split_once(char::is_whitespace).map_or("", |(_, r)| r),
        None if rest.starts_with(char::is_whitespace) => rest,
        None => return None,
    };
    let param = rest.trim();
    (!param.is_empty()).then(|| param.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_parameters_are_read_from_deep_links() {
        assert_eq!(
            start_parameter("/start promo_1").as_deref(),
            Some("promo_1")
        );
        assert_eq!(
            start_parameter("/start@shop_bot abc123").as_deref(),
            Some("abc123")
        );
        assert_eq!(start_parameter("/start"), None);
        assert_eq!(start_parameter("/starter x"), None);
        assert_eq!(start_parameter("hello"), None);
    }
}

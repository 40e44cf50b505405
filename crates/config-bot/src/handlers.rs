//! The handlers: a message or a button press, read against the admin's state, answered with a
//! screen. Sign-in steps live in [`crate::signin`].

use std::sync::Arc;

use i18n::{Lang, escape_html};
use secrecy::ExposeSecret as _;
use storage::params::{Param, ParamInput};
use storage::{Connection, ConnectionId, ConnectionKind};
use teloxide::prelude::*;
use teloxide::types::{MessageId, User};

use crate::app::{App, HandlerError};
use crate::callback::Callback;
use crate::flow::{self, Back, Reading};
use crate::screen::{self, Screen};
use crate::signin;
use crate::state::State;
use crate::stats;
use crate::ui;

pub type Result<T = ()> = std::result::Result<T, HandlerError>;

/// One admin's update being handled.
#[derive(Clone)]
pub struct Ctx {
    pub bot: Bot,
    pub app: Arc<App>,
    pub chat: ChatId,
    pub admin: i64,
    pub lang: Lang,
}

impl Ctx {
    /// The admin behind an update, created on first contact with their app's language.
    async fn new(bot: Bot, app: Arc<App>, chat: ChatId, user: &User) -> Result<Ctx> {
        let first = Lang::from_code(user.language_code.as_deref());
        let admin = app
            .storage
            .admins()
            .ensure(user.id.0 as i64, first.code())
            .await?;
        // Written only when it changed: one read per update, a write once in a long while.
        if admin.username.as_deref() != user.username.as_deref() {
            app.storage
                .admins()
                .set_username(admin.tg_user_id, user.username.as_deref())
                .await?;
        }
        Ok(Ctx {
            bot,
            app,
            chat,
            admin: admin.tg_user_id,
            lang: Lang::from_code(Some(&admin.language)),
        })
    }

    pub async fn state(&self) -> Result<State> {
        Ok(self
            .app
            .dialogue(self.chat)
            .get()
            .await?
            .unwrap_or_default())
    }

    pub async fn set_state(&self, state: State) -> Result {
        Ok(self.app.dialogue(self.chat).update(state).await?)
    }

    pub async fn send(&self, screen: &Screen) -> Result<Message> {
        Ok(ui::send(&self.bot, self.chat, screen).await?)
    }

    pub async fn replace(&self, id: Option<MessageId>, screen: &Screen) -> Result<MessageId> {
        Ok(ui::replace(&self.bot, self.chat, id, screen).await?)
    }

    pub fn text(&self, id: &str) -> String {
        self.lang.text(id)
    }

    /// The connection if this admin owns it; someone else's reads as missing.
    pub async fn owned(&self, id: ConnectionId) -> Result<Option<Connection>> {
        Ok(self
            .app
            .storage
            .connections()
            .get_owned(id, self.admin)
            .await?)
    }

    async fn connections(&self) -> Result<Vec<Connection>> {
        Ok(self
            .app
            .storage
            .connections()
            .list_owned(self.admin)
            .await?)
    }

    /// The connection's card, with what the relay's records warn about.
    pub async fn card(&self, connection: &Connection) -> Result<Screen> {
        Ok(screen::card_with(
            self.lang,
            connection,
            health(&self.app.storage, connection).await?,
        ))
    }

    /// Deletes a message holding a secret; a failure is logged, never fatal.
    pub async fn delete(&self, id: MessageId) {
        if let Err(err) = self.bot.delete_message(self.chat, id).await {
            tracing::warn!(error = %err, "deleting a message that held a secret failed");
        }
    }
}

/// A message in a private chat with the setup bot.
pub async fn on_message(bot: Bot, msg: Message, app: Arc<App>) -> Result {
    if !msg.chat.is_private() {
        return Ok(()); // the setup bot works in private chats only
    }
    let Some(user) = msg.from.clone() else {
        return Ok(());
    };
    let ctx = Ctx::new(bot, app, msg.chat.id, &user).await?;
    if let Err(err) = message(&ctx, &msg).await {
        tracing::warn!(error = %err, "handling a message failed");
        let _ = ctx.send(&Screen::text(ctx.text("setup-error"))).await;
    }
    Ok(())
}

/// A button press.
pub async fn on_callback(bot: Bot, query: CallbackQuery, app: Arc<App>) -> Result {
    let chat = ChatId(query.from.id.0 as i64);
    let ctx = Ctx::new(bot, app, chat, &query.from).await?;
    let message = query.message.as_ref().map(|m| m.id());
    // A press under the analytics picture changes the picture in place.
    let from_picture = query
        .message
        .as_ref()
        .and_then(|m| m.regular_message())
        .is_some_and(|m| m.photo().is_some());
    let toast = match Callback::decode(query.data.as_deref().unwrap_or_default()) {
        None => Some(ctx.text("setup-outdated")),
        Some(callback) => match press(&ctx, callback, message, from_picture).await {
            Ok(toast) => toast,
            Err(err) => {
                tracing::warn!(error = %err, "handling a button failed");
                Some(ctx.text("setup-error"))
            }
        },
    };
    let mut answer = ctx.bot.answer_callback_query(query.id.clone());
    if let Some(text) = toast {
        answer = answer.text(text);
    }
    if let Err(err) = answer.await {
        tracing::debug!(error = %err, "answering a callback failed");
    }
    Ok(())
}

async fn message(ctx: &Ctx, msg: &Message) -> Result {
    let state = ctx.state().await?;
    if let Some(text) = msg.text() {
        if let Some(command) = command(text) {
            return on_command(ctx, command, &state).await;
        }
        // The cancel key of the phone question's reply keyboard.
        if matches!(state, State::AwaitPhone { .. }) && text == ctx.text("setup-button-cancel") {
            return cancel(ctx, None).await;
        }
        let reading = flow::read_text(&state, text);
        if reading.is_secret() {
            ctx.delete(msg.id).await;
        }
        return on_text(ctx, &state, reading, text).await;
    }
    if let Some(contact) = msg.contact()
        && let State::AwaitPhone { relogin } = state
    {
        return signin::phone(ctx, relogin, &contact.phone_number).await;
    }
    let hint = flow::non_text_hint(&state);
    ctx.send(&Screen::text(ctx.text(hint))).await?;
    Ok(())
}

/// A command of this bot, without its bot name or argument: `/start@switchboard_bot x` → start.
fn command(text: &str) -> Option<&str> {
    let word = text.strip_prefix('/')?.split_whitespace().next()?;
    let word = word.split('@').next().unwrap_or(word);
    ["start", "language", "cancel", "help"]
        .into_iter()
        .find(|c| *c == word)
}

async fn on_command(ctx: &Ctx, command: &str, state: &State) -> Result {
    match command {
        "start" => {
            if state.needs_login() || ctx.app.logins.has(ctx.admin) {
                ctx.app.logins.cancel(ctx.admin).await;
            }
            ctx.set_state(State::Idle).await?;
            let list = ctx.connections().await?;
            ctx.send(&screen::welcome(ctx.lang, &list)).await?;
        }
        "language" => {
            ctx.send(&screen::language(ctx.lang)).await?;
        }
        "cancel" => cancel(ctx, None).await?,
        _ => {
            ctx.send(&Screen::text(ctx.text("setup-help"))).await?;
        }
    }
    Ok(())
}

/// Abandons whatever is in progress and shows the connections.
async fn cancel(ctx: &Ctx, message: Option<MessageId>) -> Result {
    ctx.app.logins.cancel(ctx.admin).await;
    ctx.set_state(State::Idle).await?;
    let list = ctx.connections().await?;
    let screen =
        screen::connections_screen(ctx.lang, &list).with_note(&ctx.text("setup-cancelled"));
    if message.is_none() {
        // Takes a reply keyboard (the phone question's) away.
        ctx.send(&Screen {
            html: ctx.text("setup-cancelled"),
            keyboard: screen::Keyboard::Remove,
        })
        .await?;
        ctx.send(&screen::connections_screen(ctx.lang, &list))
            .await?;
        return Ok(());
    }
    ctx.replace(message, &screen).await?;
    Ok(())
}

async fn on_text(ctx: &Ctx, state: &State, reading: Reading, text: &str) -> Result {
    match reading {
        Reading::Token => signin::token(ctx, state.relogin(), text).await,
        Reading::Phone => signin::phone(ctx, state.relogin(), text).await,
        Reading::Code(code) => signin::code(ctx, state.relogin(), &code).await,
        Reading::Password => signin::password(ctx, state.relogin(), text).await,
        Reading::ParamValue(param) => {
            let State::EditParam { connection, .. } = state else {
                return Ok(());
            };
            set_parameter(ctx, *connection, param, text).await
        }
        Reading::TimeZone => {
            let State::AwaitTimeZone { connection, days } = state else {
                return Ok(());
            };
            stats::set_zone(ctx, *connection, *days, text).await
        }
        Reading::Hint(hint) => {
            let html = match state {
                State::AwaitGroup { connection } => match ctx.owned(*connection).await? {
                    Some(c) if c.backend_chat_id.is_none() || c.status.wants_worker() => {
                        ctx.lang.text_with(hint, &[("name", screen::name(&c))])
                    }
                    _ => {
                        ctx.set_state(State::Idle).await?;
                        ctx.text("setup-hint-idle")
                    }
                },
                _ => ctx.text(hint),
            };
            ctx.send(&Screen::text(html)).await?;
            Ok(())
        }
    }
}

/// A button press; returns a short toast for the button, if any.
async fn press(
    ctx: &Ctx,
    callback: Callback,
    message: Option<MessageId>,
    from_picture: bool,
) -> Result<Option<String>> {
    // Every button naming a connection is checked against whoever pressed it.
    let connection = match callback.connection() {
        Some(id) => match ctx.owned(id).await? {
            Some(c) => Some(c),
            None => return Ok(Some(ctx.text("setup-not-found"))),
        },
        None => None,
    };
    let state = ctx.state().await?;
    match (callback, connection) {
        (Callback::Connections, _) => {
            ctx.set_state(State::Idle).await?;
            let list = ctx.connections().await?;
            ctx.replace(message, &screen::connections_screen(ctx.lang, &list))
                .await?;
        }
        (Callback::NewConnection, _) => {
            ctx.app.logins.cancel(ctx.admin).await;
            ctx.set_state(State::ChooseKind).await?;
            ctx.replace(message, &screen::choose_kind(ctx.lang)).await?;
        }
        (Callback::ConnectBot, _) => {
            ctx.set_state(State::AwaitToken { relogin: None }).await?;
            ctx.replace(message, &screen::ask_token(ctx.lang, None))
                .await?;
        }
        (Callback::ConnectAccount, _) => {
            ctx.set_state(State::ChooseMethod { relogin: None }).await?;
            ctx.replace(message, &screen::choose_method(ctx.lang))
                .await?;
        }
        (Callback::LoginByQr | Callback::NewQr, _) => {
            signin::start_qr(ctx, state.relogin(), message).await?;
        }
        (Callback::LoginByPhone, _) => {
            ctx.app.logins.cancel(ctx.admin).await;
            ctx.set_state(State::AwaitPhone {
                relogin: state.relogin(),
            })
            .await?;
            if let Some(id) = message {
                ctx.delete(id).await;
            }
            ctx.send(&screen::ask_phone(ctx.lang)).await?;
        }
        (
            key @ (Callback::Digit(_)
            | Callback::Backspace
            | Callback::SubmitCode
            | Callback::ResendCode),
            _,
        ) => {
            if !matches!(state, State::AwaitCode { .. }) {
                return Ok(Some(ctx.text("setup-outdated")));
            }
            return signin::keypad(ctx, state.relogin(), key, message).await;
        }
        (Callback::Back, _) => back(ctx, &state, message).await?,
        (Callback::Cancel, _) => cancel(ctx, message).await?,
        (Callback::Language(lang), _) => {
            ctx.app
                .storage
                .admins()
                .set_language(ctx.admin, lang.code())
                .await?;
            if let Err(err) = crate::app::set_chat_menu(&ctx.bot, ctx.chat, lang).await {
                tracing::warn!(error = %err, "setting an admin's command menu failed");
            }
            let list = ctx.connections().await?;
            let screen =
                screen::connections_screen(lang, &list).with_note(&lang.text("setup-language-set"));
            ctx.replace(message, &screen).await?;
        }
        (Callback::Analytics(_, period), Some(c)) => {
            ctx.set_state(State::Idle).await?;
            stats::show(ctx, &c, period, message, from_picture).await?;
        }
        (Callback::AnalyticsCsv(_, period), Some(c)) => stats::send_csv(ctx, &c, period).await?,
        (Callback::TimeZone(_, period), Some(c)) => stats::ask_zone(ctx, &c, period).await?,
        (_, Some(c)) => return connection_press(ctx, callback, c, message).await,
        // Every other button names a connection, checked above.
        (_, None) => return Ok(Some(ctx.text("setup-outdated"))),
    }
    Ok(None)
}

async fn back(ctx: &Ctx, state: &State, message: Option<MessageId>) -> Result {
    let relogin = state.relogin();
    match flow::back(state) {
        Back::Connections => {
            ctx.set_state(State::Idle).await?;
            let list = ctx.connections().await?;
            ctx.replace(message, &screen::connections_screen(ctx.lang, &list))
                .await?;
        }
        Back::ChooseKind => {
            ctx.set_state(State::ChooseKind).await?;
            ctx.replace(message, &screen::choose_kind(ctx.lang)).await?;
        }
        Back::ChooseMethod => {
            ctx.app.logins.cancel(ctx.admin).await;
            ctx.set_state(State::ChooseMethod { relogin }).await?;
            ctx.replace(message, &screen::choose_method(ctx.lang))
                .await?;
        }
        Back::AskPhone => {
            ctx.app.logins.cancel(ctx.admin).await;
            ctx.set_state(State::AwaitPhone { relogin }).await?;
            if let Some(id) = message {
                ctx.delete(id).await;
            }
            ctx.send(&screen::ask_phone(ctx.lang)).await?;
        }
        Back::Parameters(id) => match ctx.owned(id).await? {
            Some(c) => show_parameters(ctx, &c, message).await?,
            None => return not_found(ctx, message).await,
        },
        Back::Card(id) => {
            ctx.app.logins.cancel(ctx.admin).await;
            ctx.set_state(State::Idle).await?;
            match ctx.owned(id).await? {
                Some(c) => {
                    ctx.replace(message, &ctx.card(&c).await?).await?;
                }
                None => return not_found(ctx, message).await,
            }
        }
    }
    Ok(())
}

async fn not_found(ctx: &Ctx, message: Option<MessageId>) -> Result {
    ctx.set_state(State::Idle).await?;
    let list = ctx.connections().await?;
    let screen =
        screen::connections_screen(ctx.lang, &list).with_note(&ctx.text("setup-not-found"));
    ctx.replace(message, &screen).await?;
    Ok(())
}

/// A button on one of the admin's own connections.
async fn connection_press(
    ctx: &Ctx,
    callback: Callback,
    c: Connection,
    message: Option<MessageId>,
) -> Result<Option<String>> {
    let connections = ctx.app.storage.connections();
    let name = screen::name(&c);
    let not_now = |c: &Connection| {
        ctx.lang.text_with(
            "setup-not-now",
            &[
                ("name", screen::name(c)),
                ("status", c.status.as_str().to_owned()),
            ],
        )
    };
    match callback {
        Callback::Open(_) => {
            ctx.set_state(State::Idle).await?;
            ctx.replace(message, &ctx.card(&c).await?).await?;
        }
        Callback::ApiKey(_) | Callback::ResetApiKey(_) => {
            let keys = ctx.app.storage.api_keys();
            let reset = matches!(callback, Callback::ResetApiKey(_));
            let screen = if !reset && keys.exists(c.id).await? {
                screen::api_key_exists(ctx.lang, &c)
            } else {
                let key = keys.create(c.id).await?;
                screen::api_key_created(ctx.lang, &c, key.expose_secret(), reset)
            };
            ctx.replace(message, &screen).await?;
        }
        Callback::Stop(_) | Callback::Start(_) => {
            let (result, done) = if matches!(callback, Callback::Stop(_)) {
                (connections.stop(c.id).await, "setup-stopped")
            } else {
                (connections.start(c.id).await, "setup-started")
            };
            let (card, toast) = match result {
                Ok(updated) => (updated, ctx.lang.text_with(done, &[("name", name)])),
                Err(storage::Error::IllegalTransition { .. }) => {
                    let toast = not_now(&c);
                    (c, toast)
                }
                Err(err) => return Err(err.into()),
            };
            ctx.replace(message, &ctx.card(&card).await?).await?;
            return Ok(Some(i18n::plain_text(&toast)));
        }
        Callback::Relogin(_) => {
            if c.signed_in && c.status != storage::ConnectionStatus::NeedsLogin {
                return Ok(Some(i18n::plain_text(&not_now(&c))));
            }
            let relogin = Some(c.id);
            match c.kind {
                ConnectionKind::Bot => {
                    ctx.set_state(State::AwaitToken { relogin }).await?;
                    ctx.replace(message, &screen::ask_token(ctx.lang, Some(&c)))
                        .await?;
                }
                ConnectionKind::Account => {
                    ctx.set_state(State::ChooseMethod { relogin }).await?;
                    ctx.replace(message, &screen::choose_method(ctx.lang))
                        .await?;
                }
            }
        }
        Callback::ChangeGroup(_) => match connections.change_group(c.id).await {
            Ok(updated) => {
                ctx.set_state(State::AwaitGroup { connection: c.id })
                    .await?;
                ctx.replace(message, &screen::group_step(ctx.lang, &updated))
                    .await?;
            }
            Err(storage::Error::IllegalTransition { .. }) => {
                return Ok(Some(i18n::plain_text(&not_now(&c))));
            }
            Err(err) => return Err(err.into()),
        },
        Callback::GroupStep(_) => {
            ctx.set_state(State::AwaitGroup { connection: c.id })
                .await?;
            ctx.replace(message, &screen::group_step(ctx.lang, &c))
                .await?;
        }
        Callback::UseGroup(_) => {
            ctx.set_state(State::AwaitGroup { connection: c.id })
                .await?;
            ctx.replace(message, &screen::existing_group(ctx.lang, &c))
                .await?;
        }
        Callback::CreateGroup(_) => {
            let title = screen::default_group_title(ctx.lang, &c);
            match connections.request_new_group(c.id, &title).await {
                Ok(updated) => {
                    ctx.set_state(State::AwaitGroup { connection: c.id })
                        .await?;
                    ctx.replace(message, &screen::group_creating(ctx.lang, &updated, &title))
                        .await?;
                }
                Err(storage::Error::IllegalTransition { .. }) => {
                    return Ok(Some(i18n::plain_text(&not_now(&c))));
                }
                Err(err) => return Err(err.into()),
            }
        }
        Callback::Delete(_) => {
            ctx.replace(message, &screen::delete_confirm(ctx.lang, &c))
                .await?;
        }
        Callback::ConfirmDelete(_) => {
            let session = connections.session(c.id).await?;
            connections.delete(c.id).await?;
            if let Some(session) = session
                && let Err(err) = ctx.app.auth.sign_out(session).await
            {
                // The connection is gone either way; Telegram ends unused sessions itself.
                tracing::warn!(connection = c.id.0, error = %err, "signing a deleted connection out failed");
            }
            ctx.set_state(State::Idle).await?;
            let list = ctx.connections().await?;
            let screen = screen::connections_screen(ctx.lang, &list)
                .with_note(&ctx.lang.text_with("setup-deleted", &[("name", name)]));
            ctx.replace(message, &screen).await?;
        }
        Callback::Parameters(_) => {
            ctx.set_state(State::Idle).await?;
            show_parameters(ctx, &c, message).await?;
        }
        Callback::Parameter(_, param) => {
            let values = ctx.app.storage.parameters().load(c.id).await?;
            ctx.set_state(State::edit_param(c.id, param)).await?;
            ctx.replace(message, &screen::parameter(ctx.lang, &c, param, &values))
                .await?;
        }
        Callback::RotateWebhookSecret(_) => {
            let secret = ctx
                .app
                .storage
                .webhooks()
                .rotate_signing_secret(c.id)
                .await?;
            let values = ctx.app.storage.parameters().load(c.id).await?;
            ctx.set_state(State::edit_param(c.id, Param::Webhooks))
                .await?;
            let note = {
                use secrecy::ExposeSecret as _;
                screen::webhook_secret_note(ctx.lang, secret.expose_secret())
            };
            ctx.replace(
                message,
                &screen::parameter(ctx.lang, &c, Param::Webhooks, &values).with_note(&note),
            )
            .await?;
        }
        Callback::ResetParameter(_, param) => {
            ctx.app.storage.parameters().reset(c.id, param).await?;
            let values = ctx.app.storage.parameters().load(c.id).await?;
            ctx.set_state(State::edit_param(c.id, param)).await?;
            let note = reset_note(ctx.lang, param, &values);
            ctx.replace(
                message,
                &screen::parameter(ctx.lang, &c, param, &values).with_note(&note),
            )
            .await?;
        }
        _ => return Ok(Some(ctx.text("setup-outdated"))),
    }
    Ok(None)
}

async fn show_parameters(ctx: &Ctx, c: &Connection, message: Option<MessageId>) -> Result {
    let values = ctx.app.storage.parameters().load(c.id).await?;
    ctx.replace(message, &screen::parameters(ctx.lang, c, &values))
        .await?;
    Ok(())
}

fn reset_note(lang: Lang, param: Param, values: &storage::params::Parameters) -> String {
    lang.text_with(
        "param-reset",
        &[
            ("name", param.name().to_owned()),
            (
                "value",
                escape_html(&values.get(param).to_string()).into_owned(),
            ),
        ],
    )
}

/// A new value for a parameter: saved, reset, or refused with the reason (the old value stays).
async fn set_parameter(ctx: &Ctx, id: ConnectionId, param: Param, text: &str) -> Result {
    let Some(c) = ctx.owned(id).await? else {
        ctx.set_state(State::Idle).await?;
        ctx.send(&Screen::text(ctx.text("setup-not-found"))).await?;
        return Ok(());
    };
    let parameters = ctx.app.storage.parameters();
    let note = match param.parse_input(text) {
        Ok(ParamInput::Set(value)) => {
            parameters.set(id, &value).await?;
            let saved = ctx.lang.text_with(
                "param-saved",
                &[
                    ("name", param.name().to_owned()),
                    ("value", escape_html(&value.to_string()).into_owned()),
                ],
            );
            match &value {
                // The first webhooks: their signing secret, shown this once.
                storage::params::ParamValue::Webhooks(hooks) if !hooks.is_off() => {
                    let (secret, made) =
                        ctx.app.storage.webhooks().ensure_signing_secret(id).await?;
                    if made {
                        use secrecy::ExposeSecret as _;
                        let shown = screen::webhook_secret_note(ctx.lang, secret.expose_secret());
                        format!("{saved}\n\n{shown}")
                    } else {
                        saved
                    }
                }
                _ => saved,
            }
        }
        Ok(ParamInput::Reset) => {
            parameters.reset(id, param).await?;
            reset_note(ctx.lang, param, &parameters.load(id).await?)
        }
        Err(refusal) => {
            let current = parameters.load(id).await?.get(param).to_string();
            ctx.lang.text_with(
                "param-refused",
                &[
                    (
                        "reason",
                        ctx.lang.text_with(
                            refusal.message_id(),
                            &refusal
                                .args()
                                .into_iter()
                                .map(|(k, v)| (k, escape_html(&v).into_owned()))
                                .collect::<Vec<_>>(),
                        ),
                    ),
                    ("name", param.name().to_owned()),
                    ("current", escape_html(&current).into_owned()),
                ],
            )
        }
    };
    let values = parameters.load(id).await?;
    ctx.send(&screen::parameter(ctx.lang, &c, param, &values).with_note(&note))
        .await?;
    Ok(())
}

/// How long a bot relays users' messages without receiving one of its own from another session
/// before the card says that INTERCEPT_EXTERNAL is not getting them.
const INTERCEPT_GRACE_SECS: i64 = 86_400;

/// What the relay's records say about `connection` that its row does not.
async fn health(storage: &storage::Storage, connection: &Connection) -> Result<screen::Health> {
    use storage::params::{Param, ParamValue};
    if connection.kind != storage::ConnectionKind::Bot {
        return Ok(screen::Health::default());
    }
    let params = storage.parameters().load(connection.id).await?;
    if params.get(Param::InterceptExternal) != ParamValue::InterceptExternal(true) {
        return Ok(screen::Health::default());
    }
    let intercept_unseen = storage
        .message_links()
        .never_intercepted(connection.id, storage::now() - INTERCEPT_GRACE_SECS)
        .await?;
    Ok(screen::Health { intercept_unseen })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_read_with_or_without_the_bot_name_and_argument() {
        assert_eq!(command("/start"), Some("start"));
        assert_eq!(command("/start@switchboard_bot abc"), Some("start"));
        assert_eq!(command("/language"), Some("language"));
        assert_eq!(command("/unknown"), None);
        assert_eq!(command("start"), None);
    }
}

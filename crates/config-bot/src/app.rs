//! The running setup bot: the teloxide dispatcher with its handlers, the command menus, and the
//! loop that tells admins what the relay reported.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use account_session::Authenticator;
use i18n::Lang;
use storage::Storage;
use teloxide::dispatching::UpdateHandler;
use teloxide::dispatching::dialogue::Dialogue;
use teloxide::prelude::*;
use teloxide::types::{BotCommand, BotCommandScope, Recipient};

use crate::dialogue_storage::DbStorage;
use crate::logins::Logins;
use crate::state::State;

/// What every handler shares.
pub struct App {
    pub storage: Storage,
    pub auth: Arc<dyn Authenticator>,
    pub logins: Logins,
    pub dialogues: Arc<DbStorage>,
}

impl App {
    pub fn new(storage: Storage, auth: Arc<dyn Authenticator>) -> Arc<App> {
        Arc::new(App {
            dialogues: DbStorage::new(storage.clone()),
            storage,
            auth,
            logins: Logins::default(),
        })
    }

    pub fn dialogue(&self, chat: ChatId) -> Dialogue<State, DbStorage> {
        Dialogue::new(Arc::clone(&self.dialogues), chat)
    }
}

/// Why a handler failed. The admin is told that nothing changed; the log gets the reason (which
/// never holds a token, code or password: those are not part of any error here).
#[derive(Debug, thiserror::Error)]
pub enum HandlerError {
    #[error("Telegram request failed: {0}")]
    Telegram(#[from] teloxide::RequestError),
    #[error(transparent)]
    Storage(#[from] storage::Error),
    #[error(transparent)]
    Dialogue(#[from] crate::dialogue_storage::DialogueStorageError),
    #[error("analytics: {0}")]
    Analytics(String),
}

/// How often the relay's events are looked for.
#[derive(Debug, Clone)]
pub struct Options {
    pub events_every: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            events_every: Duration::from_secs(1),
        }
    }
}

/// The dispatcher's handler tree: private messages and button presses.
pub fn schema() -> UpdateHandler<HandlerError> {
    dptree::entry()
        .branch(Update::filter_message().endpoint(crate::handlers::on_message))
        .branch(Update::filter_callback_query().endpoint(crate::handlers::on_callback))
}

/// The command menu in `lang`.
pub fn commands(lang: Lang) -> Vec<BotCommand> {
    ["start", "language", "cancel", "help"]
        .into_iter()
        .map(|c| BotCommand::new(c, lang.text(&format!("setup-command-{c}"))))
        .collect()
}

/// Sets the command menu for every language (Telegram shows the one matching the app's
/// language), English as the default.
pub async fn set_command_menus(bot: &Bot) -> Result<(), teloxide::RequestError> {
    bot.set_my_commands(commands(Lang::En)).await?;
    for lang in Lang::ALL {
        bot.set_my_commands(commands(lang))
            .language_code(lang.code())
            .await?;
    }
    Ok(())
}

/// The menu of one admin who chose a language other than their app's.
pub async fn set_chat_menu(
    bot: &Bot,
    chat: ChatId,
    lang: Lang,
) -> Result<(), teloxide::RequestError> {
    bot.set_my_commands(commands(lang))
        .scope(BotCommandScope::Chat {
            chat_id: Recipient::Id(chat),
        })
        .await
        .map(|_| ())
}

/// Runs the setup bot until `shutdown` resolves: long polling, the handlers, and event delivery.
pub async fn run(
    bot: Bot,
    storage: Storage,
    auth: Arc<dyn Authenticator>,
    options: Options,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), teloxide::RequestError> {
    // One signal for both the start-up retries and the dispatcher.
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    let Some(me) = get_me(&bot, stop.clone()).await? else {
        return Ok(()); // asked to stop while Telegram was unreachable
    };
    tracing::info!(username = ?me.username, "setup bot started");
    if let Err(err) = set_command_menus(&bot).await {
        // The menu is a convenience: the bot works without it.
        tracing::warn!(error = %err, "setting the command menus failed");
    }
    let app = App::new(storage.clone(), auth);
    let events = tokio::spawn(deliver_events(
        bot.clone(),
        storage,
        app.logins.clone(),
        options.events_every,
    ));
    let mut dispatcher = Dispatcher::builder(bot, schema())
        .dependencies(dptree::deps![app])
        .default_handler(|_| async {})
        .error_handler(Arc::new(|err: HandlerError| async move {
            tracing::warn!(error = %err, "a setup-bot handler failed");
        }))
        .build();
    let token = dispatcher.shutdown_token();
    let mut stop = stop;
    tokio::spawn(async move {
        let _ = stop.wait_for(|stop| *stop).await;
        // The dispatcher may still be starting: retry until it accepts the request.
        loop {
            match token.shutdown() {
                Ok(done) => {
                    done.await;
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
            }
        }
    });
    dispatcher.dispatch().await;
    events.abort();
    Ok(())
}

/// Who the setup bot is. A token Telegram refuses ends the run (nothing will fix it but a new
/// setting); any other failure (Telegram or the network briefly down, as at boot) is retried with
/// a backoff of 1 s doubling to a minute. `None` when asked to stop meanwhile.
async fn get_me(
    bot: &Bot,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> Result<Option<teloxide::types::Me>, teloxide::RequestError> {
    let mut backoff = Duration::from_secs(1);
    loop {
        match bot.get_me().await {
            Ok(me) => return Ok(Some(me)),
            Err(err @ teloxide::RequestError::Api(teloxide::ApiError::InvalidToken)) => {
                return Err(err);
            }
            Err(err) => {
                tracing::warn!(error = %err, retry_in = ?backoff, "Telegram did not answer getMe; retrying");
            }
        }
        tokio::select! {
            () = tokio::time::sleep(backoff) => {}
            _ = stop.wait_for(|stop| *stop) => return Ok(None),
        }
        backoff = (backoff * 2).min(Duration::from_secs(60));
    }
}

/// Delivers the relay's events and drops abandoned logins, every `every`.
async fn deliver_events(bot: Bot, storage: Storage, logins: Logins, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if let Err(err) = crate::events::deliver_pending(&storage, &bot).await {
            tracing::warn!(error = %err, "delivering events failed; will retry");
        }
        logins.sweep();
    }
}

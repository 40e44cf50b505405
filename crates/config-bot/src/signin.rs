//! Step 2: signing a bot or account in through account-session's `Authenticator`, and storing
//! the result as a connection. Tokens, codes and passwords pass through here and go nowhere else:
//! not into the state, the database (except the sealed token), the log or an error text.

use std::sync::Arc;

use account_session::{LoginStep, QrEvent, QrLogin, SignInError, SignedIn};
use secrecy::ExposeSecret as _;
use storage::{ConnectionKind, SignIn};
use teloxide::payloads::{EditMessageCaptionSetters as _, SendPhotoSetters as _};
use teloxide::prelude::*;
use teloxide::types::{InputFile, InputMedia, InputMediaPhoto, MessageId, ParseMode};

use crate::callback::Callback;
use crate::handlers::{Ctx, Result};
use crate::keypad::{Keypad, Press};
use crate::logins::{Login, PhoneSignIn};
use crate::screen::{self, Screen};
use crate::state::{Relogin, State};
use crate::ui;

fn error_text(ctx: &Ctx, error: &SignInError) -> String {
    screen::sign_in_failed(ctx.lang, error)
}

/// A bot token arrived (its message is already deleted).
pub async fn token(ctx: &Ctx, relogin: Relogin, text: &str) -> Result {
    match ctx.app.auth.sign_in_bot(text.trim()).await {
        Ok(signed) => finish(ctx, relogin, ConnectionKind::Bot, signed, Some(text.trim())).await,
        Err(error) => {
            let relogin_connection = match relogin {
                Some(id) => ctx.owned(id).await?,
                None => None,
            };
            let screen = screen::ask_token(ctx.lang, relogin_connection.as_ref())
                .with_note(&error_text(ctx, &error));
            ctx.send(&screen).await?;
            Ok(())
        }
    }
}

/// A phone number arrived (typed or shared): ask Telegram for a code and show the keypad.
pub async fn phone(ctx: &Ctx, relogin: Relogin, phone: &str) -> Result {
    ctx.send(&Screen {
        html: ctx.text("setup-phone-sending"),
        keyboard: screen::Keyboard::Remove,
    })
    .await?;
    match ctx.app.auth.send_code(phone).await {
        Ok(login) => {
            let sent = login.code_sent().clone();
            let phone = account_session::flow::normalize_phone(phone)
                .map(|digits| format!("+{digits}"))
                .unwrap_or_default();
            let keypad = Keypad::new(screen::code_length(&sent.delivery));
            let mut sign_in = PhoneSignIn {
                login,
                phone,
                sent,
                keypad,
                panel: None,
            };
            sign_in.panel = Some(ctx.send(&keypad_screen(ctx, &sign_in)).await?.id);
            ctx.app.logins.put(ctx.admin, Login::Phone(sign_in));
            ctx.set_state(State::AwaitCode { relogin }).await?;
        }
        Err(error) => {
            ctx.set_state(State::AwaitPhone { relogin }).await?;
            ctx.send(&screen::ask_phone(ctx.lang).with_note(&error_text(ctx, &error)))
                .await?;
        }
    }
    Ok(())
}

fn keypad_screen(ctx: &Ctx, sign_in: &PhoneSignIn) -> Screen {
    screen::code(ctx.lang, &sign_in.phone, &sign_in.sent, &sign_in.keypad)
}

/// The admin's login is gone (restart, or abandoned): say so and offer to start again.
async fn login_lost(ctx: &Ctx, relogin: Relogin, message: Option<MessageId>) -> Result {
    let state = match relogin {
        Some(_) => State::ChooseMethod { relogin },
        None => State::ChooseKind,
    };
    let screen = match relogin {
        Some(_) => screen::choose_method(ctx.lang),
        None => screen::choose_kind(ctx.lang),
    };
    ctx.set_state(state).await?;
    ctx.replace(message, &screen.with_note(&ctx.text("setup-login-lost")))
        .await?;
    Ok(())
}

/// The admin's phone login, if that is what is in progress.
fn take_phone(ctx: &Ctx) -> Option<PhoneSignIn> {
    match ctx.app.logins.take(ctx.admin)? {
        Login::Phone(sign_in) => Some(sign_in),
        other => {
            ctx.app.logins.put(ctx.admin, other);
            None
        }
    }
}

/// A key of the login-code keypad.
pub async fn keypad(
    ctx: &Ctx,
    relogin: Relogin,
    key: Callback,
    message: Option<MessageId>,
) -> Result<Option<String>> {
    let Some(mut sign_in) = take_phone(ctx) else {
        login_lost(ctx, relogin, message).await?;
        return Ok(None);
    };
    if key == Callback::ResendCode {
        let note = match sign_in.login.resend().await {
            Ok(sent) => {
                sign_in.keypad = Keypad::new(screen::code_length(&sent.delivery));
                sign_in.sent = sent;
                ctx.text("setup-code-resent")
            }
            Err(error) => error_text(ctx, &error),
        };
        let screen = keypad_screen(ctx, &sign_in).with_note(&note);
        sign_in.panel = Some(ctx.replace(message, &screen).await?);
        ctx.app.logins.put(ctx.admin, Login::Phone(sign_in));
        return Ok(None);
    }
    match sign_in.keypad.press(key) {
        Press::Ignored => {
            ctx.app.logins.put(ctx.admin, Login::Phone(sign_in));
        }
        Press::Changed => {
            sign_in.panel = Some(ctx.replace(message, &keypad_screen(ctx, &sign_in)).await?);
            ctx.app.logins.put(ctx.admin, Login::Phone(sign_in));
        }
        Press::Submit(code) => {
            sign_in.panel = message.or(sign_in.panel);
            submit_code(ctx, relogin, sign_in, &code).await?;
        }
    }
    Ok(None)
}

/// A code typed as a message (with separators; the message is already deleted).
pub async fn code(ctx: &Ctx, relogin: Relogin, code: &str) -> Result {
    match take_phone(ctx) {
        Some(sign_in) => submit_code(ctx, relogin, sign_in, code).await,
        None => login_lost(ctx, relogin, None).await,
    }
}

async fn submit_code(ctx: &Ctx, relogin: Relogin, mut sign_in: PhoneSignIn, code: &str) -> Result {
    // Show that the code is being checked where the keypad was.
    let checking = Screen::text(ctx.text("setup-code-checking"));
    let panel = ctx.replace(sign_in.panel, &checking).await?;
    match sign_in.login.submit_code(code).await {
        Ok(LoginStep::SignedIn(signed)) => {
            let _ = ctx.bot.delete_message(ctx.chat, panel).await;
            finish(ctx, relogin, ConnectionKind::Account, signed, None).await
        }
        Ok(LoginStep::PasswordNeeded { hint }) => {
            ctx.replace(
                Some(panel),
                &screen::ask_password(ctx.lang, hint.as_deref()),
            )
            .await?;
            sign_in.panel = None;
            ctx.app.logins.put(ctx.admin, Login::Phone(sign_in));
            ctx.set_state(State::AwaitPassword { relogin }).await?;
            Ok(())
        }
        Err(error) => {
            // A wrong or expired code leaves the login usable: try again, or resend.
            let screen = keypad_screen(ctx, &sign_in).with_note(&error_text(ctx, &error));
            sign_in.panel = Some(ctx.replace(Some(panel), &screen).await?);
            ctx.app.logins.put(ctx.admin, Login::Phone(sign_in));
            Ok(())
        }
    }
}

/// The 2FA password (its message is already deleted).
pub async fn password(ctx: &Ctx, relogin: Relogin, password: &str) -> Result {
    let Some(mut login) = ctx.app.logins.take(ctx.admin) else {
        return login_lost(ctx, relogin, None).await;
    };
    let result = match &mut login {
        Login::Phone(sign_in) => sign_in.login.submit_password(password).await,
        Login::Qr { login, .. } => match login.lock().await.as_mut() {
            Some(qr) => qr.submit_password(password).await,
            None => Err(SignInError::QrExpired),
        },
    };
    match result {
        Ok(signed) => {
            drop(login); // finished: nothing to cancel
            finish(ctx, relogin, ConnectionKind::Account, signed, None).await
        }
        Err(error) => {
            ctx.app.logins.put(ctx.admin, login);
            ctx.send(&screen::ask_password(ctx.lang, None).with_note(&error_text(ctx, &error)))
                .await?;
            Ok(())
        }
    }
}

/// [QR code] or [New QR code]: shows a fresh code and follows it.
pub async fn start_qr(ctx: &Ctx, relogin: Relogin, message: Option<MessageId>) -> Result {
    ctx.app.logins.cancel(ctx.admin).await;
    let login = match ctx.app.auth.start_qr().await {
        Ok(login) => login,
        Err(error) => {
            ctx.set_state(State::ChooseMethod { relogin }).await?;
            ctx.replace(
                message,
                &screen::choose_method(ctx.lang).with_note(&error_text(ctx, &error)),
            )
            .await?;
            return Ok(());
        }
    };
    if let Some(id) = message {
        let _ = ctx.bot.delete_message(ctx.chat, id).await;
    }
    let caption = screen::qr(ctx.lang, false);
    let mut request = ctx
        .bot
        .send_photo(
            ctx.chat,
            InputFile::memory(login.code().png()).file_name("qr.png"),
        )
        .caption(caption.html.clone())
        .parse_mode(ParseMode::Html);
    if let Some(markup) = ui::inline_markup(&caption.keyboard) {
        request = request.reply_markup(markup);
    }
    let panel = request.await?.id;
    let login = Arc::new(tokio::sync::Mutex::new(Some(login)));
    let watcher = tokio::spawn(watch_qr(ctx.clone(), relogin, Arc::clone(&login), panel));
    ctx.app.logins.put(
        ctx.admin,
        Login::Qr {
            login,
            watcher: watcher.abort_handle(),
            panel,
        },
    );
    ctx.set_state(State::ShowingQr { relogin }).await?;
    Ok(())
}

type SharedQr = Arc<tokio::sync::Mutex<Option<Box<dyn QrLogin>>>>;

/// Follows a QR code on screen: replaces it before it expires, says when it was scanned, and
/// finishes the sign-in (or asks for the 2FA password).
async fn watch_qr(ctx: Ctx, relogin: Relogin, login: SharedQr, panel: MessageId) {
    if let Err(err) = follow_qr(&ctx, relogin, &login, panel).await {
        tracing::warn!(error = %err, "following a QR login failed");
        let _ = ctx.send(&Screen::text(ctx.text("setup-error"))).await;
    }
}

async fn follow_qr(ctx: &Ctx, relogin: Relogin, login: &SharedQr, panel: MessageId) -> Result {
    loop {
        let event = {
            let mut guard = login.lock().await;
            let Some(qr) = guard.as_mut() else {
                return Ok(());
            };
            qr.next_event().await
        };
        match event {
            Ok(QrEvent::Refreshed(code)) => {
                let caption = screen::qr(ctx.lang, false);
                let media = InputMediaPhoto::new(InputFile::memory(code.png()).file_name("qr.png"))
                    .caption(caption.html.clone())
                    .parse_mode(ParseMode::Html);
                let mut request =
                    ctx.bot
                        .edit_message_media(ctx.chat, panel, InputMedia::Photo(media));
                if let Some(markup) = ui::inline_markup(&caption.keyboard) {
                    request.reply_markup = Some(markup);
                }
                request.await?;
            }
            Ok(QrEvent::Scanned) => {
                ctx.bot
                    .edit_message_caption(ctx.chat, panel)
                    .caption(ctx.text("setup-qr-scanned"))
                    .await?;
            }
            Ok(QrEvent::Step(LoginStep::SignedIn(signed))) => {
                // Finished: the login leaves the map without being cancelled.
                drop(ctx.app.logins.take(ctx.admin));
                let _ = ctx.bot.delete_message(ctx.chat, panel).await;
                return finish(ctx, relogin, ConnectionKind::Account, signed, None).await;
            }
            Ok(QrEvent::Step(LoginStep::PasswordNeeded { hint })) => {
                ctx.set_state(State::AwaitPassword { relogin }).await?;
                let _ = ctx.bot.delete_message(ctx.chat, panel).await;
                ctx.send(&screen::ask_password(ctx.lang, hint.as_deref()))
                    .await?;
                return Ok(());
            }
            Err(error) => {
                drop(ctx.app.logins.take(ctx.admin));
                let _ = ctx.bot.delete_message(ctx.chat, panel).await;
                let text = error_text(ctx, &error);
                ctx.set_state(State::ShowingQr { relogin }).await?;
                ctx.send(&screen::qr_expired(ctx.lang, text)).await?;
                return Ok(());
            }
        }
    }
}

/// A sign-in succeeded: store it as a new connection (then step 3), or as the re-login of an
/// existing one. A session that is not kept is signed out at once, so no stray authorization is
/// left on the account.
async fn finish(
    ctx: &Ctx,
    relogin: Relogin,
    kind: ConnectionKind,
    signed: SignedIn,
    bot_token: Option<&str>,
) -> Result {
    let connections = ctx.app.storage.connections();
    let who = i18n::escape_html(&signed.identity.title).into_owned();
    let sign_in = SignIn {
        identity: signed.identity.clone(),
        session: signed.session.expose_secret(),
        bot_token,
    };
    let outcome = match relogin {
        Some(id) => match ctx.owned(id).await? {
            Some(_) => connections.store_sign_in(id, sign_in).await,
            None => Err(storage::Error::NotFound {
                what: "connection",
                id: id.0,
            }),
        },
        None => match connections
            .find_by_identity(kind, signed.identity.tg_user_id)
            .await?
        {
            Some(existing) => Err(storage::Error::AlreadyConnected {
                existing: existing.id,
                owner_id: existing.owner_id,
            }),
            None => {
                let created = connections.create(ctx.admin, kind).await?;
                let stored = connections.store_sign_in(created.id, sign_in).await;
                if stored.is_err() {
                    // Never leave a connection without its session behind.
                    connections.delete(created.id).await?;
                }
                stored
            }
        },
    };
    let (state, screen) = match outcome {
        Ok(c) if relogin.is_some() && c.backend_chat_id.is_some() => (
            State::Idle,
            ctx.card(&c)
                .await?
                .with_note(&ctx.lang.text_with("setup-relogged", &[("name", who)])),
        ),
        Ok(c) => (
            State::AwaitGroup { connection: c.id },
            screen::group_step(ctx.lang, &c)
                .with_note(&ctx.lang.text_with("setup-signed-in", &[("name", who)])),
        ),
        Err(error) => {
            sign_out(ctx, signed).await;
            let note = match error {
                storage::Error::AlreadyConnected { owner_id, existing }
                    if owner_id == ctx.admin =>
                {
                    let note = ctx.lang.text_with("setup-already-yours", &[("name", who)]);
                    match ctx.owned(existing).await? {
                        Some(c) => {
                            ctx.set_state(State::Idle).await?;
                            ctx.send(&ctx.card(&c).await?.with_note(&note)).await?;
                            return Ok(());
                        }
                        None => note,
                    }
                }
                storage::Error::AlreadyConnected { .. } => {
                    ctx.lang.text_with("setup-already-other", &[("name", who)])
                }
                storage::Error::DifferentIdentity { .. } => ctx
                    .lang
                    .text_with("setup-relogin-different", &[("name", who)]),
                storage::Error::NotFound { .. } => ctx.text("setup-not-found"),
                other => return Err(other.into()),
            };
            let list = ctx.app.storage.connections().list_owned(ctx.admin).await?;
            (
                State::Idle,
                screen::connections_screen(ctx.lang, &list).with_note(&note),
            )
        }
    };
    ctx.set_state(state).await?;
    ctx.send(&screen).await?;
    Ok(())
}

async fn sign_out(ctx: &Ctx, signed: SignedIn) {
    if let Err(err) = ctx.app.auth.sign_out(signed.session).await {
        tracing::warn!(error = %err, "signing out an unused session failed");
    }
}

//! The relay's [`Gateway`] over real Telegram, with grammers and the connection's stored session.
//!
//! Chat ids are Bot-API style, as the database stores them: a user's id for their private chat,
//! `-100…` for supergroups. Copies are `messages.forwardMessages` with `drop_author`, which sends
//! the content (text with formatting, any media, albums) as the connection's own message with no
//! "forwarded from" header.

mod classify;
mod content;
mod copies;
mod gateway_impl;
mod groups;
mod media;
mod own_sends;
mod peers;
mod progress;
mod requests;
mod updates;

use std::sync::Arc;

use account_session::{ClientOptions, OpenClient, StoredSession, client};
use async_trait::async_trait;
use grammers_mtsender::UpdatesConfiguration;
use grammers_tl_types as tl;
use storage::{ConnectionId, Storage};
use tokio::sync::Mutex;

use crate::gateway::{Gateway, GatewayError, Me, Update};

pub use classify::classify;
use own_sends::OwnSends;
use updates::Incoming;

/// One connection's MTProto session, speaking as its bot or account.
pub struct GrammersGateway {
    open: Mutex<Option<OpenClient>>,
    core: Arc<Core>,
    me: Me,
    /// The update being received. The supervisor waits for updates in a `select!` beside its
    /// reload and AUTOCLOSE timers, which drops an unfinished `next_update` whenever a timer
    /// fires first; receiving is kept here and resumed by the next call, so an update grammers
    /// has already taken from its stream is never lost that way.
    pending: Mutex<Option<Receiving>>,
}

type Receiving = std::pin::Pin<Box<dyn Future<Output = Option<Update>> + Send>>;

/// What requests and receiving share.
pub struct Core {
    client: grammers_client::Client,
    session: Arc<StoredSession>,
    stream: Mutex<Incoming>,
    own: OwnSends,
    /// Updates handed out whose state may not be saved yet (`progress.rs`).
    progress: std::sync::Mutex<progress::Progress>,
    /// Users known only as min constructors, with the (chat, message) they were last seen in.
    min_seen: peers::MinSeen,
    /// What each message showed when last seen, to skip edits that change nothing.
    contents: content::Contents,
    /// How many channels the update state held when it was last written to the database.
    saved_channels: std::sync::atomic::AtomicUsize,
}

impl std::ops::Deref for GrammersGateway {
    type Target = Core;

    fn deref(&self) -> &Core {
        &self.core
    }
}

impl GrammersGateway {
    /// Opens the stored session of `connection` and starts receiving its updates, catching up on
    /// what arrived while it was offline.
    pub async fn open(
        storage: &Storage,
        connection: ConnectionId,
        options: &ClientOptions,
    ) -> Result<Self, GatewayError> {
        let session = StoredSession::load(storage, connection)
            .await
            .map_err(|e| GatewayError::Other(e.to_string()))?
            .ok_or_else(|| GatewayError::revoked("no stored session"))?;
        let mut open = client::open(Arc::new(session), options);
        let client = open.client.clone();
        let session = Arc::clone(open.session());
        let started = async {
            let updates = open
                .updates
                .take()
                .ok_or_else(|| GatewayError::Other("updates already taken".into()))?;
            let stream = client
                .stream_updates(updates, UpdatesConfiguration { catch_up: true })
                .await
                .map_err(|e| GatewayError::Other(e.to_string()))?;
            // Not `Client::get_me`: it panics unless exactly one user comes back.
            let users = client
                .invoke(&tl::functions::users::GetUsers {
                    id: vec![tl::enums::InputUser::UserSelf],
                })
                .await
                .map_err(|e| classify(&e))?;
            let user = me_of(users)?;
            let gap = updates::probe_gap(&client, &session).await;
            Ok::<_, GatewayError>((stream, user, gap))
        }
        .await;
        let (stream, user, gap) = match started {
            Ok(started) => started,
            Err(err) => {
                // A failed open must not leave the client's runner and session flusher behind.
                if let Err(close) = open.close().await {
                    tracing::warn!(error = %close, "closing a session that failed to open");
                }
                return Err(err);
            }
        };
        let me = user;
        let saved_channels = {
            use grammers_session::Session as _;
            session
                .updates_state()
                .await
                .map_or(0, |s| s.channels.len())
        };
        Ok(Self {
            open: Mutex::new(Some(open)),
            core: Arc::new(Core {
                client,
                session,
                // A gap is the first thing the worker hears of, before the catch-up.
                stream: Mutex::new(Incoming {
                    stream,
                    held: gap.map(|gap| (gap, None, progress::Taken::nothing())),
                }),
                progress: std::sync::Mutex::new(progress::Progress::default()),
                own: OwnSends::default(),
                min_seen: peers::MinSeen::default(),
                contents: content::Contents::default(),
                saved_channels: std::sync::atomic::AtomicUsize::new(saved_channels),
            }),
            me,
            pending: Mutex::new(None),
        })
    }

    /// Closes the session with its update state saved: as far as the relay reported its
    /// updates recorded (`Gateway::recorded`), never further — an update taken and not
    /// recorded is replayed on the next start (a replay is absorbed by the message links; a
    /// skip would be a loss).
    pub async fn close(&self) {
        drop(self.pending.lock().await.take());
        if let Some(open) = self.open.lock().await.take()
            && let Err(err) = open.close().await
        {
            tracing::warn!(error = %err, "saving the session on close");
        }
    }
}

impl Drop for GrammersGateway {
    fn drop(&mut self) {
        // Dropped without `close` (an abandoned open, a panicked worker): the client's runner
        // and session flusher would otherwise run for as long as the process (issue 13
        // defect 8). Closing also writes the session one last time.
        if let Some(open) = self.open.get_mut().take()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(async move {
                if let Err(err) = open.close().await {
                    tracing::warn!(error = %err, "saving the session of a dropped gateway");
                }
            });
        }
    }
}

/// Who the session speaks as, from `users.getUsers([inputUserSelf])`: one full user, or the
/// session is not what it claims to be (a `userEmpty` or nothing is what Telegram gives a session
/// that lost its account; grammers' own `get_me` would panic on it).
fn me_of(users: Vec<tl::enums::User>) -> Result<Me, GatewayError> {
    let count = users.len();
    match users.into_iter().next() {
        Some(tl::enums::User::User(user)) if count == 1 => Ok(Me {
            id: user.id,
            username: user.username.clone().or_else(|| {
                user.usernames.as_ref().and_then(|names| {
                    names.iter().find_map(|tl::enums::Username::Username(n)| {
                        n.active.then(|| n.username.clone())
                    })
                })
            }),
            title: user.first_name.clone().unwrap_or_default(),
            is_bot: user.bot,
        }),
        Some(tl::enums::User::Empty(_)) => Err(GatewayError::revoked("USER_EMPTY")),
        _ => Err(GatewayError::Other(format!(
            "users.getUsers([inputUserSelf]) answered {count} users"
        ))),
    }
}

/// Opens real sessions for the supervisor.
pub struct GrammersFactory {
    pub storage: Storage,
    pub options: ClientOptions,
}

#[async_trait]
impl crate::supervisor::GatewayFactory for GrammersFactory {
    async fn open(
        &self,
        connection: &storage::Connection,
    ) -> Result<Arc<dyn Gateway>, GatewayError> {
        Ok(Arc::new(
            GrammersGateway::open(&self.storage, connection.id, &self.options).await?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: i64, bot: bool) -> tl::enums::User {
        let mut user = tl::types::User {
            is_self: true,
            contact: false,
            mutual_contact: false,
            deleted: false,
            bot,
            bot_chat_history: false,
            bot_nochats: false,
            verified: false,
            restricted: false,
            min: false,
            bot_inline_geo: false,
            support: false,
            scam: false,
            apply_min_photo: false,
            fake: false,
            bot_attach_menu: false,
            premium: false,
            attach_menu_enabled: false,
            bot_can_edit: false,
            close_friend: false,
            stories_hidden: false,
            stories_unavailable: false,
            contact_require_premium: false,
            bot_business: false,
            bot_has_main_app: false,
            bot_forum_view: false,
            bot_forum_can_manage_topics: false,
            bot_can_manage_bots: false,
            bot_guestchat: false,
            bot_guard: false,
            id,
            access_hash: Some(1),
            first_name: Some("Shop".into()),
            last_name: None,
            username: None,
            phone: None,
            photo: None,
            status: None,
            bot_info_version: None,
            restriction_reason: None,
            bot_inline_placeholder: None,
            lang_code: None,
            emoji_status: None,
            usernames: None,
            stories_max_id: None,
            color: None,
            profile_color: None,
            bot_active_users: None,
            bot_verification_icon: None,
            send_paid_messages_stars: None,
            linked_community_id: None,
        };
        user.usernames = Some(vec![
            tl::types::Username {
                editable: false,
                active: false,
                deletable: false,
                expired: false,
                username: "old_shop".into(),
            }
            .into(),
            tl::types::Username {
                editable: true,
                active: true,
                deletable: false,
                expired: false,
                username: "shop_bot".into(),
            }
            .into(),
        ]);
        user.into()
    }

    #[test]
    fn the_session_speaks_as_the_one_user_telegram_names() {
        assert_eq!(
            me_of(vec![user(7, true)]).unwrap(),
            Me {
                id: 7,
                username: Some("shop_bot".into()),
                title: "Shop".into(),
                is_bot: true,
            },
            "the active one of several usernames"
        );
    }

    #[test]
    fn answers_grammers_would_panic_on_are_errors() {
        assert_eq!(
            me_of(Vec::new()),
            Err(GatewayError::Other(
                "users.getUsers([inputUserSelf]) answered 0 users".into()
            ))
        );
        assert!(matches!(
            me_of(vec![user(7, false), user(8, false)]),
            Err(GatewayError::Other(_))
        ));
        assert_eq!(
            me_of(vec![tl::types::UserEmpty { id: 7 }.into()]),
            Err(GatewayError::revoked("USER_EMPTY"))
        );
    }
}

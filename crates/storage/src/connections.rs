//! Connections: a Telegram bot or account that Switchboard relays for, owned by one admin.
//!
//! Status changes are methods that each allow only the moves in [`ConnectionStatus::can_become`];
//! each runs as one conditional update, so two processes racing on the same connection cannot both
//! win, and each bumps the revision so relays notice.

use std::fmt;

use sea_orm::sea_query::{Expr, ExprTrait as _, SimpleExpr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait, QueryFilter as _,
    QueryOrder as _, TransactionTrait as _,
};
use secrecy::{ExposeSecret as _, SecretBox};

use crate::db::finish;
use crate::entity::connection::{self, Column};
use crate::events::{self, EventKind};
use crate::revision::bump;
use crate::secret::Sealer;
use crate::{Error, now};

/// A connection's id.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct ConnectionId(pub i64);

impl fmt::Display for ConnectionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// What is connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ConnectionKind {
    Bot,
    Account,
}

impl ConnectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionKind::Bot => "bot",
            ConnectionKind::Account => "account",
        }
    }

    fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "bot" => Ok(ConnectionKind::Bot),
            "account" => Ok(ConnectionKind::Account),
            other => Err(Error::Corrupt(format!("unknown connection kind `{other}`"))),
        }
    }
}

/// Where a connection is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ConnectionStatus {
    /// Created (and usually signed in); waiting for a backend group.
    Linking,
    /// Relaying.
    Active,
    /// Stopped by its admin.
    Stopped,
    /// Telegram ended the session; the admin must sign in again.
    NeedsLogin,
    /// Stopped by an error the relay could not get past.
    Failed,
}

impl ConnectionStatus {
    pub const ALL: [ConnectionStatus; 5] = [
        ConnectionStatus::Linking,
        ConnectionStatus::Active,
        ConnectionStatus::Stopped,
        ConnectionStatus::NeedsLogin,
        ConnectionStatus::Failed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionStatus::Linking => "linking",
            ConnectionStatus::Active => "active",
            ConnectionStatus::Stopped => "stopped",
            ConnectionStatus::NeedsLogin => "needs_login",
            ConnectionStatus::Failed => "failed",
        }
    }

    fn parse(text: &str) -> Result<Self, Error> {
        ConnectionStatus::ALL
            .into_iter()
            .find(|s| s.as_str() == text)
            .ok_or_else(|| Error::Corrupt(format!("unknown connection status `{text}`")))
    }

    /// The whole transition table.
    pub fn can_become(self, to: ConnectionStatus) -> bool {
        use ConnectionStatus::*;
        matches!(
            (self, to),
            (Linking, Active | Stopped | NeedsLogin | Failed)
                | (Active, Linking | Stopped | NeedsLogin | Failed)
                | (Stopped, Linking | Active | NeedsLogin)
                | (NeedsLogin, Linking | Active | Stopped)
                | (Failed, Linking | Active | Stopped | NeedsLogin)
        )
    }

    /// Whether a relay should run a worker for a connection in this status (a linking connection
    /// needs one to see the link code in its group).
    pub fn wants_worker(self) -> bool {
        matches!(self, ConnectionStatus::Linking | ConnectionStatus::Active)
    }
}

impl fmt::Display for ConnectionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who the connection is on Telegram, known once sign-in completes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub tg_user_id: i64,
    pub username: Option<String>,
    pub title: String,
}

/// A connection as the rest of Switchboard sees it; its secrets are read separately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    pub id: ConnectionId,
    pub owner_id: i64,
    pub kind: ConnectionKind,
    pub identity: Option<Identity>,
    pub status: ConnectionStatus,
    pub status_reason: Option<String>,
    pub backend_chat_id: Option<i64>,
    pub link_code: String,
    pub revision: i64,
    pub signed_in: bool,
    pub lease_owner: Option<String>,
    pub lease_until: Option<i64>,
    /// The title of a backend group the admin asked the account to create, until it is linked.
    pub new_group_title: Option<String>,
    /// That group, once Telegram created it (the admin may not be in it yet).
    pub new_group_chat_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl TryFrom<connection::Model> for Connection {
    type Error = Error;
    fn try_from(m: connection::Model) -> Result<Self, Error> {
        let identity = m.tg_user_id.map(|tg_user_id| Identity {
            tg_user_id,
            username: m.username.clone(),
            title: m.title.clone().unwrap_or_default(),
        });
        Ok(Connection {
            id: ConnectionId(m.id),
            owner_id: m.owner_id,
            kind: ConnectionKind::parse(&m.kind)?,
            identity,
            status: ConnectionStatus::parse(&m.status)?,
            status_reason: m.status_reason,
            backend_chat_id: m.backend_chat_id,
            link_code: m.link_code,
            revision: m.revision,
            signed_in: m.session.is_some(),
            lease_owner: m.lease_owner,
            lease_until: m.lease_until,
            new_group_title: m.new_group_title,
            new_group_chat_id: m.new_group_chat_id,
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

/// A finished sign-in, handed over by account-session.
pub struct SignIn<'a> {
    pub identity: Identity,
    /// The serialized MTProto session (auth key, DC); sealed before it is stored.
    pub session: &'a [u8],
    /// The bot token, for bots; sealed before it is stored.
    pub bot_token: Option<&'a str>,
}

impl fmt::Debug for SignIn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignIn")
            .field("identity", &self.identity)
            .finish_non_exhaustive()
    }
}

fn session_context(id: ConnectionId) -> String {
    format!("connections.session:{}", id.0)
}

fn token_context(id: ConnectionId) -> String {
    format!("connections.bot_token:{}", id.0)
}

/// A fresh code for the "Add to group" link: 20 hex characters (80 random bits), within what
/// Telegram's startgroup parameter accepts.
fn new_link_code() -> String {
    let mut bytes = [0u8; 10];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    hex::encode(bytes)
}

pub struct Connections<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) sealer: &'a Sealer,
}

impl Connections<'_> {
    /// A new connection for `owner_id` (who must be a known admin), waiting for sign-in.
    pub async fn create(&self, owner_id: i64, kind: ConnectionKind) -> Result<Connection, Error> {
        let txn = self.db.begin().await?;
        let result = async {
            let revision = bump(&txn).await?;
            let at = now();
            let row = connection::ActiveModel {
                owner_id: Set(owner_id),
                kind: Set(kind.as_str().to_owned()),
                tg_user_id: Set(None),
                username: Set(None),
                title: Set(None),
                session: Set(None),
                bot_token: Set(None),
                status: Set(ConnectionStatus::Linking.as_str().to_owned()),
                status_reason: Set(None),
                backend_chat_id: Set(None),
                link_code: Set(new_link_code()),
                revision: Set(revision),
                lease_owner: Set(None),
                lease_until: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            };
            Ok(connection::Entity::insert(row)
                .exec_with_returning(&txn)
                .await?)
        }
        .await;
        finish(txn, result).await?.try_into()
    }

    pub async fn get(&self, id: ConnectionId) -> Result<Option<Connection>, Error> {
        connection::Entity::find_by_id(id.0)
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    /// The connection if `owner_id` owns it; someone else's looks exactly like a missing one.
    pub async fn get_owned(
        &self,
        id: ConnectionId,
        owner_id: i64,
    ) -> Result<Option<Connection>, Error> {
        Ok(self.get(id).await?.filter(|c| c.owner_id == owner_id))
    }

    /// The admin's connections, oldest first.
    pub async fn list_owned(&self, owner_id: i64) -> Result<Vec<Connection>, Error> {
        self.list(connection::Entity::find().filter(Column::OwnerId.eq(owner_id)))
            .await
    }

    /// Every connection, oldest first (the relay supervisor's view).
    pub async fn list_all(&self) -> Result<Vec<Connection>, Error> {
        self.list(connection::Entity::find()).await
    }

    /// Connections changed after revision `seen` (deletions show as ids missing from `list_all`).
    pub async fn changed_since(&self, seen: i64) -> Result<Vec<Connection>, Error> {
        self.list(connection::Entity::find().filter(Column::Revision.gt(seen)))
            .await
    }

    async fn list(
        &self,
        query: sea_orm::Select<connection::Entity>,
    ) -> Result<Vec<Connection>, Error> {
        query
            .order_by_asc(Column::Id)
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    pub async fn find_by_identity(
        &self,
        kind: ConnectionKind,
        tg_user_id: i64,
    ) -> Result<Option<Connection>, Error> {
        connection::Entity::find()
            .filter(Column::Kind.eq(kind.as_str()))
            .filter(Column::TgUserId.eq(tg_user_id))
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    pub async fn find_by_link_code(&self, code: &str) -> Result<Option<Connection>, Error> {
        connection::Entity::find()
            .filter(Column::LinkCode.eq(code))
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    /// Stores a completed sign-in. A first sign-in keeps the connection linking; a re-login
    /// (from needs_login) must be the same identity and returns it to active, or to linking
    /// when it has no group yet. The identity already connected elsewhere is refused.
    pub async fn store_sign_in(
        &self,
        id: ConnectionId,
        sign_in: SignIn<'_>,
    ) -> Result<Connection, Error> {
        let current = self
            .get(id)
            .await?
            .ok_or_else(|| Error::not_found("connection", id.0))?;
        if let Some(existing) = self
            .find_by_identity(current.kind, sign_in.identity.tg_user_id)
            .await?
            && existing.id != id
        {
            return Err(Error::AlreadyConnected {
                existing: existing.id,
                owner_id: existing.owner_id,
            });
        }
        let (to, from): (ConnectionStatus, &[ConnectionStatus]) = match current.status {
            ConnectionStatus::NeedsLogin => {
                if current
                    .identity
                    .as_ref()
                    .is_some_and(|i| i.tg_user_id != sign_in.identity.tg_user_id)
                {
                    return Err(Error::DifferentIdentity { id });
                }
                let to = if current.backend_chat_id.is_some() {
                    ConnectionStatus::Active
                } else {
                    ConnectionStatus::Linking
                };
                (to, &[ConnectionStatus::NeedsLogin])
            }
            _ => (ConnectionStatus::Linking, &[ConnectionStatus::Linking]),
        };
        let session = self.sealer.seal(&session_context(id), sign_in.session);
        let token = sign_in
            .bot_token
            .map(|t| self.sealer.seal(&token_context(id), t.as_bytes()));
        let identity = sign_in.identity;
        let wanted_id = identity.tg_user_id;
        let result = self
            .transition(id, to, from, None, move |update| {
                update
                    .col_expr(Column::TgUserId, Expr::value(identity.tg_user_id))
                    .col_expr(Column::Username, Expr::value(identity.username))
                    .col_expr(Column::Title, Expr::value(identity.title))
                    .col_expr(Column::Session, Expr::value(session))
                    .col_expr(Column::BotToken, Expr::value(token))
            })
            .await;
        match result {
            // Lost a race with another sign-in of the same identity: report it like the check above.
            Err(Error::Database(e))
                if matches!(
                    e.sql_err(),
                    Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
                ) =>
            {
                match self.find_by_identity(current.kind, wanted_id).await? {
                    Some(c) => Err(Error::AlreadyConnected {
                        existing: c.id,
                        owner_id: c.owner_id,
                    }),
                    None => Err(Error::Database(e)),
                }
            }
            other => other,
        }
    }

    /// The group is bound: linking (or active, when the group changes) becomes active, and the
    /// admin is told through a `linked` event.
    pub async fn link_backend(&self, id: ConnectionId, chat_id: i64) -> Result<Connection, Error> {
        use ConnectionStatus::*;
        let payload = serde_json::json!({ "chat_id": chat_id });
        self.transition(
            id,
            Active,
            &[Linking, Active],
            Some((EventKind::Linked, payload)),
            move |u| {
                u.col_expr(Column::BackendChatId, Expr::value(chat_id))
                    .col_expr(Column::NewGroupTitle, Expr::value(Option::<String>::None))
                    .col_expr(Column::NewGroupChatId, Expr::value(Option::<i64>::None))
            },
        )
        .await
    }

    /// The admin asks the account to create its backend group ([Create a new group]); the relay
    /// creates it, invites and promotes the admin, and links it. Accounts only: a bot cannot
    /// create groups.
    pub async fn request_new_group(
        &self,
        id: ConnectionId,
        title: &str,
    ) -> Result<Connection, Error> {
        use ConnectionStatus::*;
        let current = self
            .get(id)
            .await?
            .ok_or_else(|| Error::not_found("connection", id.0))?;
        if current.kind != ConnectionKind::Account || !current.signed_in {
            return Err(Error::IllegalTransition {
                id,
                from: current.status,
                to: Linking,
            });
        }
        let title = title.trim().chars().take(128).collect::<String>();
        self.transition(id, Linking, &[Linking], None, move |u| {
            u.col_expr(Column::NewGroupTitle, Expr::value(title))
        })
        .await
    }

    /// The group an account was asked to create exists: recorded the moment Telegram answers,
    /// before the admin is brought in, so a retry of the later steps (after a FLOOD_WAIT or a
    /// restart) finds it instead of creating a second one. The request stays open
    /// (`new_group_title` kept, still linking) until [`Self::link_backend`] completes it. Not in
    /// `backend_chat_id`: a connection changing group keeps relaying into its old one meanwhile.
    pub async fn record_new_group(
        &self,
        id: ConnectionId,
        chat_id: i64,
    ) -> Result<Connection, Error> {
        use ConnectionStatus::*;
        self.transition(id, Linking, &[Linking], None, move |u| {
            u.col_expr(Column::NewGroupChatId, Expr::value(chat_id))
        })
        .await
    }

    /// The admin stops relaying.
    pub async fn stop(&self, id: ConnectionId) -> Result<Connection, Error> {
        use ConnectionStatus::*;
        self.transition(
            id,
            Stopped,
            &[Linking, Active, NeedsLogin, Failed],
            None,
            |u| u,
        )
        .await
    }

    /// The admin starts a stopped or failed connection: active when it has a group, else linking.
    pub async fn start(&self, id: ConnectionId) -> Result<Connection, Error> {
        use ConnectionStatus::*;
        let current = self
            .get(id)
            .await?
            .ok_or_else(|| Error::not_found("connection", id.0))?;
        if !current.signed_in {
            return Err(Error::IllegalTransition {
                id,
                from: current.status,
                to: Active,
            });
        }
        let to = if current.backend_chat_id.is_some() {
            Active
        } else {
            Linking
        };
        self.transition(id, to, &[Stopped, Failed], None, |u| u)
            .await
    }

    /// The admin wants another group: a new link code; the old group keeps working until the new
    /// one is bound.
    pub async fn change_group(&self, id: ConnectionId) -> Result<Connection, Error> {
        use ConnectionStatus::*;
        let code = new_link_code();
        self.transition(
            id,
            Linking,
            &[Linking, Active, Stopped, Failed],
            None,
            move |u| u.col_expr(Column::LinkCode, Expr::value(code)),
        )
        .await
    }

    /// Telegram ended the session: the sealed session is dropped (it no longer works) and the
    /// admin is told through a `needs_login` event.
    pub async fn mark_needs_login(
        &self,
        id: ConnectionId,
        reason: &str,
    ) -> Result<Connection, Error> {
        use ConnectionStatus::*;
        let payload = serde_json::json!({ "reason": reason });
        self.transition(
            id,
            NeedsLogin,
            &[Linking, Active, Stopped, Failed],
            Some((EventKind::NeedsLogin, payload)),
            |u| u.col_expr(Column::Session, Expr::value(Option::<Vec<u8>>::None)),
        )
        .await
    }

    /// The relay gave up on this connection; the admin is told through a `failed` event.
    pub async fn mark_failed(&self, id: ConnectionId, reason: &str) -> Result<Connection, Error> {
        use ConnectionStatus::*;
        let payload = serde_json::json!({ "reason": reason });
        self.transition(
            id,
            Failed,
            &[Linking, Active],
            Some((EventKind::Failed, payload)),
            |u| u,
        )
        .await
    }

    /// Removes the connection with its parameters, peers, dialogs, links and events. Returns it
    /// as it was, so the caller can still sign its session out.
    pub async fn delete(&self, id: ConnectionId) -> Result<Connection, Error> {
        let txn = self.db.begin().await?;
        let result = async {
            bump(&txn).await?;
            let model = connection::Entity::find_by_id(id.0)
                .one(&txn)
                .await?
                .ok_or_else(|| Error::not_found("connection", id.0))?;
            connection::Entity::delete_by_id(id.0).exec(&txn).await?;
            Ok(model)
        }
        .await;
        finish(txn, result).await?.try_into()
    }

    /// The status move shared by every method above: one conditional update (status among
    /// `from`), the revision bump and, when given, the event for the admin, in one transaction.
    async fn transition(
        &self,
        id: ConnectionId,
        to: ConnectionStatus,
        from: &[ConnectionStatus],
        event: Option<(EventKind, serde_json::Value)>,
        set: impl FnOnce(
            sea_orm::UpdateMany<connection::Entity>,
        ) -> sea_orm::UpdateMany<connection::Entity>,
    ) -> Result<Connection, Error> {
        debug_assert!(
            from.iter().all(|f| *f == to || f.can_become(to)),
            "{from:?} -> {to} is not in the table"
        );
        let txn = self.db.begin().await?;
        let result = async {
            let revision = bump(&txn).await?;
            let reason = event
                .as_ref()
                .and_then(|(_, p)| p.get("reason"))
                .and_then(|r| r.as_str())
                .map(str::to_owned);
            let update = connection::Entity::update_many()
                .col_expr(Column::Status, Expr::value(to.as_str()))
                .col_expr(Column::StatusReason, Expr::value(reason))
                .col_expr(Column::Revision, Expr::value(revision))
                .col_expr(Column::UpdatedAt, Expr::value(now()))
                .filter(Column::Id.eq(id.0))
                .filter(Column::Status.is_in(from.iter().map(|s| s.as_str())));
            let affected = set(update).exec(&txn).await?.rows_affected;
            let model = connection::Entity::find_by_id(id.0)
                .one(&txn)
                .await?
                .ok_or_else(|| Error::not_found("connection", id.0))?;
            if affected == 0 {
                let from = ConnectionStatus::parse(&model.status)?;
                return Err(Error::IllegalTransition { id, from, to });
            }
            if let Some((kind, payload)) = event {
                events::insert(&txn, id, model.owner_id, kind, &payload).await?;
            }
            Ok(model)
        }
        .await;
        finish(txn, result).await?.try_into()
    }

    /// The connection's MTProto session, opened; `None` before sign-in or after it was revoked.
    pub async fn session(&self, id: ConnectionId) -> Result<Option<SecretBox<Vec<u8>>>, Error> {
        let model = connection::Entity::find_by_id(id.0).one(self.db).await?;
        let Some(sealed) = model.and_then(|m| m.session) else {
            return Ok(None);
        };
        Ok(Some(self.sealer.open(&session_context(id), &sealed)?))
    }

    /// Saves a changed session (new auth key, DC migration). Not a change relays must notice.
    pub async fn save_session(&self, id: ConnectionId, session: &[u8]) -> Result<(), Error> {
        let sealed = self.sealer.seal(&session_context(id), session);
        let affected = connection::Entity::update_many()
            .col_expr(Column::Session, Expr::value(sealed))
            .col_expr(Column::UpdatedAt, Expr::value(now()))
            .filter(Column::Id.eq(id.0))
            .exec(self.db)
            .await?
            .rows_affected;
        if affected == 0 {
            return Err(Error::not_found("connection", id.0));
        }
        Ok(())
    }

    /// A bot connection's token, opened.
    pub async fn bot_token(
        &self,
        id: ConnectionId,
    ) -> Result<Option<secrecy::SecretString>, Error> {
        let model = connection::Entity::find_by_id(id.0).one(self.db).await?;
        let Some(sealed) = model.and_then(|m| m.bot_token) else {
            return Ok(None);
        };
        let plain = self.sealer.open(&token_context(id), &sealed)?;
        let text = String::from_utf8(plain.expose_secret().clone())
            .map_err(|_| Error::Corrupt(format!("connection {id}'s bot token is not text")))?;
        Ok(Some(text.into()))
    }

    /// Claims (or renews) the lease on a connection for relay `owner` until `now + ttl`; false when
    /// another live relay holds it. A conditional update, since SQLite has no `SKIP LOCKED`.
    pub async fn claim_lease(
        &self,
        id: ConnectionId,
        owner: &str,
        now: i64,
        ttl: i64,
    ) -> Result<bool, Error> {
        let free: SimpleExpr = Column::LeaseOwner
            .is_null()
            .or(Column::LeaseOwner.eq(owner))
            .or(Column::LeaseUntil.lt(now));
        let affected = connection::Entity::update_many()
            .col_expr(Column::LeaseOwner, Expr::value(owner))
            .col_expr(Column::LeaseUntil, Expr::value(now + ttl))
            .filter(Column::Id.eq(id.0))
            .filter(free)
            .exec(self.db)
            .await?
            .rows_affected;
        Ok(affected == 1)
    }

    /// Gives a lease up (a relay shutting down cleanly), so another relay may take it at once.
    pub async fn release_lease(&self, id: ConnectionId, owner: &str) -> Result<(), Error> {
        connection::Entity::update_many()
            .col_expr(Column::LeaseOwner, Expr::value(Option::<String>::None))
            .col_expr(Column::LeaseUntil, Expr::value(Option::<i64>::None))
            .filter(Column::Id.eq(id.0))
            .filter(Column::LeaseOwner.eq(owner))
            .exec(self.db)
            .await?;
        Ok(())
    }
}

//! The shared database contract of Switchboard.
//!
//! The setup bot and the relay hand work to each other only through this crate: typed queries over
//! sea-orm entities that run unchanged on SQLite and PostgreSQL, the domain types they exchange,
//! the parameter table, and the sealing of secrets at rest.
//!
//! ```no_run
//! # async fn demo(sealer: switchboard_storage::secret::Sealer) -> Result<(), switchboard_storage::Error> {
//! use switchboard_storage::{ConnectionKind, Storage};
//! let storage = Storage::open("sqlite://switchboard.db?mode=rwc", sealer).await?;
//! storage.admins().ensure(42, "en").await?;
//! let connection = storage.connections().create(42, ConnectionKind::Bot).await?;
//! let since = storage.revision().current().await?;
//! storage.connections().stop(connection.id).await?;
//! assert!(storage.revision().changed_since(since).await?.is_some());
//! # Ok(()) }
//! ```

mod admins;
mod analytics;
mod api;
mod broadcasts;
mod connections;
mod copy_intents;
mod db;
mod dialogs;
mod dialogue_states;
mod entity;
mod error;
mod events;
mod handled;
mod journal;
mod labels;
mod message_links;
mod ops;
mod parameters;
mod peers;
mod relays;
mod revision;
mod webhooks;

pub mod params;
pub mod secret;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

use std::sync::Arc;

pub use admins::{Admin, Admins};
pub use analytics::{
    ANONYMOUS_OPERATOR, Analytics, DayNumbers, DayRecord, DialogEventKind, OperatorDay,
    Percentiles, SETTLE_SECONDS, Waiting, merge_histogram,
};
pub use api::{
    ApiAction, ApiKeys, ApiRequest, ApiRequestStatus, ApiRequests, KEY_PREFIX, Submitted,
    key_connection,
};
pub use broadcasts::{
    Broadcast, BroadcastAudience, BroadcastStatus, Broadcasts, NewBroadcast, Recipient,
    RecipientStatus, Tally,
};
pub use connections::{
    Connection, ConnectionId, ConnectionKind, ConnectionStatus, Connections, Identity, SignIn,
};
pub use copy_intents::{CopyIntent, CopyIntents};
pub use db::{Backend, DatabaseUrlError};
pub use dialogs::{Dialog, DialogQuery, DialogStatus, Dialogs, NewDialog};
pub use dialogue_states::DialogueStates;
pub use error::Error;
pub use events::{Event, EventKind, Events};
pub use handled::HandledUpdates;
pub use journal::{Journal, JournalStats, Record, Ticket};
pub use labels::{Label, Labels};
pub use message_links::{Answer, Direction, MessageLink, MessageLinks, NewLink};
pub use ops::KeyCheck;
pub use parameters::ParameterStore;
pub use peers::{PeerRow, Peers};
pub use relays::Relays;
pub use revision::Revision;
pub use sea_orm::DatabaseConnection;
pub use webhooks::{Delivery, DeliveryState, Outgoing, WebhookOutbox};

use secret::Sealer;

/// A handle on the shared database; cheap to clone (the pool is shared).
#[derive(Clone, Debug)]
pub struct Storage {
    db: DatabaseConnection,
    sealer: Arc<Sealer>,
    backend: Backend,
    journal: Arc<journal::Journal>,
}

impl Storage {
    /// Connects, applies pending migrations and checks that `sealer` holds this database's key.
    pub async fn open(url: &str, sealer: Sealer) -> Result<Self, Error> {
        let storage = Self::connect(url, sealer).await?;
        storage.migrate().await?;
        storage.check_secret_key().await?;
        Ok(storage)
    }

    /// Connects without touching the schema.
    pub async fn connect(url: &str, sealer: Sealer) -> Result<Self, Error> {
        Self::connect_sharing(url, Arc::new(sealer)).await
    }

    /// Connects with a key another `Storage` holds too (a second process in tests).
    pub(crate) async fn connect_sharing(url: &str, sealer: Arc<Sealer>) -> Result<Self, Error> {
        let (db, backend) = db::connect(url).await?;
        // SQLite: the journal's own connection.
        let writer = db::connect_writer(url).await?.unwrap_or_else(|| db.clone());
        let journal = journal::Journal::new(writer);
        Ok(Self {
            journal: Arc::new(journal),
            db,
            sealer,
            backend,
        })
    }

    /// Applies every pending migration; returns how many ran.
    pub async fn migrate(&self) -> Result<usize, Error> {
        use migrations::MigratorTrait as _;
        let pending = migrations::Migrator::get_pending_migrations(&self.db)
            .await?
            .len();
        migrations::Migrator::up(&self.db, None).await?;
        Ok(pending)
    }

    /// On the first run stores a key-check value; afterwards refuses a key that cannot open it,
    /// naming where the key came from.
    pub async fn check_secret_key(&self) -> Result<(), Error> {
        use entity::meta;
        use sea_orm::{ActiveValue::Set, EntityTrait as _, sea_query::OnConflict};
        const KEY: &str = "secret_key_check";
        if let Some(row) = meta::Entity::find_by_id(KEY).one(&self.db).await? {
            let sealed = hex::decode(row.value).map_err(|_| secret::SecretError::WrongKey {
                origin: self.sealer.origin().to_owned(),
            })?;
            return Ok(self.sealer.verify_key_check(&sealed)?);
        }
        let row = meta::ActiveModel {
            key: Set(KEY.to_owned()),
            value: Set(hex::encode(self.sealer.key_check())),
        };
        // Two processes starting at once: the first row wins, and both then verify against it.
        meta::Entity::insert(row)
            .on_conflict(
                OnConflict::column(meta::Column::Key)
                    .do_nothing()
                    .to_owned(),
            )
            .try_insert()
            .exec_without_returning(&self.db)
            .await?;
        Box::pin(self.check_secret_key()).await
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The underlying connection, for queries this crate does not offer yet (tests, tools).
    pub fn database(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn sealer(&self) -> &Sealer {
        &self.sealer
    }

    /// The group-commit writer for what relaying records (one per `Storage`, shared by clones).
    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    pub fn admins(&self) -> Admins<'_> {
        Admins { db: &self.db }
    }
    pub fn connections(&self) -> Connections<'_> {
        Connections {
            db: &self.db,
            sealer: &self.sealer,
        }
    }
    pub fn parameters(&self) -> ParameterStore<'_> {
        ParameterStore { db: &self.db }
    }
    pub fn peers(&self) -> Peers<'_> {
        Peers { db: &self.db }
    }
    pub fn dialogs(&self) -> Dialogs<'_> {
        Dialogs { db: &self.db }
    }
    pub fn message_links(&self) -> MessageLinks<'_> {
        MessageLinks { db: &self.db }
    }
    pub fn events(&self) -> Events<'_> {
        Events { db: &self.db }
    }
    pub fn dialogue_states(&self) -> DialogueStates<'_> {
        DialogueStates { db: &self.db }
    }
    pub fn handled_updates(&self) -> HandledUpdates<'_> {
        HandledUpdates { db: &self.db }
    }
    pub fn copy_intents(&self) -> CopyIntents<'_> {
        CopyIntents { db: &self.db }
    }
    pub fn labels(&self) -> Labels<'_> {
        Labels { db: &self.db }
    }
    pub fn broadcasts(&self) -> Broadcasts<'_> {
        Broadcasts { db: &self.db }
    }
    pub fn relays(&self) -> Relays<'_> {
        Relays { db: &self.db }
    }
    pub fn analytics(&self) -> Analytics<'_> {
        Analytics {
            db: &self.db,
            backend: self.backend,
        }
    }
    pub fn api_keys(&self) -> ApiKeys<'_> {
        ApiKeys { db: &self.db }
    }
    pub fn api_requests(&self) -> ApiRequests<'_> {
        ApiRequests { db: &self.db }
    }
    pub fn webhooks(&self) -> WebhookOutbox<'_> {
        WebhookOutbox {
            db: &self.db,
            sealer: &self.sealer,
        }
    }
    pub fn revision(&self) -> Revision<'_> {
        Revision { db: &self.db }
    }

    /// Closes the pool, waiting for queries in flight.
    pub async fn close(self) -> Result<(), Error> {
        Ok(self.db.close().await?)
    }
}

/// The current time in unix seconds, as every table stores it.
pub fn now() -> i64 {
    #[cfg(any(test, feature = "testing"))]
    if let Some(at) = testing::clock() {
        return at;
    }
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

//! Read-only questions operators ask of the database: `/metrics` (connections by status, events
//! waiting for the setup bot) and `switchboard doctor` (schema state, the key check). None of
//! them writes.

use sea_orm::QuerySelect as _;
use sea_orm::sea_query::{Expr, ExprTrait as _};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};

use crate::connections::{ConnectionStatus, Connections};
use crate::entity::{connection, event, meta};
use crate::events::Events;
use crate::{Error, Storage};

/// What the database says about the configured secret key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCheck {
    /// The stored key check opens with this key.
    Matches,
    /// Nothing was sealed yet: the first start stores the key check.
    NothingStored,
}

impl Storage {
    /// Migrations not applied yet (0: the schema is up to date).
    pub async fn pending_migrations(&self) -> Result<usize, Error> {
        use migrations::MigratorTrait as _;
        Ok(
            migrations::Migrator::get_pending_migrations(self.database())
                .await?
                .len(),
        )
    }

    /// Checks the key against the stored key check without storing one: `WrongKey` (as
    /// `Error::Secret`) when it does not open it.
    pub async fn verify_secret_key(&self) -> Result<KeyCheck, Error> {
        const KEY: &str = "secret_key_check";
        let Some(row) = meta::Entity::find_by_id(KEY).one(self.database()).await? else {
            return Ok(KeyCheck::NothingStored);
        };
        let wrong = || crate::secret::SecretError::WrongKey {
            origin: self.sealer().origin().to_owned(),
        };
        let sealed = hex::decode(row.value).map_err(|_| wrong())?;
        self.sealer().verify_key_check(&sealed)?;
        Ok(KeyCheck::Matches)
    }
}

impl Connections<'_> {
    /// How many connections are in each status (every status listed, zeros included).
    pub async fn count_by_status(&self) -> Result<Vec<(ConnectionStatus, u64)>, Error> {
        let rows: Vec<(String, i64)> = connection::Entity::find()
            .select_only()
            .column(connection::Column::Status)
            .column_as(Expr::col(connection::Column::Id).count(), "n")
            .group_by(connection::Column::Status)
            .into_tuple()
            .all(self.db)
            .await?;
        let mut counts: Vec<(ConnectionStatus, u64)> =
            ConnectionStatus::ALL.iter().map(|s| (*s, 0)).collect();
        for (status, n) in rows {
            let entry = counts
                .iter_mut()
                .find(|(s, _)| s.as_str() == status)
                .ok_or_else(|| Error::Corrupt(format!("unknown connection status `{status}`")))?;
            entry.1 = u64::try_from(n).unwrap_or(0);
        }
        Ok(counts)
    }
}

impl Events<'_> {
    /// Events the setup bot has not delivered yet (the relay → setup bot queue).
    pub async fn count_undelivered(&self) -> Result<u64, Error> {
        Ok(event::Entity::find()
            .filter(event::Column::DeliveredAt.is_null())
            .count(self.db)
            .await?)
    }
}

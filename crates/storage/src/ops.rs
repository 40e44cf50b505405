//! Questions operators ask of the database, none of which writes: `/metrics` (connections by
//! status, events waiting for the setup bot) and `switchboard doctor` (schema state, the key
//! check). And leases taken and renewed in bulk, so a relay with thousands of connections spends
//! two statements on them per heartbeat instead of one per connection.

use sea_orm::QuerySelect as _;
use sea_orm::sea_query::{Expr, ExprTrait as _, SimpleExpr};
use sea_orm::{ColumnTrait as _, EntityTrait as _, PaginatorTrait as _, QueryFilter as _};

use crate::connections::{ConnectionId, ConnectionStatus, Connections};
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

/// Ids per statement in bulk lease claims: well inside every backend's limit on parameters.
const CHUNK: usize = 500;

impl Connections<'_> {
    /// Claims the leases on `ids` that are free, expired or already `owner`'s (as `claim_lease`
    /// does for one), until `now + ttl`; returns those of `ids` that `owner` holds afterwards.
    pub async fn claim_leases(
        &self,
        ids: &[ConnectionId],
        owner: &str,
        now: i64,
        ttl: i64,
    ) -> Result<Vec<ConnectionId>, Error> {
        let free = || -> SimpleExpr {
            connection::Column::LeaseOwner
                .is_null()
                .or(connection::Column::LeaseOwner.eq(owner))
                .or(connection::Column::LeaseUntil.lt(now))
        };
        self.lease_many(ids, owner, now + ttl, free).await
    }

    /// Renews `owner`'s leases on `ids` until `now + ttl`; returns those it still holds (a lease
    /// another relay took after it expired is not among them).
    pub async fn renew_leases(
        &self,
        ids: &[ConnectionId],
        owner: &str,
        now: i64,
        ttl: i64,
    ) -> Result<Vec<ConnectionId>, Error> {
        let mine = || -> SimpleExpr { connection::Column::LeaseOwner.eq(owner) };
        self.lease_many(ids, owner, now + ttl, mine).await
    }

    /// Takes the leases on `ids` where `condition` holds, then reads back which `owner` holds.
    async fn lease_many(
        &self,
        ids: &[ConnectionId],
        owner: &str,
        until: i64,
        condition: impl Fn() -> SimpleExpr,
    ) -> Result<Vec<ConnectionId>, Error> {
        let mut held = Vec::with_capacity(ids.len());
        for chunk in ids.chunks(CHUNK) {
            let chunk: Vec<i64> = chunk.iter().map(|id| id.0).collect();
            connection::Entity::update_many()
                .col_expr(connection::Column::LeaseOwner, Expr::value(owner))
                .col_expr(connection::Column::LeaseUntil, Expr::value(until))
                .filter(connection::Column::Id.is_in(chunk.clone()))
                .filter(condition())
                .exec(self.db)
                .await?;
            // A lease just taken or renewed stays ours until it expires: nobody takes it between.
            let mine: Vec<i64> = connection::Entity::find()
                .select_only()
                .column(connection::Column::Id)
                .filter(connection::Column::Id.is_in(chunk))
                .filter(connection::Column::LeaseOwner.eq(owner))
                .into_tuple()
                .all(self.db)
                .await?;
            held.extend(mine.into_iter().map(ConnectionId));
        }
        Ok(held)
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

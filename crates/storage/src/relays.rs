//! Relay processes and their heartbeats: how many relays share the connections right now.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait, PaginatorTrait as _,
    QueryFilter as _,
};

use crate::Error;
use crate::entity::relay::{self, Column};

pub struct Relays<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl Relays<'_> {
    /// Records that relay `id` is alive at `now`.
    pub async fn heartbeat(&self, id: &str, now: i64) -> Result<(), Error> {
        let row = relay::ActiveModel {
            id: Set(id.to_owned()),
            seen_at: Set(now),
        };
        relay::Entity::insert(row)
            .on_conflict(
                OnConflict::column(Column::Id)
                    .update_column(Column::SeenAt)
                    .to_owned(),
            )
            .exec_without_returning(self.db)
            .await?;
        Ok(())
    }

    /// How many relays were seen since `since` (this one included once it has beaten).
    pub async fn live_since(&self, since: i64) -> Result<u64, Error> {
        Ok(relay::Entity::find()
            .filter(Column::SeenAt.gte(since))
            .count(self.db)
            .await?)
    }

    /// A relay leaving cleanly.
    pub async fn remove(&self, id: &str) -> Result<(), Error> {
        relay::Entity::delete_by_id(id.to_owned())
            .exec(self.db)
            .await?;
        Ok(())
    }
}

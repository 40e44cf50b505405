//! The change counter: one number that grows with every change a relay must notice (connections
//! created, changed or deleted; parameters set or reset). A relay polls [`Revision::current`],
//! a one-row primary-key read, and reloads only when it moved.

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait as _, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, ExprTrait as _,
    QueryFilter as _,
};

use crate::entity::change_counter;

pub struct Revision<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl Revision<'_> {
    pub async fn current(&self) -> Result<i64, crate::Error> {
        let row = change_counter::Entity::find_by_id(1).one(self.db).await?;
        row.map(|r| r.value)
            .ok_or_else(|| crate::Error::Corrupt("the change counter row is missing".into()))
    }

    /// The new revision when anything changed after `seen`, else `None`.
    pub async fn changed_since(&self, seen: i64) -> Result<Option<i64>, crate::Error> {
        let now = self.current().await?;
        Ok((now != seen).then_some(now))
    }
}

/// Takes the next revision inside a transaction. Call it first in a writing transaction: on
/// SQLite the write lock is then taken at once (and waits under busy_timeout) instead of failing
/// when a read lock would have to be upgraded.
pub(crate) async fn bump(txn: &impl ConnectionTrait) -> Result<i64, DbErr> {
    change_counter::Entity::update_many()
        .col_expr(
            change_counter::Column::Value,
            Expr::col(change_counter::Column::Value).add(1),
        )
        .filter(change_counter::Column::Id.eq(1))
        .exec(txn)
        .await?;
    let row = change_counter::Entity::find_by_id(1).one(txn).await?;
    row.map(|r| r.value)
        .ok_or_else(|| DbErr::RecordNotFound("change_counter".into()))
}

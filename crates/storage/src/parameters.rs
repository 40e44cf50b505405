//! Stored parameter values: one row per parameter an admin changed; absent rows mean the default.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait, QueryFilter as _,
    TransactionTrait as _,
};

use crate::connections::ConnectionId;
use crate::db::finish;
use crate::entity::{connection, parameter};
use crate::params::{Param, ParamValue, Parameters};
use crate::revision::bump;
use crate::{Error, now};

pub struct ParameterStore<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl ParameterStore<'_> {
    /// Every parameter of the connection, typed, defaults filled in.
    pub async fn load(&self, id: ConnectionId) -> Result<Parameters, Error> {
        let rows = parameter::Entity::find()
            .filter(parameter::Column::ConnectionId.eq(id.0))
            .all(self.db)
            .await?;
        let (params, skipped) =
            Parameters::from_stored(rows.iter().map(|r| (r.name.as_str(), r.value.as_str())));
        for (name, err) in skipped {
            tracing::warn!(connection = id.0, parameter = %name, error = %err, "stored value no longer parses; using the default");
        }
        Ok(params)
    }

    /// The parameters an admin has set (the rest are at their defaults).
    pub async fn explicitly_set(&self, id: ConnectionId) -> Result<Vec<Param>, Error> {
        let rows = parameter::Entity::find()
            .filter(parameter::Column::ConnectionId.eq(id.0))
            .all(self.db)
            .await?;
        let mut set: Vec<Param> = rows
            .iter()
            .filter_map(|r| Param::from_name(&r.name))
            .collect();
        set.sort();
        Ok(set)
    }

    /// Stores a value and bumps the connection's revision, so relays apply it.
    pub async fn set(&self, id: ConnectionId, value: &ParamValue) -> Result<(), Error> {
        let txn = self.db.begin().await?;
        let result = async {
            let revision = touch_connection(&txn, id).await?;
            let row = parameter::ActiveModel {
                connection_id: Set(id.0),
                name: Set(value.param().name().to_owned()),
                value: Set(value.to_string()),
                updated_at: Set(now()),
            };
            parameter::Entity::insert(row)
                .on_conflict(
                    OnConflict::columns([parameter::Column::ConnectionId, parameter::Column::Name])
                        .update_columns([parameter::Column::Value, parameter::Column::UpdatedAt])
                        .to_owned(),
                )
                .exec_without_returning(&txn)
                .await?;
            Ok(revision)
        }
        .await;
        let revision = finish(txn, result).await?;
        tracing::debug!(connection = id.0, parameter = %value.param(), revision, "parameter set");
        Ok(())
    }

    /// Restores the default.
    pub async fn reset(&self, id: ConnectionId, param: Param) -> Result<(), Error> {
        let txn = self.db.begin().await?;
        let result = async {
            touch_connection(&txn, id).await?;
            parameter::Entity::delete_many()
                .filter(parameter::Column::ConnectionId.eq(id.0))
                .filter(parameter::Column::Name.eq(param.name()))
                .exec(&txn)
                .await?;
            Ok(())
        }
        .await;
        finish(txn, result).await
    }
}

/// Bumps the revision and stamps it on the connection; fails for a missing connection.
async fn touch_connection(
    txn: &sea_orm::DatabaseTransaction,
    id: ConnectionId,
) -> Result<i64, Error> {
    let revision = bump(txn).await?;
    let affected = connection::Entity::update_many()
        .col_expr(connection::Column::Revision, Expr::value(revision))
        .col_expr(connection::Column::UpdatedAt, Expr::value(now()))
        .filter(connection::Column::Id.eq(id.0))
        .exec(txn)
        .await?
        .rows_affected;
    if affected == 0 {
        return Err(Error::not_found("connection", id.0));
    }
    Ok(revision)
}

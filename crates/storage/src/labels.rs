//! Labels: per-connection tags on dialogs (`/mark`), each with an optional ticker shown in topic
//! titles and an `after` rule (the labels that setting this one removes). A dialog's labels are
//! the JSON array in `dialogs.labels`; renaming or deleting a label rewrites it there too, in the
//! same transaction.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter as _, QueryOrder as _, TransactionTrait as _,
};

use crate::connections::ConnectionId;
use crate::entity::{dialog, label};
use crate::{Error, db, now};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub connection_id: ConnectionId,
    pub name: String,
    /// An emoji or short text shown in the titles of the topics that carry the label.
    pub ticker: Option<String>,
    /// Setting this label removes these (the `after` rule).
    pub removes: Vec<String>,
    pub created_at: i64,
}

impl TryFrom<label::Model> for Label {
    type Error = Error;
    fn try_from(m: label::Model) -> Result<Self, Error> {
        let removes = serde_json::from_str(&m.removes)
            .map_err(|e| Error::Corrupt(format!("label {}: {e}", m.name)))?;
        Ok(Label {
            connection_id: ConnectionId(m.connection_id),
            name: m.name,
            ticker: m.ticker,
            removes,
            created_at: m.created_at,
        })
    }
}

fn to_json(names: &[String]) -> Result<String, Error> {
    serde_json::to_string(names).map_err(|e| Error::Corrupt(e.to_string()))
}

pub struct Labels<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl Labels<'_> {
    /// The connection's labels, in the order they were made.
    pub async fn list(&self, connection: ConnectionId) -> Result<Vec<Label>, Error> {
        label::Entity::find()
            .filter(label::Column::ConnectionId.eq(connection.0))
            .order_by_asc(label::Column::Position)
            .order_by_asc(label::Column::Name)
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    /// Creates a label; false when one of that name exists already.
    pub async fn create(&self, connection: ConnectionId, name: &str) -> Result<bool, Error> {
        // One worker makes a connection's labels, one at a time, so the next position is free.
        let last = label::Entity::find()
            .filter(label::Column::ConnectionId.eq(connection.0))
            .order_by_desc(label::Column::Position)
            .one(self.db)
            .await?
            .map_or(0, |l| l.position);
        let row = label::ActiveModel {
            connection_id: Set(connection.0),
            name: Set(name.to_owned()),
            ticker: Set(None),
            removes: Set("[]".to_owned()),
            created_at: Set(now()),
            position: Set(last + 1),
        };
        let result = label::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([label::Column::ConnectionId, label::Column::Name])
                    .do_nothing()
                    .to_owned(),
            )
            .try_insert()
            .exec_without_returning(self.db)
            .await?;
        Ok(matches!(result, sea_orm::TryInsertResult::Inserted(1)))
    }

    pub async fn set_ticker(
        &self,
        connection: ConnectionId,
        name: &str,
        ticker: Option<&str>,
    ) -> Result<(), Error> {
        let ticker = ticker.map(str::to_owned);
        self.update(self.db, connection, name, |u| {
            u.col_expr(label::Column::Ticker, Expr::value(ticker))
        })
        .await
    }

    pub async fn set_removes(
        &self,
        connection: ConnectionId,
        name: &str,
        removes: &[String],
    ) -> Result<(), Error> {
        let json = to_json(removes)?;
        self.update(self.db, connection, name, |u| {
            u.col_expr(label::Column::Removes, Expr::value(json))
        })
        .await
    }

    /// Renames a label everywhere: its row, the `after` rules naming it, and every dialog carrying
    /// it. Returns the user ids of the dialogs that changed (their topic titles show the label).
    pub async fn rename(
        &self,
        connection: ConnectionId,
        old: &str,
        new: &str,
    ) -> Result<Vec<i64>, Error> {
        let txn = self.db.begin().await?;
        let result = async {
            self.update(&txn, connection, old, |u| {
                u.col_expr(label::Column::Name, Expr::value(new.to_owned()))
            })
            .await?;
            let swap = |names: &mut Vec<String>| {
                for n in names.iter_mut().filter(|n| *n == old) {
                    *n = new.to_owned();
                }
            };
            rewrite_rules(&txn, connection, swap).await?;
            rewrite_dialogs(&txn, connection, old, swap).await
        }
        .await;
        db::finish(txn, result).await
    }

    /// Deletes a label and takes it off every dialog. Returns the user ids of those dialogs.
    pub async fn delete(&self, connection: ConnectionId, name: &str) -> Result<Vec<i64>, Error> {
        let txn = self.db.begin().await?;
        let result = async {
            let deleted = label::Entity::delete_many()
                .filter(label::Column::ConnectionId.eq(connection.0))
                .filter(label::Column::Name.eq(name))
                .exec(&txn)
                .await?
                .rows_affected;
            if deleted == 0 {
                return Err(Error::not_found("label", connection.0));
            }
            let strip = |names: &mut Vec<String>| names.retain(|n| n != name);
            rewrite_rules(&txn, connection, strip).await?;
            rewrite_dialogs(&txn, connection, name, strip).await
        }
        .await;
        db::finish(txn, result).await
    }

    async fn update<C: ConnectionTrait>(
        &self,
        db: &C,
        connection: ConnectionId,
        name: &str,
        set: impl FnOnce(sea_orm::UpdateMany<label::Entity>) -> sea_orm::UpdateMany<label::Entity>,
    ) -> Result<(), Error> {
        let update = label::Entity::update_many()
            .filter(label::Column::ConnectionId.eq(connection.0))
            .filter(label::Column::Name.eq(name));
        if set(update).exec(db).await?.rows_affected == 0 {
            return Err(Error::not_found("label", connection.0));
        }
        Ok(())
    }
}

/// Applies `change` to every label's `after` list.
async fn rewrite_rules<C: ConnectionTrait>(
    db: &C,
    connection: ConnectionId,
    change: impl Fn(&mut Vec<String>),
) -> Result<(), Error> {
    let rows = label::Entity::find()
        .filter(label::Column::ConnectionId.eq(connection.0))
        .all(db)
        .await?;
    for row in rows {
        let mut removes: Vec<String> =
            serde_json::from_str(&row.removes).map_err(|e| Error::Corrupt(e.to_string()))?;
        let before = removes.clone();
        change(&mut removes);
        if removes != before {
            label::Entity::update_many()
                .filter(label::Column::ConnectionId.eq(connection.0))
                .filter(label::Column::Name.eq(row.name))
                .col_expr(label::Column::Removes, Expr::value(to_json(&removes)?))
                .exec(db)
                .await?;
        }
    }
    Ok(())
}

/// Applies `change` to the labels of every dialog carrying `name`; returns their user ids.
async fn rewrite_dialogs<C: ConnectionTrait>(
    db: &C,
    connection: ConnectionId,
    name: &str,
    change: impl Fn(&mut Vec<String>),
) -> Result<Vec<i64>, Error> {
    // Label names hold no quotes or wildcards (the relay checks them), so the JSON text of the
    // array contains `"name"` exactly when the dialog carries it; the parse below confirms.
    let rows = dialog::Entity::find()
        .filter(dialog::Column::ConnectionId.eq(connection.0))
        .filter(dialog::Column::Labels.contains(format!("\"{name}\"")))
        .all(db)
        .await?;
    let mut changed = Vec::new();
    for row in rows {
        let mut labels: Vec<String> =
            serde_json::from_str(&row.labels).map_err(|e| Error::Corrupt(e.to_string()))?;
        if !labels.iter().any(|l| l == name) {
            continue;
        }
        change(&mut labels);
        dialog::Entity::update_many()
            .filter(dialog::Column::ConnectionId.eq(connection.0))
            .filter(dialog::Column::UserId.eq(row.user_id))
            .col_expr(dialog::Column::Labels, Expr::value(to_json(&labels)?))
            .exec(db)
            .await?;
        changed.push(row.user_id);
    }
    Ok(changed)
}

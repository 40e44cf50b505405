//! The group messages a worker has handled, so a replayed update is not handled twice.

use sea_orm::sea_query::{Expr, ExprTrait as _, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnectionTrait as _, DatabaseConnection, EntityTrait,
    QueryFilter as _,
};

use crate::connections::ConnectionId;
use crate::entity::handled_update::{self, Column};
use crate::{Error, now};

pub struct HandledUpdates<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl HandledUpdates<'_> {
    /// Whether a group message was handled already — recorded here, or (in the backend group,
    /// `linked_in`) relayed, which its message link shows — in one round trip. A relayed message
    /// needs no row here: its link makes the replay a no-op (issue #17, "read less").
    pub async fn seen(
        &self,
        connection: ConnectionId,
        chat_id: i64,
        msg_id: i64,
        linked_in: Option<i64>,
    ) -> Result<bool, Error> {
        use crate::entity::message_link::{self, Column as Link};
        let handled = Query::select()
            .expr(Expr::val(1))
            .from(handled_update::Entity)
            .and_where(Expr::col(Column::ConnectionId).eq(connection.0))
            .and_where(Expr::col(Column::ChatId).eq(chat_id))
            .and_where(Expr::col(Column::MsgId).eq(msg_id))
            .to_owned();
        let mut seen = Expr::exists(handled);
        if linked_in == Some(chat_id) {
            let linked = Query::select()
                .expr(Expr::val(1))
                .from(message_link::Entity)
                .and_where(Expr::col(Link::ConnectionId).eq(connection.0))
                .and_where(Expr::col(Link::GroupMsgId).eq(msg_id))
                .to_owned();
            seen = seen.or(Expr::exists(linked));
        }
        let select = Query::select().expr_as(seen, "seen").to_owned();
        let row = self
            .db
            .query_one_raw(self.db.get_database_backend().build(&select))
            .await?
            .ok_or_else(|| Error::Corrupt("SELECT EXISTS returned no row".into()))?;
        // SQLite answers 0 or 1, PostgreSQL a boolean.
        let seen = match row.try_get::<bool>("", "seen") {
            Ok(seen) => seen,
            Err(_) => row.try_get::<i64>("", "seen")? != 0,
        };
        Ok(seen)
    }

    pub async fn contains(
        &self,
        connection: ConnectionId,
        chat_id: i64,
        msg_id: i64,
    ) -> Result<bool, Error> {
        Ok(
            handled_update::Entity::find_by_id((connection.0, chat_id, msg_id))
                .one(self.db)
                .await?
                .is_some(),
        )
    }

    /// Records a handled message; false when it was recorded already.
    pub async fn record(
        &self,
        connection: ConnectionId,
        chat_id: i64,
        msg_id: i64,
    ) -> Result<bool, Error> {
        let row = handled_update::ActiveModel {
            connection_id: Set(connection.0),
            chat_id: Set(chat_id),
            msg_id: Set(msg_id),
            handled_at: Set(now()),
        };
        let result = handled_update::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([Column::ConnectionId, Column::ChatId, Column::MsgId])
                    .do_nothing()
                    .to_owned(),
            )
            .try_insert()
            .exec_without_returning(self.db)
            .await?;
        Ok(matches!(result, sea_orm::TryInsertResult::Inserted(1)))
    }

    /// Forgets records older than `before` (replays come within minutes of a restart).
    pub async fn prune(&self, connection: ConnectionId, before: i64) -> Result<u64, Error> {
        Ok(handled_update::Entity::delete_many()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::HandledAt.lt(before))
            .exec(self.db)
            .await?
            .rows_affected)
    }
}

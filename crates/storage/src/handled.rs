//! The group messages a worker has handled, so a replayed update is not handled twice.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait, QueryFilter as _,
};

use crate::connections::ConnectionId;
use crate::entity::handled_update::{self, Column};
use crate::{Error, now};

pub struct HandledUpdates<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl HandledUpdates<'_> {
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

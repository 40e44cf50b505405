//! Operators' messages about to be copied to users, written before each copy is sent.
//!
//! Telegram hands an account (and a bot over MTProto) its own sends back as outgoing messages.
//! The relay knows its copies by their message links; but a relay killed between a copy reaching
//! Telegram and its link being recorded leaves a copy nobody knows, and after the restart its
//! echo would look like a message from another session (INTERCEPT_EXTERNAL). The intent, written
//! before the send, names the copy that echo belongs to, whichever of the two the replay brings
//! first: the operator's message (Telegram refuses the repeat, RANDOM_ID_DUPLICATE) or the echo.

use sea_orm::sea_query::{Expr, ExprTrait as _, OnConflict, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait, QueryFilter as _,
    QueryOrder as _, QuerySelect as _,
};

use crate::Error;
use crate::connections::ConnectionId;
use crate::entity::copy_intent::{self, Column};
use crate::entity::message_link;

/// A copy that was to be sent: which operator message, by whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyIntent {
    pub group_msg_id: i64,
    pub user_id: i64,
    pub operator_id: i64,
    pub operator_name: String,
}

pub struct CopyIntents<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl CopyIntents<'_> {
    /// The oldest copy to `user_id` that was intended but has no message link: the one an
    /// outgoing message nobody claims (its echo) belongs to.
    pub async fn unlinked(
        &self,
        connection: ConnectionId,
        user_id: i64,
    ) -> Result<Option<CopyIntent>, Error> {
        let linked = Query::select()
            .expr(Expr::val(1))
            .from(message_link::Entity)
            .and_where(
                Expr::col((message_link::Entity, message_link::Column::ConnectionId))
                    .equals((copy_intent::Entity, Column::ConnectionId)),
            )
            .and_where(
                Expr::col((message_link::Entity, message_link::Column::GroupMsgId))
                    .equals((copy_intent::Entity, Column::GroupMsgId)),
            )
            .to_owned();
        let row = copy_intent::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::UserId.eq(user_id))
            .filter(Expr::exists(linked).not())
            .order_by_asc(Column::GroupMsgId)
            .limit(1)
            .one(self.db)
            .await?;
        Ok(row.map(|r| CopyIntent {
            group_msg_id: r.group_msg_id,
            user_id: r.user_id,
            operator_id: r.operator_id,
            operator_name: r.operator_name,
        }))
    }

    /// Forgets the copies of `group_msg_ids` to `user_id`: Telegram refused them for good.
    pub async fn forget(
        &self,
        connection: ConnectionId,
        user_id: i64,
        group_msg_ids: &[i64],
    ) -> Result<(), Error> {
        copy_intent::Entity::delete_many()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::UserId.eq(user_id))
            .filter(Column::GroupMsgId.is_in(group_msg_ids.iter().copied()))
            .exec(self.db)
            .await?;
        Ok(())
    }

    /// Forgets intents older than `before` (their echoes come within minutes of a restart).
    pub async fn prune(&self, connection: ConnectionId, before: i64) -> Result<u64, Error> {
        Ok(copy_intent::Entity::delete_many()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::CreatedAt.lt(before))
            .exec(self.db)
            .await?
            .rows_affected)
    }
}

pub(crate) fn row(
    connection: ConnectionId,
    user_id: i64,
    group_msg_id: i64,
    operator_id: i64,
    operator_name: &str,
    at: i64,
) -> copy_intent::ActiveModel {
    copy_intent::ActiveModel {
        connection_id: Set(connection.0),
        group_msg_id: Set(group_msg_id),
        user_id: Set(user_id),
        operator_id: Set(operator_id),
        operator_name: Set(operator_name.to_owned()),
        created_at: Set(at),
    }
}

/// Inserts intents; a replay's are there already and change nothing.
pub(crate) async fn insert(
    db: &impl sea_orm::ConnectionTrait,
    rows: Vec<copy_intent::ActiveModel>,
) -> Result<(), Error> {
    if rows.is_empty() {
        return Ok(());
    }
    copy_intent::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([Column::ConnectionId, Column::GroupMsgId])
                .do_nothing()
                .to_owned(),
        )
        .try_insert()
        .exec_without_returning(db)
        .await?;
    Ok(())
}

//! Message links: which message in the user's chat is which message in the topic. They map
//! replies, carry edits and deletions across, and make replayed updates idempotent.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter as _, TransactionTrait as _,
};

use crate::connections::ConnectionId;
use crate::entity::message_link::{self, Column};
use crate::webhooks::Outgoing;
use crate::{Error, now};

/// Which way the message travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From the user into the topic.
    In,
    /// From an operator to the user.
    Out,
    /// Sent to the user by the bot or account from another session, copied into the topic.
    Intercepted,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::In => "in",
            Direction::Out => "out",
            Direction::Intercepted => "intercepted",
        }
    }

    fn parse(text: &str) -> Result<Self, Error> {
        match text {
            "in" => Ok(Direction::In),
            "out" => Ok(Direction::Out),
            "intercepted" => Ok(Direction::Intercepted),
            other => Err(Error::Corrupt(format!(
                "unknown message direction `{other}`"
            ))),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageLink {
    pub connection_id: ConnectionId,
    pub user_id: i64,
    pub user_msg_id: i64,
    pub group_msg_id: i64,
    pub direction: Direction,
    pub created_at: i64,
}

impl TryFrom<message_link::Model> for MessageLink {
    type Error = Error;
    fn try_from(m: message_link::Model) -> Result<Self, Error> {
        Ok(MessageLink {
            connection_id: ConnectionId(m.connection_id),
            user_id: m.user_id,
            user_msg_id: m.user_msg_id,
            group_msg_id: m.group_msg_id,
            direction: Direction::parse(&m.direction)?,
            created_at: m.created_at,
        })
    }
}

/// Who answered, and whether the answer ended a wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer {
    pub operator_id: i64,
    pub waited_since: Option<i64>,
}

pub struct MessageLinks<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl MessageLinks<'_> {
    /// Records a link; false when either side is linked already (a replayed update).
    pub async fn record(
        &self,
        connection: ConnectionId,
        user_id: i64,
        user_msg_id: i64,
        group_msg_id: i64,
        direction: Direction,
    ) -> Result<bool, Error> {
        self.insert(
            connection,
            user_id,
            user_msg_id,
            group_msg_id,
            direction,
            None,
        )
        .await
    }

    /// Records an operator's message to the user: who sent it and, when it is the first answer
    /// since the user wrote, since when the user had waited (the first-response time's start).
    /// Carried on the link itself, so analytics costs relaying no extra round trip.
    pub async fn record_answer(
        &self,
        connection: ConnectionId,
        user_id: i64,
        user_msg_id: i64,
        group_msg_id: i64,
        answer: Answer,
    ) -> Result<bool, Error> {
        let direction = Direction::Out;
        self.insert(
            connection,
            user_id,
            user_msg_id,
            group_msg_id,
            direction,
            Some(answer),
        )
        .await
    }

    /// Records a link and, only when it is new (not a replayed update), queues its webhook rows
    /// (`message_received`, `message_sent`, `message_intercepted`) in the same transaction: an
    /// event is reported exactly when its message is recorded as relayed.
    pub async fn record_announcing(
        &self,
        link: NewLink,
        answer: Option<Answer>,
        hooks: &[Outgoing],
    ) -> Result<bool, Error> {
        if hooks.is_empty() {
            return self
                .insert(
                    link.connection,
                    link.user_id,
                    link.user_msg_id,
                    link.group_msg_id,
                    link.direction,
                    answer,
                )
                .await;
        }
        let txn = self.db.begin().await?;
        let result = async {
            let inserted = insert(&txn, &link, answer).await?;
            if inserted {
                crate::webhooks::enqueue(&txn, link.connection, hooks).await?;
            }
            Ok(inserted)
        }
        .await;
        crate::db::finish(txn, result).await
    }

    async fn insert(
        &self,
        connection: ConnectionId,
        user_id: i64,
        user_msg_id: i64,
        group_msg_id: i64,
        direction: Direction,
        answer: Option<Answer>,
    ) -> Result<bool, Error> {
        let link = NewLink {
            connection,
            user_id,
            user_msg_id,
            group_msg_id,
            direction,
        };
        insert(self.db, &link, answer).await
    }

    pub async fn by_user_message(
        &self,
        connection: ConnectionId,
        user_id: i64,
        user_msg_id: i64,
    ) -> Result<Option<MessageLink>, Error> {
        message_link::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::UserId.eq(user_id))
            .filter(Column::UserMsgId.eq(user_msg_id))
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    /// The links of the private message `user_msg_id`, in whichever user's chat: MTProto's
    /// `updateDeleteMessages` names no chat, because an account's (or bot's) private messages
    /// share one id sequence (<https://core.telegram.org/constructor/updateDeleteMessages>).
    pub async fn by_private_message(
        &self,
        connection: ConnectionId,
        user_msg_id: i64,
    ) -> Result<Vec<MessageLink>, Error> {
        message_link::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::UserMsgId.eq(user_msg_id))
            .all(self.db)
            .await?
            .into_iter()
            .map(TryInto::try_into)
            .collect()
    }

    /// Whether the connection has copied users' messages since `before` or earlier, yet has
    /// never received a message sent from another session of its own (no intercepted link).
    /// INTERCEPT_EXTERNAL on a bot relies on Telegram handing a bot's MTProto session what its
    /// Bot API session sends, which Telegram does not document: a day of traffic without one
    /// is the sign that it does not (docs/ARCHITECTURE.md, "INTERCEPT_EXTERNAL").
    pub async fn never_intercepted(
        &self,
        connection: ConnectionId,
        before: i64,
    ) -> Result<bool, Error> {
        let of = || message_link::Entity::find().filter(Column::ConnectionId.eq(connection.0));
        let relayed_since = of()
            .filter(Column::Direction.eq(Direction::In.as_str()))
            .filter(Column::CreatedAt.lte(before))
            .one(self.db)
            .await?
            .is_some();
        if !relayed_since {
            return Ok(false);
        }
        let intercepted = of()
            .filter(Column::Direction.eq(Direction::Intercepted.as_str()))
            .one(self.db)
            .await?
            .is_some();
        Ok(!intercepted)
    }

    pub async fn by_group_message(
        &self,
        connection: ConnectionId,
        group_msg_id: i64,
    ) -> Result<Option<MessageLink>, Error> {
        message_link::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::GroupMsgId.eq(group_msg_id))
            .one(self.db)
            .await?
            .map(TryInto::try_into)
            .transpose()
    }

    /// Forgets the links of a user's dialog (its topic is gone for good).
    pub async fn forget_dialog(
        &self,
        connection: ConnectionId,
        user_id: i64,
    ) -> Result<u64, Error> {
        Ok(message_link::Entity::delete_many()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::UserId.eq(user_id))
            .exec(self.db)
            .await?
            .rows_affected)
    }
}

/// A link between a message in the user's chat and its copy in the topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewLink {
    pub connection: ConnectionId,
    pub user_id: i64,
    pub user_msg_id: i64,
    pub group_msg_id: i64,
    pub direction: Direction,
}

/// A link as stored, made at `at`.
pub(crate) fn row(link: &NewLink, answer: Option<Answer>, at: i64) -> message_link::ActiveModel {
    message_link::ActiveModel {
        operator_id: Set(answer.map(|a| a.operator_id)),
        waited_since: Set(answer.and_then(|a| a.waited_since)),
        connection_id: Set(link.connection.0),
        user_id: Set(link.user_id),
        user_msg_id: Set(link.user_msg_id),
        group_msg_id: Set(link.group_msg_id),
        direction: Set(link.direction.as_str().to_owned()),
        created_at: Set(at),
        ..Default::default()
    }
}

/// Inserts a link; false when either side is linked already.
pub(crate) async fn insert(
    db: &impl ConnectionTrait,
    link: &NewLink,
    answer: Option<Answer>,
) -> Result<bool, Error> {
    let result = message_link::Entity::insert(row(link, answer, now()))
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .try_insert()
        .exec_without_returning(db)
        .await?;
    Ok(matches!(result, sea_orm::TryInsertResult::Inserted(n) if n == 1))
}

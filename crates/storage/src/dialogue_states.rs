//! The setup bot's per-chat dialogue state (teloxide's `Storage` is implemented on this), kept as
//! serialized text so this crate need not know the bot's state type.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, DatabaseConnection, EntityTrait};

use crate::entity::dialogue_state::{self, Column};
use crate::{Error, now};

pub struct DialogueStates<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl DialogueStates<'_> {
    pub async fn get(&self, chat_id: i64) -> Result<Option<String>, Error> {
        Ok(dialogue_state::Entity::find_by_id(chat_id)
            .one(self.db)
            .await?
            .map(|m| m.state))
    }

    pub async fn set(&self, chat_id: i64, state: &str) -> Result<(), Error> {
        let row = dialogue_state::ActiveModel {
            chat_id: Set(chat_id),
            state: Set(state.to_owned()),
            updated_at: Set(now()),
        };
        dialogue_state::Entity::insert(row)
            .on_conflict(
                OnConflict::column(Column::ChatId)
                    .update_columns([Column::State, Column::UpdatedAt])
                    .to_owned(),
            )
            .exec_without_returning(self.db)
            .await?;
        Ok(())
    }

    /// Forgets the chat's state; true when there was one.
    pub async fn remove(&self, chat_id: i64) -> Result<bool, Error> {
        Ok(dialogue_state::Entity::delete_by_id(chat_id)
            .exec(self.db)
            .await?
            .rows_affected
            == 1)
    }
}

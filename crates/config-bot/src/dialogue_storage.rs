//! teloxide's dialogue `Storage` on Switchboard's database (teloxide's own storages would pull in
//! a second sqlx): each chat's state is a JSON text in `dialogue_states`.

use std::sync::Arc;

use serde::Serialize;
use serde::de::DeserializeOwned;
use teloxide::dispatching::dialogue::Storage;
use teloxide::types::ChatId;

/// `futures::future::BoxFuture<'static, T>`, which teloxide's trait returns.
type BoxFuture<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'static>>;

#[derive(Debug, thiserror::Error)]
pub enum DialogueStorageError {
    #[error(transparent)]
    Storage(#[from] storage::Error),
    #[error("the dialogue state does not encode: {0}")]
    Encode(#[from] serde_json::Error),
    #[error("no dialogue for this chat")]
    NotFound,
}

/// The setup bot's dialogue states in the shared database.
#[derive(Clone, Debug)]
pub struct DbStorage {
    storage: storage::Storage,
}

impl DbStorage {
    pub fn new(storage: storage::Storage) -> Arc<Self> {
        Arc::new(Self { storage })
    }
}

impl<D> Storage<D> for DbStorage
where
    D: Serialize + DeserializeOwned + Send + 'static,
{
    type Error = DialogueStorageError;

    fn remove_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<Result<(), Self::Error>>
    where
        D: Send + 'static,
    {
        Box::pin(async move {
            if self.storage.dialogue_states().remove(chat_id.0).await? {
                Ok(())
            } else {
                Err(DialogueStorageError::NotFound)
            }
        })
    }

    fn update_dialogue(
        self: Arc<Self>,
        chat_id: ChatId,
        dialogue: D,
    ) -> BoxFuture<Result<(), Self::Error>>
    where
        D: Send + 'static,
    {
        Box::pin(async move {
            let json = serde_json::to_string(&dialogue)?;
            Ok(self.storage.dialogue_states().set(chat_id.0, &json).await?)
        })
    }

    fn get_dialogue(self: Arc<Self>, chat_id: ChatId) -> BoxFuture<Result<Option<D>, Self::Error>> {
        Box::pin(async move {
            let Some(json) = self.storage.dialogue_states().get(chat_id.0).await? else {
                return Ok(None);
            };
            match serde_json::from_str(&json) {
                Ok(state) => Ok(Some(state)),
                // A state from an older version of the bot: start over rather than stay stuck.
                Err(err) => {
                    tracing::warn!(chat = chat_id.0, error = %err, "a stored dialogue state no longer decodes; starting over");
                    Ok(None)
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    enum State {
        Start,
        AwaitingToken { attempt: u8 },
    }

    #[tokio::test]
    async fn dialogues_are_kept_per_chat_and_survive_a_new_storage() {
        for db in storage::testing::all().await {
            let store = DbStorage::new(db.storage.clone());
            let chat = ChatId(42);
            let get = |s: Arc<DbStorage>| async move {
                <DbStorage as Storage<State>>::get_dialogue(s, chat)
                    .await
                    .unwrap()
            };
            assert_eq!(get(store.clone()).await, None);
            Storage::<State>::update_dialogue(
                store.clone(),
                chat,
                State::AwaitingToken { attempt: 1 },
            )
            .await
            .unwrap();
            Storage::<State>::update_dialogue(store.clone(), ChatId(7), State::Start)
                .await
                .unwrap();
            // Another process (or a restart) sees the same state.
            assert_eq!(
                get(DbStorage::new(db.storage.clone())).await,
                Some(State::AwaitingToken { attempt: 1 })
            );
            Storage::<State>::remove_dialogue(store.clone(), chat)
                .await
                .unwrap();
            assert_eq!(get(store.clone()).await, None);
            assert!(matches!(
                Storage::<State>::remove_dialogue(store.clone(), chat).await,
                Err(DialogueStorageError::NotFound)
            ));
            assert_eq!(
                <DbStorage as Storage<State>>::get_dialogue(store.clone(), ChatId(7))
                    .await
                    .unwrap(),
                Some(State::Start)
            );

            db.dialogue_states()
                .set(chat.0, r#"{"RemovedVariant":{}}"#)
                .await
                .unwrap();
            assert_eq!(get(store).await, None, "an old state starts over");
        }
    }
}

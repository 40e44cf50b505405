//! Finds a link by the private message id alone: over MTProto a user's deletion
//! (`updateDeleteMessages`) names no chat, so the relay looks up `(connection_id, user_msg_id)`,
//! which the unique `(connection_id, user_id, user_msg_id)` index cannot serve past its first column.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "ix_message_links_private_message";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NAME)
                    .table("message_links")
                    .col("connection_id")
                    .col("user_msg_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name(NAME).table("message_links").to_owned())
            .await
    }
}

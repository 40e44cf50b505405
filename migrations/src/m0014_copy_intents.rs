//! An operator's message about to be copied to a user, written before the copy is sent, so that
//! the copy's echo (Telegram hands an account its own sends back as outgoing messages) is
//! recognised even when the relay died between the send and its message link.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("copy_intents")
                    .col(big_integer("connection_id"))
                    .col(big_integer("group_msg_id"))
                    .col(big_integer("user_id"))
                    .col(big_integer("operator_id"))
                    .col(string("operator_name"))
                    .col(big_integer("created_at"))
                    .primary_key(Index::create().col("connection_id").col("group_msg_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_copy_intents_connection")
                            .from("copy_intents", "connection_id")
                            .to("connections", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_copy_intents_user")
                    .table("copy_intents")
                    .col("connection_id")
                    .col("user_id")
                    .col("group_msg_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("copy_intents").to_owned())
            .await
    }
}

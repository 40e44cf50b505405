//! The group an account created for its connection, recorded the moment Telegram answers and
//! before the admin is brought in, so a retry never creates a second one. Its own column: a
//! connection changing group keeps its old group in `backend_chat_id` until the new one is linked.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("connections")
                    .add_column(big_integer_null("new_group_chat_id"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("connections")
                    .drop_column("new_group_chat_id")
                    .to_owned(),
            )
            .await
    }
}

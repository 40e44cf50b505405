//! Admins' Telegram usernames, as the setup bot last saw them: an account that creates its
//! backend group and has never talked with its admin resolves them by username to add them
//! (an account can only address a user whose access hash it was given).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("admins")
                    .add_column(string_null("username"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("admins")
                    .drop_column("username")
                    .to_owned(),
            )
            .await
    }
}

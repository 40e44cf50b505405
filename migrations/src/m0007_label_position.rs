//! Labels keep the order they were made in exactly: `created_at` has a resolution of seconds, so
//! labels made within one second used to list (and show their tickers) by name instead.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("labels")
                    .add_column(big_integer("position").default(0))
                    .to_owned(),
            )
            .await?;
        // Existing labels are numbered in the order they listed in until now.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE labels SET position = 1 + (SELECT COUNT(*) FROM labels AS older \
                 WHERE older.connection_id = labels.connection_id \
                 AND (older.created_at < labels.created_at \
                 OR (older.created_at = labels.created_at AND older.name < labels.name)))",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("labels")
                    .drop_column("position")
                    .to_owned(),
            )
            .await
    }
}

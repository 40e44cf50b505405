//! Group messages a worker has handled (commands, comments, link attempts), so a replay after a
//! restart does not repeat their effects. Relayed messages are covered by message_links already.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("handled_updates")
                    .col(big_integer("connection_id"))
                    .col(big_integer("chat_id"))
                    .col(big_integer("msg_id"))
                    .col(big_integer("handled_at"))
                    .primary_key(
                        Index::create()
                            .col("connection_id")
                            .col("chat_id")
                            .col("msg_id"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_handled_updates_connection")
                            .from("handled_updates", "connection_id")
                            .to("connections", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("handled_updates").to_owned())
            .await
    }
}

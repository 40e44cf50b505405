//! The module commands (issue #8): labels with tickers and `after` rules, and broadcasts with one
//! row per recipient, so a broadcast resumes after a restart without sending anyone it twice.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn to_connection(table: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_connection"))
        .from(table, "connection_id")
        .to("connections", "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("labels")
                    .col(big_integer("connection_id"))
                    .col(string("name"))
                    .col(string_null("ticker"))
                    // A JSON array of the labels that setting this one removes.
                    .col(text("removes"))
                    .col(big_integer("created_at"))
                    .primary_key(Index::create().col("connection_id").col("name"))
                    .foreign_key(&mut to_connection("labels"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("broadcasts")
                    .col(big_pk_auto("id"))
                    .col(big_integer("connection_id"))
                    .col(string("status"))
                    .col(big_integer("source_chat_id"))
                    // A JSON array: the message, or an album's messages in order.
                    .col(text("source_msg_ids"))
                    .col(string("audience"))
                    .col(string_null("audience_label"))
                    // A JSON array of user ids (an uploaded list).
                    .col(text("audience_ids"))
                    .col(big_integer_null("card_msg_id"))
                    .col(big_integer("created_by"))
                    .col(big_integer("created_at"))
                    .col(big_integer_null("started_at"))
                    .col(big_integer_null("finished_at"))
                    .foreign_key(&mut to_connection("broadcasts"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_broadcasts_connection_status")
                    .table("broadcasts")
                    .col("connection_id")
                    .col("status")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("broadcast_recipients")
                    .col(big_integer("broadcast_id"))
                    .col(big_integer("user_id"))
                    .col(string("status"))
                    .col(text_null("error"))
                    .col(big_integer("updated_at"))
                    .primary_key(Index::create().col("broadcast_id").col("user_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_broadcast_recipients_broadcast")
                            .from("broadcast_recipients", "broadcast_id")
                            .to("broadcasts", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_broadcast_recipients_status")
                    .table("broadcast_recipients")
                    .col("broadcast_id")
                    .col("status")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["broadcast_recipients", "broadcasts", "labels"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

//! The HTTP API (issue #15): one key per connection, kept only as a hash, and the requests the
//! API hands to the connection's relay worker through the database.

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
                    .table("api_keys")
                    .col(big_integer("connection_id").primary_key())
                    // SHA-256 of the whole key, hex: the key itself is never stored.
                    .col(string("key_hash"))
                    .col(big_integer("created_at"))
                    .foreign_key(&mut to_connection("api_keys"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("api_requests")
                    .col(big_pk_auto("id"))
                    .col(big_integer("connection_id"))
                    .col(string_null("idempotency_key"))
                    .col(string("kind"))
                    // JSON: what to do, as the API validated it.
                    .col(text("payload"))
                    // pending → working → done | failed
                    .col(string("status"))
                    // JSON: the outcome (done) or the problem (failed).
                    .col(text_null("result"))
                    .col(big_integer("created_at"))
                    .col(big_integer_null("finished_at"))
                    .foreign_key(&mut to_connection("api_requests"))
                    .to_owned(),
            )
            .await?;
        // Several NULL keys are allowed by both SQLite and PostgreSQL: requests without a key
        // are never deduplicated.
        manager
            .create_index(
                Index::create()
                    .name("ux_api_requests_idempotency")
                    .table("api_requests")
                    .col("connection_id")
                    .col("idempotency_key")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_api_requests_status")
                    .table("api_requests")
                    .col("connection_id")
                    .col("status")
                    .col("id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("api_requests").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("api_keys").to_owned())
            .await
    }
}

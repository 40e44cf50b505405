//! The dashboard's days, kept once computed (issue #16's speed target): a finished day in a time
//! zone never changes, so its numbers are stored in a form that adds up over a period (counts,
//! first-response times with how often each occurred, the dialogs each operator touched) and a
//! dashboard reads at most a few hundred rows instead of a million message links.
//! Waiting dialogs (live state) are counted with an index on their status instead.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("analytics_days")
                    .col(big_integer("connection_id"))
                    // The IANA name of the zone the day is local to.
                    .col(string("zone"))
                    // The day's first second (unix time) in that zone.
                    .col(big_integer("starts_at"))
                    // JSON: storage::analytics::DayRecord without its operators…
                    .col(text("record"))
                    // …which are apart (JSON), read only for the shown period's days.
                    .col(text("operators"))
                    .primary_key(
                        Index::create()
                            .col("connection_id")
                            .col("zone")
                            .col("starts_at"),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_analytics_days_connection")
                            .from("analytics_days", "connection_id")
                            .to("connections", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Today is computed from the links each time: an index holding every column those
        // queries read answers them without touching the table (tens of thousands of random
        // row reads on a busy day otherwise). It replaces the narrower one with its prefix.
        manager
            .drop_index(
                Index::drop()
                    .name("ix_message_links_at")
                    .table("message_links")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_message_links_period")
                    .table("message_links")
                    .col("connection_id")
                    .col("created_at")
                    .col("direction")
                    .col("operator_id")
                    .col("user_id")
                    .col("waited_since")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_dialogs_waiting")
                    .table("dialogs")
                    .col("connection_id")
                    .col("status")
                    .col("status_since")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ix_dialogs_waiting")
                    .table("dialogs")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_message_links_period")
                    .table("message_links")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_message_links_at")
                    .table("message_links")
                    .col("connection_id")
                    .col("created_at")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("analytics_days").to_owned())
            .await
    }
}

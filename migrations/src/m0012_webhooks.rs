//! WEBHOOKS (issue 15): the outbox of webhook deliveries, the connection's signing secret, and
//! the mark that a dialog's `dialog_created` was announced.
//!
//! A delivery row is written in the same transaction as the change it reports, so an event is
//! never lost to a crash between the two; the deliverer sends each URL's rows in `id` order.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("webhook_deliveries")
                    .col(big_pk_auto("id"))
                    .col(big_integer("connection_id"))
                    .col(string("url"))
                    // The event's id (`webhook-id`), the same for every URL that hears it.
                    .col(string("event_id"))
                    .col(string("event_type"))
                    .col(text("body"))
                    .col(big_integer("created_at"))
                    // pending | delivered | failed
                    .col(string("state"))
                    .col(integer("attempts").default(0))
                    .col(big_integer("next_attempt_at"))
                    .col(integer_null("last_status"))
                    .col(string_null("last_error"))
                    .col(big_integer_null("finished_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_webhook_deliveries_connection")
                            .from("webhook_deliveries", "connection_id")
                            .to("connections", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The deliverer's question: the oldest pending row of each URL of a connection.
        manager
            .create_index(
                Index::create()
                    .name("idx_webhook_deliveries_queue")
                    .table("webhook_deliveries")
                    .col("connection_id")
                    .col("state")
                    .col("url")
                    .col("id")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("connections")
                    .add_column(blob_null("webhook_secret"))
                    .to_owned(),
            )
            .await?;
        // Dialogs that exist already were created before anyone listened: never announce them.
        manager
            .alter_table(
                Table::alter()
                    .table("dialogs")
                    .add_column(boolean("announced").default(true))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, column) in [("dialogs", "announced"), ("connections", "webhook_secret")] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table("webhook_deliveries").to_owned())
            .await
    }
}

//! Analytics (issue #16): who answered each message and how long the user had waited, a log of
//! closes and reopens, operators' names, the admin's time zone, and indexes for per-day aggregation.
//!
//! History from before this migration has no operators, no waits and no closes; `meta` remembers
//! when recording began (`analytics_since`) so the dashboard can say its numbers are partial.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        for column in [
            // The operator (group member) who sent an outgoing message; 0 for an anonymous admin.
            big_integer_null("operator_id"),
            // On the first operator answer after the user wrote: since when the user had waited.
            big_integer_null("waited_since"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("message_links")
                        .add_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("admins")
                    .add_column(string_null("time_zone"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("dialog_events")
                    .col(big_pk_auto("id"))
                    .col(big_integer("connection_id"))
                    .col(big_integer("user_id"))
                    // closed | reopened
                    .col(string("kind"))
                    // closed: the operator, or NULL for AUTOCLOSE; reopened: who wrote.
                    .col(big_integer_null("actor_id"))
                    .col(big_integer("at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_dialog_events_connection")
                            .from("dialog_events", "connection_id")
                            .to("connections", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Operators' names as last seen, so the per-operator rows can name the people.
        manager
            .create_table(
                Table::create()
                    .table("operators")
                    .col(big_integer("connection_id"))
                    .col(big_integer("user_id"))
                    .col(string("name"))
                    .col(big_integer("seen_at"))
                    .primary_key(Index::create().col("connection_id").col("user_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_operators_connection")
                            .from("operators", "connection_id")
                            .to("connections", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, table, cols) in [
            (
                "ix_dialog_events_at",
                "dialog_events",
                ["connection_id", "at"],
            ),
            (
                "ix_message_links_at",
                "message_links",
                ["connection_id", "created_at"],
            ),
            (
                "ix_dialogs_first_seen",
                "dialogs",
                ["connection_id", "first_seen_at"],
            ),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(table)
                        .col(cols[0])
                        .col(cols[1])
                        .to_owned(),
                )
                .await?;
        }
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("meta")
                    .columns(["key", "value"])
                    .values_panic([Expr::val("analytics_since"), Expr::val(since.to_string())])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("ix_message_links_at", "message_links"),
            ("ix_dialogs_first_seen", "dialogs"),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        for table in ["operators", "dialog_events"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for (table, column) in [
            ("message_links", "operator_id"),
            ("message_links", "waited_since"),
            ("admins", "time_zone"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        manager
            .exec_stmt(
                Query::delete()
                    .from_table("meta")
                    .and_where(Expr::col("key").eq("analytics_since"))
                    .to_owned(),
            )
            .await
    }
}

//! The first schema: every table of the data model in docs/ARCHITECTURE.md.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A foreign key to `connections.id` that removes the row with its connection.
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
                    .table("admins")
                    .col(big_integer("tg_user_id").primary_key())
                    .col(string("language"))
                    .col(big_integer("created_at"))
                    .col(big_integer("updated_at"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("connections")
                    .col(big_pk_auto("id"))
                    .col(big_integer("owner_id"))
                    .col(string("kind"))
                    .col(big_integer_null("tg_user_id"))
                    .col(string_null("username"))
                    .col(string_null("title"))
                    .col(blob_null("session"))
                    .col(blob_null("bot_token"))
                    .col(string("status"))
                    .col(text_null("status_reason"))
                    .col(big_integer_null("backend_chat_id"))
                    .col(string_uniq("link_code"))
                    .col(big_integer("revision"))
                    .col(string_null("lease_owner"))
                    .col(big_integer_null("lease_until"))
                    .col(big_integer("created_at"))
                    .col(big_integer("updated_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_connections_owner")
                            .from("connections", "owner_id")
                            .to("admins", "tg_user_id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            ("ix_connections_owner", &["owner_id"][..], false),
            ("ix_connections_revision", &["revision"][..], false),
            // One live connection per Telegram identity; NULL (not signed in yet) never collides.
            ("ux_connections_identity", &["kind", "tg_user_id"][..], true),
        ] {
            let mut index = Index::create();
            index.name(name).table("connections");
            for col in cols {
                index.col(*col);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("parameters")
                    .col(big_integer("connection_id"))
                    .col(string("name"))
                    .col(text("value"))
                    .col(big_integer("updated_at"))
                    .primary_key(Index::create().col("connection_id").col("name"))
                    .foreign_key(&mut to_connection("parameters"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("peers")
                    .col(big_integer("connection_id"))
                    .col(big_integer("peer_id"))
                    .col(string("kind"))
                    .col(big_integer_null("access_hash"))
                    .col(string_null("username"))
                    .col(text_null("data"))
                    .col(big_integer("updated_at"))
                    .primary_key(Index::create().col("connection_id").col("peer_id"))
                    .foreign_key(&mut to_connection("peers"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("dialogs")
                    .col(big_integer("connection_id"))
                    .col(big_integer("user_id"))
                    .col(big_integer_null("topic_id"))
                    .col(string("status"))
                    .col(big_integer("status_since"))
                    .col(string("display_name"))
                    .col(string_null("username"))
                    .col(string_null("language"))
                    .col(text_null("start_param"))
                    .col(big_integer("first_seen_at"))
                    .col(big_integer_null("last_user_at"))
                    .col(big_integer_null("last_operator_at"))
                    .col(big_integer("messages_from_user").default(0))
                    .col(big_integer("messages_from_operators").default(0))
                    .col(boolean("banned").default(false))
                    .col(text("labels").default("[]"))
                    .primary_key(Index::create().col("connection_id").col("user_id"))
                    .foreign_key(&mut to_connection("dialogs"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_dialogs_topic")
                    .table("dialogs")
                    .col("connection_id")
                    .col("topic_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_dialogs_status")
                    .table("dialogs")
                    .col("status")
                    .col("status_since")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("message_links")
                    .col(big_pk_auto("id"))
                    .col(big_integer("connection_id"))
                    .col(big_integer("user_id"))
                    .col(big_integer("user_msg_id"))
                    .col(big_integer("group_msg_id"))
                    .col(string("direction"))
                    .col(big_integer("created_at"))
                    .foreign_key(&mut to_connection("message_links"))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ux_message_links_user_side",
                &["connection_id", "user_id", "user_msg_id"][..],
            ),
            (
                "ux_message_links_group_side",
                &["connection_id", "group_msg_id"][..],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table("message_links").unique();
            for col in cols {
                index.col(*col);
            }
            manager.create_index(index.to_owned()).await?;
        }

        manager
            .create_table(
                Table::create()
                    .table("events")
                    .col(big_pk_auto("id"))
                    .col(big_integer("connection_id"))
                    .col(big_integer("owner_id"))
                    .col(string("kind"))
                    .col(text("payload"))
                    .col(big_integer("created_at"))
                    .col(big_integer_null("delivered_at"))
                    .foreign_key(&mut to_connection("events"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_events_undelivered")
                    .table("events")
                    .col("delivered_at")
                    .col("id")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("dialogue_states")
                    .col(big_integer("chat_id").primary_key())
                    .col(text("state"))
                    .col(big_integer("updated_at"))
                    .to_owned(),
            )
            .await?;

        // Small facts about the database itself, such as the secret-key check value.
        manager
            .create_table(
                Table::create()
                    .table("meta")
                    .col(string("key").primary_key())
                    .col(text("value"))
                    .to_owned(),
            )
            .await?;

        // One row whose value grows with every change a relay must notice (see storage::revision).
        manager
            .create_table(
                Table::create()
                    .table("change_counter")
                    .col(integer("id").primary_key())
                    .col(big_integer("value"))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("change_counter")
                    .columns(["id", "value"])
                    .values_panic([1.into(), 0i64.into()])
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "change_counter",
            "meta",
            "dialogue_states",
            "events",
            "message_links",
            "dialogs",
            "peers",
            "parameters",
            "connections",
            "admins",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

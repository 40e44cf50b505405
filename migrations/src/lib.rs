//! Schema migrations for Switchboard's shared database.
//!
//! Applied at start-up by every subcommand and on demand by `switchboard migrate`. Migrations name
//! their tables and columns themselves instead of borrowing the entities from `storage`, so that a
//! migration keeps meaning what it meant when it was written.

pub use sea_orm_migration::prelude::*;

mod m0001_initial;
mod m0002_new_group_request;
mod m0003_relays;
mod m0004_handled_updates;
mod m0005_modules;
mod m0006_analytics;
mod m0007_label_position;
mod m0008_analytics_days;
mod m0009_private_message_index;
mod m0010_admin_username;
mod m0011_new_group_chat;
mod m0012_webhooks;
mod m0013_api;
mod m0014_copy_intents;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_initial::Migration),
            Box::new(m0002_new_group_request::Migration),
            Box::new(m0003_relays::Migration),
            Box::new(m0004_handled_updates::Migration),
            Box::new(m0005_modules::Migration),
            Box::new(m0006_analytics::Migration),
            Box::new(m0007_label_position::Migration),
            Box::new(m0008_analytics_days::Migration),
            Box::new(m0009_private_message_index::Migration),
            Box::new(m0010_admin_username::Migration),
            Box::new(m0011_new_group_chat::Migration),
            Box::new(m0012_webhooks::Migration),
            Box::new(m0013_api::Migration),
            Box::new(m0014_copy_intents::Migration),
        ]
    }
}

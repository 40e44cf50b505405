//! sea-orm entities: one module per table, rows exactly as stored.
//!
//! Nothing outside `storage` sees these; the rest of Switchboard uses the domain types and the
//! typed queries beside them. The schema itself is written by `migrations/`.

pub mod admin;
pub mod api_key;
pub mod api_request;
pub mod broadcast;
pub mod broadcast_recipient;
pub mod change_counter;
pub mod connection;
pub mod copy_intent;
pub mod dialog;
pub mod dialogue_state;
pub mod event;
pub mod handled_update;
pub mod label;
pub mod message_link;
pub mod meta;
pub mod parameter;
pub mod peer;
pub mod relay;
pub mod webhook_delivery;

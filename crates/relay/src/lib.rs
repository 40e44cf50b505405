//! The relay engine: turns every private chat of a connected bot or account into one forum topic
//! in its backend group, and carries operators' answers back.
//!
//! `logic` is the functional core (plain functions from state and event to steps).

pub mod broadcaster;
pub mod gateway;
pub mod grammers_gateway;
pub mod logic;
pub mod metrics;
pub mod pacing;
pub mod supervisor;
pub mod webhooks;
pub mod worker;

//! The setup bot (teloxide): admins connect bots and accounts, link backend groups and edit
//! parameters here; everything it configures reaches the relay through `storage`.
//!
//! A functional core — [`flow`] (what input means in each state) and [`screen`] (every screen,
//! rendered from data) — inside a thin shell: [`handlers`] and [`signin`] do the IO, [`app`] runs
//! the teloxide dispatcher and the delivery of the relay's events.

pub mod app;
pub mod callback;
pub mod dialogue_storage;
pub mod events;
pub mod flow;
pub mod handlers;
pub mod keypad;
pub mod logins;
pub mod screen;
pub mod signin;
pub mod state;
pub mod stats;
pub mod ui;

pub use app::{App, Options, run};

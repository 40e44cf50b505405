//! The setup bot (teloxide): admins connect bots and accounts, link backend groups and edit
//! parameters here; everything it configures reaches the relay through `storage`.
//!
//! Built so far (issue #4 in progress): the callback data codec, the login-code keypad and
//! teloxide's dialogue storage on the database, and the delivery of the relay's events. The
//! dispatcher, screens and flows come next.

pub mod callback;
pub mod dialogue_storage;
pub mod events;
pub mod keypad;

//! The setup bot (teloxide): admins connect bots and accounts, link backend groups and edit
//! parameters here; everything it configures reaches the relay through `storage`.
//!
//! Built so far (issue #4 in progress): the functional pieces every screen uses — the callback
//! data codec and the login-code keypad. The dispatcher, screens and flows come next.

pub mod callback;
pub mod keypad;

//! The setup bot (teloxide): admins connect bots and accounts, link backend groups and edit
//! parameters here; everything it configures reaches the relay through `storage`.
//!
//! Not built yet: this crate is the subject of the setup-bot issue.

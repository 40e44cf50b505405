//! MTProto identities for Switchboard: a database-backed grammers session, opening a client for a
//! stored session, and the sign-in paths (bot token, QR code, phone + code + 2FA password).

pub mod client;
mod session;

pub use client::{ClientOptions, OpenClient};
pub use session::{SessionError, StoredSession};

//! MTProto identities for Switchboard: a database-backed grammers session, opening a client for a
//! stored session, and the sign-in paths (bot token, QR code, phone + code + 2FA password).

pub mod auth;
pub mod client;
pub mod errors;
pub mod flow;
mod grammers_auth;
mod session;
mod srp;

pub use auth::{Authenticator, LoginStep, PhoneLogin, QrCode, QrEvent, QrLogin, SignedIn};
pub use client::{ClientOptions, OpenClient};
pub use errors::SignInError;
pub use grammers_auth::{GrammersAuthenticator, SessionSource};
pub use session::{SessionError, StoredSession};

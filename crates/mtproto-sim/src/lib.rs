//! Test and bench support only: telegram-sim's [`World`] served over real MTProto 2.0, so the
//! real grammers client — and the relay's `GrammersGateway` on top of it — can run end to end
//! against a simulated Telegram on 127.0.0.1. Never part of the `switchboard` binary.
//!
//! Layers, bottom up: [`transport`] (Full framing), [`crypto`] (server-side MTProto 2.0),
//! [`wire`] (envelopes, containers, gzip, msg_id/seqno), `conn` (one TCP connection: salts,
//! sessions, acks, pings), `rpc` (unwrapping and dispatch), `methods` (the API by area), `tl`
//! (World records as Telegram's types) and `push` (updates per account, with pts).
//!
//! Authorization keys cannot be exchanged with a fake server (grammers trusts only Telegram's
//! RSA keys), so sessions are pre-seeded: see [`MtprotoSim::bot_session`].

pub mod crypto;
pub mod transport;
pub mod wire;

mod conn;
mod methods;
mod push;
mod rpc;
mod seed;
mod srp;
mod state;
mod tl;

pub use seed::{HOME_DC, SeedError, SeededSession};
pub use state::{Dc, MtprotoSim};
pub use telegram_sim::World;

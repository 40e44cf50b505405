//! Test support only: one in-memory Telegram world standing in for Telegram's servers, which tests
//! cannot reach. It is a dev-dependency and never part of a production build.
//!
//! The world holds users, bots (with tokens), accounts (with phones and 2FA passwords) and the
//! authorizations (sessions) Telegram issued to them. [`SimAuthenticator`] implements
//! account-session's `Authenticator` over it, so the setup bot signs in against the simulation
//! exactly as it does against Telegram. Time is tokio's: tests pause and advance it to expire
//! codes and QR tokens.

mod auth;
mod bot_api;
mod chats;
mod factory;
mod gateway;
mod limits;
mod login;
mod world;

pub use auth::SimAuthenticator;
pub use bot_api::{BotApi, SentMessage};
pub use chats::{SimGroup, SimMessage, SimTopic};
pub use factory::SimGatewayFactory;
pub use gateway::SimGateway;
pub use limits::FloodLimits;
pub use login::{CodeRefusal, QrState, TokenRefusal};
pub use world::{Fault, SimUser, World};

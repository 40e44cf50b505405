//! Test support only: one in-memory Telegram world (users, bots with several sessions, accounts,
//! forum groups with topics) standing in for Telegram's servers, which tests cannot reach.
//!
//! Not built yet: it grows with the account-session, setup-bot and relay issues. It is a
//! dev-dependency and never part of a production build.

//! MTProto identities for Switchboard: a database-backed grammers session, opening a client for a
//! stored session, and the sign-in paths (bot token, QR code, phone + code + 2FA password).
//!
//! Not built yet: this crate is the subject of the account-session issue. It depends on
//! `storage`, where sessions are sealed at rest.

//! The relay engine: turns every private chat of a connected bot or account into one forum topic
//! in its backend group, and carries operators' answers back.
//!
//! Not built yet: this crate is the subject of the relay-engine issue. It reads connections and
//! parameters from `storage` and will hold the `Gateway` trait, the pure dialog logic, workers and
//! the supervisor.

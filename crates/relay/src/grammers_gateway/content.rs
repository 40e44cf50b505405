//! What each message said when this session last saw it, so an edit update that changes neither
//! text, caption nor media (a reaction, a pin, a view count: Telegram sends those in supergroups
//! as `updateEditChannelMessage` too) costs no `getMessages` + `editMessage` (issue 13 defect 8).

use std::collections::{HashMap, VecDeque};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;

use grammers_tl_types as tl;

/// How many messages' contents are remembered; an edit of an older one is always handled.
const REMEMBERED: usize = 10_000;

/// A message: (Bot-API chat id, message id).
type Key = (i64, i64);

/// Digests by message, and the messages in the order first seen (to forget the oldest).
#[derive(Default)]
pub(super) struct Contents(Mutex<(HashMap<Key, u64>, VecDeque<Key>)>);

/// A digest of what a copy shows: the text (the caption, for media), its formatting, the media.
pub(super) fn digest(raw: &tl::enums::Message) -> u64 {
    let mut hasher = DefaultHasher::new();
    if let tl::enums::Message::Message(m) = raw {
        m.message.hash(&mut hasher);
        format!("{:?}", m.entities).hash(&mut hasher);
        format!("{:?}", m.media).hash(&mut hasher);
    }
    hasher.finish()
}

impl Contents {
    /// Remembers what `(chat, msg)` shows now; whether that differs from what was remembered
    /// (`true` too when nothing was).
    pub(super) fn changed(&self, chat: i64, msg: i64, digest: u64) -> bool {
        let mut guard = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let (seen, order) = &mut *guard;
        match seen.insert((chat, msg), digest) {
            Some(before) => before != digest,
            None => {
                order.push_back((chat, msg));
                while order.len() > REMEMBERED {
                    if let Some(old) = order.pop_front() {
                        seen.remove(&old);
                    }
                }
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_edits_that_change_what_a_copy_shows_count() {
        let contents = Contents::default();
        assert!(contents.changed(1, 10, 7), "first seen");
        assert!(!contents.changed(1, 10, 7), "a reaction: nothing changed");
        assert!(contents.changed(1, 10, 8), "a new text");
        assert!(contents.changed(2, 10, 8), "another chat's message");
    }
}

//! What the worker knows without asking the database (issue #17, "read less").
//!
//! Under its lease the worker is the only writer of its connection's dialogs, so the row it
//! wrote last is the row in the database: the hot path (a user's message, an operator's
//! message in a topic) reads a dialog once per worker and then keeps it up to date itself.
//! Every other path that changes dialogs (module commands, API requests, AUTOCLOSE, callbacks)
//! forgets everything it knew, and so does any failed update: those are rare, and a forgotten
//! dialog is simply read again.
//!
//! Replays are recognised the same way: message ids only grow within a chat (a channel's, or a
//! private chat's), so once the worker has handled message n of a chat — after asking the
//! database whether it was handled before — any later message with a higher id is new, and
//! only a message at or below that mark (a catch-up after a restart, a retried update) needs
//! the database's word.

use std::collections::HashMap;

use storage::Dialog;

/// More than this many remembered dialogs (or chats) and the memory starts over: a forgotten
/// entry costs one read.
const CAPACITY: usize = 50_000;

#[derive(Default)]
pub(super) struct Known {
    dialogs: HashMap<i64, Dialog>,
    user_of_topic: HashMap<i64, i64>,
    /// Per private chat (the user's id): every message above this id is new.
    private_above: HashMap<i64, i64>,
    /// In the backend group: every message above this id is new.
    group_above: Option<i64>,
}

impl Known {
    pub(super) fn dialog(&self, user: i64) -> Option<&Dialog> {
        self.dialogs.get(&user)
    }

    pub(super) fn dialog_in_topic(&self, topic: i64) -> Option<&Dialog> {
        self.user_of_topic
            .get(&topic)
            .and_then(|user| self.dialogs.get(user))
    }

    /// The dialog as it now is in the database (read, or just written by this worker).
    pub(super) fn remember(&mut self, dialog: &Dialog) {
        if self.dialogs.len() >= CAPACITY {
            self.forget_dialogs();
        }
        if let Some(old) = self.dialogs.get(&dialog.user_id)
            && let Some(topic) = old.topic_id
            && old.topic_id != dialog.topic_id
        {
            self.user_of_topic.remove(&topic);
        }
        if let Some(topic) = dialog.topic_id {
            self.user_of_topic.insert(topic, dialog.user_id);
        }
        self.dialogs.insert(dialog.user_id, dialog.clone());
    }

    pub(super) fn forget_dialog(&mut self, user: i64) {
        if let Some(topic) = self.dialogs.remove(&user).and_then(|d| d.topic_id) {
            self.user_of_topic.remove(&topic);
        }
    }

    pub(super) fn forget_dialogs(&mut self) {
        self.dialogs.clear();
        self.user_of_topic.clear();
    }

    /// Whether the private message `msg_id` (and the rest of its album) from `user` is surely
    /// new; notes it either way, so the next one usually is.
    pub(super) fn private_is_new(&mut self, user: i64, msg_id: i64, album: &[i64]) -> bool {
        let newest = album.iter().copied().fold(msg_id, i64::max);
        let new = self
            .private_above
            .get(&user)
            .is_some_and(|above| msg_id > *above);
        if self.private_above.len() >= CAPACITY {
            self.private_above.clear();
        }
        let above = self.private_above.entry(user).or_insert(newest);
        *above = (*above).max(newest);
        new
    }

    /// Whether the backend group's message `msg_id` (and the rest of its album) is surely new;
    /// notes it either way.
    pub(super) fn group_is_new(&mut self, msg_id: i64, album: &[i64]) -> bool {
        let newest = album.iter().copied().fold(msg_id, i64::max);
        let new = self.group_above.is_some_and(|above| msg_id > above);
        self.group_above = Some(self.group_above.map_or(newest, |above| above.max(newest)));
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_messages_above_what_was_handled_are_surely_new() {
        let mut known = Known::default();
        assert!(!known.private_is_new(7, 10, &[]), "first of a chat: ask");
        assert!(known.private_is_new(7, 11, &[12, 13]));
        assert!(
            !known.private_is_new(7, 13, &[]),
            "a part of that album again"
        );
        assert!(known.private_is_new(7, 14, &[]));
        assert!(!known.private_is_new(7, 14, &[]), "a retried update: ask");
        assert!(!known.private_is_new(8, 15, &[]), "another chat: ask");
        assert!(!known.group_is_new(100, &[]));
        assert!(known.group_is_new(101, &[]));
        assert!(!known.group_is_new(90, &[]), "a late catch-up: ask");
        assert!(known.group_is_new(102, &[]));
    }

    #[test]
    fn a_dialog_is_found_by_its_topic_until_it_moves_or_is_forgotten() {
        let mut known = Known::default();
        let mut dialog = Dialog {
            connection_id: storage::ConnectionId(1),
            user_id: 7,
            topic_id: Some(3),
            status: storage::DialogStatus::UserAnswered,
            status_since: 0,
            display_name: "Anna".into(),
            username: None,
            language: None,
            start_param: None,
            first_seen_at: 0,
            last_user_at: None,
            last_operator_at: None,
            messages_from_user: 1,
            messages_from_operators: 0,
            banned: false,
            labels: Vec::new(),
        };
        known.remember(&dialog);
        assert_eq!(known.dialog_in_topic(3).map(|d| d.user_id), Some(7));
        dialog.topic_id = Some(4);
        known.remember(&dialog);
        assert!(
            known.dialog_in_topic(3).is_none(),
            "the old topic is not the user's"
        );
        assert_eq!(known.dialog_in_topic(4).map(|d| d.user_id), Some(7));
        known.forget_dialog(7);
        assert!(known.dialog(7).is_none() && known.dialog_in_topic(4).is_none());
    }
}

//! How far the session's update state may be saved: only over updates the relay has recorded.
//!
//! grammers advances its own state (its message box) as updates arrive, before the application
//! has seen them — a whole `getDifference` at once when a restarted relay catches up. The relay
//! used to save that state before taking each update: a crash half-way through a backlog then
//! lost the rest of it, since the next start caught up from beyond it. And with the worker's
//! window (issue #17), an update the worker has handled may still have its records (link,
//! counters, status) on their way to the database. So each update's own state, which grammers
//! hands over with the update, waits here until the relay reports that everything handed out is
//! recorded (`Gateway::recorded`), and only then is written to the session; an update that needs
//! no handling (the echo of the relay's own send) is saved at once when nothing before it in its
//! sequence is still unrecorded — the first thing a session hears from its backend group must be
//! saved early, or a relay killed before the next update could never catch up on that group.
//!
//! core.telegram.org/api/updates: each sequence (the account's common pts, its qts, each
//! channel's pts) is caught up on separately, from the saved value of that sequence.

use grammers_session::types::UpdateState;
use grammers_session::updates::{MessageBox, State};
use grammers_tl_types as tl;

/// One of the account's update sequences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sequence {
    Common,
    Secondary,
    Channel(i64),
}

fn sequence(state: &State) -> Option<Sequence> {
    Some(match state.message_box? {
        MessageBox::Common { .. } => Sequence::Common,
        MessageBox::Secondary { .. } => Sequence::Secondary,
        MessageBox::Channel { channel_id, .. } => Sequence::Channel(channel_id),
    })
}

/// The session's update state once the update with `state` is behind it (`None`: the update
/// belongs to no sequence, and moves nothing a catch-up starts from).
pub(super) fn update_state(state: &State) -> Option<UpdateState> {
    Some(match state.message_box? {
        MessageBox::Common { pts } => UpdateState::Primary {
            pts,
            date: state.date,
            seq: state.seq,
        },
        MessageBox::Secondary { qts } => UpdateState::Secondary { qts },
        MessageBox::Channel { channel_id, pts } => UpdateState::Channel {
            id: channel_id,
            pts,
        },
    })
}

/// An update as handed over: its state, and whether that state is its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Taken {
    state: State,
    /// The state is this update's own pts. A difference's messages all carry the state at the
    /// *end* of the difference (grammers-session 0.11 `message_box`, `apply_difference_type`:
    /// `pts: NO_PTS` in the update, the difference's final pts in its state), so saving it
    /// before the last of them is handled would skip the others.
    exact: bool,
}

impl Taken {
    /// For what the relay hands out of its own accord (a gap it found): in no sequence.
    pub(super) fn nothing() -> Self {
        Self {
            state: State {
                date: 0,
                seq: 0,
                message_box: None,
            },
            exact: true,
        }
    }

    pub(super) fn new(update: &tl::enums::Update, state: State) -> Self {
        use tl::enums::Update as U;
        let own = match update {
            U::NewMessage(u) => Some(u.pts),
            U::NewChannelMessage(u) => Some(u.pts),
            U::EditMessage(u) => Some(u.pts),
            U::EditChannelMessage(u) => Some(u.pts),
            U::DeleteMessages(u) => Some(u.pts),
            U::DeleteChannelMessages(u) => Some(u.pts),
            _ => None,
        };
        let exact = match state.message_box {
            Some(MessageBox::Common { pts } | MessageBox::Channel { pts, .. }) => own == Some(pts),
            // qts updates come one by one (a difference's encrypted messages aside, which a
            // relay never receives); no sequence: nothing to save.
            Some(MessageBox::Secondary { .. }) | None => true,
        };
        Self { state, exact }
    }
}

/// Updates handed out whose state is not saved yet.
#[derive(Debug, Default)]
pub(super) struct Progress {
    /// Handed to the worker (or skipped behind such), not yet known recorded; in order.
    unrecorded: Vec<Taken>,
    /// Taken from the stream and not handed out yet: an album's parts while the rest is
    /// collected, with what was skipped among them.
    collecting: Vec<Taken>,
    /// Per sequence, a difference whose messages are recorded as far as they were handed out,
    /// which may have more to come: saved once a later update of the sequence is recorded.
    open: Vec<(Sequence, State)>,
}

impl Progress {
    /// This update was handed to the worker.
    pub(super) fn delivered(&mut self, taken: Taken) {
        self.unrecorded.push(taken);
    }

    /// An album's part was taken; it is handed out with the rest ([`Progress::collected`]).
    pub(super) fn collecting(&mut self, taken: Taken) {
        self.collecting.push(taken);
    }

    /// The album being collected was handed to the worker.
    pub(super) fn collected(&mut self) {
        self.unrecorded.append(&mut self.collecting);
    }

    /// An update that needs no handling: the states to save at once — its own, when nothing
    /// before it in its sequence waits to be recorded; otherwise it waits behind them.
    pub(super) fn skipped(&mut self, taken: Taken) -> Vec<UpdateState> {
        if !self.collecting.is_empty() {
            self.collecting.push(taken);
            return Vec::new();
        }
        let own = sequence(&taken.state);
        if own.is_some() && self.unrecorded.iter().any(|t| sequence(&t.state) == own) {
            self.unrecorded.push(taken);
            return Vec::new();
        }
        let mut save = Vec::new();
        self.behind(taken, &mut save);
        save.iter().filter_map(update_state).collect()
    }

    /// Everything handed out is recorded: the states to save, in order.
    pub(super) fn recorded(&mut self) -> Vec<UpdateState> {
        let mut save = Vec::new();
        for taken in std::mem::take(&mut self.unrecorded) {
            self.behind(taken, &mut save);
        }
        save.iter().filter_map(update_state).collect()
    }

    /// `taken` is handled and recorded: what may be saved now goes to `save`.
    fn behind(&mut self, taken: Taken, save: &mut Vec<State>) {
        let Some(own) = sequence(&taken.state) else {
            return;
        };
        let open = self
            .open
            .iter()
            .position(|(s, _)| *s == own)
            .map(|i| self.open.remove(i).1);
        if taken.exact {
            // After every message of an open difference: it is over, and this covers it.
            save.push(taken.state);
            return;
        }
        match open {
            // More of the same difference: still open.
            Some(state) if state == taken.state => {}
            // A new difference: the one before it is over.
            Some(state) => save.push(state),
            None => {}
        }
        self.open.push((own, taken.state));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(message_box: Option<MessageBox>) -> State {
        State {
            date: 100,
            seq: 7,
            message_box,
        }
    }

    /// A message pushed on its own (its own pts).
    fn pushed(pts: i32) -> Taken {
        Taken {
            state: state(Some(MessageBox::Common { pts })),
            exact: true,
        }
    }

    /// A message of a difference ending at `end`.
    fn caught_up(end: i32) -> Taken {
        Taken {
            state: state(Some(MessageBox::Common { pts: end })),
            exact: false,
        }
    }

    fn channel(channel_id: i64, pts: i32) -> Taken {
        Taken {
            state: state(Some(MessageBox::Channel { channel_id, pts })),
            exact: true,
        }
    }

    fn deliver(progress: &mut Progress, taken: impl IntoIterator<Item = Taken>) {
        for t in taken {
            progress.delivered(t);
        }
    }

    fn pts(saved: &[UpdateState]) -> Vec<i32> {
        saved
            .iter()
            .map(|s| match s {
                UpdateState::Primary { pts, .. } | UpdateState::Channel { pts, .. } => *pts,
                UpdateState::Secondary { qts } => *qts,
                UpdateState::All(all) => all.pts,
            })
            .collect()
    }

    #[test]
    fn nothing_is_saved_until_what_was_handed_out_is_recorded() {
        let mut progress = Progress::default();
        deliver(&mut progress, [pushed(5), channel(9, 40)]);
        let saved = progress.recorded();
        assert!(matches!(
            saved[..],
            [
                UpdateState::Primary {
                    pts: 5,
                    date: 100,
                    seq: 7
                },
                UpdateState::Channel { id: 9, pts: 40 }
            ]
        ));
        assert!(progress.recorded().is_empty(), "each state is saved once");
    }

    #[test]
    fn a_difference_is_saved_only_once_something_after_it_is_recorded() {
        let mut progress = Progress::default();
        // Messages 6..=9 caught up at once: each carries the difference's end, 9.
        deliver(&mut progress, [caught_up(9)]);
        assert!(progress.recorded().is_empty(), "the rest of it may follow");
        deliver(&mut progress, [caught_up(9), caught_up(9)]);
        assert!(progress.recorded().is_empty());
        deliver(&mut progress, [caught_up(9), pushed(10)]);
        assert_eq!(pts(&progress.recorded()), [10]);
        // One difference after another: the first is over when the second begins.
        deliver(&mut progress, [caught_up(20), caught_up(20), caught_up(30)]);
        assert_eq!(pts(&progress.recorded()), [20]);
    }

    #[test]
    fn an_update_needing_no_handling_is_saved_at_once_unless_its_sequence_waits() {
        let mut progress = Progress::default();
        progress.delivered(pushed(5));
        assert!(
            progress.skipped(pushed(6)).is_empty(),
            "the account's message 5 is not recorded yet"
        );
        assert_eq!(
            pts(&progress.skipped(channel(9, 41))),
            [41],
            "another sequence: saved at once"
        );
        assert_eq!(
            pts(&progress.recorded()),
            [5, 6],
            "the skipped one, once what was before it is recorded"
        );
        assert!(progress.skipped(state_none()).is_empty());
        assert!(
            progress.skipped(caught_up(8)).is_empty(),
            "part of a difference: nothing saved yet"
        );
        assert_eq!(pts(&progress.skipped(pushed(9))), [9]);
    }

    #[test]
    fn what_is_taken_while_an_album_is_collected_waits_for_the_album() {
        let mut progress = Progress::default();
        progress.collecting(pushed(5));
        assert!(
            progress.skipped(channel(9, 41)).is_empty(),
            "taken after the album's first part"
        );
        assert!(progress.recorded().is_empty(), "nothing handed out yet");
        progress.collecting(pushed(6));
        progress.collected();
        assert_eq!(pts(&progress.recorded()), [5, 41, 6]);
    }

    fn state_none() -> Taken {
        Taken {
            state: state(None),
            exact: true,
        }
    }

    #[test]
    fn only_an_updates_own_pts_is_exact() {
        let message = |pts| -> tl::enums::Update {
            tl::types::UpdateDeleteMessages {
                messages: vec![1],
                pts,
                pts_count: 1,
            }
            .into()
        };
        let common = |pts| state(Some(MessageBox::Common { pts }));
        assert!(Taken::new(&message(5), common(5)).exact);
        assert!(
            !Taken::new(&message(0), common(9)).exact,
            "from a difference"
        );
    }
}

//! The window: records of messages already relayed, handed to the journal and not yet known
//! committed (issue #17).
//!
//! A worker that waited for each message's commit before taking the next update would relay one
//! message per commit of its connection, however fast the database batches. Instead, when a
//! plan ends its records go to the journal and the worker takes the next update at once; up to
//! [`WINDOW`] messages of a connection can be on their way. Every other use of the database
//! waits for the window to empty first (`Worker::db`), so nothing ever reads around a record
//! still on its way, and a step that writes on its own comes after what was recorded before it.
//!
//! What a crash costs: each message in the window was delivered (its copy is on Telegram) and
//! only its records — its link, its counters — may be lost. A replay of its update is refused as
//! a duplicate (the deterministic random_id), so no message is lost or doubled; a window holds
//! more than one message only while updates queue up faster than commits return.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use storage::{Record, Storage, Ticket};

use super::{Worker, WorkerError};

/// How many messages' records of one connection may be on their way at once.
pub(super) const WINDOW: usize = 32;

/// A failed batch is handed over again after this, doubling up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(30);

/// One message's records on their way.
struct Entry {
    /// Kept to hand over again if their batch fails.
    records: Vec<Record>,
    /// Whether they hold webhook rows (the deliverer is woken once they are in).
    announces: bool,
    /// `None` once a batch failed: handed over again on the next try.
    ticket: Option<Ticket>,
}

#[derive(Default)]
pub(super) struct Window {
    entries: VecDeque<Entry>,
    /// After a failure: not before this.
    retry_at: Option<Instant>,
    backoff: Option<Duration>,
}

impl Window {
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn push(&mut self, storage: &Storage, records: Vec<Record>) {
        let announces = records.iter().any(Record::announces);
        let ticket = storage.journal().submit(records.clone());
        self.entries.push_back(Entry {
            records,
            announces,
            ticket: Some(ticket),
        });
    }

    /// Waits for the oldest entry's commit and takes it out; true if it held webhook rows.
    /// Cancel-safe: dropped while waiting, it waits for the same batch when called again.
    async fn settle_oldest(&mut self, storage: &Storage) -> Result<bool, storage::Error> {
        let Some(entry) = self.entries.front_mut() else {
            return Ok(false);
        };
        if entry.ticket.is_none() {
            if let Some(at) = self.retry_at {
                tokio::time::sleep_until(at.into()).await;
            }
            entry.ticket = Some(storage.journal().submit(entry.records.clone()));
        }
        let Some(ticket) = entry.ticket.as_mut() else {
            return Ok(false);
        };
        match ticket.committed().await {
            Ok(()) => {
                self.retry_at = None;
                self.backoff = None;
                Ok(self.entries.pop_front().is_some_and(|e| e.announces))
            }
            Err(err) => {
                // Nothing of the batch is in: the same records go again, a little later.
                entry.ticket = None;
                let backoff = self
                    .backoff
                    .map_or(FIRST_BACKOFF, |b| (b * 2).min(MAX_BACKOFF));
                self.backoff = Some(backoff);
                self.retry_at = Some(Instant::now() + backoff);
                Err(err)
            }
        }
    }
}

impl Worker {
    /// Hands the records of the plan just carried out to the journal; waits only while the
    /// window is full.
    pub(super) async fn hand_over(&mut self) -> Result<(), WorkerError> {
        if !self.pending.is_empty() {
            let records = std::mem::take(&mut self.pending);
            self.window.push(&self.storage, records);
        }
        self.settle_down_to(WINDOW).await
    }

    /// Hands over what the plan recorded so far and waits until all of it is committed: before
    /// a step that writes on its own, and before any other use of the database.
    pub(super) async fn write_records(&mut self) -> Result<(), WorkerError> {
        self.hand_over().await?;
        self.settle_down_to(0).await
    }

    /// The database, once nothing of this worker is on its way to it.
    pub(super) async fn db(&mut self) -> Result<Storage, WorkerError> {
        self.settle_down_to(0).await?;
        Ok(self.storage.clone())
    }

    /// Whether records are on their way (the worker's loop then watches for their commits).
    pub fn has_unsettled(&self) -> bool {
        !self.window.is_empty()
    }

    /// Waits for the oldest message's records to be committed (or to fail, to be handed over
    /// again). Cancel-safe, for the worker's loop while no update comes: webhook rows are
    /// announced as soon as they are in, and a failed batch is retried without waiting for
    /// traffic.
    pub async fn settle_oldest(&mut self) -> Result<(), WorkerError> {
        if self.window.settle_oldest(&self.storage).await? {
            self.hooks_announced();
        }
        Ok(())
    }

    async fn settle_down_to(&mut self, keep: usize) -> Result<(), WorkerError> {
        // A failed batch forgets nothing here: its records are handed over again until they
        // are in, so what the worker keeps comes true (an update that fails is forgotten in
        // `Worker::handle_ahead` anyway).
        while self.window.len() > keep {
            self.settle_oldest().await?;
        }
        Ok(())
    }
}

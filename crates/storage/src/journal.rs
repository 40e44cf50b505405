//! Group commit: what relaying a message records (its link, its dialog's counters and status,
//! its webhook rows), written for many messages in one transaction (issue #17).
//!
//! Each relayed message costs the database one commit or more when written on its own, and a
//! database commits only so many transactions a second (`switchboard-bench relay` prints that
//! ceiling). The journal is one writer task per `Storage` (per process): workers hand it the
//! records of a message and wait for the commit; the writer takes everything queued by then —
//! what arrived while the previous batch was committing, up to [`MAX_RECORDS`] — and writes it
//! in one transaction, the plain links in one multi-row INSERT. Alone, a message is written at
//! once (no waiting for company); under load the batches grow by themselves.
//!
//! A worker continues only after its records are committed, so for each connection the order
//! stays "sent to Telegram, recorded, next update", exactly as without the journal: a crash
//! inside a batch loses the records of the messages in it (one per connection at most), and each
//! is replayed after the restart, where its copy is refused as a duplicate (the deterministic
//! random_id) — see docs/ARCHITECTURE.md, "Restarts and catch-up". A batch that fails is
//! written again message by message, so one bad record fails only its own message.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, EntityTrait as _, TransactionTrait as _};
use tokio::sync::{Semaphore, mpsc, oneshot};

use crate::connections::ConnectionId;
use crate::dialogs::DialogStatus;
use crate::entity::message_link;
use crate::message_links::{Answer, NewLink};
use crate::webhooks::Outgoing;
use crate::{Error, now};

/// How many records one transaction takes at most: enough to cover every connection's message
/// in flight, small enough that one transaction stays short.
pub const MAX_RECORDS: usize = 512;

/// Rows per statement. Small enough that a statement (its text and its values) stays well under
/// a TLS record (16 KiB): sqlx does not set TCP_NODELAY, and a message sent as two records over
/// a TLS connection to PostgreSQL waits for the server's delayed ACK — 40 ms a batch, measured.
/// Full chunks also repeat the same SQL text, so the prepared statement is reused.
const ROWS_PER_STATEMENT: usize = 64;

/// One thing relaying a message records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// A message and its copy; with the operator's answer for analytics; with its webhook rows,
    /// queued only when the link is new (a replay reports nothing twice).
    Link {
        link: NewLink,
        answer: Option<Answer>,
        hooks: Vec<Outgoing>,
    },
    /// The user wrote (their dialog's counter and last time).
    UserMessage {
        connection: ConnectionId,
        user_id: i64,
        at: i64,
    },
    /// An operator answered.
    OperatorMessage {
        connection: ConnectionId,
        user_id: i64,
        at: i64,
    },
    /// A dialog's status changed (the user wrote, an operator answered); with its webhook rows
    /// (`dialog_status_changed` and the like), queued in order with the batch's other rows.
    Status {
        connection: ConnectionId,
        user_id: i64,
        status: DialogStatus,
        at: i64,
        hooks: Vec<Outgoing>,
    },
    /// An operator's message about to be copied to a user (see `CopyIntents`); written, and
    /// awaited, before the copy is sent.
    CopyIntent {
        connection: ConnectionId,
        user_id: i64,
        group_msg_ids: Vec<i64>,
        operator_id: i64,
        operator_name: String,
    },
}

impl Record {
    /// Whether writing it queues webhook rows (the deliverer is woken once it is in).
    pub fn announces(&self) -> bool {
        match self {
            Record::Link { hooks, .. } | Record::Status { hooks, .. } => !hooks.is_empty(),
            Record::UserMessage { .. }
            | Record::OperatorMessage { .. }
            | Record::CopyIntent { .. } => false,
        }
    }
}

struct Request {
    records: Vec<Record>,
    done: oneshot::Sender<Result<(), Error>>,
}

/// The writer's side that tests hold: batches wait at the gate, and `held` counts the records
/// waiting there.
#[derive(Default)]
struct Gate {
    permits: Option<Arc<Semaphore>>,
    held: usize,
}

/// How much the journal grouped so far (for benchmarks and metrics).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct JournalStats {
    /// Transactions written.
    pub batches: u64,
    /// Messages (write calls) in them.
    pub messages: u64,
    /// Messages handed over so far, committed or not yet.
    pub submitted: u64,
}

#[derive(Default)]
struct Counters {
    batches: AtomicU64,
    messages: AtomicU64,
    submitted: AtomicU64,
}

/// A message's records on their way: [`Ticket::committed`] resolves once they are written.
#[must_use = "records are committed or not: the caller must learn which"]
#[derive(Debug)]
pub struct Ticket(Option<oneshot::Receiver<Result<(), Error>>>);

impl Ticket {
    /// Waits for the batch holding these records; `Err` if it failed (nothing of it is in).
    /// Cancel-safe: dropped before it resolves, it can be awaited again. Ask once more after
    /// it resolved and it answers `Ok` (there is nothing left to wait for).
    pub async fn committed(&mut self) -> Result<(), Error> {
        let Some(answer) = &mut self.0 else {
            return Ok(());
        };
        let result = answer.await;
        self.0 = None;
        // A writer dropped with its runtime never answers: the records may or may not be in.
        result.map_err(|_| Error::WriterGone)?
    }
}

/// The handle on a `Storage`'s writer task (started on first use, on the runtime using it).
pub struct Journal {
    db: DatabaseConnection,
    sender: Mutex<Option<mpsc::UnboundedSender<Request>>>,
    gate: Arc<Mutex<Gate>>,
    counters: Arc<Counters>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal").finish_non_exhaustive()
    }
}

impl Journal {
    pub(crate) fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            sender: Mutex::new(None),
            gate: Arc::default(),
            counters: Arc::default(),
        }
    }

    /// Batches and messages written so far.
    pub fn stats(&self) -> JournalStats {
        JournalStats {
            batches: self.counters.batches.load(Ordering::Relaxed),
            messages: self.counters.messages.load(Ordering::Relaxed),
            submitted: self.counters.submitted.load(Ordering::Relaxed),
        }
    }

    /// Writes `records` (one message's) in the next batch; returns once they are committed.
    pub async fn write(&self, records: Vec<Record>) -> Result<(), Error> {
        self.submit(records).committed().await
    }

    /// Hands `records` (one message's) to the next batch and returns at once; the ticket tells
    /// when they are committed. A worker relays its next message meanwhile (it keeps a window of
    /// tickets; see `relay::worker`).
    pub fn submit(&self, records: Vec<Record>) -> Ticket {
        if records.is_empty() {
            return Ticket(None);
        }
        let (done, answer) = oneshot::channel();
        self.counters.submitted.fetch_add(1, Ordering::Relaxed);
        self.send(Request { records, done });
        Ticket(Some(answer))
    }

    fn send(&self, request: Request) {
        let mut sender = self.sender.lock().unwrap_or_else(|p| p.into_inner());
        let request = match sender.as_ref() {
            Some(tx) => match tx.send(request) {
                Ok(()) => return,
                Err(mpsc::error::SendError(request)) => request,
            },
            None => request,
        };
        // No writer yet, or its runtime is gone (a test's runtime that ended): start one here.
        let (tx, rx) = mpsc::unbounded_channel();
        tokio::spawn(run(
            self.db.clone(),
            rx,
            Arc::clone(&self.gate),
            Arc::clone(&self.counters),
        ));
        // The receiver was just made and is held by the task: sending cannot fail.
        let _ = tx.send(request);
        *sender = Some(tx);
    }

    /// For tests: from now on each batch waits before it is written until a permit is added to the
    /// returned semaphore (a test kills the process with a batch inside).
    pub fn hold_commits(&self) -> Arc<Semaphore> {
        let permits = Arc::new(Semaphore::new(0));
        self.gate.lock().unwrap_or_else(|p| p.into_inner()).permits = Some(Arc::clone(&permits));
        permits
    }

    /// For tests: how many records are waiting at the gate of [`Journal::hold_commits`].
    pub fn held(&self) -> usize {
        self.gate.lock().unwrap_or_else(|p| p.into_inner()).held
    }
}

async fn run(
    db: DatabaseConnection,
    mut requests: mpsc::UnboundedReceiver<Request>,
    gate: Arc<Mutex<Gate>>,
    counters: Arc<Counters>,
) {
    while let Some(first) = requests.recv().await {
        let mut records = first.records.len();
        let mut batch = vec![first];
        while records < MAX_RECORDS {
            match requests.try_recv() {
                Ok(request) => {
                    records += request.records.len();
                    batch.push(request);
                }
                Err(_) => break,
            }
        }
        let permits = {
            let mut gate = gate.lock().unwrap_or_else(|p| p.into_inner());
            gate.held += records;
            gate.permits.clone()
        };
        let all: Vec<&Record> = batch.iter().flat_map(|r| &r.records).collect();
        let result = write_batch(&db, &all, permits.as_deref()).await;
        gate.lock().unwrap_or_else(|p| p.into_inner()).held -= records;
        let messages = batch.len() as u64;
        match result {
            Ok(()) => {
                for request in batch {
                    let _ = request.done.send(Ok(()));
                }
            }
            Err(err) if batch.len() == 1 => {
                if let Some(request) = batch.pop() {
                    let _ = request.done.send(Err(err));
                }
            }
            Err(err) => {
                tracing::warn!(error = %err, messages = batch.len(), "a batch failed; writing its messages one by one");
                for request in batch {
                    let records: Vec<&Record> = request.records.iter().collect();
                    let _ = request.done.send(write_batch(&db, &records, None).await);
                }
            }
        }
        // Counted once answered: `messages == submitted` means nothing is on its way.
        counters.batches.fetch_add(1, Ordering::Relaxed);
        counters.messages.fetch_add(messages, Ordering::Relaxed);
    }
}

/// One transaction: the plain links in one INSERT, announced links each with their rows, and
/// each dialog's counters in one UPDATE.
async fn write_batch(
    db: &DatabaseConnection,
    records: &[&Record],
    gate: Option<&Semaphore>,
) -> Result<(), Error> {
    // (A test's gate holds the batch before its transaction opens: a held SQLite transaction
    // would also hold the database's one write lock, and every other writer with it.)
    if let Some(gate) = gate
        && let Ok(permit) = gate.acquire().await
    {
        permit.forget();
    }
    let txn = db.begin().await?;
    let result = async {
        let at = now();
        let mut plain = Vec::new();
        let mut counts: HashMap<(i64, i64), Counts> = HashMap::new();
        let mut intents = Vec::new();
        for record in records {
            match record {
                Record::Link {
                    link,
                    answer,
                    hooks,
                } if hooks.is_empty() => plain.push(crate::message_links::row(link, *answer, at)),
                Record::Link {
                    link,
                    answer,
                    hooks,
                } => {
                    if crate::message_links::insert(&txn, link, *answer).await? {
                        crate::webhooks::enqueue(&txn, link.connection, hooks).await?;
                    }
                }
                Record::UserMessage {
                    connection,
                    user_id,
                    at,
                } => {
                    let c = counts.entry((connection.0, *user_id)).or_default();
                    c.from_user += 1;
                    c.last_user_at = Ord::max(c.last_user_at, Some(*at));
                }
                Record::OperatorMessage {
                    connection,
                    user_id,
                    at,
                } => {
                    let c = counts.entry((connection.0, *user_id)).or_default();
                    c.from_operators += 1;
                    c.last_operator_at = Ord::max(c.last_operator_at, Some(*at));
                }
                Record::Status {
                    connection,
                    user_id,
                    status,
                    at,
                    hooks,
                } => {
                    // The last change of a dialog in the batch is its status; every change
                    // announces itself, in order.
                    counts.entry((connection.0, *user_id)).or_default().status =
                        Some((*status, *at));
                    crate::webhooks::enqueue(&txn, *connection, hooks).await?;
                }
                Record::CopyIntent {
                    connection,
                    user_id,
                    group_msg_ids,
                    operator_id,
                    operator_name,
                } => intents.extend(group_msg_ids.iter().map(|group_msg_id| {
                    crate::copy_intents::row(
                        *connection,
                        *user_id,
                        *group_msg_id,
                        *operator_id,
                        operator_name,
                        at,
                    )
                })),
            }
        }
        crate::copy_intents::insert(&txn, intents).await?;
        let mut plain = plain.into_iter().peekable();
        while plain.peek().is_some() {
            let rows: Vec<_> = plain.by_ref().take(ROWS_PER_STATEMENT).collect();
            message_link::Entity::insert_many(rows)
                .on_conflict(OnConflict::new().do_nothing().to_owned())
                .try_insert()
                .exec_without_returning(&txn)
                .await?;
        }
        let counts: Vec<_> = counts.into_iter().collect();
        for chunk in counts.chunks(ROWS_PER_STATEMENT) {
            count(&txn, chunk).await?;
        }
        Ok(())
    }
    .await;
    crate::db::finish(txn, result).await
}

#[derive(Default)]
struct Counts {
    from_user: i64,
    from_operators: i64,
    last_user_at: Option<i64>,
    last_operator_at: Option<i64>,
    /// The status it changed to last in the batch, and since when.
    status: Option<(DialogStatus, i64)>,
}

/// Adds a batch's messages to the dialogs' counters and sets the statuses they changed to, every
/// dialog in one `UPDATE … FROM (VALUES …)`: one row per dialog, joined on its key (both SQLite and
/// PostgreSQL name a VALUES list's columns column1, column2, …). A dialog that is gone (its
/// connection was deleted meanwhile) has nothing to count. (A CASE per dialog, as first built,
/// made SQLite compare every condition with every other while planning: a third of the writer's
/// time at 100 dialogs a batch.)
async fn count(
    txn: &sea_orm::DatabaseTransaction,
    counts: &[((i64, i64), Counts)],
) -> Result<(), Error> {
    use sea_orm::{ConnectionTrait as _, DbBackend, Statement, Value};
    if counts.is_empty() {
        return Ok(());
    }
    let backend = txn.get_database_backend();
    let mut rows = Vec::with_capacity(counts.len());
    let mut values = Vec::with_capacity(counts.len() * 8);
    for ((connection, user_id), c) in counts {
        let row: Vec<String> = (values.len() + 1..=values.len() + 8)
            .map(|n| match backend {
                DbBackend::Postgres => format!("${n}"),
                _ => "?".to_owned(),
            })
            .collect();
        rows.push(format!("({})", row.join(", ")));
        values.extend([
            Value::BigInt(Some(*connection)),
            Value::BigInt(Some(*user_id)),
            Value::BigInt(Some(c.from_user)),
            Value::BigInt(Some(c.from_operators)),
            Value::BigInt(c.last_user_at),
            Value::BigInt(c.last_operator_at),
            c.status
                .map(|(status, _)| status.as_str().to_owned())
                .into(),
            Value::BigInt(c.status.map(|(_, since)| since)),
        ]);
    }
    let sql = format!(
        "UPDATE dialogs SET \
         messages_from_user = messages_from_user + v.column3, \
         messages_from_operators = messages_from_operators + v.column4, \
         last_user_at = COALESCE(v.column5, last_user_at), \
         last_operator_at = COALESCE(v.column6, last_operator_at), \
         status = COALESCE(v.column7, status), \
         status_since = COALESCE(v.column8, status_since) \
         FROM (VALUES {}) AS v \
         WHERE dialogs.connection_id = v.column1 AND dialogs.user_id = v.column2",
        rows.join(", ")
    );
    txn.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}

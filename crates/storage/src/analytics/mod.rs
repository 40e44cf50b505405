//! Analytics: the desk's numbers per day (module `days`: computed in SQL, kept once a day is
//! over), and what the relay records for them (operators, closes and reopens).
//!
//! The SQL is text with `?` placeholders that [`Analytics`] numbers for PostgreSQL (sea-query's
//! builders make such queries unreadable).

mod days;

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, QueryResult, Statement, Value};

use crate::connections::ConnectionId;
use crate::{Backend, Error};

pub use days::{DayRecord, OperatorDay, SETTLE_SECONDS, Waiting};

/// An operator id for an anonymous admin (a message sent as the group, not as a member).
pub const ANONYMOUS_OPERATOR: i64 = 0;

/// Median and 90th percentile of a set of durations in seconds (nearest rank: the median of n
/// values is the ⌈n/2⌉-th, p90 the ⌈9n/10⌉-th).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percentiles {
    pub count: i64,
    pub median: i64,
    pub p90: i64,
}

impl Percentiles {
    /// Of a merged histogram (seconds → how many); `None` when empty.
    pub fn of_merged(histogram: &BTreeMap<i64, i64>) -> Option<Percentiles> {
        Percentiles::of(&histogram.iter().map(|(s, n)| (*s, *n)).collect::<Vec<_>>())
    }

    /// Of a histogram: (seconds, how many) pairs, ascending by seconds; `None` when empty.
    pub fn of(histogram: &[(i64, i64)]) -> Option<Percentiles> {
        let count: i64 = histogram.iter().map(|(_, n)| n).sum();
        let nth = |rank: i64| {
            let mut seen = 0;
            histogram
                .iter()
                .find(|(_, n)| {
                    seen += n;
                    seen >= rank
                })
                .map_or(0, |(seconds, _)| *seconds)
        };
        (count > 0).then(|| Percentiles {
            count,
            median: nth((count + 1) / 2),
            p90: nth((9 * count + 9) / 10),
        })
    }
}

/// Adds histogram `more` ((seconds, how many) pairs) into `into`.
pub fn merge_histogram(into: &mut BTreeMap<i64, i64>, more: &[(i64, i64)]) {
    for (seconds, n) in more {
        *into.entry(*seconds).or_insert(0) += n;
    }
}

/// One day's numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayNumbers {
    /// Dialogs whose first contact fell on this day.
    pub new: i64,
    pub reopened: i64,
    pub closed: i64,
    /// Dialogs whose wait began this day and that are still waiting for an answer.
    pub unanswered: i64,
    pub messages_in: i64,
    pub messages_out: i64,
    pub intercepted: i64,
    /// First-response times of the answers given this day.
    pub first_response: Option<Percentiles>,
    /// Incoming messages by hour of the day (hour 0 = the day's first hour; a DST day that is 25
    /// hours long counts its last hour into 23).
    pub incoming_by_hour: [i64; 24],
}

pub struct Analytics<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) backend: Backend,
}

pub(super) fn get(row: &QueryResult, index: usize) -> Result<i64, Error> {
    Ok(row.try_get_by_index::<i64>(index)?)
}

pub(super) fn get_opt(row: &QueryResult, index: usize) -> Result<Option<i64>, Error> {
    Ok(row.try_get_by_index::<Option<i64>>(index)?)
}

impl Analytics<'_> {
    /// The statement for this backend: `?` placeholders become `$1`, `$2`… on PostgreSQL.
    pub(super) fn statement(&self, sql: &str, values: Vec<Value>) -> Statement {
        match self.backend {
            Backend::Sqlite => Statement::from_sql_and_values(DbBackend::Sqlite, sql, values),
            Backend::Postgres => {
                let mut numbered = String::with_capacity(sql.len() + 64);
                let mut n = 0;
                for c in sql.chars() {
                    if c == '?' {
                        n += 1;
                        numbered.push_str(&format!("${n}"));
                    } else {
                        numbered.push(c);
                    }
                }
                Statement::from_sql_and_values(DbBackend::Postgres, numbered, values)
            }
        }
    }

    pub(super) async fn rows(
        &self,
        sql: &str,
        values: Vec<Value>,
    ) -> Result<Vec<QueryResult>, Error> {
        Ok(self.db.query_all_raw(self.statement(sql, values)).await?)
    }

    /// Records a close (`by`: the operator, `None` for AUTOCLOSE) or a reopen (`by`: who wrote).
    pub async fn record_dialog_event(
        &self,
        connection: ConnectionId,
        user_id: i64,
        kind: DialogEventKind,
        by: Option<i64>,
        at: i64,
    ) -> Result<(), Error> {
        let sql = "INSERT INTO dialog_events (connection_id, user_id, kind, actor_id, at) \
                   VALUES (?, ?, ?, ?, ?)";
        let values = vec![
            connection.0.into(),
            user_id.into(),
            kind.as_str().into(),
            by.into(),
            at.into(),
        ];
        self.db.execute_raw(self.statement(sql, values)).await?;
        Ok(())
    }

    /// Remembers an operator's name (the worker calls it once per operator it sees).
    pub async fn remember_operator(
        &self,
        connection: ConnectionId,
        user_id: i64,
        name: &str,
        at: i64,
    ) -> Result<(), Error> {
        let sql = "INSERT INTO operators (connection_id, user_id, name, seen_at) VALUES (?, ?, ?, ?) \
                   ON CONFLICT (connection_id, user_id) \
                   DO UPDATE SET name = excluded.name, seen_at = excluded.seen_at";
        let values = vec![connection.0.into(), user_id.into(), name.into(), at.into()];
        self.db.execute_raw(self.statement(sql, values)).await?;
        Ok(())
    }

    /// The operators' names as last seen.
    pub async fn operator_names(
        &self,
        connection: ConnectionId,
    ) -> Result<std::collections::HashMap<i64, String>, Error> {
        let rows = self
            .rows(
                "SELECT user_id, name FROM operators WHERE connection_id = ?",
                vec![connection.0.into()],
            )
            .await?;
        rows.iter()
            .map(|row| Ok((get(row, 0)?, row.try_get_by_index::<String>(1)?)))
            .collect()
    }

    /// The close and reopen log of a connection, oldest first: (user, kind, actor, at).
    pub async fn dialog_events(
        &self,
        connection: ConnectionId,
    ) -> Result<Vec<(i64, String, Option<i64>, i64)>, Error> {
        let rows = self
            .rows(
                "SELECT user_id, kind, actor_id, at FROM dialog_events WHERE connection_id = ? \
                 ORDER BY at, id",
                vec![connection.0.into()],
            )
            .await?;
        rows.iter()
            .map(|row| {
                Ok((
                    get(row, 0)?,
                    row.try_get_by_index::<String>(1)?,
                    get_opt(row, 2)?,
                    get(row, 3)?,
                ))
            })
            .collect()
    }

    /// Since when operators and waits are recorded (the migration's time); earlier numbers of
    /// first responses, closes, reopens and operators are partial.
    pub async fn recorded_since(&self) -> Result<Option<i64>, Error> {
        let rows = self
            .rows(
                "SELECT value FROM meta WHERE key = ?",
                vec!["analytics_since".into()],
            )
            .await?;
        Ok(rows
            .first()
            .and_then(|row| row.try_get_by_index::<String>(0).ok())
            .and_then(|v| v.parse().ok()))
    }

    /// Whether the connection relayed anything before `at` (history from before analytics).
    pub async fn relayed_before(&self, connection: ConnectionId, at: i64) -> Result<bool, Error> {
        let rows = self
            .rows(
                "SELECT COUNT(*) FROM (SELECT 1 FROM message_links WHERE connection_id = ? \
                 AND created_at < ? LIMIT 1) AS earlier",
                vec![connection.0.into(), at.into()],
            )
            .await?;
        Ok(rows.first().map_or(Ok(0), |row| get(row, 0))? > 0)
    }

    /// Dialogs waiting for an answer since before `before` (the `/metrics` gauge).
    pub async fn waiting_since_before(&self, before: i64) -> Result<i64, Error> {
        let rows = self
            .rows(
                "SELECT COUNT(*) FROM dialogs WHERE status = 'user_answered' AND status_since < ?",
                vec![before.into()],
            )
            .await?;
        rows.first().map_or(Ok(0), |row| get(row, 0))
    }

    /// Dialogs by status over all connections (the `/metrics` gauge).
    pub async fn dialogs_by_status(&self) -> Result<Vec<(String, i64)>, Error> {
        let rows = self
            .rows(
                "SELECT status, COUNT(*) FROM dialogs GROUP BY status",
                vec![],
            )
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get_by_index::<String>(0)?, get(row, 1)?)))
            .collect()
    }
}

/// A change of a dialog the log keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogEventKind {
    Closed,
    Reopened,
}

impl DialogEventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DialogEventKind::Closed => "closed",
            DialogEventKind::Reopened => "reopened",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Percentiles of a histogram, merged from parts, are those of the sorted values
        /// (nearest rank), so stored days add up to exactly what one query would give.
        #[test]
        fn percentiles_of_merged_histograms_are_nearest_rank(
            parts in prop::collection::vec(prop::collection::vec(0i64..5_000, 0..40), 0..6)
        ) {
            let mut merged = BTreeMap::new();
            for part in &parts {
                let mut histogram = BTreeMap::new();
                for v in part {
                    *histogram.entry(*v).or_insert(0) += 1;
                }
                merge_histogram(&mut merged, &histogram.into_iter().collect::<Vec<_>>());
            }
            let mut all: Vec<i64> = parts.concat();
            all.sort_unstable();
            let n = all.len() as i64;
            let expected = (n > 0).then(|| Percentiles {
                count: n,
                median: all[((n + 1) / 2 - 1) as usize],
                p90: all[((9 * n + 9) / 10 - 1) as usize],
            });
            prop_assert_eq!(Percentiles::of_merged(&merged), expected);
        }
    }
}

//! Analytics: the desk's numbers per day, aggregated in SQL and kept once a day is over.
//!
//! Days are passed in as boundaries (unix seconds), computed by the caller in the admin's time zone,
//! so the same SQL buckets correctly on SQLite (which has no time-zone database) and PostgreSQL,
//! DST days included: rows are grouped by whole hours since the range's start, and each hour's
//! day is known here (a zone whose offset changes by half an hour is bucketed to the hour).
//!
//! A day's numbers are a [`DayRecord`]: counts, and what percentiles and distinct counts over a
//! period need (first-response times with how often each occurred, the dialogs each operator
//! touched), so records add up over any period exactly. A finished day never changes, so its
//! record is stored (`analytics_days`, per connection and zone) the first time it is computed:
//! a dashboard then reads a few hundred rows, and only today (and days never shown in that zone)
//! come from the message links. The SQL is text with `?` placeholders that [`Analytics`]
//! numbers for PostgreSQL (sea-query's builders make such queries unreadable).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, QueryResult, Statement, Value};

use crate::connections::ConnectionId;
use crate::{Backend, Error};

/// An operator id for an anonymous admin (a message sent as the group, not as a member).
pub const ANONYMOUS_OPERATOR: i64 = 0;

/// How long a finished day's rows may still be arriving: a message link is stamped before its
/// transaction commits, so a day is stored only once it ended at least this long ago.
pub const SETTLE_SECONDS: i64 = 600;

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

/// What one operator did in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorNumbers {
    /// The member's user id; [`ANONYMOUS_OPERATOR`] for anonymous admins; `None` for answers
    /// recorded before operators were (history from before analytics).
    pub operator: Option<i64>,
    pub answers: i64,
    pub dialogs: i64,
    pub median_first_response: Option<i64>,
}

/// A day as stored: everything a period's numbers are made of, in a form that adds up.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct DayRecord {
    pub new: i64,
    pub reopened: i64,
    pub closed: i64,
    pub messages_in: i64,
    pub messages_out: i64,
    pub intercepted: i64,
    pub incoming_by_hour: [i64; 24],
    /// First-response times: (seconds, how many answers took that long), ascending.
    pub responses: Vec<(i64, i64)>,
    /// Per operator, by operator id (`None`: answers from before operators were recorded).
    /// Stored in a column of its own (the biggest part, and needed only for the shown days).
    #[serde(skip)]
    pub operators: Vec<OperatorDay>,
}

/// One operator's day.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OperatorDay {
    pub operator: Option<i64>,
    pub answers: i64,
    /// This operator's first responses: (seconds, how many), ascending.
    pub responses: Vec<(i64, i64)>,
    /// The users whose dialogs the operator answered, ascending.
    pub users: Vec<i64>,
}

/// Dialogs waiting for an answer now, by the day their wait began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub by_day: Vec<i64>,
    /// Whose wait began before the first day.
    pub before: i64,
}

pub struct Analytics<'a> {
    pub(crate) db: &'a DatabaseConnection,
    pub(crate) backend: Backend,
}

/// The day of every whole hour since the first boundary (n + 1 ascending unix times, n days).
fn hour_days(bounds: &[i64]) -> Vec<usize> {
    let (lo, hi) = (bounds[0], bounds[bounds.len() - 1]);
    let hours = (hi - lo + 3599) / 3600;
    (0..hours)
        .map(|h| {
            let t = lo + h * 3600;
            bounds.partition_point(|b| *b <= t).saturating_sub(1)
        })
        .collect()
}

fn get(row: &QueryResult, index: usize) -> Result<i64, Error> {
    Ok(row.try_get_by_index::<i64>(index)?)
}

fn get_opt(row: &QueryResult, index: usize) -> Result<Option<i64>, Error> {
    Ok(row.try_get_by_index::<Option<i64>>(index)?)
}

/// Days being computed from the message links: per day, per operator, sorted as they are filled.
#[derive(Default)]
struct DayBuilder {
    record: DayRecord,
    responses: BTreeMap<i64, i64>,
    operators: BTreeMap<Option<i64>, OperatorBuilder>,
}

/// One operator's day being computed: answers, first responses (seconds → how many), users.
#[derive(Default)]
struct OperatorBuilder(i64, BTreeMap<i64, i64>, BTreeSet<i64>);

impl DayBuilder {
    fn finish(mut self) -> DayRecord {
        self.record.responses = self.responses.into_iter().collect();
        self.record.operators = self
            .operators
            .into_iter()
            .map(
                |(operator, OperatorBuilder(answers, responses, users))| OperatorDay {
                    operator,
                    answers,
                    responses: responses.into_iter().collect(),
                    users: users.into_iter().collect(),
                },
            )
            .collect();
        self.record
    }
}

impl Analytics<'_> {
    /// The statement for this backend: `?` placeholders become `$1`, `$2`… on PostgreSQL.
    fn statement(&self, sql: &str, values: Vec<Value>) -> Statement {
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

    async fn rows(&self, sql: &str, values: Vec<Value>) -> Result<Vec<QueryResult>, Error> {
        Ok(self.db.query_all_raw(self.statement(sql, values)).await?)
    }

    /// The records of the days between `bounds` (n + 1 ascending unix times) in `zone`: stored
    /// ones as stored, the others computed from the message links; of those, the days that ended
    /// before `settled` are stored for next time. Stored days that begin before `operators_from`
    /// come without their operators (a dashboard needs those only for the shown period).
    pub async fn day_records(
        &self,
        connection: ConnectionId,
        zone: &str,
        bounds: &[i64],
        settled: i64,
        operators_from: i64,
    ) -> Result<Vec<DayRecord>, Error> {
        let n = bounds.len().saturating_sub(1);
        if n == 0 {
            return Ok(Vec::new());
        }
        let c = connection.0;
        let sql = "SELECT starts_at, record, CASE WHEN starts_at >= ? THEN operators END \
                   FROM analytics_days \
                   WHERE connection_id = ? AND zone = ? AND starts_at >= ? AND starts_at < ?";
        let values = vec![
            operators_from.into(),
            c.into(),
            zone.into(),
            bounds[0].into(),
            bounds[n].into(),
        ];
        let corrupt = |e: serde_json::Error| Error::Corrupt(format!("an analytics day: {e}"));
        let mut stored = HashMap::new();
        for row in self.rows(sql, values).await? {
            let json: String = row.try_get_by_index(1)?;
            let mut record: DayRecord = serde_json::from_str(&json).map_err(corrupt)?;
            if let Some(json) = row.try_get_by_index::<Option<String>>(2)? {
                record.operators = serde_json::from_str(&json).map_err(corrupt)?;
            }
            stored.insert(get(&row, 0)?, record);
        }
        let mut days: Vec<Option<DayRecord>> =
            bounds[..n].iter().map(|b| stored.remove(b)).collect();
        // Each run of days not stored is computed with one set of queries.
        let mut first = 0;
        while first < n {
            if days[first].is_some() {
                first += 1;
                continue;
            }
            let mut end = first;
            while end < n && days[end].is_none() {
                end += 1;
            }
            let computed = self.compute(connection, &bounds[first..=end]).await?;
            for (i, record) in (first..end).zip(computed) {
                if bounds[i + 1] <= settled {
                    self.store(connection, zone, bounds[i], &record).await?;
                }
                days[i] = Some(record);
            }
            first = end;
        }
        Ok(days.into_iter().flatten().collect())
    }

    async fn store(
        &self,
        connection: ConnectionId,
        zone: &str,
        starts_at: i64,
        record: &DayRecord,
    ) -> Result<(), Error> {
        let corrupt = |e: serde_json::Error| Error::Corrupt(e.to_string());
        let day = serde_json::to_string(record).map_err(corrupt)?;
        let operators = serde_json::to_string(&record.operators).map_err(corrupt)?;
        let sql = "INSERT INTO analytics_days (connection_id, zone, starts_at, record, operators) \
                   VALUES (?, ?, ?, ?, ?) ON CONFLICT (connection_id, zone, starts_at) DO NOTHING";
        let values = vec![
            connection.0.into(),
            zone.into(),
            starts_at.into(),
            day.into(),
            operators.into(),
        ];
        self.db.execute_raw(self.statement(sql, values)).await?;
        Ok(())
    }

    /// The days between `bounds` from the message links, dialogs and their log.
    async fn compute(
        &self,
        connection: ConnectionId,
        bounds: &[i64],
    ) -> Result<Vec<DayRecord>, Error> {
        let n = bounds.len() - 1;
        let mut days: Vec<DayBuilder> = (0..n).map(|_| DayBuilder::default()).collect();
        let c = connection.0;
        let (lo, hi) = (bounds[0], bounds[n]);
        // Rows are bucketed by whole hours since the first boundary, `(t - lo) / 3600`: one
        // indexed range scan each, never a range join; the hour's day is known here.
        let hour_days = hour_days(bounds);
        let day_of = |h: i64| -> Result<usize, Error> {
            usize::try_from(h)
                .ok()
                .and_then(|h| hour_days.get(h).copied())
                .ok_or_else(|| Error::Corrupt("an hour outside the period".to_owned()))
        };
        let range = || -> Vec<Value> { vec![lo.into(), c.into(), lo.into(), hi.into()] };

        let sql = "SELECT (created_at - ?) / 3600, direction, COUNT(*) FROM message_links \
                   WHERE connection_id = ? AND created_at >= ? AND created_at < ? GROUP BY 1, 2";
        for row in self.rows(sql, range()).await? {
            let h = get(&row, 0)?;
            let d = day_of(h)?;
            let day = &mut days[d].record;
            // The hour of the local day (a DST day of 25 hours counts its last into 23).
            let start = (bounds[d] - lo).div_euclid(3600);
            let hour = (h - start).clamp(0, 23) as usize;
            let direction: String = row.try_get_by_index(1)?;
            let count = get(&row, 2)?;
            match direction.as_str() {
                "in" => {
                    day.messages_in += count;
                    day.incoming_by_hour[hour] += count;
                }
                "out" => day.messages_out += count,
                _ => day.intercepted += count,
            }
        }

        // Answers: who answered whom, how often.
        let sql = "SELECT (created_at - ?) / 3600, operator_id, user_id, COUNT(*) \
                   FROM message_links WHERE connection_id = ? AND created_at >= ? \
                   AND created_at < ? AND direction = 'out' GROUP BY 1, 2, 3";
        for row in self.rows(sql, range()).await? {
            let day = &mut days[day_of(get(&row, 0)?)?];
            let operator = day.operators.entry(get_opt(&row, 1)?).or_default();
            operator.0 += get(&row, 3)?;
            operator.2.insert(get(&row, 2)?);
        }

        // First responses: how long each waited, by operator.
        let sql = "SELECT (created_at - ?) / 3600, operator_id, created_at - waited_since, \
                   COUNT(*) FROM message_links WHERE connection_id = ? AND created_at >= ? \
                   AND created_at < ? AND waited_since IS NOT NULL GROUP BY 1, 2, 3";
        for row in self.rows(sql, range()).await? {
            let day = &mut days[day_of(get(&row, 0)?)?];
            let (seconds, count) = (get(&row, 2)?, get(&row, 3)?);
            *day.responses.entry(seconds).or_insert(0) += count;
            let operator = day.operators.entry(get_opt(&row, 1)?).or_default();
            *operator.1.entry(seconds).or_insert(0) += count;
        }

        // Closes and reopens.
        let sql = "SELECT (at - ?) / 3600, kind, COUNT(*) FROM dialog_events \
                   WHERE connection_id = ? AND at >= ? AND at < ? GROUP BY 1, 2";
        for row in self.rows(sql, range()).await? {
            let day = &mut days[day_of(get(&row, 0)?)?].record;
            let kind: String = row.try_get_by_index(1)?;
            let count = get(&row, 2)?;
            match kind.as_str() {
                "closed" => day.closed += count,
                _ => day.reopened += count,
            }
        }

        // New dialogs.
        let sql = "SELECT (first_seen_at - ?) / 3600, COUNT(*) FROM dialogs \
                   WHERE connection_id = ? AND first_seen_at >= ? AND first_seen_at < ? GROUP BY 1";
        for row in self.rows(sql, range()).await? {
            days[day_of(get(&row, 0)?)?].record.new += get(&row, 1)?;
        }
        Ok(days.into_iter().map(DayBuilder::finish).collect())
    }

    /// Dialogs waiting for an answer now, by the day between `bounds` their wait began: live
    /// state, never stored (counted on the index `ix_dialogs_waiting`).
    pub async fn waiting(
        &self,
        connection: ConnectionId,
        bounds: &[i64],
    ) -> Result<Waiting, Error> {
        let n = bounds.len().saturating_sub(1);
        let mut by_day = vec![0; n];
        if n == 0 {
            return Ok(Waiting { by_day, before: 0 });
        }
        let (c, lo, hi) = (connection.0, bounds[0], bounds[n]);
        let hour_days = hour_days(bounds);
        let sql = "SELECT (status_since - ?) / 3600, COUNT(*) FROM dialogs WHERE connection_id = ? \
                   AND status = 'user_answered' AND status_since >= ? AND status_since < ? \
                   GROUP BY 1";
        for row in self
            .rows(sql, vec![lo.into(), c.into(), lo.into(), hi.into()])
            .await?
        {
            let day = usize::try_from(get(&row, 0)?)
                .ok()
                .and_then(|h| hour_days.get(h).copied())
                .ok_or_else(|| Error::Corrupt("an hour outside the period".to_owned()))?;
            by_day[day] += get(&row, 1)?;
        }
        let sql = "SELECT COUNT(*) FROM dialogs WHERE connection_id = ? \
                   AND status = 'user_answered' AND status_since < ?";
        let rows = self.rows(sql, vec![c.into(), lo.into()]).await?;
        let before = match rows.first() {
            Some(row) => get(row, 0)?,
            None => 0,
        };
        Ok(Waiting { by_day, before })
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

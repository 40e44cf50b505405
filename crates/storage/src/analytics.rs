//! Analytics: the desk's numbers as SQL aggregations over a period's days.
//!
//! Days are passed in as boundaries (unix seconds), computed by the caller in the admin's time zone,
//! so the same SQL buckets correctly on SQLite (which has no time-zone database) and PostgreSQL,
//! DST days included: rows are grouped by whole hours since the period's start, and each hour's
//! day is known here (a zone whose offset changes by half an hour is bucketed to the hour).
//! These queries use CTEs over `VALUES`, window functions and positional
//! `GROUP BY`, which both backends share; they are written as SQL text (sea-query's builders make
//! them unreadable) with `?` placeholders that [`Analytics`] numbers for PostgreSQL.
//! Percentiles are nearest-rank: the median of n values is the ⌈n/2⌉-th, p90 the ⌈9n/10⌉-th.

use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, QueryResult, Statement, Value};

use crate::connections::ConnectionId;
use crate::{Backend, Error};

/// An operator id for an anonymous admin (a message sent as the group, not as a member).
pub const ANONYMOUS_OPERATOR: i64 = 0;

/// Median and 90th percentile of a set of durations in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Percentiles {
    pub count: i64,
    pub median: i64,
    pub p90: i64,
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

/// The numbers for consecutive days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbers {
    pub days: Vec<DayNumbers>,
    /// Dialogs still waiting whose wait began before the first day.
    pub unanswered_before: i64,
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

fn day_index(row: &QueryResult, days: usize) -> Result<usize, Error> {
    usize::try_from(get(row, 0)?)
        .ok()
        .filter(|d| *d < days)
        .ok_or_else(|| Error::Corrupt("a day outside the period".to_owned()))
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

    /// Per-day numbers for the days between `bounds` (n + 1 ascending unix times).
    pub async fn days(&self, connection: ConnectionId, bounds: &[i64]) -> Result<Numbers, Error> {
        let n = bounds.len().saturating_sub(1);
        let mut days = vec![DayNumbers::default(); n];
        if n == 0 {
            return Ok(Numbers {
                days,
                unanswered_before: 0,
            });
        }
        let c = connection.0;

        let (lo, hi) = (bounds[0], bounds[n]);
        // Rows are bucketed by whole hours since the first boundary, `(t - lo) / 3600`, and an
        // equality join with `hours(h, d)` (every hour of the period and its day, computed here)
        // gives the day: one indexed range scan and a hash or index join, never a range join.
        let hour_days = hour_days(bounds);
        let day_of = |h: i64| -> Result<usize, Error> {
            usize::try_from(h)
                .ok()
                .and_then(|h| hour_days.get(h).copied())
                .ok_or_else(|| Error::Corrupt("an hour outside the period".to_owned()))
        };
        let hours = |values: &mut Vec<Value>| {
            let rows: Vec<&str> = hour_days.iter().map(|_| "(?, ?)").collect();
            for (h, d) in hour_days.iter().enumerate() {
                values.extend([(h as i64).into(), (*d as i64).into()]);
            }
            format!("hours(h, d) AS (VALUES {})", rows.join(", "))
        };
        let range =
            |values: &mut Vec<Value>| values.extend([lo.into(), c.into(), lo.into(), hi.into()]);

        // Messages by hour and direction: one pass over the period's links.
        let sql = "SELECT (created_at - ?) / 3600, direction, COUNT(*) FROM message_links \
                   WHERE connection_id = ? AND created_at >= ? AND created_at < ? GROUP BY 1, 2";
        let mut values = Vec::new();
        range(&mut values);
        for row in self.rows(sql, values).await? {
            let h = get(&row, 0)?;
            let d = day_of(h)?;
            let day = &mut days[d];
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

        // First-response times by the day of the answer.
        let mut values = Vec::new();
        let cte = hours(&mut values);
        range(&mut values);
        let sql = format!(
            "WITH {cte}, r AS (SELECT hours.d AS d, m.created_at - m.waited_since AS rt \
               FROM message_links m JOIN hours ON hours.h = (m.created_at - ?) / 3600 \
               WHERE m.connection_id = ? AND m.created_at >= ? AND m.created_at < ? \
               AND m.waited_since IS NOT NULL), \
             o AS (SELECT d, rt, ROW_NUMBER() OVER (PARTITION BY d ORDER BY rt) AS rn, \
               COUNT(*) OVER (PARTITION BY d) AS n FROM r) \
             SELECT d, n, MAX(CASE WHEN rn = (n + 1) / 2 THEN rt END), \
               MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN rt END) FROM o GROUP BY d, n"
        );
        for row in self.rows(&sql, values).await? {
            let day = &mut days[day_index(&row, n)?];
            day.first_response = Some(Percentiles {
                count: get(&row, 1)?,
                median: get_opt(&row, 2)?.unwrap_or_default(),
                p90: get_opt(&row, 3)?.unwrap_or_default(),
            });
        }

        // Closes and reopens.
        let sql = "SELECT (at - ?) / 3600, kind, COUNT(*) FROM dialog_events \
                   WHERE connection_id = ? AND at >= ? AND at < ? GROUP BY 1, 2";
        let mut values = Vec::new();
        range(&mut values);
        for row in self.rows(sql, values).await? {
            let day = &mut days[day_of(get(&row, 0)?)?];
            let kind: String = row.try_get_by_index(1)?;
            let count = get(&row, 2)?;
            match kind.as_str() {
                "closed" => day.closed += count,
                _ => day.reopened += count,
            }
        }

        // New dialogs, and the dialogs still waiting by the hour their wait began.
        let sql = "SELECT (first_seen_at - ?) / 3600, 'new', COUNT(*) FROM dialogs \
                   WHERE connection_id = ? AND first_seen_at >= ? AND first_seen_at < ? GROUP BY 1 \
                   UNION ALL SELECT (status_since - ?) / 3600, 'waiting', COUNT(*) FROM dialogs \
                   WHERE connection_id = ? AND status_since >= ? AND status_since < ? \
                   AND status = 'user_answered' GROUP BY 1";
        let mut values = Vec::new();
        range(&mut values);
        range(&mut values);
        for row in self.rows(sql, values).await? {
            let day = &mut days[day_of(get(&row, 0)?)?];
            let what: String = row.try_get_by_index(1)?;
            let count = get(&row, 2)?;
            if what == "new" {
                day.new += count;
            } else {
                day.unanswered += count;
            }
        }
        let sql = "SELECT COUNT(*) FROM dialogs WHERE connection_id = ? \
                   AND status = 'user_answered' AND status_since < ?";
        let rows = self.rows(sql, vec![c.into(), bounds[0].into()]).await?;
        let unanswered_before = match rows.first() {
            Some(row) => get(row, 0)?,
            None => 0,
        };
        Ok(Numbers {
            days,
            unanswered_before,
        })
    }

    /// First-response percentiles over `[from, to)`: the whole period, not a day.
    pub async fn first_response(
        &self,
        connection: ConnectionId,
        from: i64,
        to: i64,
    ) -> Result<Option<Percentiles>, Error> {
        let sql = "WITH r AS (SELECT created_at - waited_since AS rt FROM message_links \
               WHERE connection_id = ? AND created_at >= ? AND created_at < ? \
               AND waited_since IS NOT NULL), \
             o AS (SELECT rt, ROW_NUMBER() OVER (ORDER BY rt) AS rn, COUNT(*) OVER () AS n FROM r) \
             SELECT n, MAX(CASE WHEN rn = (n + 1) / 2 THEN rt END), \
               MAX(CASE WHEN rn = (9 * n + 9) / 10 THEN rt END) FROM o GROUP BY n";
        let rows = self
            .rows(sql, vec![connection.0.into(), from.into(), to.into()])
            .await?;
        rows.first()
            .map(|row| {
                Ok(Percentiles {
                    count: get(row, 0)?,
                    median: get_opt(row, 1)?.unwrap_or_default(),
                    p90: get_opt(row, 2)?.unwrap_or_default(),
                })
            })
            .transpose()
    }

    /// Per operator over `[from, to)`: answers, dialogs touched, median first response; most
    /// answers first.
    pub async fn operators(
        &self,
        connection: ConnectionId,
        from: i64,
        to: i64,
    ) -> Result<Vec<OperatorNumbers>, Error> {
        let sql = "WITH r AS (SELECT operator_id AS k, user_id, created_at - waited_since AS rt \
               FROM message_links WHERE connection_id = ? AND direction = 'out' \
               AND created_at >= ? AND created_at < ?), \
             o AS (SELECT k, user_id, rt, \
               ROW_NUMBER() OVER (PARTITION BY k, rt IS NULL ORDER BY rt) AS rn, \
               COUNT(rt) OVER (PARTITION BY k) AS n FROM r) \
             SELECT k, COUNT(*), COUNT(DISTINCT user_id), \
               MAX(CASE WHEN rt IS NOT NULL AND rn = (n + 1) / 2 THEN rt END) \
             FROM o GROUP BY k ORDER BY 2 DESC, 1";
        let rows = self
            .rows(sql, vec![connection.0.into(), from.into(), to.into()])
            .await?;
        rows.iter()
            .map(|row| {
                Ok(OperatorNumbers {
                    operator: get_opt(row, 0)?,
                    answers: get(row, 1)?,
                    dialogs: get(row, 2)?,
                    median_first_response: get_opt(row, 3)?,
                })
            })
            .collect()
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

//! A dashboard's days. Days are passed in as boundaries (unix seconds), computed by the caller in
//! the admin's time zone, so the same SQL buckets correctly on SQLite (which has no time-zone
//! database) and PostgreSQL, DST days included: rows are grouped by whole hours since the range's
//! start, and each hour's day is known here (a zone whose offset changes by half an hour is
//! bucketed to the hour).
//!
//! A day's numbers are a [`DayRecord`]: counts, and what percentiles and distinct counts over a
//! period need (first-response times with how often each occurred, the dialogs each operator
//! touched), so records add up over any period exactly. A finished day never changes, so its
//! record is stored (`analytics_days`, per connection and zone) the first time it is computed:
//! a dashboard then reads a few hundred rows, and only today (and days never shown in that zone)
//! come from the message links.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::{ConnectionTrait as _, Value};

use super::{Analytics, get, get_opt};
use crate::Error;
use crate::connections::ConnectionId;

/// How long a finished day's rows may still be arriving: a message link is stamped before its
/// transaction commits, so a day is stored only once it ended at least this long ago.
pub const SETTLE_SECONDS: i64 = 600;

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

/// The day of every whole hour since the first boundary (n + 1 ascending unix times, n days).
struct HourDays(Vec<usize>);

impl HourDays {
    fn of(bounds: &[i64]) -> HourDays {
        let (lo, hi) = (bounds[0], bounds[bounds.len() - 1]);
        let hours = (hi - lo + 3599) / 3600;
        HourDays(
            (0..hours)
                .map(|h| {
                    let t = lo + h * 3600;
                    bounds.partition_point(|b| *b <= t).saturating_sub(1)
                })
                .collect(),
        )
    }

    /// The day of hour `h` (as the SQL computed it).
    fn day_of(&self, h: i64) -> Result<usize, Error> {
        usize::try_from(h)
            .ok()
            .and_then(|h| self.0.get(h).copied())
            .ok_or_else(|| Error::Corrupt("an hour outside the period".to_owned()))
    }
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
        let hours = HourDays::of(bounds);
        let day_of = |h: i64| hours.day_of(h);
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
        let hours = HourDays::of(bounds);
        let sql = "SELECT (status_since - ?) / 3600, COUNT(*) FROM dialogs WHERE connection_id = ? \
                   AND status = 'user_answered' AND status_since >= ? AND status_since < ? \
                   GROUP BY 1";
        for row in self
            .rows(sql, vec![lo.into(), c.into(), lo.into(), hi.into()])
            .await?
        {
            by_day[hours.day_of(get(&row, 0)?)?] += get(&row, 1)?;
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
}

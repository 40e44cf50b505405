//! The dashboard's numbers for one connection and period: the days' records (see
//! `storage::Analytics`, which stores finished days) added up here, exactly.

use chrono::{Datelike as _, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};

use storage::{ConnectionId, DayNumbers, DayRecord, Percentiles, Storage, merge_histogram};

use crate::period::{Period, Window, Zone};

/// Who an operator row is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operator {
    /// A member whose name the relay has seen.
    Named { id: i64, name: String },
    /// A member the relay has no name for.
    Id(i64),
    /// An admin posting anonymously (as the group).
    Anonymous,
    /// Answers from before operators were recorded.
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperatorRow {
    pub operator: Operator,
    pub answers: i64,
    pub dialogs: i64,
    pub median_first_response: Option<i64>,
}

/// Sums over a period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub new: i64,
    pub reopened: i64,
    pub closed: i64,
    pub messages_in: i64,
    pub messages_out: i64,
    pub intercepted: i64,
    pub first_response: Option<Percentiles>,
}

impl Totals {
    fn of(days: &[DayRecord]) -> Totals {
        let sum = |f: fn(&DayRecord) -> i64| days.iter().map(f).sum();
        let mut responses = BTreeMap::new();
        for day in days {
            merge_histogram(&mut responses, &day.responses);
        }
        Totals {
            new: sum(|d| d.new),
            reopened: sum(|d| d.reopened),
            closed: sum(|d| d.closed),
            messages_in: sum(|d| d.messages_in),
            messages_out: sum(|d| d.messages_out),
            intercepted: sum(|d| d.intercepted),
            first_response: Percentiles::of_merged(&responses),
        }
    }
}

/// A day's numbers as the chart shows them, from its record and the dialogs waiting since then.
fn day_numbers(record: &DayRecord, unanswered: i64) -> DayNumbers {
    DayNumbers {
        new: record.new,
        reopened: record.reopened,
        closed: record.closed,
        unanswered,
        messages_in: record.messages_in,
        messages_out: record.messages_out,
        intercepted: record.intercepted,
        first_response: Percentiles::of(&record.responses),
        incoming_by_hour: record.incoming_by_hour,
    }
}

/// Per operator over the days: answers, distinct dialogs, median first response; most answers
/// first, then by id (answers from before operators were recorded last).
fn operator_rows(days: &[DayRecord], names: &HashMap<i64, String>) -> Vec<OperatorRow> {
    /// Answers, first responses (seconds, how many) and the users answered.
    type Sums = (i64, BTreeMap<i64, i64>, BTreeSet<i64>);
    let mut by_operator: BTreeMap<Option<i64>, Sums> = BTreeMap::new();
    for operator in days.iter().flat_map(|d| &d.operators) {
        let entry = by_operator.entry(operator.operator).or_default();
        entry.0 += operator.answers;
        merge_histogram(&mut entry.1, &operator.responses);
        entry.2.extend(&operator.users);
    }
    let mut sums: Vec<_> = by_operator.into_iter().collect();
    sums.sort_by_key(|(operator, (answers, ..))| {
        (std::cmp::Reverse(*answers), operator.is_none(), *operator)
    });
    sums.into_iter()
        .map(|(operator, (answers, responses, users))| OperatorRow {
            operator: match operator {
                None => Operator::Unknown,
                Some(storage::ANONYMOUS_OPERATOR) => Operator::Anonymous,
                Some(id) => match names.get(&id) {
                    Some(name) => Operator::Named {
                        id,
                        name: name.clone(),
                    },
                    None => Operator::Id(id),
                },
            },
            answers,
            dialogs: users.len() as i64,
            median_first_response: Percentiles::of_merged(&responses).map(|p| p.median),
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    pub period: Period,
    pub zone: Zone,
    pub dates: Vec<NaiveDate>,
    /// One per date.
    pub days: Vec<DayNumbers>,
    pub current: Totals,
    pub previous: Totals,
    /// Dialogs waiting for an answer now (whenever their wait began).
    pub waiting_now: i64,
    /// Incoming messages by weekday (Monday first) and hour, in the zone.
    pub busiest_hours: [[i64; 24]; 7],
    /// Most answers first.
    pub operators: Vec<OperatorRow>,
    /// Operators, waits, closes and reopens are recorded since this time; a period (with the one
    /// before it) that starts earlier, on a connection that relayed before it, shows them partly.
    pub partial_before: Option<i64>,
}

impl Dashboard {
    pub async fn load(
        storage: &Storage,
        connection: ConnectionId,
        period: Period,
        zone: Zone,
        now: i64,
    ) -> Result<Dashboard, storage::Error> {
        let window = Window::ending_at(period, zone, now);
        let analytics = storage.analytics();
        // Days that ended a while ago are final: stored once, read from then on.
        let settled = now.min(storage::now()) - storage::SETTLE_SECONDS;
        let (shown_from, _) = window.current();
        let (previous_from, _) = window.previous();
        // Partial only where there is history from before recording began.
        let partial = async {
            Ok(match analytics.recorded_since().await? {
                Some(since) if since > previous_from => analytics
                    .relayed_before(connection, since)
                    .await?
                    .then_some(since),
                _ => None,
            })
        };
        // Independent reads, each on a connection of its own: decoding the stored days (the
        // bulk of the time) overlaps the other queries' round trips.
        let (records, waiting, names, recorded_since) = tokio::try_join!(
            analytics.day_records(connection, zone.name(), &window.bounds, settled, shown_from),
            analytics.waiting(connection, &window.bounds),
            analytics.operator_names(connection),
            partial,
        )?;
        let n = window.days();
        let (previous, shown) = records.split_at(n);
        let operators = operator_rows(shown, &names);
        let waiting_now = waiting.before + waiting.by_day.iter().sum::<i64>();
        let days: Vec<DayNumbers> = shown
            .iter()
            .zip(&waiting.by_day[n..])
            .map(|(record, unanswered)| day_numbers(record, *unanswered))
            .collect();
        let mut busiest_hours = [[0; 24]; 7];
        for (date, day) in window.dates.iter().zip(shown) {
            let weekday = date.weekday().num_days_from_monday() as usize;
            for (hour, count) in day.incoming_by_hour.iter().enumerate() {
                busiest_hours[weekday][hour] += count;
            }
        }
        Ok(Dashboard {
            period,
            zone,
            dates: window.dates.clone(),
            days,
            current: Totals::of(shown),
            previous: Totals::of(previous),
            waiting_now,
            busiest_hours,
            operators,
            partial_before: recorded_since,
        })
    }

    /// Whether nothing at all happened in the period.
    pub fn is_empty(&self) -> bool {
        self.days.iter().all(|d| *d == DayNumbers::default()) && self.waiting_now == 0
    }
}

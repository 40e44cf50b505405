//! The dashboard's numbers for one connection and period, loaded with a handful of aggregating
//! queries (see `storage::Analytics`).

use chrono::{Datelike as _, NaiveDate};
use storage::{ConnectionId, DayNumbers, Percentiles, Storage};

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
    fn of(days: &[DayNumbers], first_response: Option<Percentiles>) -> Totals {
        let sum = |f: fn(&DayNumbers) -> i64| days.iter().map(f).sum();
        Totals {
            new: sum(|d| d.new),
            reopened: sum(|d| d.reopened),
            closed: sum(|d| d.closed),
            messages_in: sum(|d| d.messages_in),
            messages_out: sum(|d| d.messages_out),
            intercepted: sum(|d| d.intercepted),
            first_response,
        }
    }
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
        let numbers = analytics.days(connection, &window.bounds).await?;
        let n = window.days();
        let (from, to) = window.current();
        let (previous_from, previous_to) = window.previous();
        let first_response = analytics.first_response(connection, from, to).await?;
        let previous_first_response = analytics
            .first_response(connection, previous_from, previous_to)
            .await?;
        let names = analytics.operator_names(connection).await?;
        let operators = analytics
            .operators(connection, from, to)
            .await?
            .into_iter()
            .map(|row| OperatorRow {
                operator: match row.operator {
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
                answers: row.answers,
                dialogs: row.dialogs,
                median_first_response: row.median_first_response,
            })
            .collect();
        // Partial only where there is history from before recording began.
        let recorded_since = match analytics.recorded_since().await? {
            Some(since) if since > previous_from => analytics
                .relayed_before(connection, since)
                .await?
                .then_some(since),
            _ => None,
        };
        let waiting_now =
            numbers.unanswered_before + numbers.days.iter().map(|d| d.unanswered).sum::<i64>();
        let (previous, shown) = numbers.days.split_at(n);
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
            days: shown.to_vec(),
            current: Totals::of(shown, first_response),
            previous: Totals::of(previous, previous_first_response),
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

//! Periods and days in the admin's time zone. SQLite has no time-zone database, so the days'
//! boundaries are computed here (DST changes included) and the SQL buckets by them.

use std::str::FromStr as _;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, TimeZone as _};
use chrono_tz::Tz;

/// How far back the dashboard looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Week,
    Month,
    Quarter,
}

impl Period {
    pub const ALL: [Period; 3] = [Period::Week, Period::Month, Period::Quarter];

    pub fn days(self) -> u32 {
        match self {
            Period::Week => 7,
            Period::Month => 30,
            Period::Quarter => 90,
        }
    }

    /// `7`, `30` or `90`.
    pub fn parse(text: &str) -> Option<Period> {
        Period::ALL
            .into_iter()
            .find(|p| p.days().to_string() == text.trim())
    }
}

/// An IANA time zone (`Europe/Berlin`); UTC unless the admin chose one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Zone(pub Tz);

impl Zone {
    pub const UTC: Zone = Zone(Tz::UTC);

    /// A zone by its IANA name, case-insensitively (`europe/berlin` works too).
    pub fn parse(name: &str) -> Option<Zone> {
        let name = name.trim();
        Tz::from_str(name)
            .ok()
            .or_else(|| {
                chrono_tz::TZ_VARIANTS
                    .into_iter()
                    .find(|tz| tz.name().eq_ignore_ascii_case(name))
            })
            .map(Zone)
    }

    /// The stored setting: `None` (never chosen) or a name that no longer parses is UTC.
    pub fn from_setting(setting: Option<&str>) -> Zone {
        setting.and_then(Zone::parse).unwrap_or(Zone::UTC)
    }

    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The local date at a unix time.
    pub fn date_at(self, at: i64) -> NaiveDate {
        DateTime::from_timestamp(at, 0)
            .unwrap_or_default()
            .with_timezone(&self.0)
            .date_naive()
    }

    /// The unix time at which `date` begins here. Where midnight does not exist (a DST jump at
    /// midnight), the day begins at the first hour that does.
    pub fn start_of(self, date: NaiveDate) -> i64 {
        (0..24)
            .find_map(|hour| {
                let time = NaiveTime::from_hms_opt(hour, 0, 0)?;
                self.0
                    .from_local_datetime(&date.and_time(time))
                    .earliest()
                    .map(|t| t.timestamp())
            })
            .unwrap_or_else(|| date.and_time(NaiveTime::MIN).and_utc().timestamp())
    }
}

/// The days a dashboard shows (ending today, in the zone) and the same number of days before them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub period: Period,
    pub zone: Zone,
    /// The shown days, oldest first.
    pub dates: Vec<NaiveDate>,
    /// 2n + 1 boundaries: the previous period's n days, then the shown n days.
    pub bounds: Vec<i64>,
}

impl Window {
    pub fn ending_at(period: Period, zone: Zone, now: i64) -> Window {
        let n = u64::from(period.days());
        let today = zone.date_at(now);
        let first_previous = today
            .checked_sub_days(Days::new(2 * n - 1))
            .unwrap_or(today);
        let all: Vec<NaiveDate> = first_previous
            .iter_days()
            .take(2 * n as usize + 1)
            .collect();
        let bounds = all.iter().map(|d| zone.start_of(*d)).collect();
        let dates = all[n as usize..2 * n as usize].to_vec();
        Window {
            period,
            zone,
            dates,
            bounds,
        }
    }

    pub fn days(&self) -> usize {
        self.dates.len()
    }

    /// Where the shown period begins and ends (unix seconds).
    pub fn current(&self) -> (i64, i64) {
        let n = self.days();
        (self.bounds[n], self.bounds[2 * n])
    }

    /// Where the previous period begins and ends.
    pub fn previous(&self) -> (i64, i64) {
        (self.bounds[0], self.bounds[self.days()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_has_the_shown_days_and_as_many_before() {
        let zone = Zone::UTC;
        // 2026-11-23 12:00 UTC
        let w = Window::ending_at(Period::Week, zone, 1_795_435_200);
        assert_eq!(w.dates.len(), 7);
        assert_eq!(w.bounds.len(), 15);
        assert_eq!(w.dates[6], NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
        assert_eq!(w.current().1 - w.current().0, 7 * 86_400);
        assert_eq!(w.previous().1, w.current().0);
    }

    #[test]
    fn a_dst_day_is_23_or_25_hours_long() {
        let zone = Zone::parse("Europe/Berlin").unwrap();
        // 2026-03-29: clocks go 02:00 → 03:00; 2026-10-25: 03:00 → 02:00.
        let spring = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap();
        let autumn = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
        let len = |d: NaiveDate| zone.start_of(d.succ_opt().unwrap()) - zone.start_of(d);
        assert_eq!(len(spring), 23 * 3600);
        assert_eq!(len(autumn), 25 * 3600);
    }

    #[test]
    fn a_missing_midnight_starts_the_day_at_its_first_hour() {
        // America/Santiago skips from 00:00 to 01:00 on 2026-09-06.
        let zone = Zone::parse("America/Santiago").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 9, 6).unwrap();
        let start = zone.start_of(day);
        assert_eq!(zone.date_at(start), day);
        assert_eq!(zone.date_at(start - 1), day.pred_opt().unwrap());
    }

    #[test]
    fn zones_and_periods_parse() {
        assert_eq!(
            Zone::parse("europe/moscow").map(Zone::name),
            Some("Europe/Moscow")
        );
        assert_eq!(Zone::parse("Mars/Olympus"), None);
        assert_eq!(Zone::from_setting(None), Zone::UTC);
        assert_eq!(Period::parse("30"), Some(Period::Month));
        assert_eq!(Period::parse("31"), None);
    }
}

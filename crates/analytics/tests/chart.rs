//! The dashboard picture: a real PNG of the expected size, with the charts drawn on it, in every
//! language. `SWITCHBOARD_EXAMPLE_PNG=path` also writes the English example (docs/analytics.png).

use chrono::NaiveDate;
use i18n::Lang;
use storage::{DayNumbers, Percentiles};
use switchboard_analytics::{
    Dashboard, Operator, OperatorRow, Period, Totals, Zone, chart, render_png,
};

/// A plausible month of a small desk: weekday peaks, quieter weekends, two operators.
fn sample() -> Dashboard {
    let first = NaiveDate::from_ymd_opt(2026, 10, 25).unwrap();
    let dates: Vec<NaiveDate> = first.iter_days().take(30).collect();
    let days: Vec<DayNumbers> = dates
        .iter()
        .enumerate()
        .map(|(i, date)| {
            use chrono::Datelike as _;
            let weekend = date.weekday().num_days_from_monday() >= 5;
            let base = if weekend { 6 } else { 18 } + (i as i64 * 7 % 9);
            let mut hours = [0; 24];
            for (h, slot) in hours.iter_mut().enumerate() {
                let h = h as i64;
                *slot = if (9..19).contains(&h) {
                    base / 3 + (h * 5 + i as i64) % 4
                } else {
                    (h + i as i64) % 2
                };
            }
            DayNumbers {
                new: base / 2,
                reopened: base / 7,
                closed: base / 2 - 1,
                unanswered: if i > 26 { 3 - (29 - i as i64) } else { 0 },
                messages_in: hours.iter().sum(),
                messages_out: base * 3 / 2,
                intercepted: (i as i64) % 3,
                first_response: Some(Percentiles {
                    count: base,
                    median: 240 + (i as i64 * 97 % 400),
                    p90: 1500 + (i as i64 * 331 % 1900),
                }),
                incoming_by_hour: hours,
            }
        })
        .collect();
    let mut busiest = [[0; 24]; 7];
    for (date, day) in dates.iter().zip(&days) {
        use chrono::Datelike as _;
        let w = date.weekday().num_days_from_monday() as usize;
        for (slot, count) in busiest[w].iter_mut().zip(day.incoming_by_hour) {
            *slot += count;
        }
    }
    let sum = |f: fn(&DayNumbers) -> i64| days.iter().map(f).sum();
    Dashboard {
        period: Period::Month,
        zone: Zone::parse("Europe/Berlin").unwrap(),
        current: Totals {
            new: sum(|d| d.new),
            reopened: sum(|d| d.reopened),
            closed: sum(|d| d.closed),
            messages_in: sum(|d| d.messages_in),
            messages_out: sum(|d| d.messages_out),
            intercepted: sum(|d| d.intercepted),
            first_response: Some(Percentiles {
                count: 500,
                median: 420,
                p90: 2400,
            }),
        },
        previous: Totals {
            new: 250,
            messages_in: 2900,
            first_response: Some(Percentiles {
                count: 450,
                median: 540,
                p90: 2900,
            }),
            ..Totals::default()
        },
        dates,
        days,
        waiting_now: 3,
        busiest_hours: busiest,
        operators: vec![
            OperatorRow {
                operator: Operator::Named {
                    id: 1,
                    name: "Anna Schmidt".into(),
                },
                answers: 412,
                dialogs: 160,
                median_first_response: Some(380),
            },
            OperatorRow {
                operator: Operator::Named {
                    id: 2,
                    name: "Борис Иванов".into(),
                },
                answers: 298,
                dialogs: 121,
                median_first_response: Some(510),
            },
            OperatorRow {
                operator: Operator::Anonymous,
                answers: 31,
                dialogs: 20,
                median_first_response: Some(1260),
            },
        ],
        partial_before: None,
    }
}

fn decode(png: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .expect("a valid PNG")
        .to_rgb8()
}

#[test]
fn the_dashboard_is_a_png_with_charts_on_it_in_every_language() {
    let dashboard = sample();
    for lang in Lang::ALL {
        let png = render_png(lang, &dashboard).expect("renders");
        let image = decode(&png);
        assert_eq!(image.width(), chart::WIDTH, "{lang:?}");
        assert_eq!(image.height(), chart::height(&dashboard), "{lang:?}");
        let pixels = image.pixels().count();
        let ink = image.pixels().filter(|p| p.0 != [255, 255, 255]).count();
        // Not blank, not a flood: lines, cells and text cover a real part of the picture.
        assert!(
            ink * 20 > pixels,
            "{lang:?}: only {ink} of {pixels} pixels drawn"
        );
        assert!(ink * 2 < pixels, "{lang:?}: {ink} of {pixels} pixels drawn");
        // The series colours are there (blue lines and heatmap, green bars).
        let has = |rgb: [u8; 3]| image.pixels().any(|p| p.0 == rgb);
        assert!(has([30, 136, 229]), "{lang:?}: no blue");
        assert!(has([67, 160, 71]), "{lang:?}: no green");
    }
    if let Ok(path) = std::env::var("SWITCHBOARD_EXAMPLE_PNG") {
        std::fs::write(path, render_png(Lang::En, &dashboard).unwrap()).unwrap();
    }
}

#[test]
fn an_empty_period_still_draws_its_axes_and_says_so() {
    let mut dashboard = sample();
    for day in &mut dashboard.days {
        *day = DayNumbers::default();
    }
    dashboard.busiest_hours = [[0; 24]; 7];
    dashboard.operators.clear();
    dashboard.waiting_now = 0;
    let image = decode(&render_png(Lang::Ru, &dashboard).unwrap());
    assert_eq!(image.width(), chart::WIDTH);
    let ink = image.pixels().filter(|p| p.0 != [255, 255, 255]).count();
    assert!(ink > 10_000, "axes and titles are drawn: {ink}");
    assert!(dashboard.is_empty());
}

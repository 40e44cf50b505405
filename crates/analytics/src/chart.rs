//! The dashboard as one PNG, drawn in process with plotters on an RGB buffer.
//!
//! Sized for a phone: 1080 px wide (Telegram shows a photo at the screen's width and scales it
//! down whole, so what matters is text size relative to the width: labels are 30 px and more,
//! about the size of chat text). The font (DejaVu Sans: Latin, Cyrillic) is compiled in and
//! registered with plotters' ab_glyph backend; no system fonts are looked up.

use std::sync::OnceLock;

use i18n::Lang;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::dashboard::Dashboard;
use crate::summary::{duration, operator_name};

const FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
const FAMILY: &str = "switchboard-sans";

pub const WIDTH: u32 = 1080;
const PANEL: u32 = 460;
const HOURS_PANEL: u32 = 470;
const HEADER: u32 = 110;
const OPERATOR_ROW: u32 = 92;
const MAX_OPERATORS: usize = 8;

const BLUE: RGBColor = RGBColor(30, 136, 229);
const ORANGE: RGBColor = RGBColor(245, 124, 0);
const GREEN: RGBColor = RGBColor(67, 160, 71);
const RED: RGBColor = RGBColor(229, 57, 53);
const PURPLE: RGBColor = RGBColor(142, 36, 170);
const INK: RGBColor = RGBColor(33, 33, 33);
const GREY: RGBColor = RGBColor(117, 117, 117);

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("the embedded font does not load")]
    Font,
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("encoding the PNG failed: {0}")]
    Encode(String),
}

fn draw_err<E: std::fmt::Debug>(e: E) -> ChartError {
    ChartError::Draw(format!("{e:?}"))
}

fn register_font() -> Result<(), ChartError> {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    let ok = *REGISTERED
        .get_or_init(|| plotters::style::register_font(FAMILY, FontStyle::Normal, FONT).is_ok());
    if ok { Ok(()) } else { Err(ChartError::Font) }
}

fn font(size: u32) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&INK)
}

/// The picture's height for a dashboard (it grows with the number of operators shown).
pub fn height(d: &Dashboard) -> u32 {
    let operators = d.operators.len().clamp(1, MAX_OPERATORS) as u32;
    HEADER + 3 * PANEL + HOURS_PANEL + 120 + operators * OPERATOR_ROW + 40
}

/// Renders the dashboard as a PNG.
pub fn render_png(lang: Lang, d: &Dashboard) -> Result<Vec<u8>, ChartError> {
    register_font()?;
    let (w, h) = (WIDTH, height(d));
    let mut buffer = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (w, h)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_err)?;
        draw(&root, lang, d)?;
        root.present().map_err(draw_err)?;
    }
    let image = image::RgbImage::from_raw(w, h, buffer)
        .ok_or_else(|| ChartError::Encode("buffer size".to_owned()))?;
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| ChartError::Encode(e.to_string()))?;
    Ok(png)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

fn draw(root: &Area<'_>, lang: Lang, d: &Dashboard) -> Result<(), ChartError> {
    let (header, rest) = root.split_vertically(HEADER);
    let first = d.dates.first().map(|x| x.format("%d.%m.%Y").to_string());
    let last = d.dates.last().map(|x| x.format("%d.%m.%Y").to_string());
    let title = lang.text_with(
        "analytics-chart-title",
        &[("days", d.period.days().to_string())],
    );
    header
        .draw(&Text::new(title, (30, 18), font(46)))
        .map_err(draw_err)?;
    let subtitle = format!(
        "{} – {} · {}",
        first.unwrap_or_default(),
        last.unwrap_or_default(),
        d.zone.name()
    );
    header
        .draw(&Text::new(subtitle, (30, 72), font(30).color(&GREY)))
        .map_err(draw_err)?;

    let (dialogs, rest) = rest.split_vertically(PANEL);
    let (messages, rest) = rest.split_vertically(PANEL);
    let (response, rest) = rest.split_vertically(PANEL);
    let (hours, operators) = rest.split_vertically(HOURS_PANEL);

    let day = |f: fn(&storage::DayNumbers) -> i64| -> Vec<Option<f64>> {
        d.days.iter().map(|n| Some(f(n) as f64)).collect()
    };
    lines(
        &dialogs,
        d,
        &lang.text("analytics-chart-dialogs"),
        &[
            (lang.text("analytics-series-new"), BLUE, day(|n| n.new)),
            (
                lang.text("analytics-series-closed"),
                GREEN,
                day(|n| n.closed),
            ),
            (
                lang.text("analytics-series-reopened"),
                ORANGE,
                day(|n| n.reopened),
            ),
            (
                lang.text("analytics-series-unanswered"),
                RED,
                day(|n| n.unanswered),
            ),
        ],
        &|v| format!("{v:.0}"),
    )?;
    lines(
        &messages,
        d,
        &lang.text("analytics-chart-messages"),
        &[
            (
                lang.text("analytics-series-in"),
                BLUE,
                day(|n| n.messages_in),
            ),
            (
                lang.text("analytics-series-out"),
                GREEN,
                day(|n| n.messages_out),
            ),
            (
                lang.text("analytics-series-intercepted"),
                PURPLE,
                day(|n| n.intercepted),
            ),
        ],
        &|v| format!("{v:.0}"),
    )?;
    let minutes = |pick: fn(&storage::Percentiles) -> i64| -> Vec<Option<f64>> {
        d.days
            .iter()
            .map(|n| n.first_response.as_ref().map(|p| pick(p) as f64 / 60.0))
            .collect()
    };
    lines(
        &response,
        d,
        &lang.text("analytics-chart-response"),
        &[
            (
                lang.text("analytics-series-median"),
                BLUE,
                minutes(|p| p.median),
            ),
            (
                lang.text("analytics-series-p90"),
                ORANGE,
                minutes(|p| p.p90),
            ),
        ],
        &|v| lang.text_with("analytics-minutes", &[("m", format!("{v:.0}"))]),
    )?;
    heatmap(&hours, lang, d)?;
    operator_bars(&operators, lang, d)
}

/// A panel title and, under it, a legend row.
fn panel_head(
    area: &Area<'_>,
    title: &str,
    legend: &[(String, RGBColor)],
) -> Result<(), ChartError> {
    area.draw(&Text::new(title.to_owned(), (30, 20), font(36)))
        .map_err(draw_err)?;
    let mut x = 30;
    for (label, color) in legend {
        area.draw(&Rectangle::new([(x, 74), (x + 26, 100)], color.filled()))
            .map_err(draw_err)?;
        area.draw(&Text::new(label.clone(), (x + 34, 70), font(28)))
            .map_err(draw_err)?;
        let (tw, _) = area
            .estimate_text_size(label, &font(28))
            .map_err(draw_err)?;
        x += 34 + tw as i32 + 34;
    }
    Ok(())
}

fn date_label(d: &Dashboard, x: f64) -> String {
    let i = x.round();
    if (i - x).abs() > 0.01 || i < 0.0 {
        return String::new();
    }
    d.dates
        .get(i as usize)
        .map(|date| date.format("%d.%m").to_string())
        .unwrap_or_default()
}

type Series = (String, RGBColor, Vec<Option<f64>>);

/// Daily lines; a day without a value (no answers that day) leaves a gap.
fn lines(
    area: &Area<'_>,
    d: &Dashboard,
    title: &str,
    series: &[Series],
    y_format: &dyn Fn(&f64) -> String,
) -> Result<(), ChartError> {
    let legend: Vec<(String, RGBColor)> = series.iter().map(|(l, c, _)| (l.clone(), *c)).collect();
    panel_head(area, title, &legend)?;
    let (_, plot) = area.split_vertically(110);
    let n = d.days.len().max(1);
    let top = series
        .iter()
        .flat_map(|(_, _, v)| v.iter().flatten())
        .fold(0.0f64, |a, b| a.max(*b));
    let top = if top <= 0.0 { 4.0 } else { top * 1.15 };
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(20)
        .margin_right(40)
        .margin_bottom(10)
        .x_label_area_size(50)
        .y_label_area_size(110)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), 0f64..top)
        .map_err(draw_err)?;
    let x_labels = n.min(8);
    let step = n.div_ceil(x_labels).max(1);
    let label = |x: &f64| {
        let i = x.round() as usize;
        if i % step == (n - 1) % step {
            date_label(d, *x)
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n.min(90))
        .y_labels(5)
        .x_label_formatter(&label)
        .y_label_formatter(y_format)
        .label_style(font(26))
        .light_line_style(RGBColor(238, 238, 238))
        .bold_line_style(RGBColor(220, 220, 220))
        .axis_style(GREY)
        .draw()
        .map_err(draw_err)?;
    let dots = n <= 31;
    for (_, color, values) in series {
        // Consecutive days with a value form one line.
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut runs = Vec::new();
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => run.push((i as f64, *v)),
                None => runs.push(std::mem::take(&mut run)),
            }
        }
        runs.push(run);
        for run in runs.into_iter().filter(|r| !r.is_empty()) {
            chart
                .draw_series(LineSeries::new(run.clone(), color.stroke_width(5)))
                .map_err(draw_err)?;
            if dots || run.len() == 1 {
                chart
                    .draw_series(run.iter().map(|p| Circle::new(*p, 7, color.filled())))
                    .map_err(draw_err)?;
            }
        }
    }
    Ok(())
}

/// Incoming messages by weekday and hour, darker where busier.
fn heatmap(area: &Area<'_>, lang: Lang, d: &Dashboard) -> Result<(), ChartError> {
    panel_head(area, &lang.text("analytics-chart-hours"), &[])?;
    let (_, plot) = area.split_vertically(70);
    let max = d
        .busiest_hours
        .iter()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let weekdays: Vec<String> = lang
        .text("analytics-weekdays")
        .split(',')
        .map(|s| s.trim().to_owned())
        .collect();
    // Cells are centred on whole numbers, so the labels (hours, weekdays) sit in their middle.
    let mut chart = ChartBuilder::on(&plot)
        .margin_left(20)
        .margin_right(40)
        .margin_bottom(10)
        .x_label_area_size(50)
        .y_label_area_size(110)
        .build_cartesian_2d(-0.5f64..23.5, -0.5f64..6.5)
        .map_err(draw_err)?;
    let weekday_label = |y: &f64| {
        // Row 0 is at the bottom: Monday goes on top.
        let row = y.round();
        if (row - y).abs() > 0.01 || !(0.0..=6.0).contains(&row) {
            return String::new();
        }
        weekdays.get(6 - row as usize).cloned().unwrap_or_default()
    };
    let hour_label = |x: &f64| {
        let h = x.round();
        if (h - x).abs() < 0.01 && h >= 0.0 && h as i64 % 3 == 0 {
            format!("{h:.0}")
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(24)
        .y_labels(7)
        .x_label_formatter(&hour_label)
        .y_label_formatter(&weekday_label)
        .label_style(font(26))
        .axis_style(GREY)
        .draw()
        .map_err(draw_err)?;
    let cells = d.busiest_hours.iter().enumerate().flat_map(|(day, hours)| {
        hours.iter().enumerate().map(move |(hour, count)| {
            let t = *count as f64 / max as f64;
            let shade = |c: u8| (255.0 - (255.0 - f64::from(c)) * (0.06 + 0.94 * t)).round() as u8;
            let color = RGBColor(shade(BLUE.0), shade(BLUE.1), shade(BLUE.2));
            let (x, y) = (hour as f64, 6.0 - day as f64);
            Rectangle::new([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)], color.filled())
        })
    });
    chart.draw_series(cells).map_err(draw_err)?;
    // White lines between the cells.
    let edges = (0..=24).map(|x| {
        let x = f64::from(x) - 0.5;
        PathElement::new(vec![(x, -0.5), (x, 6.5)], WHITE.stroke_width(3))
    });
    chart.draw_series(edges).map_err(draw_err)?;
    let edges = (0..=7).map(|y| {
        let y = f64::from(y) - 0.5;
        PathElement::new(vec![(-0.5, y), (23.5, y)], WHITE.stroke_width(3))
    });
    chart.draw_series(edges).map_err(draw_err)?;
    Ok(())
}

/// One bar per operator (most answers first): answers, dialogs and median first response.
fn operator_bars(area: &Area<'_>, lang: Lang, d: &Dashboard) -> Result<(), ChartError> {
    panel_head(area, &lang.text("analytics-chart-operators"), &[])?;
    let (_, list) = area.split_vertically(80);
    if d.operators.is_empty() {
        list.draw(&Text::new(
            lang.text("analytics-chart-no-answers"),
            (30, 10),
            font(30).color(&GREY),
        ))
        .map_err(draw_err)?;
        return Ok(());
    }
    let max = d
        .operators
        .iter()
        .map(|o| o.answers)
        .max()
        .unwrap_or(1)
        .max(1);
    // Left: the name, and under it dialogs and median first response; right: a bar of answers.
    let (bar_x, bar_max) = (600i32, 340.0);
    for (i, o) in d.operators.iter().take(MAX_OPERATORS).enumerate() {
        let y = i as i32 * OPERATOR_ROW as i32;
        let mut name = operator_name(lang, &o.operator);
        if name.chars().count() > 28 {
            name = name.chars().take(27).collect::<String>() + "…";
        }
        list.draw(&Text::new(name, (30, y + 4), font(32)))
            .map_err(draw_err)?;
        let median = o
            .median_first_response
            .map(|s| duration(lang, s))
            .unwrap_or_else(|| "—".to_owned());
        let note = lang.text_with(
            "analytics-operator-line",
            &[("dialogs", o.dialogs.to_string()), ("median", median)],
        );
        list.draw(&Text::new(note, (30, y + 46), font(26).color(&GREY)))
            .map_err(draw_err)?;
        let len = ((o.answers as f64 / max as f64) * bar_max).round().max(4.0) as i32;
        list.draw(&Rectangle::new(
            [(bar_x, y + 14), (bar_x + len, y + 66)],
            GREEN.filled(),
        ))
        .map_err(draw_err)?;
        list.draw(&Text::new(
            o.answers.to_string(),
            (bar_x + len + 12, y + 22),
            font(32),
        ))
        .map_err(draw_err)?;
    }
    Ok(())
}

//! The short text under the picture, and the same numbers as CSV.

use i18n::{Lang, escape_html};

use crate::dashboard::{Dashboard, Operator, OperatorRow};

/// "45 s", "12 min", "3 h 05 min", "2 d 4 h": short enough for a chart label.
pub fn duration(lang: Lang, seconds: i64) -> String {
    let s = seconds.max(0);
    let arg = |v: i64| v.to_string();
    if s < 60 {
        lang.text_with("analytics-seconds", &[("s", arg(s))])
    } else if s < 3600 {
        lang.text_with("analytics-minutes", &[("m", arg(s / 60))])
    } else if s < 86_400 {
        lang.text_with(
            "analytics-hours",
            &[("h", arg(s / 3600)), ("m", format!("{:02}", s % 3600 / 60))],
        )
    } else {
        lang.text_with(
            "analytics-days",
            &[("d", arg(s / 86_400)), ("h", arg(s % 86_400 / 3600))],
        )
    }
}

/// "+20%", "−15%", "±0%", or "—" when there is nothing to compare with.
pub fn change(now: i64, before: i64) -> String {
    if before == 0 {
        return "—".to_owned();
    }
    let percent = ((now - before) as f64 / before as f64 * 100.0).round() as i64;
    match percent {
        0 => "±0%".to_owned(),
        p if p > 0 => format!("+{p}%"),
        p => format!("−{}%", -p),
    }
}

/// An operator as the dashboard names them.
pub fn operator_name(lang: Lang, operator: &Operator) -> String {
    match operator {
        Operator::Named { name, .. } => name.clone(),
        Operator::Id(id) => format!("id {id}"),
        Operator::Anonymous => lang.text("analytics-operator-anonymous"),
        Operator::Unknown => lang.text("analytics-operator-unknown"),
    }
}

/// The caption under the picture (Telegram HTML; under 1024 characters).
pub fn summary(lang: Lang, d: &Dashboard) -> String {
    let days = d.period.days().to_string();
    let (c, p) = (&d.current, &d.previous);
    let mut lines = vec![lang.text_with(
        "analytics-summary-title",
        &[("days", days.clone()), ("zone", d.zone.name().to_owned())],
    )];
    if d.is_empty() {
        lines.push(lang.text("analytics-summary-empty"));
        return lines.join("\n");
    }
    lines.push(lang.text_with(
        "analytics-summary-dialogs",
        &[
            ("new", c.new.to_string()),
            ("change", change(c.new, p.new)),
            ("closed", c.closed.to_string()),
            ("reopened", c.reopened.to_string()),
            ("waiting", d.waiting_now.to_string()),
        ],
    ));
    lines.push(lang.text_with(
        "analytics-summary-messages",
        &[
            ("incoming", c.messages_in.to_string()),
            ("change", change(c.messages_in, p.messages_in)),
            ("outgoing", c.messages_out.to_string()),
            ("intercepted", c.intercepted.to_string()),
        ],
    ));
    lines.push(match (c.first_response, p.first_response) {
        (Some(now), Some(before)) => lang.text_with(
            "analytics-summary-response-compared",
            &[
                ("median", duration(lang, now.median)),
                ("p90", duration(lang, now.p90)),
                ("before", duration(lang, before.median)),
            ],
        ),
        (Some(now), None) => lang.text_with(
            "analytics-summary-response",
            &[
                ("median", duration(lang, now.median)),
                ("p90", duration(lang, now.p90)),
            ],
        ),
        (None, _) => lang.text("analytics-summary-response-none"),
    });
    let top: Vec<String> = d
        .operators
        .iter()
        .take(3)
        .map(|o| {
            format!(
                "{} ({})",
                escape_html(&operator_name(lang, &o.operator)),
                o.answers
            )
        })
        .collect();
    if !top.is_empty() {
        lines.push(lang.text_with(
            "analytics-summary-operators",
            &[("operators", top.join(", "))],
        ));
    }
    if let Some(since) = d.partial_before {
        let date = d.zone.date_at(since).format("%Y-%m-%d").to_string();
        lines.push(lang.text_with("analytics-summary-partial", &[("date", date)]));
    }
    lines.join("\n")
}

fn operator_csv_row(lang: Lang, o: &OperatorRow) -> Vec<String> {
    let id = match &o.operator {
        Operator::Named { id, .. } | Operator::Id(id) => id.to_string(),
        Operator::Anonymous => storage::ANONYMOUS_OPERATOR.to_string(),
        Operator::Unknown => String::new(),
    };
    vec![
        id,
        operator_name(lang, &o.operator),
        o.answers.to_string(),
        o.dialogs.to_string(),
        o.median_first_response
            .map(|s| s.to_string())
            .unwrap_or_default(),
    ]
}

/// The same numbers as CSV: per day, then per operator, then the busiest hours, each a table
/// with its own header, separated by an empty line. Durations are in seconds, dates local.
pub fn csv(lang: Lang, d: &Dashboard) -> Vec<u8> {
    let mut out = String::new();
    let mut table = |header: &[&str], rows: Vec<Vec<String>>| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&header.join(","));
        out.push('\n');
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| quote(c)).collect();
            out.push_str(&cells.join(","));
            out.push('\n');
        }
    };
    let days = d
        .dates
        .iter()
        .zip(&d.days)
        .map(|(date, n)| {
            let fr = n.first_response;
            vec![
                date.format("%Y-%m-%d").to_string(),
                n.new.to_string(),
                n.reopened.to_string(),
                n.closed.to_string(),
                n.unanswered.to_string(),
                n.messages_in.to_string(),
                n.messages_out.to_string(),
                n.intercepted.to_string(),
                fr.map(|p| p.count.to_string())
                    .unwrap_or_else(|| "0".to_owned()),
                fr.map(|p| p.median.to_string()).unwrap_or_default(),
                fr.map(|p| p.p90.to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &[
            "date",
            "new",
            "reopened",
            "closed",
            "still_unanswered",
            "messages_in",
            "messages_out",
            "intercepted",
            "first_responses",
            "first_response_median_s",
            "first_response_p90_s",
        ],
        days,
    );
    table(
        &[
            "operator_id",
            "operator",
            "answers",
            "dialogs",
            "first_response_median_s",
        ],
        d.operators
            .iter()
            .map(|o| operator_csv_row(lang, o))
            .collect(),
    );
    let weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let hours = d
        .busiest_hours
        .iter()
        .zip(weekdays)
        .map(|(row, day)| {
            std::iter::once(day.to_owned())
                .chain(row.iter().map(i64::to_string))
                .collect()
        })
        .collect();
    let header: Vec<String> = std::iter::once("weekday".to_owned())
        .chain((0..24).map(|h| format!("h{h:02}")))
        .collect();
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    table(&header, hours);
    out.into_bytes()
}

/// RFC 4180 quoting, and a leading `'` for cells a spreadsheet would run as a formula.
fn quote(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@']) && cell.parse::<i64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_owned()
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_short() {
        let en = Lang::En;
        assert_eq!(duration(en, 45), "45 s");
        assert_eq!(duration(en, 12 * 60 + 5), "12 min");
        assert_eq!(duration(en, 3 * 3600 + 5 * 60), "3 h 05 min");
        assert_eq!(duration(en, 2 * 86_400 + 4 * 3600), "2 d 4 h");
    }

    #[test]
    fn changes_are_signed_percentages() {
        assert_eq!(change(12, 10), "+20%");
        assert_eq!(change(5, 10), "−50%");
        assert_eq!(change(10, 10), "±0%");
        assert_eq!(change(3, 0), "—");
    }

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(quote("Anna, Boris"), "\"Anna, Boris\"");
        assert_eq!(quote("=cmd()"), "'=cmd()");
        assert_eq!(quote("-5"), "-5");
    }
}

//! Broadcasts as data: which action is allowed in which state, what the progress message says
//! and which buttons it carries, the callback data of those buttons, and the delivery report.

use std::time::Duration;

use i18n::{Lang, escape_html};
use storage::{BroadcastAudience, BroadcastStatus, Recipient, Tally};

use super::general::BroadcastAction;

/// An inline button: its label and callback data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Button {
    pub text: String,
    pub data: String,
}

/// What an action does to a broadcast in `status`: the new status (`None`: it stays), or the
/// Fluent id of the refusal.
pub fn decide(
    status: BroadcastStatus,
    action: BroadcastAction,
) -> Result<Option<BroadcastStatus>, &'static str> {
    use BroadcastAction as A;
    use BroadcastStatus as S;
    match (status, action) {
        (S::Cancelled | S::Done, _) => Err("relay-send-finished"),
        (_, A::Test) => Ok(None),
        (S::Draft, A::Start) | (S::Paused, A::Start | A::Resume) => Ok(Some(S::Running)),
        (S::Running, A::Start | A::Resume) => Err("relay-send-already-running"),
        (S::Running, A::Pause) => Ok(Some(S::Paused)),
        (S::Paused, A::Pause) => Err("relay-send-already-paused"),
        (S::Draft, A::Pause | A::Resume) => Err("relay-send-not-started"),
        (S::Draft | S::Running | S::Paused, A::Cancel) => Ok(Some(S::Cancelled)),
    }
}

/// The statuses an action may move a broadcast from (for the conditional update).
pub fn sources(action: BroadcastAction) -> &'static [BroadcastStatus] {
    use BroadcastStatus as S;
    match action {
        BroadcastAction::Test => &[],
        BroadcastAction::Start => &[S::Draft, S::Paused],
        BroadcastAction::Resume => &[S::Paused],
        BroadcastAction::Pause => &[S::Running],
        BroadcastAction::Cancel => &[S::Draft, S::Running, S::Paused],
    }
}

/// Callback data of a broadcast button: `bc:<id>:<action>` (well under Telegram's 64 bytes).
pub fn button_data(id: i64, action: BroadcastAction) -> String {
    format!("bc:{id}:{}", action.as_str())
}

/// Reads a broadcast button's data; anything else (or forged) is `None`.
pub fn parse_button_data(data: &[u8]) -> Option<(i64, BroadcastAction)> {
    let text = std::str::from_utf8(data).ok()?;
    let mut parts = text.split(':');
    let (Some("bc"), Some(id), Some(action), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some((id.parse().ok()?, BroadcastAction::parse(action)?))
}

/// The buttons of the progress message for bots; accounts cannot send inline keyboards and get
/// none (the message lists the commands instead).
pub fn buttons(lang: Lang, id: i64, status: BroadcastStatus, is_bot: bool) -> Vec<Vec<Button>> {
    use BroadcastAction as A;
    if !is_bot {
        return Vec::new();
    }
    let actions: &[A] = match status {
        BroadcastStatus::Draft => &[A::Test, A::Start, A::Cancel],
        BroadcastStatus::Running => &[A::Pause, A::Cancel],
        BroadcastStatus::Paused => &[A::Resume, A::Cancel],
        BroadcastStatus::Cancelled | BroadcastStatus::Done => &[],
    };
    if actions.is_empty() {
        return Vec::new();
    }
    vec![
        actions
            .iter()
            .map(|a| Button {
                text: lang.text(&format!("relay-send-button-{}", a.as_str())),
                data: button_data(id, *a),
            })
            .collect(),
    ]
}

/// What the progress message shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CardView<'a> {
    pub id: i64,
    pub status: BroadcastStatus,
    pub audience: &'a BroadcastAudience,
    /// Recipients the audience has now (a draft) or had when it started.
    pub audience_size: u64,
    pub tally: Tally,
    /// Messages a second over this run, when known.
    pub rate: Option<f64>,
    pub is_bot: bool,
}

/// Messages a second and the time to finish, from this run's progress.
pub fn pace(
    settled_this_run: u64,
    elapsed: Duration,
    left: u64,
) -> (Option<f64>, Option<Duration>) {
    let secs = elapsed.as_secs_f64();
    if settled_this_run == 0 || secs <= 0.0 {
        return (None, None);
    }
    let rate = settled_this_run as f64 / secs;
    (
        Some(rate),
        Some(Duration::from_secs_f64(left as f64 / rate)),
    )
}

/// `1 h 02 min`, `3 min 05 s`, `12 s`.
pub fn format_duration(d: Duration) -> String {
    let s = d.as_secs();
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, s) => format!("{s} s"),
        (0, m, s) => format!("{m} min {s:02} s"),
        (h, m, _) => format!("{h} h {m:02} min"),
    }
}

/// The progress message: status, audience, counts, rate, time to finish, and for accounts the
/// commands that stand in for buttons.
pub fn card(lang: Lang, view: &CardView<'_>) -> String {
    let audience = match view.audience {
        BroadcastAudience::All => lang.text("relay-send-audience-all"),
        BroadcastAudience::Label(label) => lang.text_with(
            "relay-send-audience-label",
            &[("label", escape_html(label).into_owned())],
        ),
        BroadcastAudience::List(ids) => lang.text_with(
            "relay-send-audience-list",
            &[("count", ids.len().to_string())],
        ),
    };
    let status = lang.text(&format!("relay-send-status-{}", view.status.as_str()));
    let mut html = lang.text_with(
        "relay-send-card",
        &[
            ("id", view.id.to_string()),
            ("status", status),
            ("audience", audience),
            ("size", view.audience_size.to_string()),
        ],
    );
    if view.status != BroadcastStatus::Draft {
        let t = view.tally;
        html.push('\n');
        html.push_str(&lang.text_with(
            "relay-send-progress",
            &[
                ("sent", t.sent.to_string()),
                ("failed", (t.failed + t.unknown).to_string()),
                ("left", t.left().to_string()),
            ],
        ));
        if view.status == BroadcastStatus::Running
            && let Some(rate) = view.rate
        {
            let eta = Duration::from_secs_f64(t.left() as f64 / rate.max(0.001));
            html.push('\n');
            html.push_str(&lang.text_with(
                "relay-send-rate",
                &[
                    ("rate", format!("{rate:.1}")),
                    ("eta", format_duration(eta)),
                ],
            ));
        }
    }
    if !view.is_bot && !view.status.is_finished() {
        html.push('\n');
        html.push_str(&lang.text("relay-send-account-commands"));
    }
    html
}

/// The delivery report: one row per recipient, `user_id,status,error`.
pub fn report_csv(recipients: &[Recipient]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail; a failed row would only shorten the report.
    let _ = out.write_record(["user_id", "status", "error"]);
    for r in recipients {
        let _ = out.write_record([
            r.user_id.to_string().as_str(),
            r.status.as_str(),
            r.error.as_deref().unwrap_or(""),
        ]);
    }
    out.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use storage::RecipientStatus;

    use super::*;
    use BroadcastAction as A;
    use BroadcastStatus as S;

    #[test]
    fn the_state_machine() {
        assert_eq!(decide(S::Draft, A::Test), Ok(None));
        assert_eq!(decide(S::Draft, A::Start), Ok(Some(S::Running)));
        assert_eq!(decide(S::Running, A::Pause), Ok(Some(S::Paused)));
        assert_eq!(decide(S::Paused, A::Resume), Ok(Some(S::Running)));
        assert_eq!(decide(S::Paused, A::Start), Ok(Some(S::Running)));
        assert_eq!(decide(S::Running, A::Cancel), Ok(Some(S::Cancelled)));
        assert_eq!(
            decide(S::Running, A::Start),
            Err("relay-send-already-running")
        );
        assert_eq!(decide(S::Draft, A::Pause), Err("relay-send-not-started"));
        assert_eq!(decide(S::Done, A::Cancel), Err("relay-send-finished"));
        assert_eq!(decide(S::Cancelled, A::Test), Err("relay-send-finished"));
        // Every allowed move starts from a status its conditional update accepts.
        for status in BroadcastStatus::ALL {
            for action in BroadcastAction::ALL {
                if let Ok(Some(_)) = decide(status, action) {
                    assert!(sources(action).contains(&status), "{status} {action:?}");
                }
            }
        }
    }

    #[test]
    fn button_data_round_trips_and_rejects_forgeries() {
        for action in BroadcastAction::ALL {
            let data = button_data(123_456_789, action);
            assert!(data.len() <= 64);
            assert_eq!(
                parse_button_data(data.as_bytes()),
                Some((123_456_789, action))
            );
        }
        for forged in [
            "bc:1:explode",
            "bc:x:start",
            "bc:1:start:more",
            "xx:1:start",
            "",
        ] {
            assert_eq!(parse_button_data(forged.as_bytes()), None, "{forged}");
        }
        assert_eq!(parse_button_data(&[0xff, 0xfe]), None);
    }

    #[test]
    fn buttons_only_for_bots_and_by_status() {
        let texts = |status| -> Vec<String> {
            buttons(Lang::En, 7, status, true)
                .concat()
                .into_iter()
                .map(|b| b.data)
                .collect()
        };
        assert_eq!(texts(S::Draft), ["bc:7:test", "bc:7:start", "bc:7:cancel"]);
        assert_eq!(texts(S::Running), ["bc:7:pause", "bc:7:cancel"]);
        assert_eq!(texts(S::Paused), ["bc:7:resume", "bc:7:cancel"]);
        assert!(texts(S::Done).is_empty());
        assert!(buttons(Lang::En, 7, S::Draft, false).is_empty());
    }

    #[test]
    fn the_card_shows_progress_and_for_accounts_the_commands() {
        let audience = BroadcastAudience::Label("VIP".into());
        let tally = Tally {
            pending: 90,
            sending: 0,
            sent: 100,
            failed: 8,
            unknown: 2,
        };
        let view = CardView {
            id: 3,
            status: S::Running,
            audience: &audience,
            audience_size: 200,
            tally,
            rate: Some(30.0),
            is_bot: false,
        };
        let html = card(Lang::En, &view);
        assert!(html.contains("Sent: 100"), "{html}");
        assert!(html.contains("failed: 10"), "{html}");
        assert!(html.contains("left: 90"), "{html}");
        assert!(html.contains("30.0/s"), "{html}");
        assert!(html.contains("3 s"), "{html}");
        assert!(html.contains("VIP"), "{html}");
        assert!(
            html.contains("/send pause"),
            "accounts get commands: {html}"
        );
        let bot = card(
            Lang::En,
            &CardView {
                is_bot: true,
                ..view
            },
        );
        assert!(!bot.contains("/send pause"), "{bot}");
    }

    #[test]
    fn pace_and_durations() {
        let (rate, eta) = pace(300, Duration::from_secs(10), 600);
        assert_eq!(rate, Some(30.0));
        assert_eq!(eta, Some(Duration::from_secs(20)));
        assert_eq!(pace(0, Duration::from_secs(10), 5), (None, None));
        assert_eq!(format_duration(Duration::from_secs(12)), "12 s");
        assert_eq!(format_duration(Duration::from_secs(185)), "3 min 05 s");
        assert_eq!(format_duration(Duration::from_secs(3720)), "1 h 02 min");
    }

    #[test]
    fn the_report_is_csv_with_a_header() {
        let rows = [
            Recipient {
                user_id: 5,
                status: RecipientStatus::Sent,
                error: None,
                updated_at: 0,
            },
            Recipient {
                user_id: 6,
                status: RecipientStatus::Failed,
                error: Some("blocked, \"really\"".into()),
                updated_at: 0,
            },
        ];
        let text = String::from_utf8(report_csv(&rows)).unwrap();
        assert_eq!(
            text,
            "user_id,status,error\n5,sent,\n6,failed,\"blocked, \"\"really\"\"\"\n"
        );
    }
}

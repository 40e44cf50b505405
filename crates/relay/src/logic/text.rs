//! What topics and cards say: titles with the status mark, pseudonyms, the info card.

use i18n::{Lang, escape_html};
use storage::{Dialog, DialogStatus};

use super::Person;

/// Telegram's limit for a topic title, in characters.
pub const MAX_TITLE: usize = 128;

/// "🟪 Anna K", with label tickers before the name: "🟨 ⭐ VIP Anna K".
pub fn topic_title(status: DialogStatus, name: &str, tickers: &[String]) -> String {
    let mut title = String::from(status.mark());
    title.push(' ');
    for ticker in tickers.iter().filter(|t| !t.trim().is_empty()) {
        title.push_str(ticker.trim());
        title.push(' ');
    }
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    title.push_str(if name.is_empty() { "…" } else { &name });
    if title.chars().count() > MAX_TITLE {
        title = title.chars().take(MAX_TITLE - 1).chain(['…']).collect();
    }
    title
}

const ADJECTIVES: [&str; 16] = [
    "Amber", "Brave", "Calm", "Clever", "Gentle", "Golden", "Happy", "Kind", "Lucky", "Merry",
    "Quiet", "Rapid", "Silver", "Sunny", "Swift", "Witty",
];
const ANIMALS: [&str; 16] = [
    "Badger", "Crane", "Dolphin", "Falcon", "Fox", "Hedgehog", "Heron", "Koala", "Lynx", "Otter",
    "Owl", "Panda", "Raven", "Seal", "Tiger", "Wolf",
];

/// A stable pseudonym for HIDE_INFO=name: the same user always gets the same one, and nothing
/// about the user can be read back from it.
pub fn pseudonym(connection_id: i64, user_id: i64) -> String {
    // splitmix64 of both ids: different connections give the same user different pseudonyms.
    let mut x = (user_id as u64) ^ (connection_id as u64).rotate_left(32) ^ 0x9E37_79B9_7F4A_7C15;
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^= x >> 31;
    let adjective = ADJECTIVES[(x & 15) as usize];
    let animal = ANIMALS[((x >> 4) & 15) as usize];
    let number = (x >> 8) % 1000;
    format!("{adjective} {animal} {number:03}")
}

/// The info card (AUTO_INFO and /info): everything known about the user, escaped. With
/// `hide_name`, the name and username are replaced by the pseudonym.
pub fn info_card(lang: Lang, person: &Person, dialog: &Dialog, hide_name: bool) -> String {
    let unknown = || lang.text("relay-info-unknown");
    let (name, username) = if hide_name {
        (pseudonym(dialog.connection_id.0, person.id), unknown())
    } else {
        (
            person.full_name(),
            person
                .username
                .as_deref()
                .map_or_else(unknown, |u| format!("@{u}")),
        )
    };
    let args = [
        ("name", escape_html(&name).into_owned()),
        ("username", escape_html(&username).into_owned()),
        (
            "id",
            if hide_name {
                unknown()
            } else {
                person.id.to_string()
            },
        ),
        (
            "language",
            person
                .language
                .as_deref()
                .map_or_else(unknown, |l| escape_html(l).into_owned()),
        ),
        (
            "premium",
            lang.text(if person.is_premium {
                "relay-yes"
            } else {
                "relay-no"
            }),
        ),
        ("first_contact", format_date(dialog.first_seen_at)),
        (
            "start_param",
            dialog
                .start_param
                .as_deref()
                .map_or_else(unknown, |p| escape_html(p).into_owned()),
        ),
        ("from_user", dialog.messages_from_user.to_string()),
        ("from_operators", dialog.messages_from_operators.to_string()),
    ];
    lang.text_with("relay-info-card", &args)
}

/// `YYYY-MM-DD HH:MM UTC` from unix seconds (no time-zone database needed).
pub fn format_date(unix: i64) -> String {
    let (year, month, day, secs) = civil(unix);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// Unix seconds as (year, month, day, seconds into the day), UTC.
pub fn civil(unix: i64) -> (i64, i64, i64, i64) {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_carry_the_mark_tickers_and_a_clean_name() {
        assert_eq!(
            topic_title(DialogStatus::UserAnswered, "Anna  K", &[]),
            "🟪 Anna K"
        );
        assert_eq!(
            topic_title(
                DialogStatus::SupportAnswered,
                "Anna",
                &["⭐".into(), "VIP".into()]
            ),
            "🟨 ⭐ VIP Anna"
        );
        assert_eq!(topic_title(DialogStatus::Closed, " ", &[]), "⬛ …");
        let long = topic_title(DialogStatus::Closed, &"x".repeat(300), &[]);
        assert_eq!(long.chars().count(), MAX_TITLE);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn pseudonyms_are_stable_per_connection_and_vary_between_users() {
        assert_eq!(pseudonym(1, 42), pseudonym(1, 42));
        assert_ne!(pseudonym(1, 42), pseudonym(2, 42));
        let distinct: std::collections::HashSet<_> = (0..200).map(|u| pseudonym(1, u)).collect();
        assert!(distinct.len() > 190, "{} distinct of 200", distinct.len());
        assert!(!pseudonym(1, 123_456_789).contains("123456789"));
    }

    #[test]
    fn dates_are_civil_utc() {
        assert_eq!(format_date(0), "1970-01-01 00:00 UTC");
        assert_eq!(format_date(1_795_294_686), "2026-11-21 20:58 UTC");
        assert_eq!(format_date(951_782_400), "2000-02-29 00:00 UTC");
    }
}

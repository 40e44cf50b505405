//! Labels on dialogs: `after` rules, tickers for topic titles, the `/mark` list.

use std::collections::HashMap;

use i18n::{Lang, escape_html};
use storage::Label;

/// The label of that name, compared without case.
pub fn find_label<'a>(labels: &'a [Label], name: &str) -> Option<&'a Label> {
    labels
        .iter()
        .find(|l| l.name.to_lowercase() == name.to_lowercase())
}

/// A dialog's labels after `label` is set: the labels its `after` rule names are removed, and it
/// is added (once, with its stored spelling).
pub fn apply_label(current: &[String], label: &Label) -> Vec<String> {
    let removes: Vec<String> = label.removes.iter().map(|r| r.to_lowercase()).collect();
    let mut next: Vec<String> = current
        .iter()
        .filter(|l| !removes.contains(&l.to_lowercase()))
        .cloned()
        .collect();
    if !next
        .iter()
        .any(|l| l.to_lowercase() == label.name.to_lowercase())
    {
        next.push(label.name.clone());
    }
    next
}

/// A dialog's labels without `name`.
pub fn remove_label(current: &[String], name: &str) -> Vec<String> {
    current
        .iter()
        .filter(|l| l.to_lowercase() != name.to_lowercase())
        .cloned()
        .collect()
}

/// The tickers a dialog's topic title shows, in the order the labels were created.
pub fn tickers(dialog_labels: &[String], labels: &[Label]) -> Vec<String> {
    labels
        .iter()
        .filter(|l| {
            dialog_labels
                .iter()
                .any(|d| d.to_lowercase() == l.name.to_lowercase())
        })
        .filter_map(|l| l.ticker.clone())
        .collect()
}

/// How many dialogs carry each label (by lower-cased name).
pub fn label_counts<'a>(dialogs: impl IntoIterator<Item = &'a [String]>) -> HashMap<String, u64> {
    let mut counts = HashMap::new();
    for labels in dialogs {
        for label in labels {
            *counts.entry(label.to_lowercase()).or_default() += 1;
        }
    }
    counts
}

/// `/mark` alone: every label with its ticker, its `after` rule and how many dialogs carry it.
pub fn label_list(lang: Lang, labels: &[Label], counts: &HashMap<String, u64>) -> String {
    if labels.is_empty() {
        return lang.text("relay-mark-none");
    }
    let mut html = lang.text("relay-mark-list-title");
    for label in labels {
        let count = counts.get(&label.name.to_lowercase()).copied().unwrap_or(0);
        let ticker = label
            .ticker
            .as_deref()
            .map(|t| format!("{} ", escape_html(t)))
            .unwrap_or_default();
        html.push('\n');
        html.push_str(&lang.text_with(
            "relay-mark-list-item",
            &[
                ("ticker", ticker),
                ("name", escape_html(&label.name).into_owned()),
                ("count", count.to_string()),
            ],
        ));
        if !label.removes.is_empty() {
            html.push_str(&lang.text_with(
                "relay-mark-list-after",
                &[(
                    "labels",
                    escape_html(&label.removes.join(", ")).into_owned(),
                )],
            ));
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(name: &str, ticker: Option<&str>, removes: &[&str]) -> Label {
        Label {
            connection_id: storage::ConnectionId(1),
            name: name.into(),
            ticker: ticker.map(Into::into),
            removes: removes.iter().map(|r| (*r).to_owned()).collect(),
            created_at: 0,
        }
    }

    #[test]
    fn after_rules_remove_the_named_labels() {
        let done = label("Done", Some("✅"), &["todo", "Doing"]);
        let current = vec!["Todo".to_owned(), "VIP".to_owned(), "doing".to_owned()];
        assert_eq!(apply_label(&current, &done), vec!["VIP", "Done"]);
        assert_eq!(
            apply_label(&["done".to_owned()], &done),
            vec!["done"],
            "set once, whatever the case"
        );
        assert_eq!(remove_label(&current, "vip"), vec!["Todo", "doing"]);
    }

    #[test]
    fn tickers_follow_the_label_order_and_skip_labels_without_one() {
        let labels = [
            label("VIP", Some("⭐"), &[]),
            label("Wholesale", None, &[]),
            label("Late", Some("LATE"), &[]),
        ];
        let dialog = vec!["late".to_owned(), "vip".to_owned(), "wholesale".to_owned()];
        assert_eq!(tickers(&dialog, &labels), vec!["⭐", "LATE"]);
        assert!(tickers(&[], &labels).is_empty());
    }

    #[test]
    fn the_list_shows_counts_tickers_and_rules() {
        let labels = [label("VIP", Some("⭐"), &[]), label("Done", None, &["VIP"])];
        let a = vec!["VIP".to_owned()];
        let b = vec!["vip".to_owned(), "Done".to_owned()];
        let counts = label_counts([a.as_slice(), b.as_slice()]);
        let html = label_list(Lang::En, &labels, &counts);
        assert!(html.contains("⭐ <b>VIP</b> — 2"), "{html}");
        assert!(html.contains("<b>Done</b> — 1"), "{html}");
        assert!(html.contains("removes VIP"), "{html}");
        assert_eq!(
            label_list(Lang::En, &[], &counts),
            Lang::En.text("relay-mark-none")
        );
    }
}

//! `/export`: the users with dialogs as CSV or JSON, with names hidden under HIDE_INFO.

use storage::Dialog;

use super::text::{format_date, pseudonym};

/// One exported user.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ExportRow {
    pub id: i64,
    pub name: String,
    pub username: String,
    pub language: String,
    pub first_contact: String,
    pub last_contact: String,
    pub status: String,
    pub labels: Vec<String>,
}

/// The rows of an export: dialogs carrying `label` (compared without case), or all. The file is
/// posted in the group, where every operator reads it, so with `hide_names` (HIDE_INFO on) it
/// shows the pseudonyms topics show and no usernames.
pub fn export_rows(
    connection_id: i64,
    dialogs: &[Dialog],
    label: Option<&str>,
    hide_names: bool,
) -> Vec<ExportRow> {
    let wanted = label.map(str::to_lowercase);
    dialogs
        .iter()
        .filter(|d| {
            wanted
                .as_ref()
                .is_none_or(|w| d.labels.iter().any(|l| l.to_lowercase() == *w))
        })
        .map(|d| {
            let last = [d.last_user_at, d.last_operator_at, Some(d.first_seen_at)]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or(d.first_seen_at);
            ExportRow {
                id: d.user_id,
                name: if hide_names {
                    pseudonym(connection_id, d.user_id)
                } else {
                    d.display_name.clone()
                },
                username: if hide_names {
                    String::new()
                } else {
                    d.username.clone().unwrap_or_default()
                },
                language: d.language.clone().unwrap_or_default(),
                first_contact: format_date(d.first_seen_at),
                last_contact: format_date(last),
                status: d.status.as_str().to_owned(),
                labels: d.labels.clone(),
            }
        })
        .collect()
}

pub fn export_csv(rows: &[ExportRow]) -> Vec<u8> {
    let mut out = csv::Writer::from_writer(Vec::new());
    // Writing into memory cannot fail; a failed row would only shorten the file.
    let _ = out.write_record([
        "id",
        "name",
        "username",
        "language",
        "first_contact",
        "last_contact",
        "status",
        "labels",
    ]);
    for r in rows {
        let _ = out.write_record([
            r.id.to_string().as_str(),
            &r.name,
            &r.username,
            &r.language,
            &r.first_contact,
            &r.last_contact,
            &r.status,
            &r.labels.join(" "),
        ]);
    }
    out.into_inner().unwrap_or_default()
}

pub fn export_json(rows: &[ExportRow]) -> Vec<u8> {
    serde_json::to_vec_pretty(rows).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use storage::{ConnectionId, DialogStatus};

    use super::*;

    fn dialog(user: i64, name: &str, labels: &[&str]) -> Dialog {
        Dialog {
            connection_id: ConnectionId(1),
            user_id: user,
            topic_id: Some(10),
            status: DialogStatus::SupportAnswered,
            status_since: 0,
            display_name: name.into(),
            username: Some("anna".into()),
            language: Some("de".into()),
            start_param: None,
            first_seen_at: 0,
            last_user_at: Some(60),
            last_operator_at: Some(120),
            messages_from_user: 1,
            messages_from_operators: 1,
            banned: false,
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
        }
    }

    #[test]
    fn rows_filter_by_label_and_hide_names() {
        let dialogs = [dialog(5, "Anna, K", &["VIP"]), dialog(6, "Bob", &[])];
        let all = export_rows(1, &dialogs, None, false);
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].last_contact, "1970-01-01 00:02 UTC");
        let vip = export_rows(1, &dialogs, Some("vip"), false);
        assert_eq!(vip.iter().map(|r| r.id).collect::<Vec<_>>(), [5]);
        let hidden = export_rows(1, &dialogs, None, true);
        assert_eq!(hidden[0].name, pseudonym(1, 5));
        assert_eq!(hidden[0].username, "");
        let csv = String::from_utf8(export_csv(&vip)).unwrap();
        assert_eq!(
            csv,
            "id,name,username,language,first_contact,last_contact,status,labels\n\
             5,\"Anna, K\",anna,de,1970-01-01 00:00 UTC,1970-01-01 00:02 UTC,support_answered,VIP\n"
        );
        let json: serde_json::Value = serde_json::from_slice(&export_json(&vip)).unwrap();
        assert_eq!(json[0]["labels"][0], "VIP");
    }
}

//! The [Analytics] button of the connection card: the dashboard photo (decoded) with its summary,
//! the period buttons changing the picture in place, [CSV] as a file with the same numbers, and
//! the time zone asked, refused when unknown, and applied. Real dispatcher, both backends.

mod common;

use common::*;
use storage::Direction;

/// What a linked connection has seen: one user wrote twice and got one answer.
async fn some_history(setup: &Setup, connection: storage::ConnectionId) {
    let db = &setup.db;
    db.dialogs()
        .get_or_create(storage::NewDialog {
            connection_id: connection,
            user_id: 501,
            display_name: "Anna".into(),
            username: None,
            language: None,
            start_param: None,
        })
        .await
        .unwrap();
    let links = db.message_links();
    links
        .record(connection, 501, 1, 11, Direction::In)
        .await
        .unwrap();
    links
        .record(connection, 501, 2, 12, Direction::In)
        .await
        .unwrap();
    let answer = storage::Answer {
        operator_id: 77,
        waited_since: Some(storage::now() - 90),
    };
    links
        .record_answer(connection, 501, 3, 13, answer)
        .await
        .unwrap();
}

fn decoded(png: &[u8]) -> image::RgbImage {
    image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .expect("a valid PNG")
        .to_rgb8()
}

#[tokio::test]
async fn the_card_shows_the_dashboard_its_periods_csv_and_time_zone() {
    for db in storage::testing::all().await {
        let backend = db.backend();
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let c = setup.linked_bot(maria, "shop_bot", "Shop").await;
        some_history(&setup, c.id).await;

        setup.send(maria, "/start", &en("setup-connections")).await;
        setup
            .press(maria, "✅ Shop (@shop_bot)", &en("setup-status-active"))
            .await;
        let picture = setup
            .press(maria, &en("analytics-button"), "<b>Last 7 days</b> (UTC)")
            .await;
        assert!(picture.photo, "{backend:?}: a photo");
        assert!(
            picture
                .text
                .contains("Dialogs: 1 new (— against the period before), 0 closed, 0 reopened; 1 waiting for an answer now."),
            "{backend:?}: {}",
            picture.text
        );
        assert!(
            picture
                .text
                .contains("Messages: 2 from users (—), 1 to users, 0 intercepted.")
        );
        assert!(
            picture
                .text
                .contains("First response: median 1 min, 90% within 1 min.")
        );
        assert!(
            picture.text.contains("Most answers: id 77 (1)."),
            "{}",
            picture.text
        );
        let image = decoded(picture.photo_bytes.as_deref().expect("the PNG"));
        assert_eq!(image.width(), analytics::chart::WIDTH);
        assert!(image.height() > 2000, "{}", image.height());
        let ink = image.pixels().filter(|p| p.0 != [255, 255, 255]).count();
        assert!(ink * 20 > image.pixels().count(), "not blank: {ink}");
        assert_eq!(
            picture.buttons(),
            vec![
                vec!["• 7 days".to_owned(), "30 days".into(), "90 days".into()],
                vec![en("analytics-csv-button"), "🕒 Time zone: UTC".into()],
                vec![en("setup-button-back")],
            ]
        );

        // Another period: the same message, a new picture and caption.
        let month = setup
            .press(maria, "30 days", "<b>Last 30 days</b> (UTC)")
            .await;
        assert_eq!(month.message_id, picture.message_id);
        assert_eq!(month.buttons()[0][1], "• 30 days");

        // CSV: the same numbers as a file.
        setup
            .press(
                maria,
                &en("analytics-csv-button"),
                "The numbers of the last 30 days (UTC).",
            )
            .await;
        let file = setup
            .api
            .sent_to(maria)
            .into_iter()
            .rev()
            .find_map(|m| m.document)
            .expect("a CSV file");
        assert!(
            file.0.starts_with("analytics-30d-") && file.0.ends_with(".csv"),
            "{}",
            file.0
        );
        let csv = String::from_utf8(file.1).unwrap();
        let mut tables = csv.split("\n\n");
        let days = tables.next().unwrap();
        assert!(days.starts_with("date,new,reopened,closed,still_unanswered,messages_in,messages_out,intercepted,first_responses,first_response_median_s,first_response_p90_s\n"));
        assert_eq!(days.lines().count(), 31, "a header and 30 days");
        assert!(
            days.lines()
                .last()
                .unwrap()
                .ends_with(",1,0,0,1,2,1,0,1,90,90"),
            "{days}"
        );
        let operators = tables.next().unwrap();
        assert_eq!(
            operators.lines().collect::<Vec<_>>(),
            [
                "operator_id,operator,answers,dialogs,first_response_median_s",
                "77,id 77,1,1,90"
            ]
        );

        // The time zone: asked, an unknown name refused, a real one applied.
        setup
            .press(
                maria,
                "🕒 Time zone: UTC",
                &first_line(&en("analytics-zone-ask")),
            )
            .await;
        setup
            .send(maria, "Mars/Olympus", "is not a time zone name")
            .await;
        setup
            .send(
                maria,
                "europe/berlin",
                "<b>Last 30 days</b> (Europe/Berlin)",
            )
            .await;
        let admin = setup.db.admins().get(maria).await.unwrap().unwrap();
        assert_eq!(admin.time_zone.as_deref(), Some("Europe/Berlin"));
        let zone_set = setup
            .api
            .sent_to(maria)
            .into_iter()
            .any(|m| m.text == en_with("analytics-zone-set", &[("zone", "Europe/Berlin")]));
        assert!(zone_set, "{backend:?}");
    }
}

#[tokio::test]
async fn someone_elses_analytics_are_not_found() {
    for db in storage::testing::all().await {
        let setup = Setup::start(db).await;
        let maria = setup.admin("Maria", "en");
        let luca = setup.admin("Luca", "en");
        let c = setup.linked_bot(maria, "shop_bot", "Shop").await;
        let start = setup.send(luca, "/start", &en("setup-welcome")).await;
        let sent = setup.api.sent_to(luca).len();
        for data in [format!("an:{}:7", c.id.0), format!("ac:{}:30", c.id.0)] {
            setup.press_data(luca, start.message_id, &data).await;
        }
        let answers = setup.api.callback_answers();
        assert!(
            answers
                .iter()
                .rev()
                .take(2)
                .all(|(_, t)| t.as_deref() == Some(en("setup-not-found").as_str())),
            "{answers:?}"
        );
        assert_eq!(setup.api.sent_to(luca).len(), sent, "nothing sent to Luca");
    }
}

//! Analytics (issue #16) through the relay: a known history (dialogs opened, answered by two
//! operators at known times, closed by an operator, reopened, auto-closed, a message
//! intercepted) built by a real worker against telegram-sim, on SQLite and PostgreSQL, then
//! every number of the dashboard checked; a day boundary in a non-UTC zone; an empty period;
//! `/stats` in General posting the picture and the summary.
//!
//! The history happens at known times through `storage::testing::set_clock` (per thread: a
//! `#[tokio::test]` runs the worker on the test's thread).

use std::sync::Arc;

use account_session::Authenticator as _;
use analytics::{Dashboard, Operator, Period, Zone};
use secrecy::ExposeSecret as _;
use storage::params::Param;
use storage::testing::{self, TestDb};
use storage::{ConnectionId, ConnectionKind, DayNumbers, Identity, Percentiles, SignIn};
use switchboard_relay::gateway::{Gateway, Rights};
use switchboard_relay::worker::Worker;
use telegram_sim::{SimGateway, SimMessage, World};

const ALL: Rights = Rights {
    manage_topics: true,
    delete_messages: true,
    pin_messages: true,
    ban_users: true,
    invite_users: true,
};

/// Monday 2026-11-16 00:00 UTC.
const MONDAY: i64 = 1_794_787_200;
const HOUR: i64 = 3600;
const MINUTE: i64 = 60;
const DAY: i64 = 86_400;
/// When the dashboard is looked at: Wednesday 2026-11-18 12:00 UTC.
const NOW: i64 = MONDAY + 2 * DAY + 12 * HOUR;

struct Desk {
    db: TestDb,
    world: World,
    me: i64,
    admin: i64,
    group: i64,
    connection: ConnectionId,
    gateway: Arc<SimGateway>,
    worker: Worker,
}

impl Desk {
    async fn new(db: TestDb) -> Self {
        let world = World::new();
        let (bot, token) = world.add_bot("shop_bot", "Shop");
        let signed = world.authenticator().sign_in_bot(&token).await.unwrap();
        let session = signed.session.expose_secret().clone();
        let admin = world.add_user("Boss", None, Some("boss"), Some("en"));
        let group = world.create_group(admin, "Support", true);
        world.add_member(group, bot, ALL);
        db.admins().ensure(admin, "en").await.unwrap();
        let c = db
            .connections()
            .create(admin, ConnectionKind::Bot)
            .await
            .unwrap();
        let identity = Identity {
            tg_user_id: bot,
            username: Some("shop_bot".into()),
            title: "Shop".into(),
        };
        db.connections()
            .store_sign_in(
                c.id,
                SignIn {
                    identity,
                    session: &session,
                    bot_token: None,
                },
            )
            .await
            .unwrap();
        let connection = db.connections().link_backend(c.id, group).await.unwrap();
        let gateway = Arc::new(world.open_gateway(&session).unwrap());
        let dyn_gateway: Arc<dyn Gateway> = gateway.clone();
        let worker = Worker::new(db.storage.clone(), dyn_gateway, connection.clone())
            .await
            .unwrap();
        Desk {
            db,
            world,
            me: bot,
            admin,
            group,
            connection: connection.id,
            gateway,
            worker,
        }
    }

    async fn pump(&mut self) {
        for update in self.gateway.pending().await {
            self.worker.handle(update).await.unwrap();
        }
    }

    async fn set(&mut self, param: Param, text: &str) {
        self.db
            .parameters()
            .set(self.connection, &param.parse(text).unwrap())
            .await
            .unwrap();
        self.worker.reload().await.unwrap();
    }

    fn user(&self, name: &str) -> i64 {
        self.world
            .add_user(name, None, Some(&name.to_lowercase()), Some("en"))
    }

    fn operator(&self, name: &str) -> i64 {
        let op = self.user(name);
        self.world.add_member(self.group, op, Rights::default());
        op
    }

    /// `user` writes at `at`.
    async fn writes(&mut self, at: i64, user: i64, text: &str) {
        testing::set_clock(Some(at));
        self.world.user_writes(user, self.me, text);
        self.pump().await;
    }

    /// `sender` posts in the user's topic at `at`.
    async fn in_topic(&mut self, at: i64, user: i64, sender: i64, text: &str) {
        testing::set_clock(Some(at));
        let topic = self
            .db
            .dialogs()
            .get(self.connection, user)
            .await
            .unwrap()
            .unwrap()
            .topic_id
            .unwrap();
        self.world
            .post_in_group(self.group, Some(topic), sender, text, None);
        self.pump().await;
    }

    /// `sender` posts in General at `at`; returns what the connection answered.
    async fn general(&mut self, at: i64, sender: i64, text: &str) -> SimMessage {
        testing::set_clock(Some(at));
        let id = self
            .world
            .post_in_group(self.group, None, sender, text, None);
        self.pump().await;
        self.world
            .general_messages(self.group)
            .into_iter()
            .rfind(|m| m.from == self.me && m.reply_to == Some(id))
            .expect("an answer in General")
    }

    async fn dashboard(&self, period: Period, zone: &str) -> Dashboard {
        let zone = Zone::parse(zone).unwrap();
        Dashboard::load(&self.db, self.connection, period, zone, NOW)
            .await
            .unwrap()
    }
}

struct People {
    anna: i64,
    boris: i64,
    clara: i64,
    olga: i64,
    pavel: i64,
}

/// The known history (times UTC):
///
/// Monday: 10:00 Anna writes (new); 10:05 and 10:06 Olga answers her; 10:10 Boris writes (new);
/// 10:30 Pavel answers him; 10:40 Anna writes again; 10:42 Pavel answers her; 10:50 the bot's
/// other session writes to Anna (intercepted); 11:00 Olga closes Anna's dialog.
/// Tuesday: 09:00 Anna writes (reopened); 09:20 Olga answers; 10:30 AUTOCLOSE (1 h) closes Anna's
/// and Boris's dialogs; 23:30 Clara writes (new; Wednesday 00:30 in Berlin) and waits.
async fn history(desk: &mut Desk) -> People {
    desk.set(Param::Autoclose, "1h").await;
    desk.set(Param::InterceptExternal, "TRUE").await;
    let p = People {
        anna: desk.user("Anna"),
        boris: desk.user("Boris"),
        clara: desk.user("Clara"),
        olga: desk.operator("Olga"),
        pavel: desk.operator("Pavel"),
    };
    let mon = MONDAY;
    desk.writes(mon + 10 * HOUR, p.anna, "hello").await;
    desk.in_topic(mon + 10 * HOUR + 5 * MINUTE, p.anna, p.olga, "hi Anna")
        .await;
    desk.in_topic(
        mon + 10 * HOUR + 6 * MINUTE,
        p.anna,
        p.olga,
        "one more thing",
    )
    .await;
    desk.writes(mon + 10 * HOUR + 10 * MINUTE, p.boris, "help")
        .await;
    desk.in_topic(mon + 10 * HOUR + 30 * MINUTE, p.boris, p.pavel, "hi Boris")
        .await;
    desk.writes(mon + 10 * HOUR + 40 * MINUTE, p.anna, "thanks, and?")
        .await;
    desk.in_topic(mon + 10 * HOUR + 42 * MINUTE, p.anna, p.pavel, "done")
        .await;
    testing::set_clock(Some(mon + 10 * HOUR + 50 * MINUTE));
    desk.world
        .other_session_writes(desk.me, p.anna, "your order shipped");
    desk.pump().await;
    desk.in_topic(mon + 11 * HOUR, p.anna, p.olga, "/close")
        .await;

    let tue = MONDAY + DAY;
    desk.writes(tue + 9 * HOUR, p.anna, "me again").await;
    desk.in_topic(tue + 9 * HOUR + 20 * MINUTE, p.anna, p.olga, "yes?")
        .await;
    testing::set_clock(Some(tue + 10 * HOUR + 30 * MINUTE));
    desk.worker
        .autoclose(tue + 10 * HOUR + 30 * MINUTE)
        .await
        .unwrap();
    desk.writes(tue + 23 * HOUR + 30 * MINUTE, p.clara, "anyone?")
        .await;
    testing::set_clock(Some(NOW));
    p
}

fn percentiles(count: i64, median: i64, p90: i64) -> Option<Percentiles> {
    Some(Percentiles { count, median, p90 })
}

fn hours(pairs: &[(usize, i64)]) -> [i64; 24] {
    let mut h = [0; 24];
    for (hour, n) in pairs {
        h[*hour] = *n;
    }
    h
}

#[tokio::test]
async fn every_number_of_a_known_history_on_every_backend() {
    for db in testing::all().await {
        let backend = db.backend();
        let mut desk = Desk::new(db).await;
        let p = history(&mut desk).await;

        // What was recorded: who closed and who reopened.
        let events = desk
            .db
            .analytics()
            .dialog_events(desk.connection)
            .await
            .unwrap();
        let tue = MONDAY + DAY;
        assert_eq!(
            events,
            vec![
                (
                    p.anna,
                    "closed".to_owned(),
                    Some(p.olga),
                    MONDAY + 11 * HOUR
                ),
                (p.anna, "reopened".to_owned(), Some(p.anna), tue + 9 * HOUR),
                (
                    p.boris,
                    "closed".to_owned(),
                    None,
                    tue + 10 * HOUR + 30 * MINUTE
                ),
                (
                    p.anna,
                    "closed".to_owned(),
                    None,
                    tue + 10 * HOUR + 30 * MINUTE
                ),
            ],
            "{backend:?}"
        );

        let d = desk.dashboard(Period::Week, "UTC").await;
        assert_eq!(d.dates.len(), 7);
        assert_eq!(d.dates[4].to_string(), "2026-11-16", "{backend:?}");
        let monday = DayNumbers {
            new: 2,
            reopened: 0,
            closed: 1,
            unanswered: 0,
            messages_in: 3,
            messages_out: 4,
            intercepted: 1,
            // Answers after 5 min (Olga), 20 min (Pavel), 2 min (Pavel): nearest rank.
            first_response: percentiles(3, 5 * MINUTE, 20 * MINUTE),
            incoming_by_hour: hours(&[(10, 3)]),
        };
        let tuesday = DayNumbers {
            new: 1,
            reopened: 1,
            closed: 2,
            unanswered: 1,
            messages_in: 2,
            messages_out: 1,
            intercepted: 0,
            first_response: percentiles(1, 20 * MINUTE, 20 * MINUTE),
            incoming_by_hour: hours(&[(9, 1), (23, 1)]),
        };
        let mut expected = vec![DayNumbers::default(); 7];
        expected[4] = monday;
        expected[5] = tuesday;
        assert_eq!(d.days, expected, "{backend:?}");
        assert_eq!(d.current.new, 3);
        assert_eq!(d.current.reopened, 1);
        assert_eq!(d.current.closed, 3);
        assert_eq!(d.current.messages_in, 5);
        assert_eq!(d.current.messages_out, 5);
        assert_eq!(d.current.intercepted, 1);
        assert_eq!(
            d.current.first_response,
            percentiles(4, 5 * MINUTE, 20 * MINUTE),
            "{backend:?}"
        );
        assert_eq!(d.previous, analytics::Totals::default(), "{backend:?}");
        assert_eq!(d.waiting_now, 1);
        let mut grid = [[0; 24]; 7];
        grid[0][10] = 3;
        grid[1][9] = 1;
        grid[1][23] = 1;
        assert_eq!(d.busiest_hours, grid, "{backend:?}");
        let operators: Vec<_> = d
            .operators
            .iter()
            .map(|o| {
                (
                    o.operator.clone(),
                    o.answers,
                    o.dialogs,
                    o.median_first_response,
                )
            })
            .collect();
        assert_eq!(
            operators,
            vec![
                (
                    Operator::Named {
                        id: p.olga,
                        name: "Olga".into()
                    },
                    3,
                    1,
                    Some(5 * MINUTE)
                ),
                (
                    Operator::Named {
                        id: p.pavel,
                        name: "Pavel".into()
                    },
                    2,
                    2,
                    Some(2 * MINUTE)
                ),
            ],
            "{backend:?}"
        );

        // The history is older than the schema that records it (the test's clock is in the
        // past): the dashboard says its numbers are partial.
        assert!(d.partial_before.is_some(), "{backend:?}");

        // The summary says the same.
        let summary = analytics::summary(i18n::Lang::En, &d);
        for line in [
            "<b>Last 7 days</b> (UTC)",
            "Dialogs: 3 new (— against the period before), 3 closed, 1 reopened; 1 waiting for an answer now.",
            "Messages: 5 from users (—), 5 to users, 1 intercepted.",
            "First response: median 5 min, 90% within 20 min.",
            "Most answers: Olga (3), Pavel (2).",
        ] {
            assert!(summary.contains(line), "{backend:?}: {line} in\n{summary}");
        }

        // The CSV carries the same numbers.
        let csv = String::from_utf8(analytics::csv(i18n::Lang::En, &d)).unwrap();
        assert!(
            csv.contains("\n2026-11-16,2,0,1,0,3,4,1,3,300,1200\n"),
            "{csv}"
        );
        assert!(
            csv.contains("\n2026-11-17,1,1,2,1,2,1,0,1,1200,1200\n"),
            "{csv}"
        );
        assert!(
            csv.contains(&format!("\n{},Olga,3,1,300\n", p.olga)),
            "{csv}"
        );
        assert!(
            csv.contains(&format!("\n{},Pavel,2,2,120\n", p.pavel)),
            "{csv}"
        );
    }
    testing::set_clock(None);
}

#[tokio::test]
async fn days_begin_at_midnight_in_the_admins_time_zone() {
    for db in testing::all().await {
        let backend = db.backend();
        let mut desk = Desk::new(db).await;
        history(&mut desk).await;
        // Berlin is UTC+1 in November: Clara's 23:30 UTC on Tuesday is 00:30 on Wednesday.
        let d = desk.dashboard(Period::Week, "Europe/Berlin").await;
        assert_eq!(d.dates[6].to_string(), "2026-11-18");
        let new: Vec<i64> = d.days.iter().map(|n| n.new).collect();
        assert_eq!(new, [0, 0, 0, 0, 2, 0, 1], "{backend:?}");
        let incoming: Vec<i64> = d.days.iter().map(|n| n.messages_in).collect();
        assert_eq!(incoming, [0, 0, 0, 0, 3, 1, 1], "{backend:?}");
        assert_eq!(d.days[6].unanswered, 1, "{backend:?}");
        assert_eq!(d.days[6].incoming_by_hour, hours(&[(0, 1)]), "{backend:?}");
        assert_eq!(d.days[4].incoming_by_hour, hours(&[(11, 3)]), "{backend:?}");
        let mut grid = [[0; 24]; 7];
        grid[0][11] = 3;
        grid[1][10] = 1;
        grid[2][0] = 1;
        assert_eq!(d.busiest_hours, grid, "{backend:?}");
        // The same history, the same totals.
        assert_eq!(d.current.messages_in, 5);
        assert_eq!(
            d.current.first_response,
            percentiles(4, 5 * MINUTE, 20 * MINUTE)
        );
    }
    testing::set_clock(None);
}

#[tokio::test]
async fn a_period_with_nothing_in_it_is_empty_and_still_drawn() {
    for db in testing::all().await {
        let backend = db.backend();
        let mut desk = Desk::new(db).await;
        let d = desk.dashboard(Period::Month, "UTC").await;
        assert!(d.is_empty(), "{backend:?}");
        assert_eq!(
            d.partial_before, None,
            "nothing relayed before recording began"
        );
        assert_eq!(d.days, vec![DayNumbers::default(); 30]);
        assert!(d.operators.is_empty());
        assert_eq!(d.current.first_response, None);
        let summary = analytics::summary(i18n::Lang::En, &d);
        assert!(
            summary.contains("Nothing happened in this period."),
            "{summary}"
        );
        // /stats still answers with a picture.
        let admin = desk.admin;
        let answer = desk.general(NOW, admin, "/stats 30").await;
        assert_eq!(answer.media.as_deref(), Some("photo"), "{backend:?}");
        assert!(answer.text.contains("Nothing happened in this period."));
    }
    testing::set_clock(None);
}

#[tokio::test]
async fn stats_in_general_posts_the_picture_and_summary_for_extensions_allowed() {
    for db in testing::all().await {
        let backend = db.backend();
        let mut desk = Desk::new(db).await;
        let p = history(&mut desk).await;
        let admin = desk.admin;

        let refused = desk.general(NOW, p.pavel, "/stats").await;
        assert_eq!(
            refused.text,
            "Only the people listed in EXTENSIONS_ALLOWED can use /stats."
        );
        let usage = desk.general(NOW, admin, "/stats 12").await;
        assert_eq!(
            usage.text,
            "Use /stats, /stats 7, /stats 30 or /stats 90 (days)."
        );

        // The owner's time zone applies.
        desk.db
            .admins()
            .set_time_zone(admin, Some("Europe/Berlin"))
            .await
            .unwrap();
        let answer = desk.general(NOW, admin, "/stats").await;
        assert_eq!(answer.media.as_deref(), Some("photo"), "{backend:?}");
        let expected = desk.dashboard(Period::Week, "Europe/Berlin").await;
        assert_eq!(answer.text, analytics::summary(i18n::Lang::En, &expected));
        assert!(answer.text.contains("(Europe/Berlin)"));
        assert!(answer.text.contains("Most answers: Olga (3), Pavel (2)."));
        let (name, png) = answer.document.expect("the picture");
        assert!(name.ends_with("-7d.png"), "{name}");
        let image = image::load_from_memory_with_format(&png, image::ImageFormat::Png)
            .expect("a PNG")
            .to_rgb8();
        assert_eq!(image.width(), analytics::chart::WIDTH);
        assert_eq!(image.height(), analytics::chart::height(&expected));
        let ink = image.pixels().filter(|p| p.0 != [255, 255, 255]).count();
        assert!(ink * 20 > image.pixels().count(), "not blank: {ink}");

        // With EXTENSIONS_ALLOWED=ALL an operator may ask too.
        desk.set(Param::ExtensionsAllowed, "ALL").await;
        let answer = desk.general(NOW, p.pavel, "/stats 90").await;
        assert_eq!(answer.media.as_deref(), Some("photo"));
        assert!(answer.text.contains("Last 90 days"), "{}", answer.text);
    }
    testing::set_clock(None);
}

#[tokio::test]
async fn finished_days_are_kept_as_computed_and_today_stays_live() {
    use sea_orm::ConnectionTrait as _;
    for db in testing::all().await {
        let backend = db.backend();
        let mut desk = Desk::new(db).await;
        let p = history(&mut desk).await;
        let first = desk.dashboard(Period::Week, "UTC").await;
        let stored = |desk: &Desk| {
            let sql = format!(
                "SELECT COUNT(*) AS n FROM analytics_days WHERE connection_id = {} AND zone = 'UTC'",
                desk.connection.0
            );
            let conn = desk.db.database().clone();
            async move {
                conn.query_one_raw(sea_orm::Statement::from_string(
                    conn.get_database_backend(),
                    sql,
                ))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index::<i64>(0)
                .unwrap()
            }
        };
        // 14 days (the week and the one before); all but today have ended.
        assert_eq!(stored(&desk).await, 13, "{backend:?}");

        // With the links and the log gone, finished days still show what they held: they are
        // read as stored, not computed again.
        for table in ["message_links", "dialog_events"] {
            desk.db
                .database()
                .execute_unprepared(&format!("DELETE FROM {table}"))
                .await
                .unwrap();
        }
        let again = desk.dashboard(Period::Week, "UTC").await;
        assert_eq!(again.days, first.days, "{backend:?}");
        assert_eq!(again.current, first.current, "{backend:?}");
        assert_eq!(again.previous, first.previous, "{backend:?}");
        assert_eq!(again.operators, first.operators, "{backend:?}");

        // Today is computed each time.
        desk.writes(NOW - HOUR, p.anna, "still there?").await;
        testing::set_clock(Some(NOW));
        let today = desk.dashboard(Period::Week, "UTC").await;
        assert_eq!(today.days[6].messages_in, 1, "{backend:?}");
        assert_eq!(today.days[..6], first.days[..6], "{backend:?}");
        assert_eq!(stored(&desk).await, 13, "{backend:?}");
    }
    testing::set_clock(None);
}

//! The analytics dashboard over a large history: `dialogs` dialogs and `messages` messages spread
//! over the 90 days before now (and the 90 before those, which the comparison reads), written with
//! multi-row inserts; then the whole dashboard (`Dashboard::load`: per-day series, percentiles,
//! busiest hours, operators, totals of both periods) timed for 90 and 7 days — the first look,
//! which computes and stores every finished day, and five looks after it — and the drawing of
//! the 90-day picture.

use std::time::{Duration, Instant};

use analytics::{Dashboard, Period, Zone};
use sea_orm::ConnectionTrait as _;
use storage::{ConnectionKind, Storage};

const DAY: i64 = 86_400;
const ROWS_PER_INSERT: usize = 1_000;
const OPERATORS: i64 = 12;

/// A small deterministic generator (no dependency for random numbers).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % below.max(1) as u64) as i64
    }
}

async fn insert(db: &Storage, head: &str, rows: &[String]) -> Result<(), String> {
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let sql = format!("{head} VALUES {}", chunk.join(","));
        db.database()
            .execute_unprepared(&sql)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

pub async fn run(
    db: &Storage,
    backend: &str,
    dialogs: i64,
    messages: i64,
) -> Result<String, String> {
    let e = |e: storage::Error| e.to_string();
    db.admins().ensure(1, "en").await.map_err(e)?;
    let c = db
        .connections()
        .create(1, ConnectionKind::Bot)
        .await
        .map_err(e)?
        .id;
    let now = storage::now();
    let mut rng = Lcg(42);
    let setup = Instant::now();

    let mut rows = Vec::with_capacity(dialogs as usize);
    let mut first_seen = Vec::with_capacity(dialogs as usize);
    for user in 1..=dialogs {
        let seen = now - 180 * DAY + rng.next(180 * DAY);
        first_seen.push(seen);
        let status =
            ["user_answered", "support_answered", "closed", "closed"][rng.next(4) as usize];
        let since = seen + rng.next((now - seen).max(1));
        rows.push(format!(
            "({},{user},{user},'{status}',{since},'User {user}',{seen},0,0,false,'[]')",
            c.0
        ));
    }
    insert(
        db,
        "INSERT INTO dialogs (connection_id, user_id, topic_id, status, status_since, display_name, \
         first_seen_at, messages_from_user, messages_from_operators, banned, labels)",
        &rows,
    )
    .await?;

    // Messages alternate in (the user) and out (an operator); every other answer is a first
    // response; one message in 50 is intercepted.
    let mut rows = Vec::with_capacity(ROWS_PER_INSERT * 10);
    let head = "INSERT INTO message_links (connection_id, user_id, user_msg_id, group_msg_id, \
                direction, created_at, operator_id, waited_since)";
    for i in 0..messages {
        let user = 1 + rng.next(dialogs);
        let seen = first_seen[(user - 1) as usize];
        let at = seen + rng.next((now - seen).max(1));
        let row = match i % 50 {
            0 => format!("({},{user},{i},{i},'intercepted',{at},NULL,NULL)", c.0),
            n if n % 2 == 1 => format!("({},{user},{i},{i},'in',{at},NULL,NULL)", c.0),
            n => {
                let op = 100 + rng.next(OPERATORS);
                let waited = if n % 4 == 0 {
                    (at - 30 - rng.next(3600)).to_string()
                } else {
                    "NULL".to_owned()
                };
                format!("({},{user},{i},{i},'out',{at},{op},{waited})", c.0)
            }
        };
        rows.push(row);
        if rows.len() == ROWS_PER_INSERT * 10 {
            insert(db, head, &rows).await?;
            rows.clear();
        }
    }
    insert(db, head, &rows).await?;

    let mut rows = Vec::new();
    for _ in 0..dialogs / 2 {
        let user = 1 + rng.next(dialogs);
        let at = now - 180 * DAY + rng.next(180 * DAY);
        let (kind, actor) = match rng.next(4) {
            0 => ("reopened", user.to_string()),
            1 => ("closed", "NULL".to_owned()),
            _ => ("closed", (100 + rng.next(OPERATORS)).to_string()),
        };
        rows.push(format!("({},{user},'{kind}',{actor},{at})", c.0));
    }
    insert(
        db,
        "INSERT INTO dialog_events (connection_id, user_id, kind, actor_id, at)",
        &rows,
    )
    .await?;
    // The planner's statistics and (PostgreSQL) the visibility map that lets an index answer
    // alone, as a database that has been running has them (autovacuum).
    let analyze = match db.backend() {
        storage::Backend::Postgres => "VACUUM ANALYZE",
        storage::Backend::Sqlite => "ANALYZE",
    };
    db.database()
        .execute_unprepared(analyze)
        .await
        .map_err(|e| e.to_string())?;
    let setup = setup.elapsed();

    let mut line = format!(
        "analytics {backend}: {dialogs} dialogs, {messages} messages over 180 days (written in {:.1} s);",
        setup.as_secs_f64()
    );
    for period in [Period::Quarter, Period::Week] {
        // The first look computes every finished day from the links and stores it; the next
        // ones read the stored days and compute only today.
        let start = Instant::now();
        Dashboard::load(db, c, period, Zone::UTC, now)
            .await
            .map_err(e)?;
        let first = start.elapsed();
        let mut times = Vec::new();
        let mut dashboard = None;
        for _ in 0..5 {
            let start = Instant::now();
            dashboard = Some(
                Dashboard::load(db, c, period, Zone::UTC, now)
                    .await
                    .map_err(e)?,
            );
            times.push(start.elapsed());
        }
        times.sort();
        let d = dashboard.ok_or("no dashboard")?;
        if period == Period::Quarter && d.current.messages_in == 0 {
            return Err("the dashboard found no messages".into());
        }
        let ms = |t: Duration| t.as_secs_f64() * 1000.0;
        line.push_str(&format!(
            " {} days: first look {:.0} ms, then median {:.0} ms (min {:.0}, max {:.0}) of 5",
            period.days(),
            ms(first),
            ms(times[2]),
            ms(times[0]),
            ms(times[4])
        ));
        line.push(';');
        if period == Period::Quarter {
            let start = Instant::now();
            let png = analytics::render_png(i18n::Lang::En, &d).map_err(|e| e.to_string())?;
            line.push_str(&format!(
                " drawing the 90-day PNG ({} KiB): {:.0} ms;",
                png.len() / 1024,
                ms(start.elapsed())
            ));
        }
    }
    line.pop();
    line.push('.');
    Ok(line)
}

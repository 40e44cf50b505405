//! The `switchboard` binary as an operator meets it: settings errors, migrations, the key file,
//! and shutting down on a signal.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_";
const API_HASH: &str = "0123456789abcdef0123456789abcdef";

/// The binary in `dir` with none of the operator's own settings leaking in.
fn switchboard(dir: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    cmd.current_dir(dir).stdin(Stdio::null());
    for var in [
        "BOT_TOKEN",
        "TG_API_ID",
        "TG_API_HASH",
        "DATABASE_URL",
        "SWITCHBOARD_SECRET_KEY",
        "SWITCHBOARD_SECRET_KEY_FILE",
        "SWITCHBOARD_CONFIG",
        "TELEGRAM_BOT_API_URL",
        "LOG_FORMAT",
        "METRICS_ADDR",
        "API_ADDR",
        "RUST_LOG",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn run_without_bot_token_prints_one_line_naming_it_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = switchboard(dir.path()).arg("run").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: BOT_TOKEN is not set"), "{err}");
    assert!(
        !dir.path().join("switchboard.db").exists(),
        "nothing is created before the settings are right"
    );
}

#[test]
fn a_malformed_setting_names_where_it_came_from_without_echoing_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = switchboard(dir.path())
        .args(["run"])
        .env("BOT_TOKEN", "42:leaked-secret")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(
        err.trim(),
        "error: BOT_TOKEN from the environment is malformed: expected a token from @BotFather, shaped like 123456789:AAE…"
    );
    assert!(!err.contains("leaked-secret"));

    std::fs::write(
        dir.path().join("switchboard.toml"),
        format!("bot_token = \"{TOKEN}\"\ntg_api_id = \"twelve\"\n"),
    )
    .unwrap();
    let out = switchboard(dir.path()).arg("relay").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).starts_with("error: TG_API_ID from switchboard.toml is malformed"),
        "{}",
        stderr(&out)
    );

    let out = switchboard(dir.path())
        .args(["relay", "--api-id", "x"])
        .output()
        .unwrap();
    assert!(
        stderr(&out).starts_with("error: TG_API_ID from the --api-id flag is malformed"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn migrate_creates_the_schema_in_a_fresh_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = switchboard(dir.path()).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("database schema is up to date"),
        "{}",
        stderr(&out)
    );
    let db = dir.path().join("switchboard.db");
    assert!(db.exists());
    assert!(
        !dir.path().join("switchboard.db.key").exists(),
        "migrate needs no key and makes none"
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}", db.display());
        let storage = storage::Storage::connect(&url, storage::testing::sealer())
            .await
            .unwrap();
        assert_eq!(
            storage.migrate().await.unwrap(),
            0,
            "every migration was applied"
        );
        assert_eq!(storage.revision().current().await.unwrap(), 0);
        storage.admins().ensure(1, "en").await.unwrap();
    });

    let again = switchboard(dir.path()).arg("migrate").output().unwrap();
    assert!(
        again.status.success(),
        "migrate is idempotent: {}",
        stderr(&again)
    );
}

#[test]
fn migrate_reports_an_unusable_database_without_its_url() {
    let dir = tempfile::tempdir().unwrap();
    let out = switchboard(dir.path())
        .arg("migrate")
        .env("DATABASE_URL", "postgres://sb:hunter2@127.0.0.1:1/sb")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("cannot use the database from DATABASE_URL (the environment)"),
        "{err}"
    );
    assert!(!err.contains("hunter2"), "{err}");
}

/// A running `switchboard`, killed if the test fails before stopping it.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl std::ops::Deref for Running {
    type Target = std::process::Child;
    fn deref(&self) -> &std::process::Child {
        &self.0
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut std::process::Child {
        &mut self.0
    }
}

/// The setup bot's Telegram: the simulated Bot API on 127.0.0.1, served by its own runtime.
struct SetupBotApi {
    api: telegram_sim::BotApi,
    world: telegram_sim::World,
    _runtime: tokio::runtime::Runtime,
}

impl SetupBotApi {
    fn start() -> SetupBotApi {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let world = telegram_sim::World::new();
        let api = runtime
            .block_on(telegram_sim::BotApi::start(
                &world,
                "desk_setup_bot",
                "Desk",
            ))
            .unwrap();
        SetupBotApi {
            api,
            world,
            _runtime: runtime,
        }
    }
}

/// Starts `run` with valid settings (its stderr piped for `wait_for_line`), its setup bot
/// talking to `bot_api`.
fn run_until_started(dir: &Path, bot_api: &SetupBotApi, extra: &[(&str, &str)]) -> Running {
    let mut cmd = switchboard(dir);
    cmd.arg("run")
        .env("BOT_TOKEN", &bot_api.api.token)
        .env("TELEGRAM_BOT_API_URL", &bot_api.api.url)
        .env("TG_API_ID", "12345")
        .env("TG_API_HASH", API_HASH)
        .stderr(Stdio::piped());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    Running(cmd.spawn().unwrap())
}

fn wait_for_line(child: &mut std::process::Child, needle: &str) -> Vec<String> {
    use std::io::BufRead as _;
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + storage::testing::PATIENCE;
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_millis(100)) {
            Ok(line) => {
                let done = line.contains(needle);
                lines.push(line);
                if done {
                    break;
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => continue,
            Err(_) => break,
        }
    }
    // Keep draining in the background so the child never blocks on a full pipe.
    std::thread::spawn(move || while rx.recv().is_ok() {});
    lines
}

#[cfg(unix)]
fn signal(child: &std::process::Child, sig: &str) {
    let status = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[cfg(unix)]
fn wait_exit(child: &mut std::process::Child) -> std::process::ExitStatus {
    let deadline = Instant::now() + storage::testing::PATIENCE;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        assert!(Instant::now() < deadline, "did not stop");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[test]
fn first_run_creates_a_private_key_file_once_and_sigterm_stops_cleanly() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let bot_api = SetupBotApi::start();
    let mut child = run_until_started(dir.path(), &bot_api, &[]);
    let lines = wait_for_line(&mut child, "setup bot started");
    let key = dir.path().join("switchboard.db.key");
    assert!(
        lines
            .iter()
            .any(|l| l.contains("created a new secret key file")),
        "{lines:#?}"
    );
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let (bot_id, secret) = bot_api.api.token.split_once(':').unwrap();
    assert!(
        !lines.iter().any(|l| l.contains(secret)),
        "the token never reaches the log"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains(&format!("setup_bot_id=\"{bot_id}\""))),
        "{lines:#?}"
    );
    // The setup bot in the running binary answers an admin.
    let admin = bot_api.world.add_user("Maria", None, None, Some("en"));
    bot_api.api.user_sends(admin, "/start");
    let deadline = Instant::now() + storage::testing::PATIENCE;
    while !bot_api
        .api
        .sent_to(admin)
        .iter()
        .any(|m| m.text.contains("Switchboard"))
    {
        assert!(
            Instant::now() < deadline,
            "the setup bot did not answer /start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    signal(&child, "-TERM");
    assert!(wait_exit(&mut child).success());

    // The second run reads the same key silently, and SIGINT stops it too.
    let key_before = std::fs::read(&key).unwrap();
    let mut child = run_until_started(dir.path(), &bot_api, &[]);
    let lines = wait_for_line(&mut child, "switchboard started");
    assert!(
        lines.iter().any(|l| l.contains("switchboard started")),
        "{lines:#?}"
    );
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("created a new secret key file")),
        "said once: {lines:#?}"
    );
    signal(&child, "-INT");
    assert!(wait_exit(&mut child).success());
    assert_eq!(std::fs::read(&key).unwrap(), key_before);
}

#[cfg(unix)]
#[test]
fn a_different_key_is_refused_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = SetupBotApi::start();
    let mut child = run_until_started(dir.path(), &bot_api, &[]);
    wait_for_line(&mut child, "switchboard started");
    signal(&child, "-TERM");
    wait_exit(&mut child);

    let other_key = "ab".repeat(32);
    let out = switchboard(dir.path())
        .arg("run")
        .env("BOT_TOKEN", TOKEN)
        .env("TG_API_ID", "12345")
        .env("TG_API_HASH", API_HASH)
        .env("SWITCHBOARD_SECRET_KEY", &other_key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("SWITCHBOARD_SECRET_KEY (from the environment) does not open the secrets stored in this database"), "{err}");
    assert!(!err.contains(&other_key));
}

#[cfg(unix)]
#[test]
fn json_logs_are_one_object_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = SetupBotApi::start();
    let mut child = run_until_started(dir.path(), &bot_api, &[("LOG_FORMAT", "json")]);
    let lines = wait_for_line(&mut child, "switchboard started");
    signal(&child, "-TERM");
    wait_exit(&mut child);
    let started = lines
        .iter()
        .find(|l| l.contains("switchboard started"))
        .expect("a start line");
    assert!(
        started.starts_with('{') && started.ends_with('}'),
        "{started}"
    );
    assert!(
        started.contains("\"message\":\"switchboard started\""),
        "{started}"
    );
    assert!(started.contains("\"level\":\"INFO\""), "{started}");
}

/// `GET path` over plain HTTP/1.1: the status code and the body.
fn http_get(addr: &str, path: &str) -> (u16, String) {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (
        head.split(' ').nth(1).unwrap().parse().unwrap(),
        body.to_owned(),
    )
}

#[cfg(unix)]
#[test]
fn metrics_and_healthz_are_served_on_the_configured_address() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = SetupBotApi::start();
    let mut child = run_until_started(dir.path(), &bot_api, &[("METRICS_ADDR", "127.0.0.1:0")]);
    let lines = wait_for_line(&mut child, "serving /metrics and /healthz");
    let line = lines
        .iter()
        .find(|l| l.contains("serving /metrics"))
        .expect("the address is logged");
    let addr = line
        .split("addr=")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .expect("addr=host:port")
        .to_owned();
    // The relay loop turns every second; the first turn comes at once.
    let deadline = Instant::now() + storage::testing::PATIENCE;
    let mut health = http_get(&addr, "/healthz");
    while health.0 != 200 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        health = http_get(&addr, "/healthz");
    }
    assert_eq!(health, (200, "database: ok\nrelay: ok\n".into()));
    let (status, scrape) = http_get(&addr, "/metrics");
    assert_eq!(status, 200);
    assert!(
        scrape.contains("switchboard_messages_relayed_total{direction=\"to_topic\"} 0"),
        "{scrape}"
    );
    assert!(scrape.contains("switchboard_workers 0"), "{scrape}");
    signal(&child, "-TERM");
    assert!(wait_exit(&mut child).success());

    // Off by default: nothing is served without the setting.
    let mut child = run_until_started(dir.path(), &bot_api, &[]);
    let lines = wait_for_line(&mut child, "switchboard started");
    assert!(
        !lines.iter().any(|l| l.contains("serving /metrics")),
        "{lines:#?}"
    );
    signal(&child, "-TERM");
    wait_exit(&mut child);
}

#[cfg(unix)]
#[test]
fn the_http_api_is_served_on_api_addr_and_asks_for_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let bot_api = SetupBotApi::start();
    let mut child = run_until_started(dir.path(), &bot_api, &[("API_ADDR", "127.0.0.1:0")]);
    let lines = wait_for_line(&mut child, "serving the HTTP API");
    let addr = lines
        .iter()
        .find(|l| l.contains("serving the HTTP API"))
        .and_then(|l| l.split("addr=").nth(1))
        .and_then(|rest| rest.split_whitespace().next())
        .expect("addr=host:port")
        .to_owned();
    let (status, document) = http_get(&addr, "/api/v1/openapi.json");
    assert_eq!(status, 200);
    assert!(document.contains("\"/api/v1/dialogs\""), "{document}");
    let (status, problem) = http_get(&addr, "/api/v1/dialogs");
    assert_eq!(status, 401);
    assert!(
        problem.contains("urn:switchboard:problem:unauthorized"),
        "{problem}"
    );
    signal(&child, "-TERM");
    assert!(wait_exit(&mut child).success());
}

/// `switchboard doctor` with the settings a good installation has, against a simulated Bot API.
fn doctor(dir: &Path, token: &str, api: &str, key: &str) -> (Option<i32>, String) {
    let out = switchboard(dir)
        .arg("doctor")
        .env("BOT_TOKEN", token)
        .env("TG_API_ID", "12345")
        .env("TG_API_HASH", API_HASH)
        .env("SWITCHBOARD_SECRET_KEY", key)
        .env("TELEGRAM_BOT_API_URL", api)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        !stdout.contains(token),
        "the token is never printed: {stdout}"
    );
    assert!(!stdout.contains(key), "the key is never printed: {stdout}");
    assert!(!stdout.contains(API_HASH), "{stdout}");
    (out.status.code(), stdout)
}

#[test]
fn doctor_reports_each_check_on_one_line() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let world = telegram_sim::World::new();
    let api = rt
        .block_on(telegram_sim::BotApi::start(&world, "setup_bot", "Setup"))
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = "cd".repeat(32);

    // Before the first start: the database file is missing, and doctor does not create it.
    let (code, out) = doctor(dir.path(), &api.token, &api.url, &key);
    assert_eq!(code, Some(1), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert_eq!(lines[0], "configuration: ok");
    assert!(
        lines[1].starts_with("database: failed: the SQLite file switchboard.db does not exist yet"),
        "{out}"
    );
    assert_eq!(lines[2], "secret key: skipped (the database check failed)");
    assert_eq!(lines[3], "setup bot token: ok (getMe answered @setup_bot)");
    assert!(!dir.path().join("switchboard.db").exists());

    // After a start (the schema applied, the key check stored with this key): all ok.
    rt.block_on(async {
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("switchboard.db").display()
        );
        let sealer = storage::secret::Sealer::new(
            storage::secret::SecretKey::parse(&key, "test").unwrap(),
            "test",
        );
        storage::Storage::open(&url, sealer)
            .await
            .unwrap()
            .close()
            .await
            .unwrap();
    });
    let (code, out) = doctor(dir.path(), &api.token, &api.url, &key);
    assert_eq!(
        out,
        "configuration: ok\n\
         database: ok (SQLite, schema up to date)\n\
         secret key: ok (SWITCHBOARD_SECRET_KEY (from the environment) opens the stored secrets)\n\
         setup bot token: ok (getMe answered @setup_bot)\n"
    );
    assert_eq!(code, Some(0));

    // A token Telegram does not know.
    let (code, out) = doctor(dir.path(), TOKEN, &api.url, &key);
    assert_eq!(code, Some(1), "{out}");
    let port = api.url.rsplit(':').next().unwrap();
    assert_eq!(
        out.lines().nth(3),
        Some(
            format!(
                "setup bot token: failed: the Bot API at 127.0.0.1:{port} refused the token: Invalid bot token"
            )
            .as_str()
        ),
        "{out}"
    );
    assert!(out.lines().take(3).all(|l| l.contains(": ok")), "{out}");

    // Nothing answers at the Bot API address.
    let (code, out) = doctor(dir.path(), &api.token, "http://127.0.0.1:9", &key);
    assert_eq!(code, Some(1));
    assert_eq!(
        out.lines().nth(3),
        Some("setup bot token: failed: cannot connect to the Bot API at 127.0.0.1:9"),
        "{out}"
    );

    // Another key than the one the database was sealed with.
    let (code, out) = doctor(dir.path(), &api.token, &api.url, &"ab".repeat(32));
    assert_eq!(code, Some(1));
    assert!(
        out.lines().nth(2).is_some_and(|l| l.starts_with(
            "secret key: failed: SWITCHBOARD_SECRET_KEY (from the environment) does not open the secrets stored in this database"
        )),
        "{out}"
    );

    // A missing setting is named, and the rest is still checked.
    let out = switchboard(dir.path())
        .arg("doctor")
        .env("TG_API_ID", "12345")
        .env("TG_API_HASH", API_HASH)
        .env("SWITCHBOARD_SECRET_KEY", &key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines[0].starts_with("configuration: failed: BOT_TOKEN is not set"),
        "{stdout}"
    );
    assert_eq!(lines[1], "database: ok (SQLite, schema up to date)");
    assert_eq!(lines[3], "setup bot token: failed: BOT_TOKEN is not set");
}

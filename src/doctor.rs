//! `switchboard doctor`: checks what a start needs, one line per check (`<check>: ok (…)` or
//! `<check>: failed: <reason>`), and exits non-zero when any failed. It changes nothing: no
//! database file, key file or schema is created, and no secret is printed.

use std::path::Path;
use std::time::Duration;

use secrecy::{ExposeSecret as _, SecretString};
use storage::secret::{KeySource, Sealer, SecretKey, load_key};
use storage::{Backend, KeyCheck, Storage};

use crate::config::{self, Flags, Needs, Settings};

/// How long the Bot API may take to answer getMe.
const GET_ME_TIMEOUT: Duration = Duration::from_secs(15);

/// One check's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok(String),
    Failed(String),
    /// Not checked, because a check it depends on failed.
    Skipped(&'static str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub name: &'static str,
    pub outcome: Outcome,
}

impl Check {
    fn new(name: &'static str, outcome: Outcome) -> Self {
        Self { name, outcome }
    }

    pub fn passed(&self) -> bool {
        matches!(self.outcome, Outcome::Ok(_))
    }

    /// The line printed for this check.
    pub fn line(&self) -> String {
        match &self.outcome {
            Outcome::Ok(detail) if detail.is_empty() => format!("{}: ok", self.name),
            Outcome::Ok(detail) => format!("{}: ok ({detail})", self.name),
            Outcome::Failed(reason) => format!("{}: failed: {reason}", self.name),
            Outcome::Skipped(why) => format!("{}: skipped ({why})", self.name),
        }
    }
}

/// Everything `run` needs: doctor checks for the full set.
const ALL: Needs = Needs {
    bot_token: true,
    api_credentials: true,
    secret_key: true,
};

/// Runs every check. `env` is the environment lookup (the real one in `main`).
pub async fn run(flags: &Flags, env: &dyn Fn(&str) -> Option<String>) -> Vec<Check> {
    let file = config::read_file(flags.config.as_deref());
    let full = file
        .clone()
        .and_then(|file| config::resolve(flags, env, file, ALL));
    let mut checks = vec![Check::new(
        "configuration",
        match &full {
            Ok(_) => Outcome::Ok(String::new()),
            Err(err) => Outcome::Failed(err.to_string()),
        },
    )];
    // With a setting missing, the rest is still worth checking with what is there.
    let settings = match full {
        Ok(settings) => settings,
        Err(_) => match file.and_then(|file| config::resolve(flags, env, file, NONE)) {
            Ok(settings) => settings,
            Err(_) => {
                for name in ["database", "secret key", "setup bot token"] {
                    checks.push(Check::new(
                        name,
                        Outcome::Skipped("the configuration is unusable"),
                    ));
                }
                return checks;
            }
        },
    };

    let (sealer, key_loaded) = match load_existing_key(&settings.key_source) {
        Ok(Some(sealer)) => (sealer, KeyState::Loaded),
        Ok(None) => (throwaway_sealer(), KeyState::NotCreatedYet),
        Err(reason) => (throwaway_sealer(), KeyState::Failed(reason)),
    };
    let (database, storage) = check_database(&settings, sealer).await;
    checks.push(Check::new("database", database));
    checks.push(Check::new(
        "secret key",
        check_key(&settings, key_loaded, storage.as_ref()).await,
    ));
    if let Some(storage) = storage {
        let _ = storage.close().await;
    }
    checks.push(Check::new(
        "setup bot token",
        check_bot_token(&settings).await,
    ));
    checks
}

const NONE: Needs = Needs {
    bot_token: false,
    api_credentials: false,
    secret_key: false,
};

enum KeyState {
    Loaded,
    /// SQLite with no key configured and no key file yet: the first start creates it.
    NotCreatedYet,
    Failed(String),
}

/// Loads the configured key; never creates the key file beside the database.
fn load_existing_key(source: &KeySource) -> Result<Option<Sealer>, String> {
    if let KeySource::BesideDatabase { path } = source
        && !path.exists()
    {
        return Ok(None);
    }
    load_key(source)
        .map(|(sealer, _)| Some(sealer))
        .map_err(|err| err.to_string())
}

/// Opens nothing that is stored: used only to connect when the real key is unusable.
fn throwaway_sealer() -> Sealer {
    Sealer::new(SecretKey::generate(), "no key (doctor)")
}

/// The SQLite file a URL names, when it names one.
fn sqlite_file(url: &str) -> Option<&Path> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" || url.contains("mode=memory") {
        return None;
    }
    Some(Path::new(path))
}

async fn check_database(settings: &Settings, sealer: Sealer) -> (Outcome, Option<Storage>) {
    let backend = match settings.backend {
        Backend::Sqlite => "SQLite",
        Backend::Postgres => "PostgreSQL",
    };
    if let Some(file) = sqlite_file(&settings.database_url)
        && !file.exists()
    {
        return (
            Outcome::Failed(format!(
                "the SQLite file {} does not exist yet (`switchboard migrate` or the first start creates it)",
                file.display()
            )),
            None,
        );
    }
    let storage = match Storage::connect(&settings.database_url, sealer).await {
        Ok(storage) => storage,
        // Storage errors never carry the URL (it may hold a password): name where it came from.
        Err(err) => {
            return (
                Outcome::Failed(format!(
                    "cannot connect to the {backend} database from DATABASE_URL ({}): {err}",
                    settings.database_url_source
                )),
                None,
            );
        }
    };
    let outcome = match storage.pending_migrations().await {
        Ok(0) => Outcome::Ok(format!("{backend}, schema up to date")),
        Ok(n) => Outcome::Failed(format!(
            "{backend}: {n} migration(s) not applied yet (run `switchboard migrate`, or start once)"
        )),
        Err(err) => Outcome::Failed(format!("{backend}: cannot read the schema state: {err}")),
    };
    let usable = matches!(outcome, Outcome::Ok(_));
    (outcome, usable.then_some(storage))
}

async fn check_key(settings: &Settings, key: KeyState, storage: Option<&Storage>) -> Outcome {
    match key {
        KeyState::Failed(reason) => Outcome::Failed(reason),
        KeyState::NotCreatedYet => {
            let path = match &settings.key_source {
                KeySource::BesideDatabase { path } => path.display().to_string(),
                _ => String::new(),
            };
            match storage.map(|s| s.verify_secret_key()) {
                None => Outcome::Skipped("the database check failed"),
                Some(check) => match check.await {
                    Ok(KeyCheck::NothingStored) => Outcome::Ok(format!(
                        "nothing is sealed yet; the first start creates the key file {path}"
                    )),
                    // Something was sealed with a key that is gone: nothing stored can be read.
                    Ok(KeyCheck::Matches) | Err(_) => Outcome::Failed(format!(
                        "the key file {path} is missing, but the database holds secrets sealed with a key; restore the file from the backup"
                    )),
                },
            }
        }
        KeyState::Loaded => {
            let Some(storage) = storage else {
                return Outcome::Skipped("the database check failed");
            };
            match storage.verify_secret_key().await {
                Ok(KeyCheck::Matches) => Outcome::Ok(format!(
                    "{} opens the stored secrets",
                    storage.sealer().origin()
                )),
                Ok(KeyCheck::NothingStored) => Outcome::Ok(format!(
                    "{} is well-formed; nothing is sealed yet",
                    storage.sealer().origin()
                )),
                Err(storage::Error::Secret(err)) => Outcome::Failed(err.to_string()),
                Err(err) => Outcome::Failed(format!("cannot read the key check: {err}")),
            }
        }
    }
}

async fn check_bot_token(settings: &Settings) -> Outcome {
    use teloxide::requests::Requester as _;
    let Some(token) = &settings.bot_token else {
        return Outcome::Failed("BOT_TOKEN is not set".into());
    };
    let mut bot = teloxide::Bot::new(token.expose_secret());
    let api = settings
        .bot_api_url
        .as_deref()
        .unwrap_or("https://api.telegram.org");
    let url = match url::Url::parse(api) {
        Ok(url) => url,
        Err(err) => return Outcome::Failed(format!("TELEGRAM_BOT_API_URL is not a URL: {err}")),
    };
    let host = match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_owned(),
        _ => api.to_owned(),
    };
    if settings.bot_api_url.is_some() {
        bot = bot.set_api_url(url);
    }
    let outcome = match tokio::time::timeout(GET_ME_TIMEOUT, bot.get_me()).await {
        Err(_) => Outcome::Failed(format!(
            "the Bot API at {host} did not answer getMe within {} s",
            GET_ME_TIMEOUT.as_secs()
        )),
        Ok(Ok(me)) => Outcome::Ok(match me.user.username.as_deref() {
            Some(username) => format!("getMe answered @{username}"),
            None => format!("getMe answered bot {}", me.user.id),
        }),
        Ok(Err(teloxide::RequestError::Api(err))) => {
            Outcome::Failed(format!("the Bot API at {host} refused the token: {err}"))
        }
        // A network error's text can quote the request URL, which holds the token: not shown.
        Ok(Err(teloxide::RequestError::Network(err))) => Outcome::Failed(if err.is_timeout() {
            format!("the Bot API at {host} did not answer in time")
        } else if err.is_connect() {
            format!("cannot connect to the Bot API at {host}")
        } else {
            format!("the request to the Bot API at {host} failed")
        }),
        Ok(Err(_)) => Outcome::Failed(format!("the Bot API at {host} gave an unexpected answer")),
    };
    redact(outcome, token)
}

/// Belt and braces: no line ever carries the token, whatever a library put in its message.
fn redact(outcome: Outcome, token: &SecretString) -> Outcome {
    let secret = token.expose_secret();
    let clean = |text: String| text.replace(secret, "[token]");
    match outcome {
        Outcome::Ok(text) => Outcome::Ok(clean(text)),
        Outcome::Failed(text) => Outcome::Failed(clean(text)),
        skipped => skipped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_say_ok_or_failed_with_the_reason() {
        assert_eq!(
            Check::new("database", Outcome::Ok("SQLite, schema up to date".into())).line(),
            "database: ok (SQLite, schema up to date)"
        );
        assert_eq!(
            Check::new("configuration", Outcome::Ok(String::new())).line(),
            "configuration: ok"
        );
        let failed = Check::new("secret key", Outcome::Failed("wrong key".into()));
        assert_eq!(failed.line(), "secret key: failed: wrong key");
        assert!(!failed.passed());
        assert!(!Check::new("x", Outcome::Skipped("because")).passed());
    }

    #[test]
    fn a_token_never_survives_in_a_line() {
        let token = SecretString::from("123:ABCDEF");
        let outcome = redact(
            Outcome::Failed("error for url http://h/bot123:ABCDEF/GetMe".into()),
            &token,
        );
        assert_eq!(
            outcome,
            Outcome::Failed("error for url http://h/bot[token]/GetMe".into())
        );
    }

    #[test]
    fn sqlite_files_are_found_in_urls() {
        assert_eq!(
            sqlite_file("sqlite://data/sb.db?mode=rwc"),
            Some(Path::new("data/sb.db"))
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://h/db"), None);
    }
}

//! Settings: flags override the environment, which overrides `switchboard.toml`, which overrides
//! the defaults. Every value remembers where it came from, so a problem is reported as one line
//! that names the setting and its source, and never the value itself.
//!
//! Secrets (the bot token, the API hash, the key) have no flags: command lines are visible to
//! every user of the machine through `ps`.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Deserialize;
use storage::secret::{KEY_ENV, KEY_FILE_ENV, KeySource};
use storage::{Backend, DatabaseUrlError};

pub const DEFAULT_DATABASE_URL: &str = "sqlite://switchboard.db?mode=rwc";
pub const DEFAULT_CONFIG_FILE: &str = "switchboard.toml";

/// Where a value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Flag(&'static str),
    Env,
    File(PathBuf),
    Default,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(flag) => write!(f, "the {flag} flag"),
            Source::Env => f.write_str("the environment"),
            Source::File(path) => write!(f, "{}", path.display()),
            Source::Default => f.write_str("the default"),
        }
    }
}

/// One setting: its environment name, its key in the file, and its flag (if it may have one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setting {
    pub env: &'static str,
    pub key: &'static str,
    pub flag: Option<&'static str>,
}

pub const BOT_TOKEN: Setting = Setting {
    env: "BOT_TOKEN",
    key: "bot_token",
    flag: None,
};
pub const TG_API_ID: Setting = Setting {
    env: "TG_API_ID",
    key: "tg_api_id",
    flag: Some("--api-id"),
};
pub const TG_API_HASH: Setting = Setting {
    env: "TG_API_HASH",
    key: "tg_api_hash",
    flag: None,
};
pub const DATABASE_URL: Setting = Setting {
    env: "DATABASE_URL",
    key: "database_url",
    flag: Some("--database-url"),
};
pub const SECRET_KEY: Setting = Setting {
    env: KEY_ENV,
    key: "secret_key",
    flag: None,
};
pub const SECRET_KEY_FILE: Setting = Setting {
    env: KEY_FILE_ENV,
    key: "secret_key_file",
    flag: Some("--secret-key-file"),
};
pub const BOT_API_URL: Setting = Setting {
    env: "TELEGRAM_BOT_API_URL",
    key: "telegram_bot_api_url",
    flag: Some("--telegram-bot-api-url"),
};
pub const METRICS_ADDR: Setting = Setting {
    env: "METRICS_ADDR",
    key: "metrics_addr",
    flag: Some("--metrics-addr"),
};
pub const API_ADDR: Setting = Setting {
    env: "API_ADDR",
    key: "api_addr",
    flag: Some("--api-addr"),
};
pub const LOG_FORMAT: Setting = Setting {
    env: "LOG_FORMAT",
    key: "log_format",
    flag: Some("--log-format"),
};

/// A setting that is missing or malformed. Display is the one line the binary prints.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{} is not set: {hint}. Set it in the environment, or as {} in {}{}", .setting.env, .setting.key, DEFAULT_CONFIG_FILE, .setting.flag.map(|f| format!(", or with {f}")).unwrap_or_default())]
    Missing {
        setting: Setting,
        hint: &'static str,
    },
    #[error("{} from {origin} is malformed: {problem}", .setting.env)]
    Malformed {
        setting: Setting,
        origin: Source,
        problem: String,
    },
    #[error("the configuration file {path} cannot be used: {problem}")]
    File { path: PathBuf, problem: String },
}

/// `switchboard.toml`: the same settings as the environment, in lower case.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSettings {
    bot_token: Option<String>,
    tg_api_id: Option<toml::Value>,
    tg_api_hash: Option<String>,
    database_url: Option<String>,
    secret_key: Option<String>,
    secret_key_file: Option<PathBuf>,
    telegram_bot_api_url: Option<String>,
    metrics_addr: Option<String>,
    api_addr: Option<String>,
    log_format: Option<String>,
}

/// What the flags said (clap fills this in main).
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub config: Option<PathBuf>,
    pub api_id: Option<String>,
    pub database_url: Option<String>,
    pub secret_key_file: Option<PathBuf>,
    pub telegram_bot_api_url: Option<String>,
    pub metrics_addr: Option<String>,
    pub api_addr: Option<String>,
    pub log_format: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Everything the subcommands may need, validated. Secrets are redacted in Debug.
#[derive(Debug)]
pub struct Settings {
    pub bot_token: Option<SecretString>,
    pub api_id: Option<i32>,
    pub api_hash: Option<SecretString>,
    pub database_url: String,
    pub database_url_source: Source,
    #[allow(dead_code)] // read by the relay's start-up once it exists
    pub backend: Backend,
    pub key_source: KeySource,
    pub bot_api_url: Option<String>,
    /// Where `/metrics` and `/healthz` are served; `None`: not at all.
    pub metrics_addr: Option<SocketAddr>,
    /// Where the HTTP API is served; `None`: not at all.
    pub api_addr: Option<SocketAddr>,
    pub log_format: LogFormat,
}

impl Settings {
    /// The setup bot's numeric id: the public half of its token, safe to log.
    pub fn bot_id(&self) -> Option<&str> {
        use secrecy::ExposeSecret as _;
        self.bot_token
            .as_ref()
            .and_then(|t| t.expose_secret().split_once(':'))
            .map(|(id, _)| id)
    }
}

/// Which settings a subcommand needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    pub bot_token: bool,
    pub api_credentials: bool,
    pub secret_key: bool,
}

/// Reads the configuration file: the one named by `--config` (which must exist), or
/// `switchboard.toml` in the working directory when there is one.
pub fn read_file(flag: Option<&Path>) -> Result<Option<(PathBuf, FileSettings)>, ConfigError> {
    let (path, required) = match flag {
        Some(path) => (path.to_path_buf(), true),
        None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok(None),
        Err(e) => {
            return Err(ConfigError::File {
                path,
                problem: e.to_string(),
            });
        }
    };
    let parsed: FileSettings = toml::from_str(&text).map_err(|e| ConfigError::File {
        path: path.clone(),
        // toml's message quotes the offending line, which may hold a secret: keep its first line.
        problem: e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .to_owned(),
    })?;
    Ok(Some((path, parsed)))
}

/// Resolves every setting from the flags, an environment lookup and the file.
pub fn resolve(
    flags: &Flags,
    env: &dyn Fn(&str) -> Option<String>,
    file: Option<(PathBuf, FileSettings)>,
    needs: Needs,
) -> Result<Settings, ConfigError> {
    let (file_path, file) = match file {
        Some((path, settings)) => (Some(path), settings),
        None => (None, FileSettings::default()),
    };
    let from_file = |value: Option<String>| -> Option<(String, Source)> {
        value.map(|v| (v, Source::File(file_path.clone().unwrap_or_default())))
    };
    let env_value = |s: Setting| {
        env(s.env)
            .filter(|v| !v.is_empty())
            .map(|v| (v, Source::Env))
    };
    let pick = |s: Setting,
                flag: Option<String>,
                file_value: Option<String>|
     -> Option<(String, Source)> {
        flag.map(|v| (v, Source::Flag(s.flag.unwrap_or(""))))
            .or_else(|| env_value(s))
            .or_else(|| from_file(file_value))
    };

    let bot_token = match pick(BOT_TOKEN, None, file.bot_token) {
        Some((token, source)) => Some(check_bot_token(token, source)?),
        None if needs.bot_token => {
            return Err(ConfigError::Missing {
                setting: BOT_TOKEN,
                hint: "the setup bot's token from @BotFather",
            });
        }
        None => None,
    };

    let file_api_id = file.tg_api_id.map(|v| match v {
        toml::Value::String(s) => s,
        toml::Value::Integer(n) => n.to_string(),
        // Any other type is reported as malformed below.
        _ => String::new(),
    });
    let api_id = match pick(TG_API_ID, flags.api_id.clone(), file_api_id) {
        Some((text, source)) => Some(
            text.trim()
                .parse::<i32>()
                .ok()
                .filter(|id| *id > 0)
                .ok_or(ConfigError::Malformed {
                    setting: TG_API_ID,
                    origin: source,
                    problem:
                        "expected the positive whole number shown as App api_id on my.telegram.org"
                            .into(),
                })?,
        ),
        None if needs.api_credentials => {
            return Err(ConfigError::Missing {
                setting: TG_API_ID,
                hint: "the App api_id from my.telegram.org",
            });
        }
        None => None,
    };
    let api_hash = match pick(TG_API_HASH, None, file.tg_api_hash) {
        Some((text, source)) => {
            let text = text.trim().to_owned();
            if text.len() != 32 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(ConfigError::Malformed {
                    setting: TG_API_HASH,
                    origin: source,
                    problem: "expected the 32 hexadecimal digits shown as App api_hash on my.telegram.org".into(),
                });
            }
            Some(SecretString::from(text))
        }
        None if needs.api_credentials => {
            return Err(ConfigError::Missing {
                setting: TG_API_HASH,
                hint: "the App api_hash from my.telegram.org",
            });
        }
        None => None,
    };

    let (database_url, database_url_source) =
        pick(DATABASE_URL, flags.database_url.clone(), file.database_url)
            .unwrap_or_else(|| (DEFAULT_DATABASE_URL.to_owned(), Source::Default));
    let backend = Backend::of_url(&database_url).map_err(|DatabaseUrlError { scheme }| {
        ConfigError::Malformed {
            setting: DATABASE_URL,
            origin: database_url_source.clone(),
            problem: format!(
                "expected a URL starting with sqlite:// or postgres:// (it starts with `{scheme}:`)"
            ),
        }
    })?;

    let key_value = env_value(SECRET_KEY).or_else(|| from_file(file.secret_key));
    let key_file = flags
        .secret_key_file
        .clone()
        .map(|p| (p, Source::Flag("--secret-key-file")))
        .or_else(|| {
            env(SECRET_KEY_FILE.env)
                .filter(|v| !v.is_empty())
                .map(|p| (PathBuf::from(p), Source::Env))
        })
        .or_else(|| {
            file.secret_key_file
                .map(|p| (p, Source::File(file_path.clone().unwrap_or_default())))
        });
    let key_source = match (key_value, key_file) {
        (Some((_, a)), Some((_, b))) => {
            return Err(ConfigError::Malformed {
                setting: SECRET_KEY,
                origin: a,
                problem: format!("{KEY_ENV} and {KEY_FILE_ENV} (from {b}) are both set; keep one"),
            });
        }
        (Some((key, source)), None) => KeySource::Value {
            key: SecretString::from(key),
            origin: format!("{KEY_ENV} (from {source})"),
        },
        (None, Some((path, source))) => {
            let origin = format!("{KEY_FILE_ENV} {} (from {source})", path.display());
            KeySource::File { path, origin }
        }
        (None, None) => match (backend, sqlite_key_path(&database_url)) {
            (Backend::Sqlite, Some(path)) => KeySource::BesideDatabase { path },
            _ if !needs.secret_key => KeySource::BesideDatabase {
                path: PathBuf::new(),
            },
            (Backend::Sqlite, None) => KeySource::Value {
                // An in-memory database lives and dies with the process; so may its key.
                key: SecretString::from(hex_key()),
                origin: "a key made for this in-memory database".into(),
            },
            (Backend::Postgres, _) => {
                return Err(ConfigError::Missing {
                    setting: SECRET_KEY,
                    hint: "PostgreSQL is shared between processes, so each needs the same 32-byte key (create one with `openssl rand -hex 32`, or use SWITCHBOARD_SECRET_KEY_FILE)",
                });
            }
        },
    };

    let bot_api_url = match pick(
        BOT_API_URL,
        flags.telegram_bot_api_url.clone(),
        file.telegram_bot_api_url,
    ) {
        Some((url, source)) => {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                return Err(ConfigError::Malformed {
                    setting: BOT_API_URL,
                    origin: source,
                    problem: "expected an http:// or https:// URL".into(),
                });
            }
            Some(url)
        }
        None => None,
    };

    let metrics_addr = match pick(METRICS_ADDR, flags.metrics_addr.clone(), file.metrics_addr) {
        None => None,
        Some((text, source)) => {
            Some(
                text.trim()
                    .parse::<SocketAddr>()
                    .map_err(|_| ConfigError::Malformed {
                        setting: METRICS_ADDR,
                        origin: source,
                        problem: "expected an address and port such as 127.0.0.1:9184".into(),
                    })?,
            )
        }
    };

    let api_addr = match pick(API_ADDR, flags.api_addr.clone(), file.api_addr) {
        None => None,
        Some((text, source)) => {
            Some(
                text.trim()
                    .parse::<SocketAddr>()
                    .map_err(|_| ConfigError::Malformed {
                        setting: API_ADDR,
                        origin: source,
                        problem: "expected an address and port such as 127.0.0.1:8080".into(),
                    })?,
            )
        }
    };

    let log_format = match pick(LOG_FORMAT, flags.log_format.clone(), file.log_format) {
        None => LogFormat::Text,
        Some((text, source)) => match text.to_ascii_lowercase().as_str() {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            _ => {
                return Err(ConfigError::Malformed {
                    setting: LOG_FORMAT,
                    origin: source,
                    problem: "expected text or json".into(),
                });
            }
        },
    };

    Ok(Settings {
        bot_token,
        api_id,
        api_hash,
        database_url,
        database_url_source,
        backend,
        key_source,
        bot_api_url,
        metrics_addr,
        api_addr,
        log_format,
    })
}

/// A bot token's shape: `<bot id>:<35 characters of [A-Za-z0-9_-]>`.
fn check_bot_token(token: String, source: Source) -> Result<SecretString, ConfigError> {
    let token = token.trim().to_owned();
    let ok = token.split_once(':').is_some_and(|(id, secret)| {
        !id.is_empty()
            && id.bytes().all(|b| b.is_ascii_digit())
            && secret.len() >= 30
            && secret
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    });
    if !ok {
        return Err(ConfigError::Malformed {
            setting: BOT_TOKEN,
            origin: source,
            problem: "expected a token from @BotFather, shaped like 123456789:AAE…".into(),
        });
    }
    Ok(SecretString::from(token))
}

/// `<database file>.key` for a SQLite file URL; `None` for in-memory databases.
pub fn sqlite_key_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" || url.contains("mode=memory") {
        return None;
    }
    Some(PathBuf::from(format!("{path}.key")))
}

fn hex_key() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw_";
    const HASH: &str = "0123456789abcdef0123456789abcdef";
    const ALL: Needs = Needs {
        bot_token: true,
        api_credentials: true,
        secret_key: true,
    };

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn file(text: &str) -> Option<(PathBuf, FileSettings)> {
        Some((
            PathBuf::from("switchboard.toml"),
            toml::from_str(text).unwrap(),
        ))
    }

    #[test]
    fn a_missing_bot_token_is_named_first() {
        let err = resolve(&Flags::default(), &env(&[]), None, ALL).unwrap_err();
        assert_eq!(
            err.to_string(),
            "BOT_TOKEN is not set: the setup bot's token from @BotFather. Set it in the environment, or as bot_token in switchboard.toml"
        );
    }

    #[test]
    fn malformed_values_name_their_source_and_never_echo_secrets() {
        let bad_token = "123:this-is-secret";
        let err = resolve(
            &Flags::default(),
            &env(&[("BOT_TOKEN", bad_token)]),
            None,
            ALL,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("BOT_TOKEN from the environment is malformed"),
            "{err}"
        );
        assert!(!err.to_string().contains("this-is-secret"));

        let err = resolve(
            &Flags::default(),
            &env(&[("BOT_TOKEN", TOKEN)]),
            file("tg_api_id = \"abc\""),
            ALL,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("TG_API_ID from switchboard.toml is malformed"),
            "{err}"
        );

        let flags = Flags {
            api_id: Some("-4".into()),
            ..Flags::default()
        };
        let err = resolve(
            &flags,
            &env(&[("BOT_TOKEN", TOKEN), ("TG_API_ID", "5")]),
            None,
            ALL,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("TG_API_ID from the --api-id flag is malformed"),
            "{err}"
        );

        let err = resolve(
            &Flags::default(),
            &env(&[
                ("BOT_TOKEN", TOKEN),
                ("TG_API_ID", "5"),
                ("TG_API_HASH", "not-hex-secret"),
            ]),
            None,
            ALL,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("TG_API_HASH from the environment is malformed")
        );
        assert!(!err.to_string().contains("not-hex-secret"));
    }

    #[test]
    fn flags_override_environment_which_overrides_the_file() {
        let e = env(&[
            ("BOT_TOKEN", TOKEN),
            ("TG_API_ID", "11"),
            ("TG_API_HASH", HASH),
            ("DATABASE_URL", "sqlite://env.db"),
        ]);
        let f =
            || file("tg_api_id = 22\ndatabase_url = \"sqlite://file.db\"\nlog_format = \"json\"");
        let s = resolve(&Flags::default(), &e, f(), ALL).unwrap();
        assert_eq!(
            (s.api_id, s.database_url.as_str(), s.log_format),
            (Some(11), "sqlite://env.db", LogFormat::Json)
        );
        let flags = Flags {
            api_id: Some("33".into()),
            database_url: Some("sqlite://flag.db".into()),
            ..Flags::default()
        };
        let s = resolve(&flags, &e, f(), ALL).unwrap();
        assert_eq!(
            (s.api_id, s.database_url.as_str(), s.database_url_source),
            (Some(33), "sqlite://flag.db", Source::Flag("--database-url"))
        );
        let s = resolve(
            &Flags::default(),
            &env(&[("BOT_TOKEN", TOKEN), ("TG_API_HASH", HASH)]),
            f(),
            ALL,
        )
        .unwrap();
        assert_eq!(
            s.api_id,
            Some(22),
            "a TOML integer works as well as a string"
        );
    }

    #[test]
    fn the_database_defaults_to_sqlite_with_a_key_file_beside_it() {
        let s = resolve(
            &Flags::default(),
            &env(&[]),
            None,
            Needs {
                bot_token: false,
                api_credentials: false,
                secret_key: true,
            },
        )
        .unwrap();
        assert_eq!(s.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(s.backend, Backend::Sqlite);
        assert!(
            matches!(s.key_source, KeySource::BesideDatabase { ref path } if path == Path::new("switchboard.db.key"))
        );
    }

    #[test]
    fn postgres_needs_a_configured_key_and_both_key_settings_conflict() {
        let needs = Needs {
            bot_token: false,
            api_credentials: false,
            secret_key: true,
        };
        let err = resolve(
            &Flags::default(),
            &env(&[("DATABASE_URL", "postgres://u:pw@db/sb")]),
            None,
            needs,
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("SWITCHBOARD_SECRET_KEY is not set: PostgreSQL is shared"),
            "{err}"
        );
        assert!(!err.to_string().contains("pw@"));
        let err = resolve(
            &Flags::default(),
            &env(&[
                ("SWITCHBOARD_SECRET_KEY", "k"),
                ("SWITCHBOARD_SECRET_KEY_FILE", "/k"),
            ]),
            None,
            needs,
        )
        .unwrap_err();
        assert!(err.to_string().contains("both set"), "{err}");
    }

    #[test]
    fn a_bad_database_scheme_shows_only_the_scheme() {
        let err = resolve(
            &Flags::default(),
            &env(&[("DATABASE_URL", "mysql://root:hunter2@h/db")]),
            None,
            Needs {
                bot_token: false,
                api_credentials: false,
                secret_key: false,
            },
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "DATABASE_URL from the environment is malformed: expected a URL starting with sqlite:// or postgres:// (it starts with `mysql:`)"
        );
    }

    #[test]
    fn unknown_file_keys_are_refused_without_quoting_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sb.toml");
        std::fs::write(&path, "bot_tokne = \"123:secret-value\"\n").unwrap();
        let err = read_file(Some(&path)).unwrap_err();
        assert!(err.to_string().contains("sb.toml cannot be used"), "{err}");
        assert!(!err.to_string().contains("secret-value"), "{err}");
        assert!(
            read_file(Some(&dir.path().join("missing.toml"))).is_err(),
            "a named file must exist"
        );
    }

    #[test]
    fn the_metrics_address_is_off_by_default_and_checked() {
        let none = Needs {
            bot_token: false,
            api_credentials: false,
            secret_key: false,
        };
        let s = resolve(&Flags::default(), &env(&[]), None, none).unwrap();
        assert_eq!(s.metrics_addr, None);
        let s = resolve(
            &Flags::default(),
            &env(&[("METRICS_ADDR", "0.0.0.0:9184")]),
            file("metrics_addr = \"127.0.0.1:1\""),
            none,
        )
        .unwrap();
        assert_eq!(s.metrics_addr, Some("0.0.0.0:9184".parse().unwrap()));
        let flags = Flags {
            metrics_addr: Some("[::1]:9".into()),
            ..Flags::default()
        };
        let s = resolve(
            &flags,
            &env(&[]),
            file("metrics_addr = \"127.0.0.1:1\""),
            none,
        )
        .unwrap();
        assert_eq!(s.metrics_addr, Some("[::1]:9".parse().unwrap()));
        let err = resolve(
            &Flags::default(),
            &env(&[]),
            file("metrics_addr = \"9184\""),
            none,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "METRICS_ADDR from switchboard.toml is malformed: expected an address and port such as 127.0.0.1:9184"
        );
    }

    #[test]
    fn the_api_address_is_off_by_default_and_checked() {
        let none = Needs {
            bot_token: false,
            api_credentials: false,
            secret_key: false,
        };
        let s = resolve(&Flags::default(), &env(&[]), None, none).unwrap();
        assert_eq!(s.api_addr, None);
        let s = resolve(
            &Flags::default(),
            &env(&[("API_ADDR", "127.0.0.1:8080")]),
            file("api_addr = \"127.0.0.1:1\""),
            none,
        )
        .unwrap();
        assert_eq!(s.api_addr, Some("127.0.0.1:8080".parse().unwrap()));
        let err = resolve(
            &Flags::default(),
            &env(&[]),
            file("api_addr = \"8080\""),
            none,
        )
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            "API_ADDR from switchboard.toml is malformed: expected an address and port such as 127.0.0.1:8080"
        );
    }

    #[test]
    fn key_paths_follow_the_sqlite_file() {
        assert_eq!(
            sqlite_key_path("sqlite://data/sb.db?mode=rwc"),
            Some(PathBuf::from("data/sb.db.key"))
        );
        assert_eq!(
            sqlite_key_path("sqlite:///var/lib/sb.db"),
            Some(PathBuf::from("/var/lib/sb.db.key"))
        );
        assert_eq!(sqlite_key_path("sqlite::memory:"), None);
    }
}

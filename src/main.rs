//! `switchboard`: the self-hosted Telegram help desk.
//!
//! `run` is the setup bot and the relay in one process; `config-bot` and `relay` run them apart
//! (with PostgreSQL, one setup bot and any number of relays); `migrate` applies the schema.

mod config;
mod doctor;
mod logging;
mod ops;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use storage::Storage;
use storage::secret::{KeyOrigin, load_key};
use tokio_util::sync::CancellationToken;

use crate::config::{ConfigError, Flags, Needs, Settings};

/// Exit code for a missing or malformed setting.
const EXIT_CONFIG: u8 = 2;
/// Exit code for a failure at run time (the database unreachable, …).
const EXIT_FAILURE: u8 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "switchboard",
    version,
    about = "Self-hosted Telegram help desk: every private chat becomes a forum topic"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    /// Configuration file (default: switchboard.toml in the working directory, if present).
    #[arg(long, global = true, env = "SWITCHBOARD_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://… (default sqlite://switchboard.db?mode=rwc) or postgres://….
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    /// MTProto api_id from my.telegram.org.
    #[arg(long, global = true, value_name = "ID")]
    api_id: Option<String>,
    /// File holding the 32-byte secret key that seals sessions and tokens.
    #[arg(long, global = true, value_name = "FILE")]
    secret_key_file: Option<PathBuf>,
    /// Bot API server for the setup bot (a local telegram-bot-api server).
    #[arg(long, global = true, value_name = "URL")]
    telegram_bot_api_url: Option<String>,
    /// Log format: text or json. The level comes from RUST_LOG (default: info).
    #[arg(long, global = true, value_name = "FORMAT")]
    log_format: Option<String>,
    /// Serve /metrics (Prometheus) and /healthz on this address, e.g. 127.0.0.1:9184 (default: off).
    #[arg(long, global = true, value_name = "ADDR")]
    metrics_addr: Option<String>,
    /// Serve the HTTP API (/api/v1) on this address, e.g. 127.0.0.1:8080 (default: off).
    #[arg(long, global = true, value_name = "ADDR")]
    api_addr: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
enum Command {
    /// Run the setup bot and the relay in one process.
    Run,
    /// Run only the setup bot.
    ConfigBot,
    /// Run only the relay.
    Relay,
    /// Apply database migrations, then exit.
    Migrate,
    /// Check the configuration, the database, the secret key and the setup bot's token.
    Doctor,
}

impl Command {
    fn name(self) -> &'static str {
        match self {
            Command::Run => "run",
            Command::ConfigBot => "config-bot",
            Command::Relay => "relay",
            Command::Migrate => "migrate",
            Command::Doctor => "doctor",
        }
    }

    fn needs(self) -> Needs {
        match self {
            Command::Run | Command::ConfigBot => Needs {
                bot_token: true,
                api_credentials: true,
                secret_key: true,
            },
            Command::Relay => Needs {
                bot_token: false,
                api_credentials: true,
                secret_key: true,
            },
            Command::Migrate | Command::Doctor => Needs {
                bot_token: false,
                api_credentials: false,
                secret_key: false,
            },
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let flags = Flags {
        config: cli.config.clone(),
        api_id: cli.api_id.clone(),
        database_url: cli.database_url.clone(),
        secret_key_file: cli.secret_key_file.clone(),
        telegram_bot_api_url: cli.telegram_bot_api_url.clone(),
        metrics_addr: cli.metrics_addr.clone(),
        api_addr: cli.api_addr.clone(),
        log_format: cli.log_format.clone(),
    };
    if cli.command == Command::Doctor {
        return run_doctor(&flags);
    }
    let settings = match config::read_file(flags.config.as_deref()).and_then(|file| {
        config::resolve(
            &flags,
            &|name| std::env::var(name).ok(),
            file,
            cli.command.needs(),
        )
    }) {
        Ok(settings) => settings,
        Err(err) => return config_error(&err),
    };
    logging::init(settings.log_format);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    runtime.block_on(run(cli.command, settings))
}

/// Prints one line per check on stdout; exit code 1 when any did not pass.
fn run_doctor(flags: &Flags) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let checks = runtime.block_on(doctor::run(flags, &|name| std::env::var(name).ok()));
    for check in &checks {
        println!("{}", check.line());
    }
    if checks.iter().all(doctor::Check::passed) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILURE)
    }
}

fn config_error(err: &ConfigError) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(EXIT_CONFIG)
}

async fn run(command: Command, settings: Settings) -> ExitCode {
    if command == Command::Migrate {
        return migrate(&settings).await;
    }
    let storage = match open_storage(&settings).await {
        Ok(storage) => storage,
        Err(code) => return code,
    };
    let shutdown = CancellationToken::new();
    if let Err(err) = shutdown_on_signal(shutdown.clone()) {
        eprintln!("error: cannot install signal handlers: {err}");
        return ExitCode::from(EXIT_FAILURE);
    }
    tracing::info!(
        command = command.name(),
        backend = ?storage.backend(),
        setup_bot_id = settings.bot_id().unwrap_or("none"),
        api_id = settings.api_id,
        api_hash = if settings.api_hash.is_some() { "set" } else { "unset" },
        bot_api = settings.bot_api_url.as_deref().unwrap_or("https://api.telegram.org"),
        "switchboard started"
    );

    let metrics = relay::metrics::Metrics::new();
    let runs_relay = matches!(command, Command::Run | Command::Relay);
    if let Some(addr) = settings.metrics_addr {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => listener,
            Err(err) => {
                eprintln!("error: cannot serve /metrics on METRICS_ADDR {addr}: {err}");
                return ExitCode::from(EXIT_FAILURE);
            }
        };
        let ops = ops::Ops {
            storage: storage.clone(),
            relay: runs_relay.then(|| std::sync::Arc::clone(&metrics)),
            stale_after: ops::DEFAULT_STALE_AFTER,
        };
        let addr = listener.local_addr().unwrap_or(addr);
        tracing::info!(%addr, "serving /metrics and /healthz");
        tokio::spawn(ops::serve(
            listener,
            std::sync::Arc::new(ops),
            shutdown.clone(),
        ));
    }

    // The relay of this process, woken by the API when it hands an action over.
    let relay_wake = std::sync::Arc::new(tokio::sync::Notify::new());
    if let Some(addr) = settings.api_addr {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => listener,
            Err(err) => {
                eprintln!("error: cannot serve the HTTP API on API_ADDR {addr}: {err}");
                return ExitCode::from(EXIT_FAILURE);
            }
        };
        let addr = listener.local_addr().unwrap_or(addr);
        tracing::info!(%addr, "serving the HTTP API");
        // The API only writes requests; a relay (this process or another on the same
        // database) carries them out.
        tokio::spawn(api::serve(
            listener,
            storage.clone(),
            api::ApiOptions {
                wake: runs_relay.then(|| std::sync::Arc::clone(&relay_wake)),
                ..api::ApiOptions::default()
            },
            shutdown.clone(),
        ));
    }

    let relay = runs_relay.then(|| {
        let api_id = settings
            .api_id
            .expect("run and relay require TG_API_ID (checked by config::resolve)");
        let factory = relay::grammers_gateway::GrammersFactory {
            storage: storage.clone(),
            options: account_session::ClientOptions::new(api_id),
        };
        // WEBHOOKS_ALLOW_PRIVATE=true lets webhooks reach this host and private networks (a
        // receiver such as n8n beside Switchboard); off, such requests are refused (SSRF).
        let allow_private = std::env::var("WEBHOOKS_ALLOW_PRIVATE")
            .is_ok_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true" | "yes"));
        let options = relay::supervisor::SupervisorOptions {
            webhooks: relay::webhooks::WebhookOptions {
                allow_private,
                ..Default::default()
            },
            ..Default::default()
        };
        let supervisor = relay::supervisor::Supervisor::new(
            storage.clone(),
            std::sync::Arc::new(factory),
            options,
        )
        .with_metrics(std::sync::Arc::clone(&metrics))
        .with_wake(relay_wake);
        tokio::spawn(supervisor.run(shutdown.clone()))
    });
    let setup_bot = if matches!(command, Command::Run | Command::ConfigBot) {
        match setup_bot(&settings, storage.clone(), shutdown.clone()) {
            Ok(task) => Some(task),
            Err(code) => return code,
        }
    } else {
        None
    };
    shutdown.cancelled().await;
    let mut exit = ExitCode::SUCCESS;
    if let Some(task) = setup_bot {
        match tokio::time::timeout(std::time::Duration::from_secs(15), task).await {
            Ok(Ok(Ok(()))) => {}
            Ok(Ok(Err(err))) => {
                eprintln!("error: the setup bot stopped: {err}");
                exit = ExitCode::from(EXIT_FAILURE);
            }
            Ok(Err(_)) | Err(_) => tracing::warn!("the setup bot did not stop cleanly"),
        }
    }
    if let Some(relay) = relay
        && tokio::time::timeout(std::time::Duration::from_secs(15), relay)
            .await
            .is_err()
    {
        tracing::warn!("the relay did not stop within 15 s");
    }

    tracing::info!("shutting down");
    if let Err(err) = storage.close().await {
        tracing::warn!(error = %err, "closing the database");
    }
    tracing::info!("stopped");
    exit
}

/// Starts the setup bot; when it stops on its own (its token refused, say), everything stops.
#[allow(clippy::result_large_err)]
fn setup_bot(
    settings: &Settings,
    storage: Storage,
    shutdown: CancellationToken,
) -> Result<tokio::task::JoinHandle<Result<(), teloxide::RequestError>>, ExitCode> {
    use secrecy::ExposeSecret as _;
    let token = settings
        .bot_token
        .as_ref()
        .expect("run and config-bot require TG_BOT_TOKEN (checked by config::resolve)");
    let mut bot = teloxide::Bot::new(token.expose_secret());
    if let Some(url) = &settings.bot_api_url {
        match url::Url::parse(url) {
            Ok(url) => bot = bot.set_api_url(url),
            Err(_) => {
                eprintln!("error: the Bot API URL is not a URL");
                return Err(ExitCode::from(EXIT_CONFIG));
            }
        }
    }
    let api_id = settings
        .api_id
        .expect("run and config-bot require TG_API_ID (checked by config::resolve)");
    let api_hash = settings
        .api_hash
        .clone()
        .expect("run and config-bot require TG_API_HASH (checked by config::resolve)");
    let auth = std::sync::Arc::new(account_session::GrammersAuthenticator::new(
        api_id, api_hash,
    ));
    let stop = shutdown.clone();
    Ok(tokio::spawn(async move {
        let result = config_bot::run(
            bot,
            storage,
            auth,
            config_bot::Options::default(),
            async move { stop.cancelled().await },
        )
        .await;
        // A setup bot that cannot run (its token refused) takes the process down with it.
        shutdown.cancel();
        result
    }))
}

async fn migrate(settings: &Settings) -> ExitCode {
    // Migrations need no key: they never read a secret.
    let sealer =
        storage::secret::Sealer::new(storage::secret::SecretKey::generate(), "no key (migrate)");
    let result = async {
        let storage = Storage::connect(&settings.database_url, sealer).await?;
        let applied = storage.migrate().await?;
        storage.close().await?;
        Ok::<_, storage::Error>(applied)
    }
    .await;
    match result {
        Ok(applied) => {
            tracing::info!(applied, "database schema is up to date");
            ExitCode::SUCCESS
        }
        Err(err) => database_error(settings, &err),
    }
}

/// Loads the key, opens the database, applies migrations and checks the key against it.
async fn open_storage(settings: &Settings) -> Result<Storage, ExitCode> {
    let (sealer, origin) = match load_key(&settings.key_source) {
        Ok(loaded) => loaded,
        Err(err) => {
            eprintln!("error: {err}");
            return Err(ExitCode::from(EXIT_CONFIG));
        }
    };
    if let KeyOrigin::CreatedFile(path) = &origin {
        tracing::warn!(
            path = %path.display(),
            "created a new secret key file beside the database (mode 0600); back it up with the database, \
             since sessions and tokens cannot be read without it"
        );
    }
    match Storage::open(&settings.database_url, sealer).await {
        Ok(storage) => Ok(storage),
        Err(storage::Error::Secret(err)) => {
            eprintln!("error: {err}");
            Err(ExitCode::from(EXIT_CONFIG))
        }
        Err(err) => Err(database_error(settings, &err)),
    }
}

fn database_error(settings: &Settings, err: &storage::Error) -> ExitCode {
    // Name where the URL came from, never the URL: it may hold a password.
    eprintln!(
        "error: cannot use the database from DATABASE_URL ({}): {err}",
        settings.database_url_source
    );
    ExitCode::from(EXIT_FAILURE)
}

/// Cancels `shutdown` on SIGINT (Ctrl-C) or SIGTERM (systemd, docker stop). The handlers are
/// installed before this returns, so a signal that arrives right after start-up is never met by
/// the default action (which would kill the process uncleanly).
fn shutdown_on_signal(shutdown: CancellationToken) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        tokio::spawn(async move {
            tokio::select! {
                _ = interrupt.recv() => tracing::info!("received SIGINT"),
                _ = terminate.recv() => tracing::info!("received SIGTERM"),
            }
            shutdown.cancel();
        });
    }
    #[cfg(not(unix))]
    tokio::spawn(async move {
        let _ = tokio::signal::ctrl_c().await;
        shutdown.cancel();
    });
    Ok(())
}

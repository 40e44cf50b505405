//! tracing set-up: `RUST_LOG` filters (default `info`), text or JSON lines on stderr, and records
//! of the `log` crate (teloxide, sqlx) bridged into the same output.

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::config::LogFormat;

/// Noisy dependencies are quieter than our own code unless RUST_LOG says otherwise.
const DEFAULT_FILTER: &str =
    "info,sqlx=warn,sea_orm=warn,sea_orm_migration=warn,hyper=warn,reqwest=warn";

pub fn init(format: LogFormat) {
    // Colour only on a terminal: journald, files and pipes get plain text.
    let ansi = std::io::stderr().is_terminal();
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(DEFAULT_FILTER));
    if let Err(err) = init_with(format, filter, ansi, std::io::stderr) {
        eprintln!("warning: logging was already set up: {err}");
    }
}

fn init_with<W>(
    format: LogFormat,
    filter: EnvFilter,
    ansi: bool,
    writer: W,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .with_ansi(ansi);
    // try_init also installs the `log` → tracing bridge (tracing-subscriber's tracing-log feature).
    match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn log_crate_records_reach_the_json_output_and_the_filter_applies() {
        let captured = Captured::default();
        let sink = captured.clone();
        init_with(
            LogFormat::Json,
            EnvFilter::new("info,noisy=warn"),
            false,
            move || sink.clone(),
        )
        .unwrap();
        // What teloxide and sqlx do: log through the `log` crate.
        log::info!(target: "teloxide::dispatching", "polling started");
        log::info!(target: "noisy", "filtered out");
        tracing::info!(connection = 7, "from tracing");
        let text = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(
            lines[0].contains("\"message\":\"polling started\"")
                && lines[0].contains("teloxide::dispatching"),
            "{text}"
        );
        assert!(lines[1].contains("\"connection\":7"), "{text}");
        assert!(lines.iter().all(|l| l.starts_with('{') && l.ends_with('}')));
    }
}

//! Opening a grammers client over a [`StoredSession`], and closing it with its state saved.

use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::sync::Arc;
use std::time::Duration;

use grammers_client::Client;
use grammers_client::client::ClientConfiguration;
use grammers_mtsender::{
    ConnectionParams, InvocationError, RetryContext, RetryPolicy, SenderPool, SenderPoolHandle,
};
use grammers_session::updates::UpdatesLike;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinHandle;

use crate::session::{SessionError, StoredSession};

/// See [`ClientOptions::updates_capacity`]: a backlog this long is hours of any bot's traffic.
pub const UPDATES_CAPACITY: usize = 1_000_000;

/// How a client is opened.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// MTProto api_id from my.telegram.org.
    pub api_id: i32,
    /// Updates received and not yet handled. grammers **drops** an update that arrives while
    /// this is full (grammers-mtsender 0.11 `sender_pool.rs`, `try_send`) and notices the gap
    /// only when a later update shows it, or after 15 minutes without updates (grammers-session
    /// `NO_UPDATES_TIMEOUT`): the tail of a burst would wait a quarter of an hour. So it is
    /// far above any burst; tokio's bounded channel allocates per 32 waiting updates, never the
    /// capacity, so an idle connection costs nothing for it.
    pub updates_capacity: usize,
    /// FLOOD_WAITs up to this long are slept through; longer ones surface as errors.
    pub flood_sleep_threshold: Duration,
    /// How often the update state is written back.
    pub flush_interval: Duration,
    /// Whether a request that failed with an I/O error is sent again. Off for sign-in clients:
    /// their calls are not idempotent (a resent auth.sendCode sends a second code), and an I/O
    /// error may come after Telegram acted on the request.
    pub retry_io: bool,
}

impl ClientOptions {
    pub fn new(api_id: i32) -> Self {
        Self {
            api_id,
            updates_capacity: UPDATES_CAPACITY,
            flood_sleep_threshold: Duration::from_secs(30),
            flush_interval: Duration::from_secs(2),
            retry_io: true,
        }
    }
}

/// Sleeps through short flood waits and (when `retry_io`) brief network errors, a few times;
/// gives up otherwise, so a long FLOOD_WAIT reaches the caller (as `Error::FloodWait`) instead
/// of stalling it. A FLOOD_WAIT is safe to retry: Telegram refused the request unprocessed.
pub struct FloodPolicy {
    pub threshold: Duration,
    pub tries: u32,
    pub retry_io: bool,
}

impl RetryPolicy for FloodPolicy {
    fn should_retry(&self, ctx: &RetryContext) -> ControlFlow<(), Duration> {
        if ctx.fail_count.get() > self.tries {
            return ControlFlow::Break(());
        }
        match &ctx.error {
            InvocationError::Rpc(rpc) if rpc.code == 420 => match rpc.value {
                Some(seconds) if u64::from(seconds) <= self.threshold.as_secs() => {
                    ControlFlow::Continue(Duration::from_secs(u64::from(seconds)))
                }
                _ => ControlFlow::Break(()),
            },
            InvocationError::Io(_) if self.retry_io => {
                ControlFlow::Continue(Duration::from_secs(1))
            }
            _ => ControlFlow::Break(()),
        }
    }
}

/// A running client: its handle, its updates, and the tasks that keep it going. Dropped
/// without [`close`](Self::close) (an abandoned sign-in), its tasks still end: the connection
/// is told to quit and the flusher writes once more and returns.
pub struct OpenClient {
    pub client: Client,
    /// Raw updates for `Client::stream_updates`.
    pub updates: Option<mpsc::Receiver<UpdatesLike>>,
    session: Arc<StoredSession>,
    guard: Guard,
    runner: JoinHandle<()>,
    flusher: JoinHandle<()>,
    /// Closed when the flusher task has ended.
    flusher_alive: watch::Receiver<()>,
}

/// Ends the client's tasks when the [`OpenClient`] goes away, however it goes.
struct Guard {
    pool: SenderPoolHandle,
    /// Dropping it stops the flusher.
    _stop_flusher: oneshot::Sender<()>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        // Already quit after `close`: then this is a no-op.
        self.pool.quit();
    }
}

impl OpenClient {
    pub fn session(&self) -> &Arc<StoredSession> {
        &self.session
    }

    /// Drops the connection to a DC that is no longer needed (after a DC migration).
    pub fn disconnect_from_dc(&self, dc_id: i32) {
        self.guard.pool.disconnect_from_dc(dc_id);
    }

    /// Resolves once the session flusher task has ended (for tests that an abandoned client
    /// leaves no task behind).
    pub fn flusher_ended(&self) -> impl Future<Output = ()> + Send + 'static {
        let mut alive = self.flusher_alive.clone();
        async move { while alive.changed().await.is_ok() {} }
    }

    /// Stops the network tasks and writes the session (update state included) one last time.
    pub async fn close(self) -> Result<(), SessionError> {
        self.flusher.abort();
        self.guard.pool.quit();
        if tokio::time::timeout(Duration::from_secs(5), self.runner)
            .await
            .is_err()
        {
            tracing::warn!("the MTProto connection did not close within 5 s");
        }
        self.session.flush().await
    }
}

/// Opens a client over `session`. Network connections are made on the first request.
pub fn open(session: Arc<StoredSession>, options: &ClientOptions) -> OpenClient {
    let params = ConnectionParams {
        device_model: "Switchboard".to_owned(),
        system_version: std::env::consts::OS.to_owned(),
        app_version: env!("CARGO_PKG_VERSION").to_owned(),
        retry_policy: Box::new(FloodPolicy {
            threshold: options.flood_sleep_threshold,
            tries: 3,
            retry_io: options.retry_io,
        }),
        updates_channel_capacity: NonZeroUsize::new(options.updates_capacity.max(1))
            .unwrap_or(NonZeroUsize::MIN),
        ..ConnectionParams::default()
    };
    let pool = SenderPool::with_configuration(Arc::clone(&session), options.api_id, params);
    let thin = pool.handle.thin.clone();
    let client = Client::with_configuration(
        pool.handle,
        ClientConfiguration {
            auto_cache_peers: true,
        },
    );
    let runner = tokio::spawn(pool.runner.run());
    let (stop_flusher, mut stop) = oneshot::channel::<()>();
    let (alive, flusher_alive) = watch::channel(());
    let flusher = {
        let session = Arc::clone(&session);
        let interval = options.flush_interval;
        tokio::spawn(async move {
            // Dropped when this task ends, which is what `flusher_ended` waits for.
            let _alive = alive;
            let mut tick = tokio::time::interval(interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                let last = tokio::select! {
                    _ = tick.tick() => false,
                    // The OpenClient is gone (its sender dropped): write once more, then end.
                    _ = &mut stop => true,
                };
                if session.is_dirty()
                    && let Err(err) = session.flush().await
                {
                    tracing::warn!(error = %err, "saving the session's update state");
                }
                if last {
                    return;
                }
            }
        })
    };
    OpenClient {
        client,
        updates: Some(pool.updates),
        session,
        guard: Guard {
            pool: thin,
            _stop_flusher: stop_flusher,
        },
        runner,
        flusher,
        flusher_alive,
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroU32;

    use super::*;

    fn context(fail_count: u32, error: InvocationError) -> RetryContext {
        RetryContext {
            fail_count: NonZeroU32::new(fail_count).unwrap(),
            slept_so_far: Duration::ZERO,
            error,
        }
    }

    fn rpc(code: i32, message: &str) -> InvocationError {
        InvocationError::Rpc(grammers_mtsender::RpcError::from(
            grammers_tl_types::types::RpcError {
                error_code: code,
                error_message: message.into(),
            },
        ))
    }

    #[test]
    fn short_flood_waits_are_slept_and_long_ones_surface() {
        let policy = FloodPolicy {
            threshold: Duration::from_secs(30),
            tries: 3,
            retry_io: true,
        };
        assert_eq!(
            policy.should_retry(&context(1, rpc(420, "FLOOD_WAIT_12"))),
            ControlFlow::Continue(Duration::from_secs(12))
        );
        assert_eq!(
            policy.should_retry(&context(1, rpc(420, "FLOOD_WAIT_300"))),
            ControlFlow::Break(())
        );
        assert_eq!(
            policy.should_retry(&context(4, rpc(420, "FLOOD_WAIT_1"))),
            ControlFlow::Break(()),
            "a few tries only"
        );
        let io = || InvocationError::Io(std::io::Error::other("reset"));
        assert_eq!(
            policy.should_retry(&context(2, io())),
            ControlFlow::Continue(Duration::from_secs(1))
        );
        assert_eq!(
            policy.should_retry(&context(1, rpc(400, "PEER_ID_INVALID"))),
            ControlFlow::Break(())
        );
        let sign_in = FloodPolicy {
            retry_io: false,
            ..policy
        };
        assert_eq!(
            sign_in.should_retry(&context(1, io())),
            ControlFlow::Break(()),
            "a sign-in call may have taken effect"
        );
        assert_eq!(
            sign_in.should_retry(&context(1, rpc(420, "FLOOD_WAIT_2"))),
            ControlFlow::Continue(Duration::from_secs(2))
        );
        assert_eq!(
            crate::errors::from_invocation(&rpc(420, "FLOOD_WAIT_300")),
            crate::SignInError::FloodWait { seconds: 300 },
            "what surfaces is typed"
        );
    }
}

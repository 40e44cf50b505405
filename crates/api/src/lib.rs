//! Switchboard's HTTP API (issue #15), served on `API_ADDR`: per-connection bearer keys, the
//! connection's dialogs and their history, and actions (send, status, labels, broadcast) that
//! the connection's relay worker carries out. The OpenAPI document at `/api/v1/openapi.json` is
//! generated from the handlers (utoipa).
//!
//! The API never talks to Telegram. It reads the database, and hands every action to the relay
//! through `api_requests` (see `storage::ApiRequests`), so an action takes exactly the paths an
//! operator's message or command takes: the same pacing, topic titles and analytics.

mod actions;
mod auth;
mod dialogs;
pub mod model;
pub mod problem;
mod ratelimit;

use std::sync::Arc;
use std::time::Duration;

use axum::Json;
use axum::Router;
use axum::routing::get;
use storage::Storage;
use tokio_util::sync::CancellationToken;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use problem::{ApiError, Problem};
pub use ratelimit::Rate;

/// How the API behaves.
#[derive(Debug, Clone)]
pub struct ApiOptions {
    /// Each key's rate limit.
    pub rate: Rate,
    /// How long an action waits for the relay before answering 202.
    pub wait: Duration,
    /// The relay supervisor of this process, woken after an action is handed over (without
    /// it, the relay notices at its next poll of the database).
    pub wake: Option<Arc<tokio::sync::Notify>>,
}

impl Default for ApiOptions {
    fn default() -> Self {
        ApiOptions {
            rate: Rate::default(),
            wait: Duration::from_secs(10),
            wake: None,
        }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    storage: Storage,
    limiter: Arc<ratelimit::Limiter>,
    wait: Duration,
    wake: Option<Arc<tokio::sync::Notify>>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Switchboard API",
        version = "1",
        description = "A connection's dialogs and actions. Authenticate with `Authorization: Bearer <API key>` (made in the setup bot's connection card). Errors are RFC 9457 problem details with a stable `type`."
    ),
    modifiers(&BearerAuth),
    components(schemas(Problem)),
    tags(
        (name = "dialogs", description = "Reading dialogs and their history"),
        (name = "actions", description = "Actions carried out by the connection's relay"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

/// The routes, not yet given their state, and the document generated from them.
fn parts() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(dialogs::list_dialogs))
        .routes(routes!(dialogs::get_dialog))
        .routes(routes!(dialogs::get_dialog_by_topic))
        .routes(routes!(dialogs::list_messages, actions::send_message))
        .routes(routes!(actions::set_status))
        .routes(routes!(actions::add_label))
        .routes(routes!(actions::remove_label))
        .routes(routes!(actions::start_broadcast))
        .routes(routes!(actions::get_request))
        .split_for_parts()
}

/// The OpenAPI document, as served at `/api/v1/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    parts().1
}

/// The API's routes over this database.
pub fn router(storage: Storage, options: &ApiOptions) -> Router {
    let state = AppState {
        storage,
        limiter: Arc::new(ratelimit::Limiter::new(options.rate)),
        wait: options.wait,
        wake: options.wake.clone(),
    };
    let (router, api) = parts();
    let api = Arc::new(api);
    router
        .with_state(state)
        .route(
            "/api/v1/openapi.json",
            get(move || {
                let api = Arc::clone(&api);
                async move { Json(api.as_ref().clone()) }
            }),
        )
        .fallback(|| async { ApiError::NotFound("no such endpoint".into()) })
}

/// Serves the API on `listener` until `shutdown`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    storage: Storage,
    options: ApiOptions,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    axum::serve(listener, router(storage, &options))
        .with_graceful_shutdown(async move { shutdown.cancelled().await })
        .await
}

//! The mutating endpoints. Each checks what it can here (the dialog is the caller's, the label
//! exists, the text fits), then hands the action to the connection's relay worker through the
//! database (`api_requests`) and waits a bounded time for its outcome: 200 with it, the
//! worker's refusal as a problem, or 202 with the request to poll at `/api/v1/requests/{id}`.

use std::time::Duration;

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use storage::{ApiAction, ApiRequest, ApiRequestStatus, ConnectionId, Submitted};

use crate::AppState;
use crate::auth::Caller;
use crate::dialogs::own_dialog;
use crate::model::{BroadcastBody, LabelBody, RequestView, SendMessageBody, SetStatusBody};
use crate::problem::{ApiError, Problem, rejections};

/// Telegram's longest text message.
const MAX_TEXT: usize = 4096;
const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// The `Idempotency-Key` header, when sent: 1 to 255 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(IDEMPOTENCY_KEY) else {
        return Ok(None);
    };
    let bad =
        || ApiError::BadRequest("Idempotency-Key must be 1 to 255 visible ASCII characters".into());
    let key = value.to_str().map_err(|_| bad())?;
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad());
    }
    Ok(Some(key.to_owned()))
}

fn check_text(text: &str) -> Result<(), ApiError> {
    let chars = text.chars().count();
    if text.trim().is_empty() || chars > MAX_TEXT {
        return Err(ApiError::Unprocessable(format!(
            "text must have 1 to {MAX_TEXT} characters and not be blank (it has {chars})"
        )));
    }
    Ok(())
}

/// The connection's label with this name (any case), or `missing`.
async fn own_label(
    state: &AppState,
    connection: ConnectionId,
    name: &str,
    missing: fn(String) -> ApiError,
) -> Result<String, ApiError> {
    let labels = state.storage.labels().list(connection).await?;
    labels
        .into_iter()
        .find(|l| l.name.to_lowercase() == name.to_lowercase())
        .map(|l| l.name)
        .ok_or_else(|| missing(format!("no label `{name}` on this connection")))
}

/// Hands the action over and answers with its outcome, or 202 when the worker has not finished
/// it within the wait (it may be stopped, or Telegram may be pacing it).
async fn submit(
    state: &AppState,
    connection: ConnectionId,
    headers: &HeaderMap,
    action: ApiAction,
) -> Result<Response, ApiError> {
    let key = idempotency_key(headers)?;
    let request = match state
        .storage
        .api_requests()
        .submit(connection, key.as_deref(), &action)
        .await?
    {
        Submitted::New(request) => request,
        Submitted::Existing(request) if request.action == action => request,
        Submitted::Existing(request) => {
            return Err(ApiError::Unprocessable(format!(
                "this Idempotency-Key was used for another request ({}, id {})",
                request.action.kind(),
                request.id
            )));
        }
    };
    if let Some(wake) = &state.wake {
        wake.notify_one();
    }
    let request = wait_for(state, connection, request).await?;
    answer(request)
}

/// Polls the request until it is finished or the wait is over (backing off to 200 ms).
async fn wait_for(
    state: &AppState,
    connection: ConnectionId,
    mut request: ApiRequest,
) -> Result<ApiRequest, ApiError> {
    let deadline = tokio::time::Instant::now() + state.wait;
    let mut pause = Duration::from_millis(5);
    while !request.status.is_finished() && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(pause).await;
        pause = (pause * 2).min(Duration::from_millis(200));
        match state
            .storage
            .api_requests()
            .get(connection, request.id)
            .await?
        {
            Some(now) => request = now,
            None => break, // the connection was deleted meanwhile
        }
    }
    Ok(request)
}

/// 200 with a finished request, its refusal as a problem, or 202 while it is still pending.
pub(crate) fn answer(request: ApiRequest) -> Result<Response, ApiError> {
    match request.status {
        ApiRequestStatus::Done => {
            Ok((StatusCode::OK, Json(RequestView::from(request))).into_response())
        }
        ApiRequestStatus::Failed => {
            let field = |name: &str| {
                request
                    .result
                    .as_ref()
                    .and_then(|r| r.get(name))
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            Err(ApiError::Refused {
                code: field("error"),
                detail: field("detail"),
                request_id: request.id,
            })
        }
        ApiRequestStatus::Pending | ApiRequestStatus::Working => {
            let location = format!("/api/v1/requests/{}", request.id);
            let mut response =
                (StatusCode::ACCEPTED, Json(RequestView::from(request))).into_response();
            if let Ok(value) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            Ok(response)
        }
    }
}

/// Send a text to the user as the bot or account.
///
/// The relay sends it through the connection's own pacing; the topic shows it marked as sent
/// through the API, and the dialog becomes "support answered" as after an operator's answer.
/// With the same `Idempotency-Key` a retry returns the first outcome and sends nothing.
#[utoipa::path(
    post,
    path = "/api/v1/dialogs/{user_id}/messages",
    tag = "actions",
    params(
        ("user_id" = i64, Path, description = "The user's Telegram id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe: the same key returns the first outcome, and nothing is done twice"),
    ),
    request_body = SendMessageBody,
    responses(
        (status = 200, description = "Sent", body = RequestView),
        (status = 202, description = "Handed to the relay, not finished yet: poll the Location", body = RequestView),
        (status = 400, description = "A malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dialog on this connection", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The relay refused (user blocked the bot, user banned)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input, or the Idempotency-Key was used for another request", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 502, description = "Telegram failed the request", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn send_message(
    State(state): State<AppState>,
    Caller(connection): Caller,
    headers: HeaderMap,
    path: Result<Path<i64>, PathRejection>,
    body: Result<Json<SendMessageBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Path(user_id) = path.map_err(rejections::path)?;
    let Json(body) = body.map_err(rejections::json)?;
    check_text(&body.text)?;
    own_dialog(&state, connection, user_id).await?;
    let action = ApiAction::SendMessage {
        user_id,
        text: body.text,
    };
    submit(&state, connection, &headers, action).await
}

/// Set a dialog's status, as /hold, /wait and /close do.
#[utoipa::path(
    put,
    path = "/api/v1/dialogs/{user_id}/status",
    tag = "actions",
    params(
        ("user_id" = i64, Path, description = "The user's Telegram id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe"),
    ),
    request_body = SetStatusBody,
    responses(
        (status = 200, description = "Set", body = RequestView),
        (status = 202, description = "Handed to the relay, not finished yet", body = RequestView),
        (status = 400, description = "A malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dialog on this connection", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The relay refused", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 502, description = "Telegram failed the request", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn set_status(
    State(state): State<AppState>,
    Caller(connection): Caller,
    headers: HeaderMap,
    path: Result<Path<i64>, PathRejection>,
    body: Result<Json<SetStatusBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Path(user_id) = path.map_err(rejections::path)?;
    let Json(body) = body.map_err(rejections::json)?;
    own_dialog(&state, connection, user_id).await?;
    let status: storage::DialogStatus = body.status.into();
    let action = ApiAction::SetStatus {
        user_id,
        status: status.as_str().to_owned(),
    };
    submit(&state, connection, &headers, action).await
}

/// Put a label on a dialog, as `/mark NAME` does in its topic.
#[utoipa::path(
    post,
    path = "/api/v1/dialogs/{user_id}/labels",
    tag = "actions",
    params(
        ("user_id" = i64, Path, description = "The user's Telegram id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe"),
    ),
    request_body = LabelBody,
    responses(
        (status = 200, description = "Labelled", body = RequestView),
        (status = 202, description = "Handed to the relay, not finished yet", body = RequestView),
        (status = 400, description = "A malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dialog on this connection", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The relay refused", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input, or no such label", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 502, description = "Telegram failed the request", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn add_label(
    State(state): State<AppState>,
    Caller(connection): Caller,
    headers: HeaderMap,
    path: Result<Path<i64>, PathRejection>,
    body: Result<Json<LabelBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Path(user_id) = path.map_err(rejections::path)?;
    let Json(body) = body.map_err(rejections::json)?;
    own_dialog(&state, connection, user_id).await?;
    let label = own_label(&state, connection, &body.label, ApiError::Unprocessable).await?;
    submit(
        &state,
        connection,
        &headers,
        ApiAction::AddLabel { user_id, label },
    )
    .await
}

/// Take a label off a dialog, as `/mark del NAME` does.
#[utoipa::path(
    delete,
    path = "/api/v1/dialogs/{user_id}/labels/{label}",
    tag = "actions",
    params(
        ("user_id" = i64, Path, description = "The user's Telegram id"),
        ("label" = String, Path, description = "The label's name"),
        ("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe"),
    ),
    responses(
        (status = 200, description = "Taken off (or it was not on)", body = RequestView),
        (status = 202, description = "Handed to the relay, not finished yet", body = RequestView),
        (status = 400, description = "A malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dialog or label on this connection", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The relay refused", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 502, description = "Telegram failed the request", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn remove_label(
    State(state): State<AppState>,
    Caller(connection): Caller,
    headers: HeaderMap,
    path: Result<Path<(i64, String)>, PathRejection>,
) -> Result<Response, ApiError> {
    let Path((user_id, label)) = path.map_err(rejections::path)?;
    own_dialog(&state, connection, user_id).await?;
    let label = own_label(&state, connection, &label, ApiError::NotFound).await?;
    submit(
        &state,
        connection,
        &headers,
        ApiAction::RemoveLabel { user_id, label },
    )
    .await
}

/// Send a text to every dialog with a label: a broadcast, as `/send to NAME` and Start.
///
/// The text is posted in the group's General topic with the broadcast's progress message under
/// it; the answer comes once the broadcast has started (it then runs on its own).
#[utoipa::path(
    post,
    path = "/api/v1/broadcasts",
    tag = "actions",
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes retries safe")),
    request_body = BroadcastBody,
    responses(
        (status = 200, description = "Started", body = RequestView),
        (status = 202, description = "Handed to the relay, not started yet", body = RequestView),
        (status = 400, description = "A malformed request", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another broadcast is unfinished, or nobody has the label", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid input, or no such label", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
        (status = 502, description = "Telegram failed the request", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
pub async fn start_broadcast(
    State(state): State<AppState>,
    Caller(connection): Caller,
    headers: HeaderMap,
    body: Result<Json<BroadcastBody>, JsonRejection>,
) -> Result<Response, ApiError> {
    let Json(body) = body.map_err(rejections::json)?;
    check_text(&body.text)?;
    let label = own_label(&state, connection, &body.label, ApiError::Unprocessable).await?;
    let action = ApiAction::Broadcast {
        label,
        text: body.text,
    };
    submit(&state, connection, &headers, action).await
}

/// An action's state and outcome.
#[utoipa::path(
    get,
    path = "/api/v1/requests/{id}",
    tag = "actions",
    params(("id" = i64, Path, description = "The request's id")),
    responses(
        (status = 200, description = "The request, finished or not", body = RequestView),
        (status = 400, description = "A malformed path", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such request on this connection", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(("bearer" = []))
)]
pub async fn get_request(
    State(state): State<AppState>,
    Caller(connection): Caller,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<RequestView>, ApiError> {
    let Path(id) = path.map_err(rejections::path)?;
    let request = state
        .storage
        .api_requests()
        .get(connection, id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no request {id}")))?;
    Ok(Json(request.into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idempotency_keys_are_short_visible_ascii() {
        let mut headers = HeaderMap::new();
        assert_eq!(idempotency_key(&headers).unwrap(), None);
        headers.insert(IDEMPOTENCY_KEY, HeaderValue::from_static("order-42"));
        assert_eq!(
            idempotency_key(&headers).unwrap().as_deref(),
            Some("order-42")
        );
        headers.insert(IDEMPOTENCY_KEY, HeaderValue::from_static("two words"));
        assert!(idempotency_key(&headers).is_err());
        headers.insert(
            IDEMPOTENCY_KEY,
            HeaderValue::from_str(&"x".repeat(256)).unwrap(),
        );
        assert!(idempotency_key(&headers).is_err());
    }

    #[test]
    fn texts_are_checked() {
        assert!(check_text("hi").is_ok());
        assert!(check_text("  ").is_err());
        assert!(check_text(&"é".repeat(4096)).is_ok());
        assert!(check_text(&"é".repeat(4097)).is_err());
    }
}

//! The reading endpoints: dialogs (filtered, paginated), one dialog by user or by topic, and a
//! dialog's message history. They read the database directly: reading changes nothing the
//! relay must carry out.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use storage::ConnectionId;

use crate::AppState;
use crate::auth::Caller;
use crate::model::{DialogFilter, DialogPage, DialogView, HistoryPage, MessagePage, MessageView};
use crate::problem::{ApiError, Problem, rejections};

const DEFAULT_LIMIT: u32 = 50;
const MAX_LIMIT: u32 = 200;

pub(crate) fn page_size(limit: Option<u32>) -> Result<u32, ApiError> {
    match limit.unwrap_or(DEFAULT_LIMIT) {
        n @ 1..=MAX_LIMIT => Ok(n),
        n => Err(ApiError::BadRequest(format!(
            "limit must be 1 to {MAX_LIMIT}, not {n}"
        ))),
    }
}

/// Whether a dialog passes the filter (the functional core of the listing).
fn admits(filter: &DialogFilter, dialog: &DialogView) -> bool {
    filter.status.is_none_or(|s| s == dialog.status)
        && filter.label.as_ref().is_none_or(|label| {
            let label = label.to_lowercase();
            dialog.labels.iter().any(|l| l.to_lowercase() == label)
        })
        && filter.updated_since.is_none_or(|t| dialog.updated_at >= t)
}

async fn hide_names(state: &AppState, connection: ConnectionId) -> Result<bool, ApiError> {
    Ok(state
        .storage
        .parameters()
        .load(connection)
        .await?
        .hide_info
        .name)
}

/// A dialog of the caller's connection, or 404.
pub(crate) async fn own_dialog(
    state: &AppState,
    connection: ConnectionId,
    user_id: i64,
) -> Result<storage::Dialog, ApiError> {
    state
        .storage
        .dialogs()
        .get(connection, user_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no dialog with user {user_id}")))
}

/// List the connection's dialogs.
#[utoipa::path(
    get,
    path = "/api/v1/dialogs",
    tag = "dialogs",
    params(DialogFilter),
    responses(
        (status = 200, description = "A page of dialogs", body = DialogPage),
        (status = 400, description = "A malformed query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(("bearer" = []))
)]
pub async fn list_dialogs(
    State(state): State<AppState>,
    Caller(connection): Caller,
    query: Result<Query<DialogFilter>, QueryRejection>,
) -> Result<Json<DialogPage>, ApiError> {
    let Query(filter) = query.map_err(rejections::query)?;
    let limit = u64::from(page_size(filter.limit)?);
    let offset = filter.offset.unwrap_or(0);
    let hide = hide_names(&state, connection).await?;
    // One row more than the page: whether there is a next page, without counting them all.
    let query = storage::DialogQuery {
        status: filter.status.map(Into::into),
        label: filter.label.clone(),
        updated_since: filter.updated_since,
        offset,
        limit: limit + 1,
    };
    let mut rows = state.storage.dialogs().page(connection, &query).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let dialogs: Vec<DialogView> = rows
        .into_iter()
        .map(|d| DialogView::new(d, hide))
        // The database matched the label's text; this keeps only exact names.
        .filter(|d| admits(&filter, d))
        .collect();
    Ok(Json(DialogPage {
        next_offset: more.then_some(offset.saturating_add(limit)),
        dialogs,
    }))
}

/// One dialog, by the user's Telegram id.
#[utoipa::path(
    get,
    path = "/api/v1/dialogs/{user_id}",
    tag = "dialogs",
    params(("user_id" = i64, Path, description = "The user's Telegram id")),
    responses(
        (status = 200, description = "The dialog", body = DialogView),
        (status = 400, description = "A malformed path", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dialog on this connection", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(("bearer" = []))
)]
pub async fn get_dialog(
    State(state): State<AppState>,
    Caller(connection): Caller,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<DialogView>, ApiError> {
    let Path(user_id) = path.map_err(rejections::path)?;
    let dialog = own_dialog(&state, connection, user_id).await?;
    let hide = hide_names(&state, connection).await?;
    Ok(Json(DialogView::new(dialog, hide)))
}

/// One dialog, by its topic in the backend group.
#[utoipa::path(
    get,
    path = "/api/v1/topics/{topic_id}",
    tag = "dialogs",
    params(("topic_id" = i64, Path, description = "The forum topic's id")),
    responses(
        (status = 200, description = "The topic's dialog", body = DialogView),
        (status = 400, description = "A malformed path", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No dialog has this topic on this connection", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(("bearer" = []))
)]
pub async fn get_dialog_by_topic(
    State(state): State<AppState>,
    Caller(connection): Caller,
    path: Result<Path<i64>, PathRejection>,
) -> Result<Json<DialogView>, ApiError> {
    let Path(topic_id) = path.map_err(rejections::path)?;
    let dialog = state
        .storage
        .dialogs()
        .by_topic(connection, topic_id)
        .await?
        .ok_or_else(|| ApiError::NotFound(format!("no dialog has topic {topic_id}")))?;
    let hide = hide_names(&state, connection).await?;
    Ok(Json(DialogView::new(dialog, hide)))
}

/// A dialog's messages, newest first, from the relay's message links.
#[utoipa::path(
    get,
    path = "/api/v1/dialogs/{user_id}/messages",
    tag = "dialogs",
    params(("user_id" = i64, Path, description = "The user's Telegram id"), HistoryPage),
    responses(
        (status = 200, description = "A page of messages", body = MessagePage),
        (status = 400, description = "A malformed path or query", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key or a bad key", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such dialog on this connection", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Rate limited", body = Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds to wait"))),
    ),
    security(("bearer" = []))
)]
pub async fn list_messages(
    State(state): State<AppState>,
    Caller(connection): Caller,
    path: Result<Path<i64>, PathRejection>,
    query: Result<Query<HistoryPage>, QueryRejection>,
) -> Result<Json<MessagePage>, ApiError> {
    let Path(user_id) = path.map_err(rejections::path)?;
    let Query(page) = query.map_err(rejections::query)?;
    let limit = page_size(page.limit)?;
    own_dialog(&state, connection, user_id).await?;
    // One more than asked tells whether there is a next page.
    let mut links = state
        .storage
        .message_links()
        .history(connection, user_id, page.before, u64::from(limit) + 1)
        .await?;
    let more = links.len() > limit as usize;
    links.truncate(limit as usize);
    let messages: Vec<MessageView> = links
        .into_iter()
        .map(|(id, link)| MessageView::new(id, link))
        .collect();
    Ok(Json(MessagePage {
        next_before: if more {
            messages.last().map(|m| m.id)
        } else {
            None
        },
        messages,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;

    fn view(user_id: i64, status: Status, labels: &[&str], updated_at: i64) -> DialogView {
        DialogView {
            user_id,
            topic_id: None,
            status,
            status_since: 0,
            labels: labels.iter().map(|l| (*l).to_owned()).collect(),
            name: None,
            username: None,
            language: None,
            banned: false,
            first_seen_at: 0,
            last_user_at: None,
            last_operator_at: None,
            updated_at,
            messages_from_user: 0,
            messages_from_operators: 0,
        }
    }

    #[test]
    fn filters_combine() {
        let filter = DialogFilter {
            status: Some(Status::Closed),
            label: Some("VIP".into()),
            updated_since: Some(100),
            limit: None,
            offset: None,
        };
        assert!(admits(&filter, &view(1, Status::Closed, &["vip"], 100)));
        assert!(!admits(
            &filter,
            &view(1, Status::UserAnswered, &["vip"], 100)
        ));
        assert!(!admits(&filter, &view(1, Status::Closed, &["other"], 100)));
        assert!(!admits(&filter, &view(1, Status::Closed, &["vip"], 99)));
    }

    #[test]
    fn page_sizes_are_bounded() {
        assert_eq!(page_size(None).unwrap(), 50);
        assert_eq!(page_size(Some(200)).unwrap(), 200);
        assert!(page_size(Some(0)).is_err());
        assert!(page_size(Some(201)).is_err());
    }
}

//! Errors as RFC 9457 problem details (`application/problem+json`), each kind with a stable
//! `type` URI that clients can match on. Texts name what was wrong with the request; they never
//! carry a key.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The media type of every error answer.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem, as sent.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema, PartialEq)]
pub struct Problem {
    /// Identifies the kind of problem: `urn:switchboard:problem:<kind>`; stable.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What exactly was wrong this time.
    pub detail: String,
    /// The API request this problem is the outcome of, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<i64>,
}

/// Everything a handler can answer instead of its result.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Unauthorized(String),
    #[error("{detail}")]
    RateLimited { detail: String, retry_after: u64 },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// The relay worker refused the request (`code` is its stable reason).
    #[error("{detail}")]
    Refused {
        code: String,
        detail: String,
        request_id: i64,
    },
    #[error("the database is unavailable")]
    Storage(#[from] storage::Error),
}

impl ApiError {
    /// (status, kind, title) for the answer.
    fn parts(&self) -> (StatusCode, String, &'static str) {
        let fixed = |status, kind: &str, title| (status, kind.to_owned(), title);
        match self {
            ApiError::Unauthorized(_) => fixed(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Missing or invalid API key",
            ),
            ApiError::RateLimited { .. } => fixed(
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
            ),
            ApiError::NotFound(_) => fixed(StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::BadRequest(_) => fixed(StatusCode::BAD_REQUEST, "bad-request", "Bad request"),
            ApiError::Unprocessable(_) => fixed(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid-input",
                "Invalid input",
            ),
            ApiError::UnsupportedMediaType(_) => fixed(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
            ),
            ApiError::Refused { code, .. } => {
                let status = match code.as_str() {
                    "dialog_not_found" => StatusCode::NOT_FOUND,
                    "unknown_label" | "invalid_status" => StatusCode::UNPROCESSABLE_ENTITY,
                    "relay_error" | "interrupted" => StatusCode::BAD_GATEWAY,
                    _ => StatusCode::CONFLICT,
                };
                (
                    status,
                    code.replace('_', "-"),
                    "The relay refused the request",
                )
            }
            ApiError::Storage(_) => fixed(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
            ),
        }
    }

    pub fn problem(&self) -> Problem {
        let (status, kind, title) = self.parts();
        Problem {
            kind: format!("urn:switchboard:problem:{kind}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail: self.to_string(),
            request_id: match self {
                ApiError::Refused { request_id, .. } => Some(*request_id),
                _ => None,
            },
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Storage(err) = &self {
            tracing::warn!(error = %err, "API: database error");
        }
        let problem = self.problem();
        let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::BAD_REQUEST);
        let body = serde_json::to_vec(&problem).unwrap_or_default();
        let mut response = (status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let ApiError::RateLimited { retry_after, .. } = self {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Turns axum's rejections of a path, query or body into problems naming the exact fault.
pub mod rejections {
    use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};

    use super::ApiError;

    pub fn path(r: PathRejection) -> ApiError {
        ApiError::BadRequest(format!("path: {}", r.body_text()))
    }

    pub fn query(r: QueryRejection) -> ApiError {
        ApiError::BadRequest(format!("query: {}", r.body_text()))
    }

    pub fn json(r: JsonRejection) -> ApiError {
        match r {
            JsonRejection::MissingJsonContentType(_) => ApiError::UnsupportedMediaType(
                "the body must be JSON, with Content-Type: application/json".into(),
            ),
            JsonRejection::JsonDataError(e) => ApiError::Unprocessable(e.body_text()),
            other => ApiError::BadRequest(other.body_text()),
        }
    }
}

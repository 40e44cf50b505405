//! Who is calling: the bearer key names one connection, and every handler sees only that one.
//! The key is checked against its stored hash (in constant time, in `storage`) before anything
//! else; then the key's rate limit applies.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use secrecy::SecretString;
use storage::ConnectionId;

use crate::AppState;
use crate::problem::ApiError;

/// The connection whose key came with the request.
#[derive(Debug, Clone, Copy)]
pub struct Caller(pub ConnectionId);

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Some(header) = parts.headers.get(AUTHORIZATION) else {
            return Err(ApiError::Unauthorized(
                "no Authorization header: send `Authorization: Bearer <API key>`".into(),
            ));
        };
        let key = header
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .ok_or_else(|| {
                ApiError::Unauthorized("the Authorization header is not `Bearer <API key>`".into())
            })?;
        let key = SecretString::from(key.to_owned());
        let Some(connection) = state.storage.api_keys().verify(&key).await? else {
            return Err(ApiError::Unauthorized(
                "the API key is not valid (it may have been reset in the setup bot)".into(),
            ));
        };
        state
            .limiter
            .check(connection)
            .map_err(|retry_after| ApiError::RateLimited {
                detail: format!("this API key's rate limit is reached; retry in {retry_after} s"),
                retry_after,
            })?;
        Ok(Caller(connection))
    }
}

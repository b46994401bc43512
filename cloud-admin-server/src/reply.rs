//! Answers in Atlassian's shapes: JSON bodies, `{"errors": [...]}` for errors, cursor pages.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A JSON answer.
pub fn json(status: StatusCode, body: Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// An answer without a body.
pub fn empty(status: StatusCode) -> Response {
    status.into_response()
}

/// Atlassian's error envelope.
pub fn error(status: StatusCode, code: &str, title: &str, detail: &str) -> Response {
    json(
        status,
        json!({"errors": [{"id": code.to_lowercase(), "status": status.as_u16().to_string(), "code": code, "title": title, "detail": detail}]}),
    )
}

/// 400 with a reason.
pub fn bad_request(detail: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "ADMIN-400",
        "Invalid request",
        detail,
    )
}

/// 404 for a missing item.
pub fn not_found(what: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "ADMIN-404",
        "Not found",
        &format!("{what} does not exist"),
    )
}

/// 405 with `Allow`, for a path that exists with other methods.
pub fn method_not_allowed(method: &axum::http::Method, allowed: &[&str]) -> Response {
    let mut response = error(
        StatusCode::METHOD_NOT_ALLOWED,
        "ADMIN-405",
        "Method not allowed",
        &format!("{method} is not allowed here; use {}", allowed.join(" or ")),
    );
    if let Ok(value) = allowed.join(", ").parse() {
        response.headers_mut().insert(header::ALLOW, value);
    }
    response
}

/// 403 for what the caller's key may not do.
pub fn forbidden(detail: &str) -> Response {
    error(StatusCode::FORBIDDEN, "ADMIN-403", "Forbidden", detail)
}

/// 409 for a state transition that is not allowed.
pub fn conflict(detail: &str) -> Response {
    error(StatusCode::CONFLICT, "ADMIN-409", "Conflict", detail)
}

/// 429 with `Retry-After`.
pub fn rate_limited(retry_after_secs: u64) -> Response {
    let mut response = error(
        StatusCode::TOO_MANY_REQUESTS,
        "ADMIN-429",
        "Rate limited",
        "too many requests",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, retry_after_secs.into());
    response
}

/// One page of `items` starting at the opaque `cursor`; the cursor is the offset, and
/// `links.next` carries the next one.
pub fn page(
    items: Vec<Value>,
    cursor: Option<&str>,
    page_size: usize,
) -> (Vec<Value>, Option<String>) {
    let start: usize = cursor
        .and_then(|c| c.strip_prefix("offset-"))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let end = start.saturating_add(page_size).min(items.len());
    let next = (end < items.len()).then(|| format!("offset-{end}"));
    let slice = items.into_iter().skip(start).take(page_size).collect();
    (slice, next)
}

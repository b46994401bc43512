//! The one error type every generated operation returns.

use std::time::Duration;

use crate::meta::Requirement;

/// Why an operation failed. Each variant names the operation; none ever contains the API key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 401: the key is unknown, expired or revoked.
    #[error("{operation}: the API key was not accepted (401 Unauthorized)")]
    Unauthorized {
        /// The operationId.
        operation: &'static str,
        /// The response body, as the server sent it.
        body: String,
    },
    /// 403: for a scoped key this means a scope is missing.
    #[error("{operation}: forbidden (403); this operation needs {requirement}")]
    Forbidden {
        /// The operationId.
        operation: &'static str,
        /// The scopes the operation needs, from the generated scope table.
        requirement: Requirement,
        /// The response body, as the server sent it.
        body: String,
    },
    /// 404: the organization or the addressed item does not exist.
    #[error("{operation}: not found (404)")]
    NotFound {
        /// The operationId.
        operation: &'static str,
        /// The response body, as the server sent it.
        body: String,
    },
    /// 409: the request conflicts with the current state.
    #[error("{operation}: conflict (409)")]
    Conflict {
        /// The operationId.
        operation: &'static str,
        /// The response body, as the server sent it.
        body: String,
    },
    /// 429: rate limited; `retry_after` is the server's advice, if it gave one.
    #[error("{operation}: rate limited (429)")]
    RateLimited {
        /// The operationId.
        operation: &'static str,
        /// The wait the server asked for.
        retry_after: Option<Duration>,
        /// The response body, as the server sent it.
        body: String,
    },
    /// A 5xx answer.
    #[error("{operation}: server error ({status})")]
    Server {
        /// The operationId.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The response body, as the server sent it.
        body: String,
    },
    /// Any other non-success status.
    #[error("{operation}: unexpected status {status}")]
    Status {
        /// The operationId.
        operation: &'static str,
        /// The HTTP status code.
        status: u16,
        /// The response body, as the server sent it.
        body: String,
    },
    /// The response body did not match the documented schema.
    #[error("{operation}: could not decode the response at `{path}`: {message}")]
    Decode {
        /// The operationId.
        operation: &'static str,
        /// Where in the JSON body decoding failed, e.g. `data[2].attributes.type`.
        path: String,
        /// What serde reported.
        message: String,
    },
    /// The request body could not be encoded as JSON.
    #[error("{operation}: could not encode the request body: {message}")]
    Encode {
        /// The operationId.
        operation: &'static str,
        /// What serde reported.
        message: String,
    },
    /// A path parameter would have sent the request elsewhere than the operation called (an
    /// empty segment, `.` or `..`, which URL resolution removes): nothing was sent.
    #[error("{operation}: {message}; nothing was sent")]
    Path {
        /// The operationId.
        operation: &'static str,
        /// Which parameter, and why.
        message: String,
    },
    /// The request never got an HTTP answer: connection, TLS or timeout.
    #[error("{operation}: {source}")]
    Transport {
        /// The operationId.
        operation: &'static str,
        /// The underlying error (its message carries the URL, never the key).
        #[source]
        source: reqwest::Error,
    },
    /// No complete answer within the transport's timeout.
    #[error("{operation}: timed out after {timeout:?} without a complete answer")]
    TimedOut {
        /// The operationId.
        operation: &'static str,
        /// The timeout that passed.
        timeout: Duration,
    },
    /// The success answer was larger than the transport reads (see
    /// `TransportBuilder::max_response_bytes`).
    #[error("{operation}: the answer is larger than {limit} bytes; not read")]
    TooLarge {
        /// The operationId.
        operation: &'static str,
        /// The limit that was passed.
        limit: usize,
    },
    /// The server answered with a redirect (3xx is `Status`: redirects are not followed), or
    /// an application's own HTTP client followed one: the answer came from elsewhere than the
    /// operation's URL, and is refused.
    #[error(
        "{operation}: the answer came from {to}, not the operation's URL (redirects are not followed)"
    )]
    Redirected {
        /// The operationId.
        operation: &'static str,
        /// Where the answer came from (origin and path; no query).
        to: String,
    },
    /// The client could not be built.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The credential lacks scopes the program vouched for (the checked entry point asked
    /// Atlassian): nothing else was sent.
    #[error("the credential lacks {} on {site}: {}", if missing.len() == 1 { "a scope" } else { "scopes" }, missing.join(", "))]
    ScopesMissing {
        /// The site Atlassian listed them for.
        site: String,
        /// The scopes vouched for and not held.
        missing: Vec<String>,
    },
    /// Atlassian cannot say which scopes the credential holds (the checked entry point asked).
    #[error("the credential's scopes cannot be checked: {reason}")]
    ScopesUnchecked {
        /// Why, and what that means for this credential.
        reason: String,
    },
}

impl Error {
    /// Marks the body of an error answer as cut short at `ERROR_BODY_BYTES`.
    pub(crate) fn mark_truncated(&mut self) {
        match self {
            Error::Unauthorized { body, .. }
            | Error::Forbidden { body, .. }
            | Error::NotFound { body, .. }
            | Error::Conflict { body, .. }
            | Error::RateLimited { body, .. }
            | Error::Server { body, .. }
            | Error::Status { body, .. } => body.push_str(" [truncated]"),
            _ => {}
        }
    }

    /// The variant's name (`"Forbidden"`, `"TimedOut"`, ...): what logs say of an error
    /// without its text, which may quote an answer's body.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Unauthorized { .. } => "Unauthorized",
            Error::Forbidden { .. } => "Forbidden",
            Error::NotFound { .. } => "NotFound",
            Error::Conflict { .. } => "Conflict",
            Error::RateLimited { .. } => "RateLimited",
            Error::Server { .. } => "Server",
            Error::Status { .. } => "Status",
            Error::Decode { .. } => "Decode",
            Error::Encode { .. } => "Encode",
            Error::Path { .. } => "Path",
            Error::Transport { .. } => "Transport",
            Error::TimedOut { .. } => "TimedOut",
            Error::TooLarge { .. } => "TooLarge",
            Error::Redirected { .. } => "Redirected",
            Error::Config(_) => "Config",
            Error::ScopesMissing { .. } => "ScopesMissing",
            Error::ScopesUnchecked { .. } => "ScopesUnchecked",
        }
    }

    /// The HTTP status of the answer, for errors that had one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { .. } => Some(401),
            Error::Forbidden { .. } => Some(403),
            Error::NotFound { .. } => Some(404),
            Error::Conflict { .. } => Some(409),
            Error::RateLimited { .. } => Some(429),
            Error::Server { status, .. } | Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }
}

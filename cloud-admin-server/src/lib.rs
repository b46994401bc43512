//! An embedded Cloud Admin server: real HTTP on loopback, in-memory state, and API-key
//! enforcement that behaves like Atlassian's.
//!
//! - Every operation of the generated client is served. Routing and authorization both come
//!   from the client's own generated table ([`cloud_admin::operations::ALL`]), so server and
//!   client cannot drift apart.
//! - A key created with scopes gets 403 for any operation its scopes do not cover (unscoped
//!   operations included); a key created without scopes reaches everything; an unknown or
//!   revoked key gets 401.
//! - A key cannot create a key that reaches more than it does: a key with scopes creates keys
//!   with some of its own scopes only (Atlassian documents no way around that, so none is
//!   emulated); only a key without scopes creates keys without scopes.
//! - No request breaks the server for others: every answer to bad input is a 4xx in
//!   Atlassian's JSON error shape (unknown path 404, wrong method 405, body over 1 MiB 413,
//!   malformed JSON 400), and a handler that fails answers 500 without poisoning the state.
//! - Faults can be injected for tests: 429 with `Retry-After`, 503, slow responses.
//! - OAuth 2.0 access tokens ([`Server::create_oauth_token`]) call operations as keys with
//!   their scopes do, and Atlassian's accessible-resources endpoint lists their scopes (and,
//!   as Atlassian's, answers 401 to an API key): what the checked entry point asks.
//!
//! ```no_run
//! # async fn run() {
//! let server = cloud_admin_server::Server::start().await.unwrap();
//! println!("{} org {} key {:?}", server.url(), server.org_id(), server.admin_key());
//! # }
//! ```

mod handlers;
mod reply;
mod routing;
mod state;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::Response;
use cloud_admin::Requirement;

pub use state::Key;

/// The largest request body the server reads; larger ones get 413. Cloud Admin requests are
/// small JSON documents.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Locks `mutex` even if a thread panicked while holding it: the data is an emulator's, and
/// one failed request must not take the server down for every later one.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A fault to apply to upcoming requests, before authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer 429 with `Retry-After: <seconds>`.
    RateLimited {
        /// The `Retry-After` value.
        retry_after_secs: u64,
    },
    /// Answer 503.
    Unavailable,
    /// Wait this long, then answer normally.
    Delay(Duration),
}

/// How to start the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The organization's ID.
    pub org_id: String,
    /// Items per page of list operations.
    pub page_size: usize,
    /// Fill the organization with sample domains, policies, levels, tokens and events.
    pub seed: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            org_id: "example-org".to_owned(),
            page_size: 20,
            seed: true,
        }
    }
}

struct Shared {
    state: Mutex<state::State>,
    faults: Mutex<VecDeque<Fault>>,
    requests: AtomicUsize,
    served: Mutex<std::collections::BTreeSet<&'static str>>,
}

/// A running server; it stops when dropped.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    admin_key: String,
    org_id: String,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("addr", &self.addr)
            .field("org_id", &self.org_id)
            .finish_non_exhaustive()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Starts a seeded server on a free loopback port.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_with(
            Config::default(),
            "127.0.0.1:0".parse().expect("a valid address"),
        )
        .await
    }

    /// Starts a server with `config` on `addr`.
    pub async fn start_with(config: Config, addr: SocketAddr) -> std::io::Result<Self> {
        let (state, admin_key) = state::State::new(&config);
        let shared = Arc::new(Shared {
            state: Mutex::new(state),
            faults: Mutex::new(VecDeque::new()),
            requests: AtomicUsize::new(0),
            served: Mutex::new(std::collections::BTreeSet::new()),
        });
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let app = axum::Router::new()
            .fallback(handle)
            .with_state(shared.clone());
        let task = tokio::spawn(async move {
            // Serving only stops when the task is aborted.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Server {
            addr,
            shared,
            admin_key,
            org_id: config.org_id,
            task,
        })
    }

    /// The base URL to give the client, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The organization's ID.
    pub fn org_id(&self) -> &str {
        &self.org_id
    }

    /// A key created without scopes, which reaches every operation.
    pub fn admin_key(&self) -> cloud_admin::ApiKey {
        cloud_admin::ApiKey::new(self.admin_key.clone())
    }

    /// Creates a key with exactly `scopes` (an empty list makes a key without scopes).
    pub fn create_key(&self, label: &str, scopes: &[&str]) -> cloud_admin::ApiKey {
        let mut state = lock(&self.shared.state);
        let scopes: Vec<String> = scopes.iter().map(|s| (*s).to_owned()).collect();
        let key = state.add_key(
            label,
            scopes,
            "2099-01-01T00:00:00Z",
            "ari:cloud:platform::org/example",
        );
        cloud_admin::ApiKey::new(key.token)
    }

    /// Issues an OAuth 2.0 (3LO) access token granted `scopes`: it calls operations as a key
    /// with those scopes does, and the accessible-resources endpoint lists them (which it
    /// does for no API key, as Atlassian's does not).
    pub fn create_oauth_token(&self, scopes: &[&str]) -> cloud_admin::ApiKey {
        let mut state = lock(&self.shared.state);
        let token = state.add_oauth_token(scopes.iter().map(|s| (*s).to_owned()).collect());
        cloud_admin::ApiKey::new(token.token)
    }

    /// Adds a policy named `name` of `kind` (`ip-allowlist`, `data-residency`, ...) with
    /// `status`, as if an admin had created it; returns its ID.
    pub fn add_policy(&self, name: &str, kind: &str, status: &str) -> String {
        let mut state = lock(&self.shared.state);
        let id = state.next_id("policy");
        state.policies.push(serde_json::json!({
            "id": id, "type": "policy",
            "attributes": {"type": kind, "name": name, "status": status, "resources": []},
        }));
        id
    }

    /// Applies `fault` to the next `times` requests.
    pub fn inject(&self, fault: Fault, times: usize) {
        let mut faults = lock(&self.shared.faults);
        faults.extend(std::iter::repeat_n(fault, times));
    }

    /// How many requests have arrived.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// The operations answered with a 2xx so far.
    pub fn served(&self) -> std::collections::BTreeSet<&'static str> {
        lock(&self.shared.served).clone()
    }

    /// A snapshot of the server's data as JSON, for assertions.
    pub fn snapshot(&self) -> serde_json::Value {
        lock(&self.shared.state).snapshot()
    }
}

/// Where Atlassian lists what an OAuth 2.0 access token reaches.
const ACCESSIBLE_RESOURCES_PATH: &str = "/oauth/token/accessible-resources";

/// The one site this server is, with the scopes of the OAuth 2.0 access token that asks; an
/// API key (or nothing) gets 401, as at Atlassian's endpoint, which knows access tokens only.
fn accessible_resources(shared: &Shared, parts: &axum::http::request::Parts) -> Response {
    if parts.method != axum::http::Method::GET {
        return reply::method_not_allowed(&parts.method, &["GET"]);
    }
    let token = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let state = lock(&shared.state);
    let held = token.and_then(|t| {
        state
            .oauth_tokens
            .iter()
            .find(|k| k.token == t && !k.revoked)
    });
    let Some(held) = held else {
        return reply::error(
            StatusCode::UNAUTHORIZED,
            "ADMIN-401",
            "Unauthorized",
            "not an OAuth 2.0 access token",
        );
    };
    let host = parts
        .headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("127.0.0.1");
    reply::json(
        StatusCode::OK,
        serde_json::json!([{
            "id": "embedded-site",
            "url": format!("http://{host}"),
            "name": "embedded",
            "scopes": held.scopes.clone().unwrap_or_default(),
            "avatarUrl": "",
        }]),
    )
}

async fn handle(
    axum::extract::State(shared): axum::extract::State<Arc<Shared>>,
    request: axum::extract::Request,
) -> Response {
    shared.requests.fetch_add(1, Ordering::SeqCst);
    let (parts, body) = request.into_parts();
    let fault = lock(&shared.faults).pop_front();
    match fault {
        Some(Fault::RateLimited { retry_after_secs }) => {
            return reply::rate_limited(retry_after_secs);
        }
        Some(Fault::Unavailable) => {
            return reply::error(
                StatusCode::SERVICE_UNAVAILABLE,
                "ADMIN-503",
                "Service unavailable",
                "try again later",
            );
        }
        Some(Fault::Delay(delay)) => tokio::time::sleep(delay).await,
        None => {}
    }
    if parts.uri.path() == ACCESSIBLE_RESOURCES_PATH {
        return accessible_resources(&shared, &parts);
    }
    let Some((operation, path_params)) = routing::find(&parts.method, parts.uri.path()) else {
        let allowed = routing::allowed(parts.uri.path());
        if allowed.is_empty() {
            return reply::error(
                StatusCode::NOT_FOUND,
                "ADMIN-404",
                "Not found",
                "no such operation",
            );
        }
        return reply::method_not_allowed(&parts.method, &allowed);
    };
    let token = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    let granted = match token.and_then(|t| lock(&shared.state).key_by_token(t).cloned()) {
        Some(key) if !key.revoked => key.scopes,
        _ => {
            return reply::error(
                StatusCode::UNAUTHORIZED,
                "ADMIN-401",
                "Unauthorized",
                "the API key is missing, unknown or revoked",
            );
        }
    };
    let granted_refs: Option<Vec<&str>> = granted
        .as_ref()
        .map(|s| s.iter().map(String::as_str).collect());
    if !operation
        .requirement
        .is_satisfied_by(granted_refs.as_deref())
    {
        let detail = match operation.requirement {
            Requirement::Unscoped => format!(
                "{} is unscoped: only an API key created without scopes can call it",
                operation.operation_id
            ),
            needed => format!(
                "{} needs {needed}; the key's scopes do not include it",
                operation.operation_id
            ),
        };
        return reply::error(StatusCode::FORBIDDEN, "ADMIN-403", "Forbidden", &detail);
    }
    // The body is read only for a caller that may call the operation, and only so far.
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY_BYTES).await else {
        return reply::error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "ADMIN-413",
            "Payload too large",
            &format!("the request body is over {MAX_BODY_BYTES} bytes"),
        );
    };
    let body = if body.is_empty() {
        None
    } else {
        match serde_json::from_slice(&body) {
            Ok(value) => Some(value),
            Err(e) => {
                return reply::bad_request(&format!("the request body is not valid JSON: {e}"));
            }
        }
    };
    let mut state = lock(&shared.state);
    let request = handlers::Request {
        operation,
        path: path_params,
        query: parts
            .uri
            .query()
            .map(routing::parse_query)
            .unwrap_or_default(),
        body,
        page_size: state.page_size,
        caller_scopes: granted,
    };
    // Handlers are written not to panic on any input (the fuzz test holds them to it); this
    // is the backstop that keeps a bug in one from failing every later request.
    let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        handlers::dispatch(&mut state, &request)
    }))
    .unwrap_or_else(|_| {
        reply::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ADMIN-500",
            "Internal error",
            &format!("the server failed on {}", operation.operation_id),
        )
    });
    drop(state);
    if response.status().is_success() {
        lock(&shared.served).insert(operation.operation_id);
    }
    response
}

//! HTTP transport: base URL, API-key authentication, timeouts, and turning answers into
//! typed results or [`Error`]s.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::Error;
use crate::meta::OperationInfo;
use crate::request::Query;

/// Where Atlassian serves the Cloud Admin APIs; each document's base path is appended to it.
pub const DEFAULT_BASE_URL: &str = "https://api.atlassian.com";

/// The largest success body read by default: 32 MiB. Atlassian's largest pages (Jira
/// searches of 100 issues with every field expanded) are a few MiB; a body past the limit is
/// an error rather than memory the server gets to choose. Set with
/// [`TransportBuilder::max_response_bytes`].
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 << 20;

/// How much of an error answer's body is kept in the [`Error`] (the rest is dropped unread):
/// Atlassian's error envelopes are a few hundred bytes.
pub const ERROR_BODY_BYTES: usize = 16 << 10;

/// An Atlassian API key (or OAuth access token). Its `Debug` output is redacted and it has no
/// `Display`, so it cannot reach logs or error messages by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

/// How requests authenticate; the secret half is an [`ApiKey`], redacted in `Debug`.
#[derive(Debug, Clone)]
enum Auth {
    Bearer(ApiKey),
    Basic { email: String, token: ApiKey },
}

/// A JSON request body, encoded when the operation is called. An encoding failure is kept
/// and returned when the call is awaited, so that operation methods need not be fallible.
#[derive(Debug, Clone)]
pub struct Body(Result<(Vec<u8>, String), String>);

impl Body {
    /// Encodes `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Self {
        Body(
            serde_json::to_vec(value)
                .map(|bytes| (bytes, "application/json".to_owned()))
                .map_err(|e| e.to_string()),
        )
    }

    /// Encodes a `multipart/form-data` form.
    pub fn multipart(form: crate::Multipart) -> Self {
        Body(form.encode())
    }
}

/// The future an operation method returns.
///
/// Operation methods are plain functions that carry the scope bounds and return this: a
/// future whose type does not mention the client's grant, so a missing scope is reported once,
/// at the call, rather than again at the future and at `.await`. It also keeps generated code
/// lean: one shared async function sends every operation.
#[must_use = "an operation does nothing until it is awaited"]
pub struct Call<'a, T> {
    future: Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>,
}

impl<'a, T: Send + 'a> Call<'a, T> {
    /// A call that is already finished; for tests and for composing calls.
    pub fn ready(result: Result<T, Error>) -> Self {
        Call {
            future: Box::pin(std::future::ready(result)),
        }
    }
}

impl<T> Future for Call<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.future.as_mut().poll(cx)
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Call")
    }
}

/// When to send a request again.
///
/// A 429 is retried after the server's `Retry-After` (or the backoff, if it gives none); a 5xx
/// is retried with exponential backoff and full jitter, but only for idempotent methods (GET,
/// HEAD, PUT, DELETE, OPTIONS), since repeating a POST or PATCH could apply it twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (0 disables retrying).
    pub max_retries: u32,
    /// The first backoff; each retry doubles it.
    pub base_delay: Duration,
    /// The longest wait: a `Retry-After` beyond it is not waited for, the error is returned.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(10),
        }
    }
}

impl RetryPolicy {
    /// How long to wait before retry number `attempt` (0-based) after `error`, or `None` to
    /// give up.
    fn delay(&self, attempt: u32, method: &str, error: &Error) -> Option<Duration> {
        if attempt >= self.max_retries {
            return None;
        }
        let backoff = || {
            let ceiling = self
                .base_delay
                .saturating_mul(1 << attempt.min(16))
                .min(self.max_delay);
            // Full jitter: anywhere in [ceiling/2, ceiling], so that clients that failed
            // together do not retry together.
            ceiling / 2 + ceiling.mul_f64(random_unit() / 2.0)
        };
        let delay = match error {
            Error::RateLimited { retry_after, .. } => retry_after.unwrap_or_else(backoff),
            Error::Server { .. }
                if matches!(method, "GET" | "HEAD" | "PUT" | "DELETE" | "OPTIONS") =>
            {
                backoff()
            }
            _ => return None,
        };
        (delay <= self.max_delay).then_some(delay)
    }
}

/// A number in [0, 1) from [`random_u64`].
fn random_unit() -> f64 {
    (random_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// A random number from the standard library's per-process random hasher keys (for jitter and
/// multipart boundaries; nothing secret depends on it).
pub(crate) fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64),
    );
    hasher.finish()
}

/// This crate's product token in every `User-Agent`.
const RUNTIME_PRODUCT: &str = concat!("scope-runtime/", env!("CARGO_PKG_VERSION"));

/// Sends requests for generated operations.
#[derive(Clone)]
pub struct Transport {
    http: reqwest::Client,
    base_url: String,
    /// Sent with every request: the client's product token (see [`Transport::for_client`]),
    /// any the application gave, and this crate's.
    user_agent: String,
    key: Option<Auth>,
    retry: RetryPolicy,
    timeout: Duration,
    max_response_bytes: usize,
    /// Where the accessible-resources endpoint is asked (see
    /// [`TransportBuilder::accessible_resources_base`]); `None`: decided by the base URL.
    accessible_resources_base: Option<String>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.base_url)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Transport`].
#[derive(Clone)]
pub struct TransportBuilder {
    base_url: String,
    key: Option<Auth>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    accessible_resources_base: Option<String>,
}

/// By hand: an application's own `reqwest::Client` may carry default headers (credentials
/// among them) that reqwest's `Debug` would print.
impl fmt::Debug for TransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportBuilder")
            .field("base_url", &self.base_url)
            .field("key", &self.key)
            .field("user_agent", &self.user_agent)
            .field("own_http_client", &self.http.is_some())
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Default for TransportBuilder {
    fn default() -> Self {
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            key: None,
            user_agent: None,
            http: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            accessible_resources_base: None,
        }
    }
}

impl TransportBuilder {
    /// Sends requests to `url` instead of [`DEFAULT_BASE_URL`] (e.g. a local test server).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Sends requests to an Atlassian site, `https://<site>.atlassian.net` (how product APIs
    /// are reached with an account's API token). `site` is the site's name (`acme`) or its
    /// host (`acme.atlassian.net`).
    pub fn site(self, site: &str) -> Self {
        let host = site.trim_end_matches('/');
        let host = host.strip_prefix("https://").unwrap_or(host);
        if host.contains('.') {
            self.base_url(format!("https://{host}"))
        } else {
            self.base_url(format!("https://{host}.atlassian.net"))
        }
    }

    /// Sends requests through Atlassian's API gateway for one site,
    /// `https://api.atlassian.com/ex/<product>/<cloud_id>` (how OAuth 2.0 (3LO) apps and
    /// scoped API tokens reach product APIs). `product` is `jira` or `confluence`.
    pub fn gateway(self, product: &str, cloud_id: &str) -> Self {
        self.base_url(format!("https://api.atlassian.com/ex/{product}/{cloud_id}"))
    }

    /// Authenticates every request with `Authorization: Bearer <key>`: an organization admin
    /// API key (Cloud Admin) or an OAuth 2.0 access token (3LO apps, through
    /// [`Self::gateway`]).
    pub fn api_key(mut self, key: ApiKey) -> Self {
        self.key = Some(Auth::Bearer(key));
        self
    }

    /// Authenticates every request with HTTP Basic, `email:api_token`: how an account's API
    /// token (scoped or not) reaches a product API at a [`Self::site`] or, for a scoped token,
    /// through [`Self::gateway`]. The token is redacted like a key.
    pub fn basic_auth(mut self, email: impl Into<String>, api_token: ApiKey) -> Self {
        self.key = Some(Auth::Basic {
            email: email.into(),
            token: api_token,
        });
        self
    }

    /// Fails a request that has not completed within `timeout` (default 30 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Fails a connection attempt that has not completed within `timeout` (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Fails a request whose success answer is larger than `bytes` (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]), without reading the rest.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Names the application in the `User-Agent` header (`my-app/1.2`), before the generated
    /// client's name and version and this crate's, which are always sent.
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.user_agent = Some(product.into());
        self
    }

    /// Sends through `client` instead of one built here: for proxies, custom root
    /// certificates, middleware-wrapped connectors or a connection pool the application
    /// shares. [`Self::timeout`] still applies to every request; the connect timeout, TLS and
    /// default headers are the given client's. Build it with
    /// `.redirect(reqwest::redirect::Policy::none())`: an answer that comes from elsewhere
    /// than the operation's URL is refused (`Error::Redirected`), but a client that follows
    /// redirects has sent the request there by then.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Sets when to retry (default: [`RetryPolicy::default`]).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Asks which scopes the credential holds (the checked entry point,
    /// `Transport::check_scopes`) at `<url>/oauth/token/accessible-resources`. By default
    /// that is Atlassian's, `https://api.atlassian.com`, when the base URL is Atlassian's
    /// (`api.atlassian.com`, `*.atlassian.net`), and the base URL's own origin otherwise (a
    /// local server such as the embedded one): the credential never goes to a host the
    /// transport was not configured for.
    pub fn accessible_resources_base(mut self, url: impl Into<String>) -> Self {
        self.accessible_resources_base = Some(url.into());
        self
    }

    /// Builds the transport. The base URL must be `http` or `https` with a host, and may carry
    /// a path prefix (`https://proxy.example/atlassian`), but no query, fragment or user
    /// name: operation paths are appended to it, and a `?` or `#` in it would turn them into
    /// a query or a fragment, so that a call of one operation sent another.
    pub fn build(self) -> Result<Transport, Error> {
        let base_url = checked_base_url(&self.base_url)?;
        let http = match self.http {
            Some(http) => http,
            // Redirects are not followed: a server's `Location` would send the request (with
            // the key, on the same host) to another path than the operation called.
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| Error::Config(e.to_string()))?,
        };
        let mut user_agent = self.user_agent.unwrap_or_default();
        if !user_agent.is_empty() {
            user_agent.push(' ');
        }
        user_agent.push_str(RUNTIME_PRODUCT);
        reqwest::header::HeaderValue::from_str(&user_agent)
            .map_err(|_| Error::Config(format!("`{user_agent}` cannot be a User-Agent header")))?;
        let accessible_resources_base = self
            .accessible_resources_base
            .as_deref()
            .map(checked_base_url)
            .transpose()?;
        Ok(Transport {
            http,
            base_url,
            user_agent,
            key: self.key,
            retry: self.retry,
            timeout: self.timeout,
            max_response_bytes: self.max_response_bytes,
            accessible_resources_base,
        })
    }
}

/// The path of a checked base URL (`/atlassian`, or empty).
fn url_path(base: &str) -> &str {
    let after_scheme = base.split_once("://").map_or(base, |(_, rest)| rest);
    after_scheme.find('/').map_or("", |at| &after_scheme[at..])
}

/// The base URL, checked (see [`TransportBuilder::build`]) and without a trailing `/`.
fn checked_base_url(text: &str) -> Result<String, Error> {
    let bad = |why: &str| Error::Config(format!("base URL `{text}` {why}"));
    let url = reqwest::Url::parse(text).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "https" | "http") {
        return Err(bad("must start with https:// or http://"));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(bad(
            "carries a user name or password: give credentials with `api_key` or `basic_auth`",
        ));
    }
    if url.query().is_some() || text.contains('?') {
        return Err(bad(
            "has a query (`?`): operation paths would become part of it",
        ));
    }
    if url.fragment().is_some() || text.contains('#') {
        return Err(bad(
            "has a fragment (`#`): operation paths would become part of it",
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Checks that `path` is `template` (an operation's path, `/v1/orgs/{orgId}`) with each
/// parameter filled in by one segment that URL resolution keeps as it is: not empty, not `.` or
/// `..`, in any spelling the URL parser reads as a dot (`%2e`). Otherwise the request would go
/// to another operation than the one called, whose proof was for this one.
fn check_path(operation: &'static OperationInfo, path: &str) -> Result<(), Error> {
    let bad = |message: String| Error::Path {
        operation: operation.operation_id,
        message,
    };
    let template: Vec<&str> = operation.path.split('/').collect();
    let sent: Vec<&str> = path.split('/').collect();
    if template.len() != sent.len() {
        return Err(bad(format!(
            "the path `{path}` does not have the segments of `{}`",
            operation.path
        )));
    }
    for (want, got) in template.iter().zip(&sent) {
        if !want.contains('{') {
            if want != got {
                return Err(bad(format!(
                    "the path `{path}` is not `{}`",
                    operation.path
                )));
            }
            continue;
        }
        let dots = got.to_ascii_lowercase().replace("%2e", ".");
        if got.is_empty() || dots == "." || dots == ".." {
            return Err(bad(format!(
                "a path parameter of `{}` is {}",
                operation.path,
                if got.is_empty() {
                    "empty".to_owned()
                } else {
                    format!("`{got}`, which URL resolution removes")
                }
            )));
        }
    }
    Ok(())
}

impl Transport {
    /// The URL of a request: the base URL and the operation's path, checked to be exactly that
    /// (the URL parser resolves nothing away).
    fn url(&self, operation: &'static OperationInfo, path: &str) -> Result<reqwest::Url, Error> {
        check_path(operation, path)?;
        let text = format!("{}{path}", self.base_url);
        let url = reqwest::Url::parse(&text).map_err(|e| Error::Path {
            operation: operation.operation_id,
            message: format!("`{text}` is not a URL ({e})"),
        })?;
        // The parser may percent-encode a character of a literal segment, but it must keep
        // every segment: a dot segment it resolved away would be one fewer.
        let segments = |p: &str| p.split('/').count();
        let expected = segments(url_path(&self.base_url)) + segments(path) - 1;
        if segments(url.path()) != expected || url.query().is_some() {
            return Err(Error::Path {
                operation: operation.operation_id,
                message: format!("`{text}` does not resolve to the operation's path"),
            });
        }
        Ok(url)
    }

    /// Starts configuring a transport.
    pub fn builder() -> TransportBuilder {
        TransportBuilder::default()
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The `User-Agent` sent with every request.
    pub fn user_agent(&self) -> &str {
        &self.user_agent
    }

    /// This transport, sending to where the accessible-resources endpoint is asked (see
    /// [`TransportBuilder::accessible_resources_base`]).
    pub(crate) fn for_accessible_resources(&self) -> Result<Transport, Error> {
        let base = match &self.accessible_resources_base {
            Some(base) => base.clone(),
            None => {
                let url = reqwest::Url::parse(&self.base_url)
                    .map_err(|e| Error::Config(format!("base URL `{}`: {e}", self.base_url)))?;
                let host = url.host_str().unwrap_or_default();
                if host == "api.atlassian.com" || host.ends_with(".atlassian.net") {
                    "https://api.atlassian.com".to_owned()
                } else {
                    url.origin().ascii_serialization()
                }
            }
        };
        Ok(Transport {
            base_url: base,
            ..self.clone()
        })
    }

    /// What kind of credential it sends, for messages (never the credential).
    pub(crate) fn credential_kind(&self) -> &'static str {
        match &self.key {
            Some(Auth::Bearer(_)) => "a Bearer credential: an admin API key or an access token",
            Some(Auth::Basic { .. }) => "an API token with Basic auth",
            None => "no credential",
        }
    }

    /// This transport with the generated client's product token (`name/version`) in its
    /// `User-Agent`, just before this crate's: what a generated `Client::new` calls with its
    /// crate's name and version. A token already there is not added again.
    pub fn for_client(mut self, name: &str, version: &str) -> Self {
        let product = format!("{name}/{version}");
        let ok = reqwest::header::HeaderValue::from_str(&product).is_ok();
        if ok && !self.user_agent.split(' ').any(|token| token == product) {
            let at = self.user_agent.len() - RUNTIME_PRODUCT.len();
            self.user_agent.insert_str(at, &format!("{product} "));
        }
        self
    }

    /// Sends one operation and decodes its JSON answer as `T`, **without a scope proof**: the
    /// raw path.
    ///
    /// This is what a generated client's operation methods call, from one private module of
    /// the client, once their bounds have proven the operation's scopes; and the raw path for
    /// operations a document lacks. It needs a `Transport` value, which code has only where it
    /// built one (and so holds the key, and could send with any HTTP client) or took it from a
    /// client nothing vouched for (`Client<Unverified>::transport`): a trusted or narrowed
    /// client does not lend its transport out. The name is what a review greps for, after
    /// `trust_key_scopes`; the audit reports a function that calls it as one whose key it
    /// cannot vouch for. Not `unsafe`: it is no matter of memory safety, and a crate that
    /// forbids `unsafe` code can include a generated client.
    pub fn send_json_unproven<T: DeserializeOwned + Send + 'static>(
        &self,
        operation: &'static OperationInfo,
        path: String,
        query: Query,
        body: Option<Body>,
    ) -> Call<'_, T> {
        Call {
            future: Box::pin(async move {
                let bytes = self.send(operation, &path, &query, body).await?;
                let mut de = serde_json::Deserializer::from_slice(&bytes);
                serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
                    operation: operation.operation_id,
                    path: e.path().to_string(),
                    message: e.inner().to_string(),
                })
            }),
        }
    }

    /// Sends one operation whose success answer has no body worth decoding, **without a scope
    /// proof**: the raw path; see [`Transport::send_json_unproven`].
    pub fn send_empty_unproven(
        &self,
        operation: &'static OperationInfo,
        path: String,
        query: Query,
        body: Option<Body>,
    ) -> Call<'_, ()> {
        Call {
            future: Box::pin(
                async move { self.send(operation, &path, &query, body).await.map(drop) },
            ),
        }
    }

    /// Sends, retrying as the [`RetryPolicy`] allows.
    pub(crate) async fn send(
        &self,
        operation: &'static OperationInfo,
        path: &str,
        query: &Query,
        body: Option<Body>,
    ) -> Result<Vec<u8>, Error> {
        let body = match body {
            Some(Body(encoded)) => Some(encoded.map_err(|message| Error::Encode {
                operation: operation.operation_id,
                message,
            })?),
            None => None,
        };
        let started = std::time::Instant::now();
        let mut attempt = 0;
        // One event per outcome, with the fields every event of a request carries: what was
        // called (never the key, path values, query values or bodies) and how it went.
        macro_rules! event {
            ($level:ident, $status:expr, $message:literal, $($field:tt)*) => {
                tracing::$level!(
                    target: "scope_runtime",
                    operation = operation.operation_id,
                    method = operation.method,
                    path = operation.path,
                    status = $status,
                    $($field)*
                    $message
                )
            };
        }
        loop {
            let mut status = None;
            let result = self
                .send_once(operation, path, query, body.as_ref(), &mut status)
                .await;
            let error = match result {
                Ok(bytes) => {
                    event!(
                        debug,
                        status,
                        "request succeeded",
                        attempts = attempt + 1,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                    );
                    return Ok(bytes);
                }
                Err(error) => error,
            };
            match self.retry.delay(attempt, operation.method, &error) {
                Some(delay) => {
                    event!(
                        debug,
                        status,
                        "retrying",
                        attempt = attempt + 1,
                        delay_ms = delay.as_millis() as u64,
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                None => {
                    // The error's kind, not its text: an error body may carry data.
                    event!(
                        warn,
                        status,
                        "request failed",
                        attempts = attempt + 1,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        error = error.kind(),
                    );
                    return Err(error);
                }
            }
        }
    }

    async fn send_once(
        &self,
        operation: &'static OperationInfo,
        path: &str,
        query: &Query,
        body: Option<&(Vec<u8>, String)>,
        status_seen: &mut Option<u16>,
    ) -> Result<Vec<u8>, Error> {
        let transport = |source: reqwest::Error| {
            if source.is_timeout() {
                Error::TimedOut {
                    operation: operation.operation_id,
                    timeout: self.timeout,
                }
            } else {
                Error::Transport {
                    operation: operation.operation_id,
                    source,
                }
            }
        };
        let method = reqwest::Method::from_bytes(operation.method.as_bytes())
            .map_err(|e| Error::Config(format!("{}: {e}", operation.operation_id)))?;
        let url = self.url(operation, path)?;
        let mut request = self
            .http
            .request(method, url.clone())
            .query(query.pairs())
            .timeout(self.timeout)
            .header(reqwest::header::USER_AGENT, self.user_agent.as_str())
            .header(reqwest::header::ACCEPT, "application/json");
        for (name, value) in query.headers() {
            // A value that cannot be a header (a line break, say) would otherwise be dropped
            // or split the request.
            let value =
                reqwest::header::HeaderValue::from_str(value).map_err(|_| Error::Encode {
                    operation: operation.operation_id,
                    message: format!("header `{name}` cannot hold {value:?}"),
                })?;
            request = request.header(*name, value);
        }
        // `bearer_auth` and `basic_auth` mark the header sensitive, so reqwest never prints it
        // either.
        match &self.key {
            Some(Auth::Bearer(key)) => request = request.bearer_auth(key.expose()),
            Some(Auth::Basic { email, token }) => {
                request = request.basic_auth(email, Some(token.expose()));
            }
            None => {}
        }
        if let Some((bytes, content_type)) = body {
            request = request
                .header(reqwest::header::CONTENT_TYPE, content_type.as_str())
                .body(bytes.clone());
        }
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        *status_seen = Some(status);
        // An application's own `reqwest::Client` may follow redirects: an answer from anywhere
        // but the operation's own URL is refused, whatever it says.
        let answered = response.url();
        if (answered.origin(), answered.path()) != (url.origin(), url.path()) {
            return Err(Error::Redirected {
                operation: operation.operation_id,
                to: format!(
                    "{}{}",
                    answered.origin().ascii_serialization(),
                    answered.path()
                ),
            });
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
        let success = (200..300).contains(&status);
        let limit = if success {
            self.max_response_bytes
        } else {
            ERROR_BODY_BYTES
        };
        if success && response.content_length().is_some_and(|n| n > limit as u64) {
            return Err(Error::TooLarge {
                operation: operation.operation_id,
                limit,
            });
        }
        // Read chunk by chunk into one buffer: no more than `limit` is ever held, and the
        // body is not copied again before decoding.
        let mut bytes = Vec::new();
        let mut truncated = false;
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if bytes.len() + chunk.len() > limit {
                if success {
                    return Err(Error::TooLarge {
                        operation: operation.operation_id,
                        limit,
                    });
                }
                bytes.extend_from_slice(&chunk[..limit - bytes.len()]);
                truncated = true;
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        if success {
            return Ok(bytes);
        }
        let mut error = status_error(operation, status, retry_after, bytes);
        if truncated {
            error.mark_truncated();
        }
        Err(error)
    }
}

/// `Retry-After` in either form RFC 9110 allows: seconds, or an HTTP date (a date in the past
/// is no wait). A value that is neither gives `None` (the backoff applies); a number too large
/// for the clock is an unbounded wait, which the [`RetryPolicy`] then declines to wait for.
fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value.parse().map_or(Duration::MAX, Duration::from_secs));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

fn status_error(
    operation: &'static OperationInfo,
    status: u16,
    retry_after: Option<Duration>,
    bytes: Vec<u8>,
) -> Error {
    let op = operation.operation_id;
    let body = String::from_utf8_lossy(&bytes).into_owned();
    match status {
        401 => Error::Unauthorized {
            operation: op,
            body,
        },
        403 => Error::Forbidden {
            operation: op,
            requirement: operation.requirement,
            body,
        },
        404 => Error::NotFound {
            operation: op,
            body,
        },
        409 => Error::Conflict {
            operation: op,
            body,
        },
        429 => Error::RateLimited {
            operation: op,
            retry_after,
            body,
        },
        500..=599 => Error::Server {
            operation: op,
            status,
            body,
        },
        _ => Error::Status {
            operation: op,
            status,
            body,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_and_the_gateway_are_one_call_away() {
        let url = |b: TransportBuilder| b.build().unwrap().base_url().to_owned();
        assert_eq!(
            url(Transport::builder().site("acme")),
            "https://acme.atlassian.net"
        );
        assert_eq!(
            url(Transport::builder().site("https://acme.atlassian.net/")),
            "https://acme.atlassian.net"
        );
        assert_eq!(
            url(Transport::builder().gateway("confluence", "c1d2")),
            "https://api.atlassian.com/ex/confluence/c1d2"
        );
    }

    #[test]
    fn retry_after_is_read_in_both_forms() {
        let now = httpdate::parse_http_date("Wed, 02 Dec 2026 09:00:00 GMT").unwrap();
        let at = |v| parse_retry_after(v, now);
        assert_eq!(at("7"), Some(Duration::from_secs(7)));
        assert_eq!(at(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            at("Wed, 02 Dec 2026 09:00:30 GMT"),
            Some(Duration::from_secs(30))
        );
        // A date already past is no wait.
        assert_eq!(at("Wed, 02 Dec 2026 08:00:00 GMT"), Some(Duration::ZERO));
        // Too large for the clock: an unbounded wait, beyond any policy's `max_delay`.
        assert_eq!(at("99999999999999999999999"), Some(Duration::MAX));
        let policy = RetryPolicy::default();
        let limited = |retry_after| Error::RateLimited {
            operation: "op",
            retry_after,
            body: String::new(),
        };
        assert_eq!(
            policy.delay(0, "GET", &limited(at("99999999999999999999999"))),
            None
        );
        // Neither form: no advice, so the backoff applies.
        for bad in ["-5", "1.5", "soon", ""] {
            assert_eq!(at(bad), None, "{bad:?}");
        }
        let backoff = policy.delay(0, "GET", &limited(None)).unwrap();
        assert!(backoff <= policy.base_delay, "{backoff:?}");
    }

    use crate::meta::Requirement;

    const OP: OperationInfo = OperationInfo {
        operation_id: "deletePolicy",
        method: "DELETE",
        path: "/admin/v1/orgs/{orgId}/policies/{policyId}",
        requirement: Requirement::AnyOf(&[&["delete:policies:admin"]]),
    };

    #[test]
    fn the_key_never_shows_in_debug_output() {
        let transport = Transport::builder()
            .api_key(ApiKey::new("super-secret-value"))
            .build()
            .unwrap();
        let debug = format!("{transport:?} {:?}", ApiKey::new("super-secret-value"));
        assert!(!debug.contains("super-secret-value"), "{debug}");
        assert!(debug.contains("<redacted>"));
        let basic = Transport::builder()
            .basic_auth("ana@example.com", ApiKey::new("super-secret-value"))
            .build()
            .unwrap();
        let debug = format!("{basic:?}");
        assert!(!debug.contains("super-secret-value"), "{debug}");
        assert!(debug.contains("ana@example.com"), "{debug}");
    }

    #[test]
    fn a_403_names_the_scopes_the_operation_needs() {
        let err = status_error(&OP, 403, None, b"{}".to_vec());
        assert_eq!(
            err.to_string(),
            "deletePolicy: forbidden (403); this operation needs `delete:policies:admin`"
        );
        assert_eq!(err.status(), Some(403));
    }

    #[test]
    fn retries_are_bounded_and_only_for_idempotent_server_errors() {
        let policy = RetryPolicy::default();
        let server = |op| Error::Server {
            operation: op,
            status: 503,
            body: String::new(),
        };
        let limited = |secs| Error::RateLimited {
            operation: "x",
            retry_after: Some(Duration::from_secs(secs)),
            body: String::new(),
        };
        assert_eq!(
            policy.delay(0, "POST", &limited(2)),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            policy.delay(0, "GET", &limited(60)),
            None,
            "beyond max_delay"
        );
        assert_eq!(
            policy.delay(3, "GET", &limited(1)),
            None,
            "retries exhausted"
        );
        assert_eq!(
            policy.delay(0, "POST", &server("x")),
            None,
            "POST is not idempotent"
        );
        let first = policy.delay(0, "DELETE", &server("x")).unwrap();
        assert!(
            (Duration::from_millis(100)..=Duration::from_millis(200)).contains(&first),
            "{first:?}"
        );
        let third = policy.delay(2, "GET", &server("x")).unwrap();
        assert!(
            (Duration::from_millis(400)..=Duration::from_millis(800)).contains(&third),
            "{third:?}"
        );
        assert_eq!(policy.delay(0, "GET", &Error::Config(String::new())), None);
    }

    #[test]
    fn a_bad_base_url_is_a_configuration_error() {
        for (url, why) in [
            ("ftp://x", "must start with https:// or http://"),
            (
                "https://api.example/admin/v1/orgs/o/policies/p1?from=",
                "has a query",
            ),
            ("https://api.example/admin?", "has a query"),
            ("https://api.example/admin#x", "has a fragment"),
            (
                "https://user:secret@api.example",
                "carries a user name or password",
            ),
            ("https://", "is not a URL"),
            ("not a url", "is not a URL"),
        ] {
            let err = Transport::builder().base_url(url).build().unwrap_err();
            assert!(
                matches!(&err, Error::Config(m) if m.contains(why)),
                "{url}: {err}"
            );
        }
        let ok = |url: &str| Transport::builder().base_url(url).build().unwrap();
        assert_eq!(
            ok("https://proxy.example/atlassian/").base_url(),
            "https://proxy.example/atlassian"
        );
        assert_eq!(
            ok("http://127.0.0.1:8080").base_url(),
            "http://127.0.0.1:8080"
        );
    }

    const DOMAIN: OperationInfo = OperationInfo {
        operation_id: "getDomainById",
        method: "GET",
        path: "/v1/orgs/{orgId}/domains/{domainId}",
        requirement: crate::Requirement::Unscoped,
    };

    #[test]
    fn a_path_parameter_that_url_resolution_removes_is_refused() {
        let t = Transport::builder()
            .base_url("https://api.example/admin")
            .build()
            .unwrap();
        for bad in ["", ".", "..", "%2e", "%2E%2e", ".%2E"] {
            let path = format!("/v1/orgs/o/domains/{bad}");
            let err = t.url(&DOMAIN, &path).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::Path {
                        operation: "getDomainById",
                        ..
                    }
                ),
                "{bad:?}: {err}"
            );
        }
        // Another operation's path, or one with more segments, is not this one.
        assert!(t.url(&DOMAIN, "/v1/orgs/o").is_err());
        assert!(t.url(&DOMAIN, "/v1/orgs/o/domains/d/x").is_err());
        let url = t.url(&DOMAIN, "/v1/orgs/o/domains/a.b").unwrap();
        assert_eq!(
            url.as_str(),
            "https://api.example/admin/v1/orgs/o/domains/a.b"
        );
        let url = t
            .url(
                &DOMAIN,
                &format!("/v1/orgs/o/domains/{}", crate::encode_segment(&"../x?y#z")),
            )
            .unwrap();
        assert_eq!(url.path(), "/admin/v1/orgs/o/domains/..%2Fx%3Fy%23z");
    }
}

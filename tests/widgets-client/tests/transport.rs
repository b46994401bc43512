//! The transport fits a team's stack: a `User-Agent` that names the application, the generated
//! client and the runtime with their versions; an application's own `reqwest::Client`; and a
//! `tracing` event per request that names the operation and never carries the key or a body.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::{Event, Metadata, Subscriber, span};
use widgets::{ApiKey, Client, Transport, trust_key_scopes};
use wire_recorder::recorder;

const RUNTIME: &str = concat!("scope-runtime/", env!("CARGO_PKG_VERSION"));

#[tokio::test]
async fn the_user_agent_names_the_application_the_client_and_the_runtime() {
    let (url, server) = recorder("");
    let transport = Transport::builder()
        .base_url(url)
        .user_agent("policy-bot/2.1")
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), unscoped_key);
    client.ping().await.unwrap();
    let got = server.join().unwrap();
    // The generated client is this package (`widgets-client`, the workspace's version).
    let expected = format!(
        "policy-bot/2.1 widgets-client/{} {RUNTIME}",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(got.header("user-agent"), Some(expected.as_str()));
    // Named once: a client made again from a client's transport does not repeat its name.
    let first = Client::new(
        Transport::builder()
            .user_agent("policy-bot/2.1")
            .build()
            .unwrap(),
    );
    let again = Client::new(first.transport().clone());
    assert_eq!(again.transport().user_agent(), expected);
}

#[tokio::test]
async fn an_applications_own_http_client_sends_the_requests() {
    let (url, server) = recorder("");
    let mut headers = scope_runtime::reqwest::header::HeaderMap::new();
    headers.insert("x-team", "identity".parse().unwrap());
    let http = scope_runtime::reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let transport = Transport::builder()
        .base_url(url)
        .http_client(http)
        .api_key(ApiKey::new("k-123"))
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), unscoped_key);
    client.ping().await.unwrap();
    let got = server.join().unwrap();
    assert_eq!(got.header("x-team"), Some("identity"));
    assert_eq!(got.header("authorization"), Some("Bearer k-123"));
    assert!(got.header("user-agent").unwrap().ends_with(RUNTIME));
}

/// Events of target `scope_runtime`, each as `LEVEL message field=value ...`.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &span::Attributes<'_>) -> span::Id {
        span::Id::from_u64(1)
    }
    fn record(&self, _: &span::Id, _: &span::Record<'_>) {}
    fn record_follows_from(&self, _: &span::Id, _: &span::Id) {}
    fn event(&self, event: &Event<'_>) {
        struct Fields(String);
        impl Visit for Fields {
            fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
                let _ = write!(self.0, " {}={value:?}", field.name());
            }
        }
        if event.metadata().target() != "scope_runtime" {
            return;
        }
        let mut fields = Fields(event.metadata().level().to_string());
        event.record(&mut fields);
        self.0.lock().unwrap().push(fields.0);
    }
    fn enter(&self, _: &span::Id) {}
    fn exit(&self, _: &span::Id) {}
}

fn with_capture(run: impl std::future::Future<Output = ()>) -> Vec<String> {
    let capture = Capture::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(capture.clone(), || runtime.block_on(run));
    capture.0.lock().unwrap().clone()
}

#[test]
fn each_request_is_one_event_naming_the_operation_without_the_key() {
    let (url, server) = recorder(r#"{"id":"7","kind":"gear","name":"secret-widget-name"}"#);
    let events = with_capture(async move {
        let transport = Transport::builder()
            .base_url(url)
            .api_key(ApiKey::new("key-never-logged"))
            .build()
            .unwrap();
        let client = trust_key_scopes!(Client::new(transport), "read:widgets:admin");
        client.get_widget("org-1", 7).await.unwrap();
    });
    server.join().unwrap();
    assert_eq!(events.len(), 1, "{events:#?}");
    let event = &events[0];
    assert!(
        event.starts_with("DEBUG message=request succeeded operation=\"getWidget\" method=\"GET\" path=\"/api/v2/orgs/{orgId}/widgets/{widgetId}\" status=200 attempts=1 elapsed_ms="),
        "{event}"
    );
    assert!(!event.contains("key-never-logged") && !event.contains("secret-widget-name"));
}

/// A server that answers each connection with the next of `answers` (status line and
/// headers; no body), then stops.
fn scripted(answers: &'static [&'static str]) -> (String, std::thread::JoinHandle<()>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        for answer in answers {
            let (stream, _) = listener.accept().unwrap();
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            while reader.read_line(&mut line).unwrap() > 2 {
                line.clear();
            }
            write!(
                reader.get_mut(),
                "{answer}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            )
            .unwrap();
        }
    });
    (url, server)
}

#[test]
fn a_retry_is_an_event_and_a_failure_a_warning_with_the_errors_kind_only() {
    let (url, server) = scripted(&[
        "HTTP/1.1 503 Service Unavailable\r\nretry-after: 0",
        "HTTP/1.1 403 Forbidden",
    ]);
    let events = with_capture(async move {
        let transport = Transport::builder()
            .base_url(url)
            .api_key(ApiKey::new("key-never-logged"))
            .build()
            .unwrap();
        let client = trust_key_scopes!(Client::new(transport), "read:widgets:admin");
        client.get_widget("org-1", 7).await.unwrap_err();
    });
    server.join().unwrap();
    assert_eq!(events.len(), 2, "{events:#?}");
    assert!(
        events[0].starts_with("DEBUG message=retrying operation=\"getWidget\" method=\"GET\" path=\"/api/v2/orgs/{orgId}/widgets/{widgetId}\" status=503 attempt=1 delay_ms="),
        "{}",
        events[0]
    );
    assert!(
        events[1].starts_with("WARN message=request failed operation=\"getWidget\" method=\"GET\" path=\"/api/v2/orgs/{orgId}/widgets/{widgetId}\" status=403 attempts=2 elapsed_ms="),
        "{}",
        events[1]
    );
    assert!(events[1].ends_with(" error=\"Forbidden\""), "{}", events[1]);
    assert!(events.iter().all(|e| !e.contains("key-never-logged")));
}

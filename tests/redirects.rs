//! A request goes to the operation called or nowhere, whatever the server answers: a redirect
//! is not followed (a `Location` would send the request, with the key, to another operation's
//! path or another host), and an answer that an application's own HTTP client fetched from
//! elsewhere after a redirect is refused.

use cloud_admin::{ApiKey, Client, Error, Transport, trust_key_scopes};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers every request with a redirect to `/v1/orgs/o/policies/p1` (another operation of
/// the same API) and records each request line.
async fn redirecting() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let mut buf = vec![0u8; 8192];
            let n = socket.read(&mut buf).await.unwrap_or(0);
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            record
                .lock()
                .unwrap()
                .push(head.lines().next().unwrap_or_default().to_owned());
            let reply = if head.starts_with("DELETE") || head.contains("/policies/p1") {
                "HTTP/1.1 204 No Content\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    .to_owned()
            } else {
                "HTTP/1.1 307 Temporary Redirect\r\nlocation: /admin/v1/orgs/o/policies/p1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_owned()
            };
            let _ = socket.write_all(reply.as_bytes()).await;
        }
    });
    (url, seen)
}

#[tokio::test]
async fn a_redirect_is_not_followed() {
    let (url, seen) = redirecting().await;
    let transport = Transport::builder()
        .base_url(&url)
        .api_key(ApiKey::new("key"))
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "read:domains:admin");
    let error = client
        .get_domains("o", &Default::default())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(307), "{error}");
    assert_eq!(
        *seen.lock().unwrap(),
        ["GET /admin/v1/orgs/o/domains HTTP/1.1"],
        "one request, to the operation called"
    );
}

#[tokio::test]
async fn an_answer_from_elsewhere_is_refused() {
    let (url, _seen) = redirecting().await;
    // An application's own client that follows redirects.
    let http = scope_runtime::reqwest::Client::new();
    let transport = Transport::builder()
        .base_url(&url)
        .api_key(ApiKey::new("key"))
        .http_client(http)
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "read:domains:admin");
    let error = client
        .get_domains("o", &Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Redirected { to, .. } if to.ends_with("/admin/v1/orgs/o/policies/p1")),
        "{error:?}"
    );
}

//! The checked entry point: `check_key_scopes` asks Atlassian's accessible-resources endpoint
//! what the credential holds before anything else runs, against the embedded server (which
//! answers as Atlassian's does: scopes for OAuth 2.0 access tokens, 401 for API keys) and a
//! loopback recorder (what the question looks like on the wire).

use cloud_admin::{Client, Error, Transport, trust_key_scopes};
use cloud_admin_server::Server;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn transport(server: &Server, key: cloud_admin::ApiKey) -> Transport {
    Transport::builder()
        .base_url(server.url())
        .api_key(key)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_token_holding_the_declared_scopes_is_given_back_and_works() {
    let server = Server::start().await.unwrap();
    let token = server.create_oauth_token(&["read:policies:admin", "read:domains:admin"]);
    let client = trust_key_scopes!(
        Client::new(transport(&server, token)),
        "read:policies:admin"
    );
    client.check_key_scopes().await.unwrap();
    let policies = client
        .get_policies(server.org_id(), &Default::default())
        .await
        .unwrap();
    assert!(!policies.data.unwrap_or_default().is_empty());
    assert_eq!(server.requests(), 2);
}

#[tokio::test]
async fn a_token_without_a_declared_scope_stops_before_any_call() {
    let server = Server::start().await.unwrap();
    let token = server.create_oauth_token(&["read:policies:admin"]);
    let checked = trust_key_scopes!(
        Client::new(transport(&server, token)),
        "read:policies:admin",
        "delete:policies:admin"
    )
    .check_key_scopes()
    .await;
    let Err(error) = checked else {
        panic!("the token lacks delete:policies:admin");
    };
    assert!(
        matches!(&error, Error::ScopesMissing { missing, .. } if missing == &["delete:policies:admin"]),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "the credential lacks a scope on {}: delete:policies:admin",
            server.url()
        )
    );
    // Only the question was asked.
    assert_eq!(server.requests(), 1);
    assert!(server.served().is_empty());
}

#[tokio::test]
async fn an_admin_api_key_cannot_be_checked_and_the_error_says_why() {
    let server = Server::start().await.unwrap();
    let key = server.create_key("scoped", &["read:policies:admin"]);
    let checked = trust_key_scopes!(Client::new(transport(&server, key)), "read:policies:admin")
        .check_key_scopes()
        .await;
    let Err(Error::ScopesUnchecked { reason }) = checked else {
        panic!("an admin API key's scopes are not listed: {checked:?}");
    };
    assert!(
        reason.starts_with("Atlassian lists the scopes of OAuth 2.0 access tokens only"),
        "{reason}"
    );
    // A key vouched for as having no scopes cannot be confirmed with a token that has some.
    let token = server.create_oauth_token(&["read:policies:admin"]);
    let unscoped = trust_key_scopes!(Client::new(transport(&server, token)), unscoped_key)
        .check_key_scopes()
        .await;
    assert!(
        matches!(&unscoped, Err(Error::ScopesUnchecked { reason }) if reason.contains("always has scopes")),
        "{unscoped:?}"
    );
}

/// Answers one request with `body`; returns the request's head as it arrived.
async fn recorder(body: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let n = socket.read(&mut buf).await.unwrap();
        let reply = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(reply.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    });
    (url, handle)
}

#[tokio::test]
async fn the_question_goes_to_the_configured_origin_with_the_credential() {
    // A gateway-style base URL on a proxy: the question goes to the proxy's origin (never to
    // a host the transport was not given), and the site is found by its cloud ID.
    let (url, head) = recorder(
        r#"[{"id":"c-1","url":"https://one.atlassian.net","name":"one","scopes":["read:policies:admin"]},
            {"id":"c-2","url":"https://two.atlassian.net","name":"two","scopes":[]}]"#,
    )
    .await;
    let transport = Transport::builder()
        .base_url(format!("{url}/ex/admin/c-1"))
        .api_key(cloud_admin::ApiKey::new("access-token-123"))
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "read:policies:admin");
    assert!(client.check_key_scopes().await.is_ok());
    let head = head.await.unwrap();
    assert!(
        head.starts_with("GET /oauth/token/accessible-resources HTTP/1.1\r\n"),
        "{head}"
    );
    assert!(
        head.to_ascii_lowercase()
            .contains("authorization: bearer access-token-123\r\n"),
        "{head}"
    );
}

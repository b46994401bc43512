//! The generated Cloud Admin client: it has every operation the scope table names, with its
//! scopes, and its methods make real HTTP requests (over loopback to a one-shot server here;
//! the full embedded Cloud Admin server is a separate piece).

use cloud_admin::{
    ApiKey, Client, Error, Requirement, Transport, operations, params, requires_scope, scopes,
    trust_key_scopes, types,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TABLE: &str = include_str!("../spec/scopes.json");

#[test]
fn every_scope_table_operation_has_its_scope() {
    let table: serde_json::Value = serde_json::from_str(TABLE).unwrap();
    let mut rows = 0;
    for scope in table["scopes"].as_array().unwrap() {
        let name = scope["name"].as_str().unwrap();
        let item = scopes::ALL
            .iter()
            .find(|s| s.name == name)
            .expect("an item per table scope");
        assert_eq!(item.summary, scope["summary"].as_str().unwrap());
        for row in scope["operations"].as_array().unwrap() {
            for id in row["operationIds"].as_array().unwrap() {
                let op = operations::ALL
                    .iter()
                    .find(|o| o.operation_id == id.as_str().unwrap())
                    .unwrap_or_else(|| panic!("{id} is generated"));
                assert!(
                    op.requirement.is_satisfied_by(Some(&[name])),
                    "{id} needs {name}"
                );
                assert!(
                    !op.requirement
                        .is_satisfied_by(Some(&["read:nothing:admin"]))
                );
                rows += 1;
            }
        }
    }
    assert_eq!(rows, 22);
    assert_eq!(
        scopes::ALL.iter().filter(|s| !s.summary.is_empty()).count(),
        10
    );
}

#[test]
fn unscoped_operations_are_marked_as_such() {
    let get_orgs = operations::ALL
        .iter()
        .find(|o| o.operation_id == "getOrgs")
        .unwrap();
    assert_eq!(get_orgs.requirement, Requirement::Unscoped);
    assert!(
        !get_orgs
            .requirement
            .is_satisfied_by(Some(&["read:policies:admin"]))
    );
    assert!(get_orgs.requirement.is_satisfied_by(None));
}

#[test]
fn each_document_keeps_its_base_path() {
    assert_eq!(
        operations::GET_POLICIES.path,
        "/admin/v1/orgs/{orgId}/policies"
    );
    assert_eq!(
        operations::PUBLISH_CLASSIFICATION_LEVELS.path,
        "/admin/dlp/v1/orgs/{orgId}/classification-levels/publish"
    );
    assert_eq!(
        operations::REVOKE_API_KEY.path,
        "/admin/api-access/v1/orgs/{orgId}/api-keys/revoke/{apiKeyId}"
    );
    assert_eq!(Client::DEFAULT_BASE_URL, "https://api.atlassian.com");
}

/// Answers one request with `status` and `body`; returns the base URL and the raw request.
async fn one_shot(
    status: &'static str,
    body: &'static str,
) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = socket.read(&mut buf).await.unwrap();
            request.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&request);
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if request.len() >= end + 4 + length || n == 0 {
                    break;
                }
            }
        }
        let response = format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&request).into_owned()
    });
    (url, handle)
}

/// A test runs at the program's entry point, with a key created without scopes: it may call
/// every operation.
macro_rules! client {
    ($url:expr) => {{
        let transport = Transport::builder()
            .base_url($url)
            .api_key(ApiKey::new("test-key-123"))
            .build()
            .unwrap();
        trust_key_scopes!(Client::new(transport), unscoped_key)
    }};
}

#[tokio::test]
async fn a_list_call_sends_path_query_and_key_and_decodes_the_page() {
    let (url, server) = one_shot(
        "200 OK",
        r#"{"data":[{"id":"p1","type":"policy","attributes":{"type":"ip-allowlist","name":"Office","status":"enabled"}}],"links":{"next":null}}"#,
    )
    .await;
    let page = client!(&url)
        .get_policies(
            "org/1",
            &params::GetPolicies {
                cursor: Some("c 2".into()),
                r#type: None,
            },
        )
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        request.starts_with("GET /admin/v1/orgs/org%2F1/policies?cursor=c+2 HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(
        request
            .to_ascii_lowercase()
            .contains("authorization: bearer test-key-123\r\n"),
        "{request}"
    );
    let policy = &page.data.unwrap()[0];
    assert_eq!(policy.id, "p1");
    assert_eq!(policy.attributes.r#type, types::PolicyType::IpAllowlist);
    assert_eq!(policy.attributes.status, Some(types::PolicyStatus::Enabled));
}

#[tokio::test]
async fn a_body_and_array_query_parameters_go_out_as_documented() {
    let (url, server) = one_shot("202 Accepted", "").await;
    let body = types::PublishInput {
        level_ids: vec!["a".into(), "b".into()],
    };
    client!(&url)
        .publish_classification_levels("o", &body)
        .await
        .unwrap();
    let request = server.await.unwrap();
    assert!(
        request.starts_with("POST /admin/dlp/v1/orgs/o/classification-levels/publish HTTP/1.1"),
        "{request}"
    );
    assert!(request.ends_with(r#"{"levelIds":["a","b"]}"#), "{request}");

    let (url, server) = one_shot("200 OK", r#"{"id":"k1","token":"secret"}"#).await;
    let scopes = [
        "read:policies:admin".to_owned(),
        "write:policies:admin".to_owned(),
    ];
    let created = client!(&url)
        .create_api_key(
            "o",
            "audit",
            "2027-01-01T00:00:00Z",
            "ari:org",
            &scopes,
            &[],
        )
        .await
        .unwrap();
    assert_eq!(created.token.expose(), "secret");
    // The created key's secret is kept out of `Debug`, and works as a key.
    let shown = format!("{created:?}");
    assert!(
        shown.contains("token: Secret(<redacted>)") && !shown.contains("\"secret\""),
        "{shown}"
    );
    let _key: ApiKey = created.token.into();
    let request = server.await.unwrap();
    assert!(
        request.starts_with("POST /admin/api-access/v1/orgs/o/api-keys?label=audit&expiresAt=2027-01-01T00%3A00%3A00Z&resource=ari%3Aorg&scopes=read%3Apolicies%3Aadmin&scopes=write%3Apolicies%3Aadmin HTTP/1.1"),
        "{request}"
    );
}

#[tokio::test]
async fn a_403_is_typed_and_names_the_scope_without_leaking_the_key() {
    let (url, server) = one_shot("403 Forbidden", r#"{"errors":[{"status":"403"}]}"#).await;
    let err = client!(&url).delete_policy("o", "p1").await.unwrap_err();
    server.await.unwrap();
    assert!(
        matches!(
            err,
            Error::Forbidden {
                operation: "deletePolicy",
                ..
            }
        ),
        "{err:?}"
    );
    let shown = format!("{err} {err:?}");
    assert!(shown.contains("`delete:policies:admin`"), "{shown}");
    assert!(!shown.contains("test-key-123"), "{shown}");
}

#[tokio::test]
async fn a_body_that_does_not_match_the_schema_names_the_json_path() {
    let (url, server) = one_shot("200 OK", r#"{"levels":[{"levelId":"l1","name":"Secret","status":"PUBLISHED","sensitivity":"high"}]}"#).await;
    let err = client!(&url)
        .get_classification_levels("o", &params::GetClassificationLevels::default())
        .await
        .unwrap_err();
    server.await.unwrap();
    match err {
        Error::Decode {
            operation, path, ..
        } => {
            assert_eq!(operation, "getClassificationLevels");
            assert_eq!(path, "levels[0].sensitivity");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn status_values_in_any_case_decode() {
    let (url, server) = one_shot(
        "200 OK",
        r#"{"levelId":"l1","name":"Secret","status":"Published","color":"RED_BOLD"}"#,
    )
    .await;
    let level = client!(&url)
        .get_classification_level("o", "l1")
        .await
        .unwrap();
    server.await.unwrap();
    assert_eq!(level.status, types::LevelStatus::Published);
    assert_eq!(level.color, Some(types::LevelColor::RedBold));
}

#[requires_scope("delete:policies:admin")]
async fn delete_through_a_declared_function(client: &Client, org: &str) -> Result<(), Error> {
    client.delete_policy(org, "p1").await
}

/// Zero cost: the proof is a type, so a call made through an annotated function sends exactly
/// the request that the same call at the entry point sends.
#[tokio::test]
async fn the_attribute_changes_nothing_at_run_time() {
    let (url, server) = one_shot("202 Accepted", "").await;
    client!(&url).delete_policy("o", "p1").await.unwrap();
    let direct = server.await.unwrap();
    let (url, server) = one_shot("202 Accepted", "").await;
    delete_through_a_declared_function(&client!(&url), "o")
        .await
        .unwrap();
    let through = server.await.unwrap();
    let strip_host = |r: &str| {
        r.lines()
            .filter(|l| !l.to_ascii_lowercase().starts_with("host:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip_host(&direct), strip_host(&through));
    assert!(
        direct.starts_with("DELETE /admin/v1/orgs/o/policies/p1 HTTP/1.1"),
        "{direct}"
    );
}

/// Answers every request on a connection of its own with `head` and then `body_len` bytes of
/// JSON whitespace (sent as they are written, so a client that stops reading stops it).
async fn large_answer(head: &'static str, body_len: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = [0u8; 4096];
                let _ = socket.read(&mut buf).await;
                let head = head.replace("{len}", &body_len.to_string());
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b' '; 64 << 10];
                let mut sent = 0;
                while sent < body_len {
                    let n = chunk.len().min(body_len - sent);
                    if socket.write_all(&chunk[..n]).await.is_err() {
                        return;
                    }
                    sent += n;
                }
            });
        }
    });
    url
}

#[tokio::test]
async fn answers_larger_than_the_limit_are_refused_and_error_bodies_cut_short() {
    let limited = |url: &str| {
        let transport = Transport::builder()
            .base_url(url)
            .api_key(ApiKey::new("test-key-123"))
            .max_response_bytes(1 << 20)
            .build()
            .unwrap();
        trust_key_scopes!(Client::new(transport), unscoped_key)
    };
    // Announced by Content-Length: refused before reading.
    let url = large_answer(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {len}\r\n\r\n",
        8 << 20,
    )
    .await;
    let err = limited(&url)
        .get_orgs(&Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::TooLarge { operation: "getOrgs", limit } if limit == 1 << 20),
        "{err:?}"
    );
    // Not announced (read until the connection closes): refused once past the limit.
    let url = large_answer(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n",
        8 << 20,
    )
    .await;
    let err = limited(&url)
        .get_orgs(&Default::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "getOrgs: the answer is larger than 1048576 bytes; not read"
    );
    // An error answer keeps only the start of its body.
    let url = large_answer(
        "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: {len}\r\n\r\n",
        4 << 20,
    )
    .await;
    match limited(&url).get_org_by_id("o").await.unwrap_err() {
        Error::NotFound { body, .. } => {
            assert_eq!(
                body.len(),
                scope_runtime::ERROR_BODY_BYTES + " [truncated]".len()
            );
            assert!(body.ends_with(" [truncated]"));
        }
        other => panic!("{other:?}"),
    }
}

/// What a body can do with the client it was given, by any name and at run time, against the
/// caller's client: a key of exactly the declared scopes, not the caller's.
#[requires_scope("read:policies:admin")]
fn what_the_body_holds(client: &Client) -> (Vec<&'static str>, bool, bool, String) {
    use std::any::Any;
    let any: &dyn Any = client;
    // The caller's client is a key created without scopes (`client!`): not what this is.
    let callers = any.is::<Client<scopes::__key::All>>();
    // A clone stashed away is the same narrowed client.
    let stashed: Box<dyn Any + Send + Sync> = Box::new(client.clone());
    let stashed_is_callers = stashed.is::<Client<scopes::__key::All>>();
    (
        client.granted_scopes(),
        callers,
        stashed_is_callers,
        std::any::type_name_of_val(client).to_owned(),
    )
}

#[test]
fn an_annotated_body_holds_its_declaration_not_the_callers_client() {
    let caller = client!("http://127.0.0.1:9");
    assert!(caller.granted_scopes().is_empty(), "a key without scopes");
    let (granted, callers, stashed_is_callers, type_name) = what_the_body_holds(&caller);
    assert_eq!(granted, ["read:policies:admin"]);
    assert!(
        !callers,
        "the body's client downcasts to the caller's: {type_name}"
    );
    assert!(!stashed_is_callers, "{type_name}");
    assert!(type_name.contains("Cons<"), "{type_name}");
}

/// A path parameter that URL resolution would remove (`.`, `..`) or that is empty would send
/// another operation than the one called: it is an error, and nothing leaves. (`%2e` in a value
/// is sent as `%252e`: a percent sign is encoded, so no value spells a dot another way.)
#[tokio::test]
async fn dot_segments_and_empty_parameters_never_leave() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let client = client!(&url);
    for bad in ["..", ".", ""] {
        let error = client.get_domain_by_id("org", bad).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::Path {
                    operation: "getDomainById",
                    ..
                }
            ),
            "{bad:?}: {error}"
        );
        let error = client.get_domain_by_id(bad, "d1").await.unwrap_err();
        assert!(matches!(error, Error::Path { .. }), "{bad:?}: {error}");
    }
    // Nothing was sent: the listener has no connection waiting.
    let waiting =
        tokio::time::timeout(std::time::Duration::from_millis(200), listener.accept()).await;
    assert!(waiting.is_err(), "a request reached the server");
}

/// The request line that arrives always has the operation's template, whatever the path
/// parameters hold and whatever path prefix the base URL has: fuzzed over both, with a
/// deterministic generator (no shrinking needed: a failure prints its input).
#[tokio::test]
async fn the_request_line_always_matches_the_operations_template() {
    let alphabet: Vec<&str> = vec![
        ".", "..", "/", "%", "%2e", "%2E", "?", "#", "&", "=", ";", "\\", " ", "a", "b", "~", "-",
        "_", ":", "@", "é", "\u{0}", "\n", "%2f", "..%2f", "./", "/..", "+",
    ];
    let prefixes = ["", "/prefix", "/a/b", "/p%20q"];
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut sent = 0;
    for case in 0..200 {
        let mut value = String::new();
        for _ in 0..(next() % 5) {
            value.push_str(alphabet[(next() % alphabet.len() as u64) as usize]);
        }
        let prefix = prefixes[case % prefixes.len()];
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}{prefix}", listener.local_addr().unwrap());
        let Ok(transport) = Transport::builder().base_url(&base).build() else {
            continue;
        };
        let client = trust_key_scopes!(Client::new(transport), unscoped_key);
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 8192];
            let n = socket.read(&mut buf).await.unwrap();
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            let reply =
                "HTTP/1.1 404 Not Found\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
            socket.write_all(reply.as_bytes()).await.unwrap();
            head
        });
        match client.get_domain_by_id("org", &value).await {
            Err(Error::Path { .. }) => {
                server.abort();
                assert!(
                    value.is_empty() || value == "." || value == "..",
                    "{value:?} was refused"
                );
            }
            _ => {
                let head = server.await.unwrap();
                let line = head.lines().next().unwrap_or_default().to_owned();
                let path = line.split(' ').nth(1).unwrap_or_default();
                let want = format!("{prefix}/admin/v1/orgs/org/domains/");
                let rest = path.strip_prefix(&want);
                assert!(
                    rest.is_some_and(|r| !r.is_empty() && !r.contains('/') && !r.contains('?')),
                    "{value:?} under {prefix:?} sent {line:?}"
                );
                sent += 1;
            }
        }
    }
    assert!(sent > 100, "only {sent} of 200 cases were sent");
}

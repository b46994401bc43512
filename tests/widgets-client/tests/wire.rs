//! What arrives: a request of the generated widgets client read whole (request line, headers,
//! body) by a loopback recorder. Header parameters, a multipart body, Basic and Bearer auth.

use widgets::{ApiKey, Client, Transport, params, trust_key_scopes, types};
use wire_recorder::recorder;

#[tokio::test]
async fn header_parameters_and_a_multipart_body_arrive_as_documented_with_basic_auth() {
    let (url, server) = recorder(r#"{"id":"att-1"}"#);
    let transport = Transport::builder()
        .base_url(url)
        .basic_auth("ana@example.com", ApiKey::new("api-token-123"))
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "write:jira-widgets");
    let form = types::AttachToWidgetForm {
        file: widgets::FilePart::new("notes.txt", b"line 1\nline 2".to_vec())
            .with_content_type("text/plain"),
        comment: Some("first draft".into()),
        kind: Some(types::WidgetKind::Gear),
        labels: Some(vec!["a".into(), "b".into()]),
    };
    let params = params::AttachToWidget {
        x_request_tags: Some(vec!["t1".into(), "t2".into()]),
    };
    let created = client
        .attach_to_widget("org 1", "w/1", "no-check", &params, &form)
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some("att-1"));
    let got = server.join().unwrap();
    assert_eq!(
        got.request_line,
        "POST /api/v2/orgs/org%201/widgets/w%2F1/attachments HTTP/1.1"
    );
    assert_eq!(got.header("x-atlassian-token"), Some("no-check"));
    assert_eq!(got.header("x-request-tags"), Some("t1,t2"));
    // base64("ana@example.com:api-token-123")
    assert_eq!(
        got.header("authorization"),
        Some("Basic YW5hQGV4YW1wbGUuY29tOmFwaS10b2tlbi0xMjM=")
    );
    let content_type = got.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{content_type}"));
    let body = String::from_utf8(got.body.clone()).unwrap();
    let part = |disposition: &str, content: &str| {
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n{content}\r\n"
        )
    };
    let expected = [
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\nline 1\nline 2\r\n"
        ),
        part("name=\"comment\"", "first draft"),
        part("name=\"kind\"", "gear"),
        part("name=\"labels\"", "a"),
        part("name=\"labels\"", "b"),
        format!("--{boundary}--\r\n"),
    ]
    .concat();
    assert_eq!(body, expected);
}

#[tokio::test]
async fn a_json_body_and_bearer_auth_arrive_as_documented() {
    let (url, server) = recorder(r#"{"id":"w1","kind":"gear"}"#);
    let transport = Transport::builder()
        .base_url(url)
        .api_key(ApiKey::new("bearer-token-9"))
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "write:jira-widgets");
    let widget = types::NamedWidget {
        id: "w1".into(),
        kind: types::WidgetKind::Gear,
        r#type: None,
        note: None,
        size_in_mm: Some(3),
        weight: None,
        tags: None,
        labels: None,
        shape: None,
        name: "n".into(),
    };
    let created = client.create_widget("o", true, &widget).await.unwrap();
    assert_eq!(created.id, "w1");
    let got = server.join().unwrap();
    assert_eq!(
        got.request_line,
        "POST /api/v2/orgs/o/widgets?dryRun=true HTTP/1.1"
    );
    assert_eq!(got.header("authorization"), Some("Bearer bearer-token-9"));
    assert_eq!(got.header("content-type"), Some("application/json"));
    let sent: serde_json::Value = serde_json::from_slice(&got.body).unwrap();
    assert_eq!(
        sent,
        serde_json::json!({"id": "w1", "kind": "gear", "note": null, "sizeInMm": 3, "name": "n"})
    );
}

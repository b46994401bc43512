//! A client generated from Atlassian's published Confluence document, checked by what
//! arrives at a loopback recorder: the server URL's host is not in the path, path and query
//! parameters, the `X-Atlassian-Token` header, a multipart attachment, Basic and Bearer auth.
//! Skipped (with a message) where `../shared/specs/confluence.json` is absent.
#![cfg(not(published_spec_absent))]

use confluence::{ApiKey, Client, FilePart, Transport, params, trust_key_scopes, types};
use wire_recorder::recorder;

#[tokio::test]
async fn a_read_goes_to_the_site_path_with_its_query_and_bearer_auth() {
    let (url, server) = recorder(r#"{"id":"123","type":"page","status":"current","title":"T"}"#);
    let transport = Transport::builder()
        .base_url(url)
        .api_key(ApiKey::new("oauth-access-token"))
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "read:confluence-content.summary");
    let params = params::GetContentById {
        status: Some(vec!["current".into(), "draft".into()]),
        version: Some(3),
        ..Default::default()
    };
    let content = client.get_content_by_id("123", &params).await.unwrap();
    assert_eq!(content.title.as_deref(), Some("T"));
    let got = server.join().unwrap();
    // The document's server is `//your-domain.atlassian.net`: only paths go on the wire.
    assert_eq!(
        got.request_line,
        "GET /wiki/rest/api/content/123?status=current&status=draft&version=3 HTTP/1.1"
    );
    assert_eq!(
        got.header("authorization"),
        Some("Bearer oauth-access-token")
    );
    assert_eq!(
        Client::DEFAULT_BASE_URL,
        "https://your-domain.atlassian.net"
    );
}

#[tokio::test]
async fn x_atlassian_token_is_sent_with_basic_auth() {
    let (url, server) = recorder("");
    let transport = Transport::builder()
        .base_url(url)
        .basic_auth("ana@example.com", ApiKey::new("api-token-123"))
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "write:confluence-content");
    let params = params::AddLabelWatcher {
        key: Some("ana".into()),
        ..Default::default()
    };
    client
        .add_label_watcher("release notes", "no-check", &params)
        .await
        .unwrap();
    let got = server.join().unwrap();
    assert_eq!(
        got.request_line,
        "POST /wiki/rest/api/user/watch/label/release%20notes?key=ana HTTP/1.1"
    );
    assert_eq!(got.header("x-atlassian-token"), Some("no-check"));
    assert_eq!(
        got.header("authorization"),
        Some("Basic YW5hQGV4YW1wbGUuY29tOmFwaS10b2tlbi0xMjM=")
    );
}

#[tokio::test]
async fn an_attachment_is_a_multipart_form() {
    let (url, server) = recorder(r#"{"results":[],"size":0,"_links":{}}"#);
    let transport = Transport::builder()
        .base_url(url)
        .api_key(ApiKey::new("t"))
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "write:confluence-file");
    // Atlassian's document marks every field of this form `format: binary`; `minorEdit` and
    // `comment` are plain fields all the same, sent without a file name.
    let form = types::CreateAttachmentForm {
        file: FilePart::new("diagram.png", vec![0x89, b'P', b'N', b'G'])
            .with_content_type("image/png"),
        comment: Some(FilePart::text("v2")),
        minor_edit: FilePart::text("true"),
    };
    client
        .create_attachment("42", &Default::default(), &form)
        .await
        .unwrap();
    let got = server.join().unwrap();
    assert_eq!(
        got.request_line,
        "POST /wiki/rest/api/content/42/child/attachment HTTP/1.1"
    );
    let boundary = got
        .header("content-type")
        .and_then(|c| c.strip_prefix("multipart/form-data; boundary="))
        .unwrap()
        .to_owned();
    let mut expected = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"diagram.png\"\r\nContent-Type: image/png\r\n\r\n"
    )
    .into_bytes();
    expected.extend_from_slice(&[0x89, b'P', b'N', b'G']);
    expected.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"comment\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nv2\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"minorEdit\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\ntrue\r\n\
             --{boundary}--\r\n"
        )
        .as_bytes(),
    );
    assert_eq!(
        String::from_utf8_lossy(&got.body),
        String::from_utf8_lossy(&expected)
    );
}

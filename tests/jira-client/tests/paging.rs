//! Jira's offset paging, walked by the generated `*_pages` methods against a loopback server
//! that answers as Jira does: pages of `startAt`, `maxResults`, `total` and (for `PageBean`s)
//! `isLast`, with fewer items than asked for (Jira caps `maxResults`). Each request must ask
//! for the offset the items so far reached.

#![cfg(not(published_spec_absent))]

use jira::{Client, StreamExt, Transport, params, trust_key_scopes};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers one request per connection with the next of `bodies`; returns the request lines.
async fn server(bodies: Vec<String>) -> (String, tokio::task::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let mut lines = Vec::new();
        for body in bodies {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 8192];
            let n = socket.read(&mut buf).await.unwrap();
            let head = String::from_utf8_lossy(&buf[..n]).into_owned();
            lines.push(head.lines().next().unwrap_or_default().to_owned());
            let reply = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            socket.write_all(reply.as_bytes()).await.unwrap();
        }
        lines
    });
    (url, handle)
}

fn client(url: &str) -> Client<jira::scopes::__key::All> {
    let transport = Transport::builder().base_url(url).build().unwrap();
    trust_key_scopes!(Client::new(transport), unscoped_key)
}

#[tokio::test]
async fn a_page_bean_is_walked_to_is_last_by_what_came_back() {
    let page = |at: usize, values: &[&str], last: bool| {
        serde_json::json!({"startAt": at, "maxResults": 2, "total": 5, "isLast": last, "values": values})
            .to_string()
    };
    let (url, seen) = server(vec![
        page(0, &["a", "b"], false),
        page(2, &["c", "d"], false),
        page(4, &["e"], true),
    ])
    .await;
    let asked = params::GetAllLabels {
        max_results: Some(50),
        ..Default::default()
    };
    let labels: Vec<String> = client(&url)
        .get_all_labels_pages(&asked)
        .collect_all()
        .await
        .unwrap();
    assert_eq!(labels, ["a", "b", "c", "d", "e"]);
    let lines = seen.await.unwrap();
    assert_eq!(
        lines,
        [
            "GET /rest/api/3/label?startAt=0&maxResults=50 HTTP/1.1",
            "GET /rest/api/3/label?startAt=2&maxResults=50 HTTP/1.1",
            "GET /rest/api/3/label?startAt=4&maxResults=50 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_search_stops_at_its_total_from_the_offset_asked() {
    let page = |at: usize, keys: &[&str]| {
        let issues: Vec<serde_json::Value> =
            keys.iter().map(|k| serde_json::json!({"key": k})).collect();
        serde_json::json!({"startAt": at, "maxResults": 2, "total": 5, "issues": issues})
            .to_string()
    };
    let (url, seen) = server(vec![page(1, &["P-2", "P-3"]), page(3, &["P-4", "P-5"])]).await;
    let asked = params::SearchForIssuesUsingJql {
        jql: Some("project = P".to_owned()),
        start_at: Some(1),
        ..Default::default()
    };
    let client = client(&url);
    let mut pages = client.search_for_issues_using_jql_pages(&asked);
    let mut keys = Vec::new();
    while let Some(issue) = pages.next().await {
        keys.push(issue.unwrap().key.unwrap_or_default());
    }
    assert_eq!(keys, ["P-2", "P-3", "P-4", "P-5"]);
    let lines = seen.await.unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("startAt=1"), "{lines:?}");
    assert!(lines[1].contains("startAt=3"), "{lines:?}");
}

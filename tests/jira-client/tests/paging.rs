//! Jira's offset paging (platform and Software), walked by the generated `*_pages` methods
//! against a loopback server that answers as Jira does: pages of `startAt`, `maxResults`, `total` and (for `PageBean`s)
//! `isLast`, with fewer items than asked for (Jira caps `maxResults`). Each request must ask
//! for the offset the items so far reached.

#![cfg(not(published_spec_absent))]

use jira::{Client, StreamExt, Transport, params, trust_key_scopes};
use wire_recorder::recorder_of;

/// Answers one request per connection with the next of `bodies`; returns the base URL and
/// the request lines that arrived.
fn server(bodies: Vec<String>) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let (url, recorded) = recorder_of(bodies);
    let lines = std::thread::spawn(move || {
        let requests = recorded.join().unwrap();
        requests.into_iter().map(|r| r.request_line).collect()
    });
    (url, lines)
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
    ]);
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
    let lines = seen.join().unwrap();
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
    let (url, seen) = server(vec![page(1, &["P-2", "P-3"]), page(3, &["P-4", "P-5"])]);
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
    let lines = seen.join().unwrap();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(lines[0].contains("startAt=1"), "{lines:?}");
    assert!(lines[1].contains("startAt=3"), "{lines:?}");
}

#[tokio::test]
async fn a_bare_array_is_walked_to_the_empty_page() {
    // Jira's user searches answer a bare array, and may hold fewer than asked (users the
    // caller may not see are dropped) with more to come: only an empty page ends them.
    let user = |id: &str| serde_json::json!({"accountId": id});
    let (url, seen) = server(vec![
        serde_json::json!([user("u1"), user("u2")]).to_string(),
        serde_json::json!([user("u3")]).to_string(),
        "[]".to_owned(),
    ]);
    let asked = params::FindUsers {
        query: Some("ann".to_owned()),
        max_results: Some(2),
        ..Default::default()
    };
    let users = client(&url)
        .find_users_pages(&asked)
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<String> = users.into_iter().filter_map(|u| u.account_id).collect();
    assert_eq!(ids, ["u1", "u2", "u3"]);
    assert_eq!(
        seen.join().unwrap(),
        [
            "GET /rest/api/3/user/search?query=ann&startAt=0&maxResults=2 HTTP/1.1",
            "GET /rest/api/3/user/search?query=ann&startAt=2&maxResults=2 HTTP/1.1",
            "GET /rest/api/3/user/search?query=ann&startAt=3&maxResults=2 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_jira_software_list_documented_by_example_is_walked_as_json() {
    // Jira Software's document gives its lists no schema, only an example: the pages are
    // untyped JSON, read for `values`, `startAt`, `total` and `isLast`.
    let page = |at: usize, ids: &[u32], last: bool| {
        let sprints: Vec<serde_json::Value> =
            ids.iter().map(|id| serde_json::json!({"id": id})).collect();
        serde_json::json!({"maxResults": 2, "startAt": at, "total": 3, "isLast": last, "values": sprints})
            .to_string()
    };
    let (url, seen) = server(vec![page(0, &[7, 8], false), page(2, &[9], true)]);
    let sprints = client(&url)
        .get_all_sprints_pages(42, &params::GetAllSprints::default())
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<u64> = sprints.iter().filter_map(|s| s["id"].as_u64()).collect();
    assert_eq!(ids, [7, 8, 9]);
    assert_eq!(
        seen.join().unwrap(),
        [
            "GET /rest/agile/1.0/board/42/sprint?startAt=0 HTTP/1.1",
            "GET /rest/agile/1.0/board/42/sprint?startAt=2 HTTP/1.1",
        ]
    );
}

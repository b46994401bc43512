//! Confluence's two paging styles, walked by the generated `*_pages` methods against a
//! loopback recorder that answers as Confluence does: lists page by `start` and `limit` and
//! link the next page relative to the site (`_links.next`); searches link it with a `cursor`.
//! The links are read, not requested: each request is the same operation with the link's
//! `start` or `cursor`, on the client's own base URL. Skipped (with a message) where
//! `../shared/specs/confluence.json` is absent.
#![cfg(not(published_spec_absent))]

use confluence::{Client, Transport, params, trust_key_scopes};
use serde_json::{Value, json};
use wire_recorder::recorder_of;

fn client(url: &str) -> Client<confluence::scopes::__key::All> {
    let transport = Transport::builder().base_url(url).build().unwrap();
    trust_key_scopes!(Client::new(transport), unscoped_key)
}

fn content(ids: &[&str]) -> Vec<Value> {
    ids.iter()
        .map(|id| json!({"id": id, "type": "page", "status": "current", "title": id}))
        .collect()
}

fn lines(server: std::thread::JoinHandle<Vec<wire_recorder::Recorded>>) -> Vec<String> {
    let requests = server.join().unwrap();
    requests.into_iter().map(|r| r.request_line).collect()
}

#[tokio::test]
async fn a_list_follows_the_start_of_its_relative_next_links_to_the_last_page() {
    // Confluence caps `limit` (2 asked, 2 given) and links the next page relative to the
    // site, with a base that names another host: neither moves the client off its base URL.
    let (url, server) = recorder_of(vec![
        json!({
            "results": content(&["1", "2"]), "start": 0, "limit": 2, "size": 2,
            "_links": {"base": "https://elsewhere.example/wiki", "context": "/wiki",
                       "next": "/rest/api/content?type=page&limit=2&start=2"},
        })
        .to_string(),
        json!({
            "results": content(&["3"]), "start": 2, "limit": 2, "size": 1,
            "_links": {"base": "https://elsewhere.example/wiki", "context": "/wiki"},
        })
        .to_string(),
    ]);
    let asked = params::GetContent {
        r#type: Some("page".to_owned()),
        limit: Some(2),
        ..Default::default()
    };
    let pages = client(&url).get_content_pages(&asked).collect_all().await;
    let ids: Vec<String> = pages.unwrap().into_iter().filter_map(|c| c.id).collect();
    assert_eq!(ids, ["1", "2", "3"]);
    assert_eq!(
        lines(server),
        [
            "GET /wiki/rest/api/content?type=page&start=0&limit=2 HTTP/1.1",
            "GET /wiki/rest/api/content?type=page&start=2&limit=2 HTTP/1.1",
        ]
    );
}

#[tokio::test]
async fn a_search_follows_the_cursor_in_its_next_link_and_stops_when_it_repeats() {
    let page = |ids: &[&str], next: Option<&str>| {
        let mut links = json!({"base": "https://site.example/wiki"});
        if let Some(next) = next {
            links["next"] = json!(next);
        }
        json!({"results": content(ids), "limit": 2, "size": ids.len(), "_links": links}).to_string()
    };
    let (url, server) = recorder_of(vec![
        page(
            &["1", "2"],
            Some("/rest/api/content/search?cql=type%3Dpage&cursor=c%2B1&limit=2"),
        ),
        page(
            &["3"],
            Some("/rest/api/content/search?cql=type%3Dpage&limit=2&cursor=c%2B2"),
        ),
        // The same cursor again: a server that loops is left.
        page(&["4"], Some("/rest/api/content/search?cursor=c%2B2")),
    ]);
    let asked = params::SearchContentByCql {
        limit: Some(2),
        ..Default::default()
    };
    let found = client(&url)
        .search_content_by_cql_pages("type=page", &asked)
        .collect_all()
        .await;
    let ids: Vec<String> = found.unwrap().into_iter().filter_map(|c| c.id).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    assert_eq!(
        lines(server),
        [
            "GET /wiki/rest/api/content/search?cql=type%3Dpage&limit=2 HTTP/1.1",
            "GET /wiki/rest/api/content/search?cql=type%3Dpage&cursor=c%2B1&limit=2 HTTP/1.1",
            "GET /wiki/rest/api/content/search?cql=type%3Dpage&cursor=c%2B2&limit=2 HTTP/1.1",
        ]
    );
}

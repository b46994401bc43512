//! Query parameters on the wire: a generated client's request, read by a loopback server.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use widgets::{ApiKey, Client, Transport, params, trust_key_scopes, types};

/// Serves one request with an empty page and hands back its request target.
fn one_request() -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut request_line = String::new();
        reader.read_line(&mut request_line).unwrap();
        // Read the headers through to the blank line.
        let mut line = String::new();
        while reader.read_line(&mut line).unwrap() > 2 {
            line.clear();
        }
        let body = r#"{"data":[]}"#;
        write!(
            reader.get_mut(),
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        request_line.split(' ').nth(1).unwrap().to_owned()
    });
    (url, server)
}

#[tokio::test]
async fn object_and_delimited_parameters_follow_their_style() {
    let (url, server) = one_request();
    let transport = Transport::builder()
        .base_url(url)
        .api_key(ApiKey::new("test-key"))
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "read:widgets:admin");
    let params = params::ListWidgets {
        ids: Some(vec!["a".into(), "b".into()]),
        filter: Some(types::ListWidgetsFilter {
            kind: Some(types::WidgetKind::Gear),
            size: Some(types::ListWidgetsFilterSize {
                min: Some(2),
                max: None,
            }),
        }),
        labels: Some(BTreeMap::from([("team".to_owned(), "a b".to_owned())])),
        tags: Some(vec!["x".into(), "y".into()]),
        ..Default::default()
    };
    let page = client.list_widgets("org1", &params).await.unwrap();
    assert!(page.data.is_empty());
    let target = server.join().unwrap();
    assert_eq!(
        target,
        "/api/v2/orgs/org1/widgets?ids=a%2Cb&filter%5Bkind%5D=gear&filter%5Bsize%5D%5Bmin%5D=2&team=a+b&tags=x%7Cy"
    );
}

//! Query parameters on the wire: a generated client's request, read by a loopback server.

use std::collections::BTreeMap;

use widgets::{ApiKey, Client, Transport, params, trust_key_scopes, types};
use wire_recorder::recorder;

#[tokio::test]
async fn object_and_delimited_parameters_follow_their_style() {
    let (url, server) = recorder(r#"{"data":[]}"#);
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
    let request_line = server.join().unwrap().request_line;
    let target = request_line.split(' ').nth(1).unwrap();
    assert_eq!(
        target,
        "/api/v2/orgs/org1/widgets?ids=a%2Cb&filter%5Bkind%5D=gear&filter%5Bsize%5D%5Bmin%5D=2&team=a+b&tags=x%7Cy"
    );
}

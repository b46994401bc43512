//! The one-crate layout runs: the service's annotated functions, in the crate that generates
//! the client, against the embedded server with a key of exactly the declared scopes.

use admin_service::{ApiKey, Error, Transport};
use cloud_admin_server::Server;

fn transport(server: &Server, key: ApiKey) -> Transport {
    Transport::builder()
        .base_url(server.url())
        .api_key(key)
        .build()
        .expect("transport")
}

#[tokio::test]
async fn the_report_runs_with_exactly_its_scopes() {
    let server = Server::start().await.expect("server");
    let key = server.create_key("report", &["read:policies:admin", "read:domains:admin"]);
    let report = admin_service::report::run(transport(&server, key), server.org_id())
        .await
        .expect("the report runs");
    assert!(!report.policies.is_empty(), "{report:?}");
    assert!(report.domains > 0, "{report:?}");
    let served = server.served();
    assert!(served.contains("getPolicies"), "{served:?}");
    assert!(served.contains("getDomains"), "{served:?}");
}

#[tokio::test]
async fn a_key_without_one_of_them_is_refused_by_the_server() {
    let server = Server::start().await.expect("server");
    let key = server.create_key("report", &["read:policies:admin"]);
    let error = admin_service::report::run(transport(&server, key), server.org_id())
        .await
        .expect_err("the server refuses getDomains");
    assert!(matches!(error, Error::Forbidden { .. }), "{error:?}");
}

//! The embedded-server recipe of docs/embedded-server.md, compiled and run as written. The block
//! between the markers below is that document's text, byte for byte: `the_readme_shows_this_file`
//! fails when either changes without the other.

// README recipe start
use cloud_admin::{Client, Transport, trust_key_scopes};
use cloud_admin_server::Server;

#[tokio::test]
async fn reads_the_domains() {
    let server = Server::start().await.unwrap(); // a free loopback port
    let key = server.create_key("test", &["read:domains:admin"]); // exactly these scopes
    let transport = Transport::builder()
        .base_url(server.url()) // instead of api.atlassian.com
        .api_key(key)
        .build()
        .unwrap();
    let client = trust_key_scopes!(Client::new(transport), "read:domains:admin");
    let page = client
        .get_domains(server.org_id(), &Default::default())
        .await
        .unwrap();
    assert!(!page.data.unwrap_or_default().is_empty());
}
// README recipe end

#[test]
fn the_readme_shows_this_file() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/docs/embedded-server.md")).unwrap();
    let this = std::fs::read_to_string(format!("{root}/tests/readme.rs")).unwrap();
    let recipe = this
        .split("// README recipe start\n")
        .nth(1)
        .and_then(|rest| rest.split("// README recipe end\n").next())
        .unwrap();
    assert!(
        readme.contains(&format!("```rust\n{recipe}```\n")),
        "the recipe in docs/embedded-server.md differs from tests/readme.rs:\n{recipe}"
    );
}

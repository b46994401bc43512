// A client handed in as a value of its own, beside the one the attribute narrows: its grant is
// its own, and whoever passes it must hold its scopes (here the entry point's list has both).
// Allowed on purpose: see "What stays possible" in docs/guarantees.md.
use cloud_admin::scopes::DeletePoliciesAdmin;
use cloud_admin::{Client, Error, Transport, requires_scope, trust_key_scopes};

#[requires_scope("read:domains:admin")]
async fn tidy(client: &Client, wide: &Client<impl DeletePoliciesAdmin>, org: &str) -> Result<(), Error> {
    client.get_domains(org, &Default::default()).await?;
    wide.delete_policy(org, "p1").await
}

#[tokio::main]
async fn main() {
    let t = Transport::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "read:domains:admin", "delete:policies:admin");
    // Nothing listens on port 9: only that the calls are made is asserted.
    assert!(tidy(&client, &client, "org").await.is_err());
}

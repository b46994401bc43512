// A client of more than 16 scopes (its places have two digits): trusting a list and calling
// through an annotated function compile and build, the keys' check against the client's own
// table included.
mod big {
    include!(concat!(env!("OUT_DIR"), "/big.rs"));
}
use big::{Client, Error, Transport, requires_scope, trust_key_scopes};

#[requires_scope("read:jira-work", "delete:jira-work")]
#[allow(deprecated)] // the synthetic document marks its reads deprecated
async fn tidy(client: &Client) -> Result<(), Error> {
    client.get_resource0(1).await?;
    client.delete_resource0(1).await
}

#[tokio::main]
async fn main() {
    let t = Transport::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "read:jira-work", "delete:jira-work");
    assert_eq!(client.granted_scopes(), ["read:jira-work", "delete:jira-work"]);
    // Nothing listens on port 9: only that the calls are made is asserted.
    assert!(tidy(&client).await.is_err());
}

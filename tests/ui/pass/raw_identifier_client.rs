// `&r#Client` is the client too: the attribute narrows it like `&Client` (found by the fourth
// independent review, where it was refused as "no `&Client` parameter").
use cloud_admin::{Client, Error, Transport, requires_scope, trust_key_scopes};

#[requires_scope("read:domains:admin")]
async fn domains(client: &r#Client, org: &str) -> Result<usize, Error> {
    Ok(client.get_domains(org, &Default::default()).await?.data.unwrap_or_default().len())
}

#[tokio::main]
async fn main() {
    let t = Transport::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "read:domains:admin");
    // Nothing listens on port 9: only that the call is made is asserted.
    assert!(domains(&client, "org").await.is_err());
}

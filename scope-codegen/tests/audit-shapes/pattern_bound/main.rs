use cloud_admin::{Client, Error, Transport, params, requires_scope, trust_key_scopes};

#[requires_scope("read:policies:admin", "delete:policies:admin")]
async fn tidy(client: &Client, (other): &Client, org: &str) -> Result<(), Error> {
    client.get_policies(org, &params::GetPolicies::default()).await?;
    other.delete_policy(org, "p1").await
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = trust_key_scopes!(Client::new(Transport::builder().build()?), "read:policies:admin", "delete:policies:admin");
    tidy(&client, &client, "org").await
}

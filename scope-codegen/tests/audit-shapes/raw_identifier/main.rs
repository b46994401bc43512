use cloud_admin::{Client, Error, Transport, params, requires_scope, trust_key_scopes};

#[requires_scope("read:policies:admin", "delete:policies:admin")]
async fn tidy(client: &Client, org: &str) -> Result<(), Error> {
    client.get_policies(org, &params::GetPolicies::default()).await?;
    r#client.delete_policy(org, "p1").await
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = trust_key_scopes!(Client::new(Transport::builder().build()?), "read:policies:admin", "delete:policies:admin", "read:domains:admin");
    tidy(&client, "org").await?;
    r#client.get_domains("org", &Default::default()).await?;
    Ok(())
}

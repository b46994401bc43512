// The same through an async helper.
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("delete:policies:admin")]
async fn purge(client: &Client, org: &str) -> Result<(), Error> {
    client.delete_policy(org, "p1").await
}

#[requires_scope("read:policies:admin")]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await?;
    purge(client, org).await
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
    //~^^ ERROR a scope this call needs is not declared for it
    //~^^^ ERROR a scope this call needs is not declared for it
}

fn main() {}

// The entry point vouches for a key with fewer scopes than the application declares.
use cloud_admin::{Client, Error, Transport, requires_scope, trust_key_scopes};

#[requires_scope("read:policies:admin", "delete:policies:admin")]
async fn purge(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await?;
    client.delete_policy(org, "p1").await
}

async fn run() -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    let client = trust_key_scopes!(client, "read:policies:admin");
    purge(&client, "org").await
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
    //~^^ ERROR a scope this call needs is not declared for it
    //~^^^ ERROR a scope this call needs is not declared for it
}

fn main() {}

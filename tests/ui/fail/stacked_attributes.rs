// Two attributes on one function: one declaration says what the function may use.
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:policies:admin")]
#[requires_scope("delete:policies:admin")]
//~^ ERROR #[requires_scope] is written twice on this function: write all its scopes in one attribute
async fn purge(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await?;
    client.delete_policy(org, "p1").await
}

fn main() {}

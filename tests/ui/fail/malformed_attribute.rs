use cloud_admin::{Client, Error, requires_scope};

#[requires_scope(read_policies_admin)]
//~^ ERROR expected a scope string such as "read:policies:admin", or `unscoped`; found `read_policies_admin` (scopes are written in quotes)
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

#[requires_scope("read:policies:admin" "write:policies:admin")]
//~^ ERROR expected `,`
async fn update(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

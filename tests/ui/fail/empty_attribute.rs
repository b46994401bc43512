use cloud_admin::{Client, Error, requires_scope};

#[requires_scope()]
//~^ ERROR #[requires_scope] needs at least one scope, e.g. #[requires_scope("read:policies:admin")], or `unscoped`
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

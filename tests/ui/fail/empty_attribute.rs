use cloud_admin::{Client, Error, requires_scope};

#[requires_scope()]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

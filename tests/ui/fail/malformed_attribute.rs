use cloud_admin::{Client, Error, requires_scope};

#[requires_scope(read_policies_admin)]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

#[requires_scope("read:policies:admin" "write:policies:admin")]
async fn update(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:policies:admin", "read:policies:admin")]
//~^ ERROR `read:policies:admin` is declared twice; remove this one
//~^^ ERROR first declared here
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

// `allow_unneeded` given twice: an error at the second, like a scope declared twice.
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:policies:admin", allow_unneeded, allow_unneeded)]
//~^ ERROR `allow_unneeded` is given twice; remove this one
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

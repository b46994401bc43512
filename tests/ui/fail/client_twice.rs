// `client = …` given twice: an error at the second, rather than the second silently winning.
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:policies:admin", client = ::cloud_admin, client = ::cloud_admin)]
//~^ ERROR `client = …` is given twice; remove this one
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

// A declared scope that nothing in the body needs is a warning (least privilege); denied here
// so that the test can show it.
#![deny(deprecated)]
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:policies:admin", "delete:policies:admin")]
//~^ ERROR use of deprecated unit struct `audit::{closure#0}::unneeded_scope`: `delete:policies:admin` is declared on `audit` but nothing in its body needs it; remove it (least privilege)
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

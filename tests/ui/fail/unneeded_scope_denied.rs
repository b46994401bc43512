// Where the crate denies `deprecated` (or forbids it, or builds with -D warnings), an unneeded
// scope is an error: the attribute keeps the user's own lint levels.
#![deny(deprecated)]
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:policies:admin", "delete:policies:admin")]
//~^ ERROR use of deprecated unit struct `audit::{closure#0}::unneeded_scope`: `delete:policies:admin` is declared on `audit` but nothing in its body needs it; remove it (least privilege)
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

// A declared scope that nothing in the body needs is a warning (least privilege), at the
// scope's literal. `#[allow(deprecated)]`, which calling a deprecated operation needs, does not
// hide it; `allow_unneeded` keeps extra scopes on purpose, without the warning.
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:policies:admin", "delete:policies:admin")]
//~^ WARN use of deprecated unit struct `audit::{closure#0}::unneeded_scope`: `delete:policies:admin` is declared on `audit` but nothing in its body needs it; remove it (least privilege)
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

#[allow(deprecated)]
#[requires_scope("read:policies:admin", "delete:policies:admin")]
//~^ WARN use of deprecated unit struct `allowing_deprecated::{closure#0}::unneeded_scope`: `delete:policies:admin` is declared on `allowing_deprecated` but nothing in its body needs it; remove it (least privilege)
async fn allowing_deprecated(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

// Kept on purpose: no warning.
#[requires_scope("read:policies:admin", "delete:policies:admin", allow_unneeded)]
async fn on_purpose(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

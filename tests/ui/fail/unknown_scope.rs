// A misspelt scope: an error at the literal with the closest known scope.
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:polices:admin")]
//~^ ERROR unknown scope `read:polices:admin`; did you mean `read:policies:admin`?
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

// A scope written in the wrong case gets the exact scope, not a guess.
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("READ:POLICIES:ADMIN")]
//~^ ERROR unknown scope `READ:POLICIES:ADMIN`; did you mean `read:policies:admin`? (scopes are lower case)
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

fn main() {}

// A misspelt scope: an error at the literal with the closest known scope, and nothing else:
// the caller that passes its trusted client on gets no follow-on type error.
use cloud_admin::{Client, Error, Transport, requires_scope, trust_key_scopes};

#[requires_scope("read:polices:admin")]
//~^ ERROR unknown scope `read:polices:admin`; did you mean `read:policies:admin`?
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await
}

async fn entry() -> Result<(), Error> {
    let client = trust_key_scopes!(Client::new(Transport::builder().build()?), "read:policies:admin");
    audit(&client, "org").await
}

fn main() {
    drop(entry());
}

// A client parameter bound by a pattern (`&other: &&Client`) has no name the attribute's
// analysis can follow, so the body is never taken as seen whole: no unneeded-scope warning for
// `delete:policies:admin`, which `other` needs (found by an independent review; before, the
// attribute warned, and the audit called the scope redundant).
#![deny(warnings)]

use cloud_admin::{Client, Error, Transport, requires_scope, trust_key_scopes};

#[requires_scope("read:policies:admin", "delete:policies:admin")]
async fn tidy(client: &Client, &other: &&Client, org: &str) -> Result<(), Error> {
    client.get_policies(org, &Default::default()).await?;
    other.delete_policy(org, "p1").await
}

fn main() {
    let transport = Transport::builder().build().expect("transport");
    let client = trust_key_scopes!(Client::new(transport), "read:policies:admin", "delete:policies:admin");
    let other = &client;
    let _unpolled = tidy(&client, &other, "org");
}

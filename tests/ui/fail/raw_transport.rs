// Attack: send a request through the raw transport of a trusted or narrowed client, which
// would need no proof. A client with a grant does not lend its transport out: `transport()`
// exists on a client nothing vouched for only (whose transport the program built itself, key
// and all; the raw path from there, `send_*_unproven`, is what a review greps for, and
// `pass/raw_path.rs` compiles it).
use cloud_admin::{Client, Error, Transport, operations, requires_scope, trust_key_scopes};

async fn trusted() -> Result<(), Error> {
    let client = trust_key_scopes!(Client::new(Transport::builder().build()?), "read:domains:admin");
    client
        .transport()
        //~^ ERROR[E0599]
        .send_empty_unproven(&operations::DELETE_POLICY, "/admin/v1/orgs/o/policies/p".into(), Default::default(), None)
        .await
}

#[requires_scope("read:domains:admin")]
async fn narrowed(client: &Client, org: &str) -> Result<(), Error> {
    client.get_domains(org, &Default::default()).await?;
    let _ = client.transport();
    //~^ ERROR[E0599]
    Ok(())
}

fn main() {}

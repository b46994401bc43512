// Attack: send a request through the raw transport, with no proof at all. Sending without a
// proof is `unsafe` (the second thing to grep for), and a narrowed client does not lend its
// transport out.
use cloud_admin::{Client, Error, Transport, operations, requires_scope};

async fn unverified() -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    client
        //~^ ERROR[E0133]
        .transport()
        .send_empty(&operations::DELETE_POLICY, "/admin/v1/orgs/o/policies/p".into(), Default::default(), None)
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

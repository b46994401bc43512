// `grant!` is another crate's re-export of `trust_key_scopes!` under a name of its own, handed
// a client made on the line before: the audit cannot read it, but a macro given a scope list
// may make a grant.
use cloud_admin::{Client, Error, Transport};
use helpers::grant;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let raw = Client::new(Transport::builder().build()?);
    let client = grant!(raw, "read:policies:admin", "delete:policies:admin");
    client.get_policies("o", &Default::default()).await?;
    client.delete_policy("o", "p").await?;
    Ok(())
}

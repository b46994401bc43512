// `grant!` is another crate's re-export of `trust_key_scopes!` under a name of its own: the
// audit cannot see that, but a macro handed a new client may make a grant.
use cloud_admin::{Client, Error, Transport};
use helpers::grant;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let t = Transport::builder().build()?;
    let client = grant!(Client::new(t), "read:policies:admin", "delete:policies:admin");
    client.get_policies("o", &Default::default()).await?;
    client.delete_policy("o", "p").await?;
    Ok(())
}

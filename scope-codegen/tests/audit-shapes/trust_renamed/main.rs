use cloud_admin::{Client, Error, Transport, trust_key_scopes as grant};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let t = Transport::builder().build()?;
    let client = grant!(Client::new(t), "read:policies:admin", "delete:policies:admin");
    client.get_policies("o", &Default::default()).await?;
    client.delete_policy("o", "p").await?;
    Ok(())
}

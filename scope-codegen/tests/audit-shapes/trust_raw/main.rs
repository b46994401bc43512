use cloud_admin::{Client, Error, Transport, trust_key_scopes};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let t = Transport::builder().build()?;
    let client = r#trust_key_scopes!(Client::new(t), "read:policies:admin", "delete:policies:admin");
    client.get_policies("o", &Default::default()).await?;
    client.delete_policy("o", "p").await?;
    Ok(())
}

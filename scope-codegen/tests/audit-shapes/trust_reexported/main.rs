mod admin {
    pub use cloud_admin::*;
    pub use cloud_admin::trust_key_scopes as grant;
}

use admin::{Client, Error, Transport};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let t = Transport::builder().build()?;
    let client = admin::grant!(Client::new(t), "read:policies:admin", "delete:policies:admin");
    client.get_policies("o", &Default::default()).await?;
    client.delete_policy("o", "p").await?;
    Ok(())
}

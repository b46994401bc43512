//! The other `cleanup`.

use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:tokens:admin", "delete:tokens:admin")]
pub async fn cleanup(client: &Client, org: &str) -> Result<usize, Error> {
    let keys = client.get_api_keys(org, &Default::default()).await?;
    for key in &keys.data {
        client.revoke_api_key(org, &key.id).await?;
    }
    Ok(keys.data.len())
}

//! `cleanup` here deletes policies; `tokens::cleanup` revokes keys. Same name, other scopes.

use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:policies:admin", "delete:policies:admin")]
pub async fn cleanup(client: &Client, org: &str) -> Result<usize, Error> {
    let page = client.get_policies(org, &Default::default()).await?;
    let mut removed = 0;
    for policy in page.data.unwrap_or_default() {
        client.delete_policy(org, &policy.id).await?;
        removed += 1;
    }
    Ok(removed)
}

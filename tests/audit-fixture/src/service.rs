//! A struct of the service with an annotated method: the client is a parameter, not a field
//! (what the attribute needs), and the method is called on `self`.

use cloud_admin::{Client, Error, requires_scope};

/// The service's settings.
pub struct Service {
    /// The organization.
    pub org: String,
}

impl Service {
    #[requires_scope("read:policies:admin")]
    pub async fn validate_all(&self, client: &Client) -> Result<usize, Error> {
        let page = client.get_policies(&self.org, &Default::default()).await?;
        let policies = page.data.unwrap_or_default();
        for policy in &policies {
            client.validate_policy(&self.org, &policy.id).await?;
        }
        Ok(policies.len())
    }

    #[requires_scope("read:policies:admin", "delete:policies:admin")]
    pub async fn validate_then_clean(&self, client: &Client) -> Result<usize, Error> {
        self.validate_all(client).await?;
        crate::policies::cleanup(client, &self.org).await
    }
}

//! Reading policies: one scope, declared where it is used.

use crate::admin::{Client, Error, requires_scope};

/// The names of the organization's policies, across every page.
#[requires_scope("read:policies:admin")]
pub async fn names(client: &Client, org: &str) -> Result<Vec<String>, Error> {
    use crate::admin::StreamExt;
    let mut out = Vec::new();
    let mut pages = client.get_policies_pages(org, &Default::default());
    while let Some(policy) = pages.next().await {
        out.push(policy?.attributes.name.unwrap_or_default());
    }
    Ok(out)
}

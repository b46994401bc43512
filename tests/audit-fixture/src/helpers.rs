//! A helper without the attribute, generic over the grant with a hand-written bound: the audit
//! follows it like any function of the crate.

use cloud_admin::scopes::ReadPoliciesAdmin;
use cloud_admin::{Client, Error, requires_scope};

/// The names of the organization's policies.
pub async fn names<G: ReadPoliciesAdmin>(
    client: &Client<G>,
    org: &str,
) -> Result<Vec<String>, Error> {
    let page = client.get_policies(org, &Default::default()).await?;
    Ok(page
        .data
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| p.attributes.name)
        .collect())
}

/// Reaches `get_policies` through the helper only.
#[requires_scope("read:policies:admin")]
pub async fn report(client: &Client, org: &str) -> Result<usize, Error> {
    Ok(names(client, org).await?.len())
}

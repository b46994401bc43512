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

/// A helper whose bounds ask more than its body uses: its callers must prove both, since the
/// compiler checks the bounds, not the body (the audit reports the bound as redundant here).
pub async fn token_count<G>(client: &Client<G>, org: &str) -> Result<i64, Error>
where
    G: cloud_admin::scopes::ReadTokensAdmin + cloud_admin::scopes::DeleteTokensAdmin,
{
    Ok(client
        .get_api_token_count(org, &Default::default())
        .await?
        .count)
}

/// Reaches the helper: it needs what the helper's bounds demand.
#[requires_scope("read:tokens:admin", "delete:tokens:admin")]
pub async fn token_report(client: &Client, org: &str) -> Result<i64, Error> {
    token_count(client, org).await
}

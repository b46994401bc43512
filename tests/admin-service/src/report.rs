//! The service's one job: a report that needs two scopes, and the entry point that trusts the
//! key to hold them.

use crate::admin::{Client, Error, Transport, requires_scope, trust_key_scopes};

/// Policies and verified domains of an organization.
#[derive(Debug, PartialEq, Eq)]
pub struct Report {
    /// Policy names, in the server's order.
    pub policies: Vec<String>,
    /// How many domains the organization has.
    pub domains: usize,
}

#[requires_scope("read:policies:admin", "read:domains:admin")]
async fn report(client: &Client, org: &str) -> Result<Report, Error> {
    let policies = crate::policies::names(client, org).await?;
    let domains = client.get_domains(org, &Default::default()).await?;
    Ok(Report {
        policies,
        domains: domains.data.unwrap_or_default().len(),
    })
}

/// Runs the report with a transport whose key holds exactly the two scopes.
pub async fn run(transport: Transport, org: &str) -> Result<Report, Error> {
    let client = trust_key_scopes!(
        Client::new(transport),
        "read:policies:admin",
        "read:domains:admin"
    );
    report(&client, org).await
}

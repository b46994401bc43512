//! Policy audit: lists every policy of an organization (all pages), asks the service to
//! validate each, and prints a table.
//!
//! With `ATLASSIAN_ADMIN_API_KEY` and `ATLASSIAN_ORG_ID` set it runs against the real API
//! (`ATLASSIAN_API_BASE_URL` overrides the base URL). Without them it prints the operations it
//! would call and the scopes an API key needs for them.

use cloud_admin::{
    ApiKey, Client, Error, OperationInfo, Transport, operations, params, requires_scope,
    trust_key_scopes,
};

/// The operations this audit calls.
const CALLS: &[OperationInfo] = &[operations::GET_POLICIES, operations::VALIDATE_POLICY];

#[tokio::main]
async fn main() -> Result<(), Error> {
    print_requirements();
    let (Ok(key), Ok(org)) = (
        std::env::var("ATLASSIAN_ADMIN_API_KEY"),
        std::env::var("ATLASSIAN_ORG_ID"),
    ) else {
        println!(
            "\nSet ATLASSIAN_ADMIN_API_KEY and ATLASSIAN_ORG_ID to run the audit against the real API."
        );
        return Ok(());
    };
    let base = std::env::var("ATLASSIAN_API_BASE_URL")
        .unwrap_or_else(|_| Client::DEFAULT_BASE_URL.to_owned());
    let client = Client::new(
        Transport::builder()
            .base_url(base)
            .api_key(ApiKey::new(key))
            .build()?,
    );
    // The entry point: the key is trusted to hold what the audit declares.
    let client = trust_key_scopes!(client, "read:policies:admin");
    audit(&client, &org).await
}

fn print_requirements() {
    println!("This audit calls:");
    for op in CALLS {
        println!(
            "  {:<15} {} {}  needs {}",
            op.operation_id, op.method, op.path, op.requirement
        );
    }
}

#[requires_scope("read:policies:admin")]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    let mut cursor = None;
    println!(
        "\n{:<38} {:<16} {:<10} {:<24} VALIDATION",
        "POLICY", "TYPE", "STATUS", "NAME"
    );
    loop {
        let page = client
            .get_policies(
                org,
                &params::GetPolicies {
                    cursor: cursor.take(),
                    r#type: None,
                },
            )
            .await?;
        for policy in page.data.unwrap_or_default() {
            let attributes = &policy.attributes;
            let validation = match client.validate_policy(org, &policy.id).await {
                Ok(()) => "accepted".to_owned(),
                Err(e) => format!("failed: {e}"),
            };
            println!(
                "{:<38} {:<16} {:<10} {:<24} {validation}",
                policy.id,
                attributes.r#type.as_str(),
                attributes.status.as_ref().map_or("-", |s| s.as_str()),
                attributes.name.as_deref().unwrap_or("-"),
            );
        }
        cursor = page
            .meta
            .and_then(|m| m.next)
            .or_else(|| page.links.and_then(|l| l.next));
        if cursor.is_none() {
            return Ok(());
        }
    }
}

//! Policy audit: lists every policy (all pages), asks the service to validate each, and prints
//! a table. Needs only `read:policies:admin`.
//!
//! `cargo run --example policy_audit` runs it against the embedded Cloud Admin server; with
//! `ATLASSIAN_ADMIN_API_KEY` and `ATLASSIAN_ORG_ID` set, against the real API.

mod common;

use cloud_admin::{Client, Error, params, requires_scope};

#[requires_scope("read:policies:admin")]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    let policies = client
        .get_policies_pages(org, &params::GetPolicies::default())
        .collect_all()
        .await?;
    println!(
        "\n{:<13} {:<15} {:<9} {:<28} VALIDATION",
        "POLICY", "TYPE", "STATUS", "NAME"
    );
    for policy in &policies {
        let attributes = &policy.attributes;
        let validation = match client.validate_policy(org, &policy.id).await {
            Ok(()) => "accepted".to_owned(),
            Err(e) if e.status() == Some(400) => format!("failed ({})", first_error_detail(&e)),
            Err(e) => return Err(e),
        };
        println!(
            "{:<13} {:<15} {:<9} {:<28} {validation}",
            policy.id,
            attributes.r#type.as_str(),
            attributes.status.as_ref().map_or("-", |s| s.as_str()),
            attributes.name.as_deref().unwrap_or("-"),
        );
    }
    println!("\n{} policies audited.", policies.len());
    Ok(())
}

/// The `detail` of an Atlassian error body, if it has one.
fn first_error_detail(error: &Error) -> String {
    let body = match error {
        Error::Status { body, .. }
        | Error::Conflict { body, .. }
        | Error::NotFound { body, .. } => body.as_str(),
        _ => "",
    };
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["errors"][0]["detail"].as_str().map(str::to_owned))
        .unwrap_or_else(|| error.to_string())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let session = common::Session::start().await?;
    let client = client_with_scopes!(session, "read:policies:admin");
    audit(&client, &session.org_id).await
}

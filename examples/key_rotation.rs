//! API-key rotation: creates a key with only the scopes a given task needs (here: the policy
//! audit's), lists the organization's keys (all pages), and revokes the older keys with the
//! same label.
//!
//! `cargo run --example key_rotation` runs it against the embedded Cloud Admin server; with
//! `ATLASSIAN_ADMIN_API_KEY` and `ATLASSIAN_ORG_ID` set, against the real API (which then
//! creates and revokes real keys).

mod common;

use cloud_admin::{Client, Error, params, requires_scope};

/// The task the new key is for, and the scopes it needs: those of `policy_audit`.
const LABEL: &str = "policy audit";
const TASK_SCOPES: &[&str] = &["read:policies:admin"];

#[requires_scope("write:tokens:admin", "read:tokens:admin", "delete:tokens:admin")]
async fn rotate(client: &Client, org: &str) -> Result<(), Error> {
    let scopes: Vec<String> = TASK_SCOPES.iter().map(|s| (*s).to_owned()).collect();
    let created = client
        .create_api_key(
            org,
            LABEL,
            "2027-06-30T00:00:00Z",
            &format!("ari:cloud:platform::org/{org}"),
            &scopes,
            &[],
        )
        .await?;
    // The secret is shown once, here; a real rotation would put it in a secret store.
    println!(
        "Created key {} for \"{LABEL}\" with scopes {:?}.",
        created.id,
        created.scopes.unwrap_or_default()
    );

    let keys = client
        .get_api_keys_pages(org, &params::GetApiKeys::default())
        .collect_all()
        .await?;
    println!("\n{:<10} {:<14} {:<22} SCOPES", "KEY", "LABEL", "EXPIRES");
    for key in &keys {
        println!(
            "{:<10} {:<14} {:<22} {}",
            key.id,
            key.label.as_deref().unwrap_or("-"),
            key.expires_at.as_deref().unwrap_or("-"),
            key.scopes.as_deref().filter(|s| !s.is_empty()).map_or_else(
                || "(none: reaches every operation)".to_owned(),
                |s| s.join(", ")
            )
        );
    }
    let old: Vec<&str> = keys
        .iter()
        .filter(|k| k.label.as_deref() == Some(LABEL) && k.id != created.id)
        .map(|k| k.id.as_str())
        .collect();
    for id in &old {
        client.revoke_api_key(org, id).await?;
    }
    println!(
        "\nRevoked {} older \"{LABEL}\" key(s); {} key(s) remain.",
        old.len(),
        client
            .get_api_key_count(org, &Default::default())
            .await?
            .count
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let session = common::Session::start().await?;
    // A key passes on only scopes it holds (the embedded server enforces this; Atlassian
    // documents no way around it), so the key that creates the task's key holds the task's
    // scopes as well as the three `rotate` needs. No call here needs `read:policies:admin`, so
    // `allow_unneeded` tells the audit it is held on purpose.
    let client = client_with_scopes!(
        session,
        "write:tokens:admin",
        "read:tokens:admin",
        "delete:tokens:admin",
        "read:policies:admin",
        allow_unneeded
    );
    // Rotate twice: the second run revokes the key the first one made.
    rotate(&client, &session.org_id).await?;
    rotate(&client, &session.org_id).await
}

//! The entry points: each trusts its key once and hands the client on.

use cloud_admin::{Client, Error, Transport, trust_key_scopes};

/// The service's main job: its key holds exactly what everything it calls needs.
pub async fn run(transport: Transport, org: &str) -> Result<i64, Error> {
    let client = trust_key_scopes!(
        Client::new(transport),
        "read:policies:admin",
        "delete:policies:admin",
        "read:tokens:admin",
        "delete:tokens:admin",
        "read:domains:admin",
        "read:events:admin"
    );
    let removed = crate::policies::cleanup(&client, org).await?;
    let revoked = crate::tokens::cleanup(&client, org).await?;
    let total = crate::stats::overview(&client, org).await?;
    let counted = crate::stats::token_count(&client, org).await?;
    let named = crate::helpers::report(&client, org).await?;
    let events = crate::macros::recent_events(&client, org).await?;
    let service = crate::service::Service {
        org: org.to_owned(),
    };
    let validated = service.validate_then_clean(&client).await?;
    crate::gated::always(&client, org).await?;
    #[cfg(feature = "extra")]
    crate::gated::extra_audit(&client, org).await?;
    Ok(total + counted + (removed + revoked + named + events + validated) as i64)
}

/// A second job, through a boxed context and a trait of its own: the audit cannot follow
/// either, so it cannot vouch for this key.
pub async fn side_job(transport: Transport, org: &str) -> Result<usize, Error> {
    let client = trust_key_scopes!(
        Client::new(transport),
        "read:domains:admin",
        "read:events:admin"
    );
    let domains = crate::context::domains(&client, org).await?;
    let boxed = crate::context::boxed(&client, org).await?;
    let events = crate::extension::events(&client, org).await?;
    Ok(domains + boxed + events)
}

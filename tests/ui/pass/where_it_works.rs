// Every place a covered call must compile: closures, async blocks, loops, method chains, after
// `?`, generic code, inherent methods, helpers (transitively), and unscoped operations.
#![deny(warnings)]

use cloud_admin::{Call, Client, Error, Transport, params, requires_scope, trust_key_scopes, types};

#[requires_scope("read:policies:admin")]
async fn in_loops_closures_and_async_blocks(client: &Client, org: &str) -> Result<usize, Error> {
    let mut cursor = None;
    let mut ids = Vec::new();
    loop {
        let page = client.get_policies(org, &params::GetPolicies { cursor: cursor.take(), r#type: None }).await?;
        ids.extend(page.data.unwrap_or_default().into_iter().map(|p| p.id));
        cursor = page.links.and_then(|l| l.next);
        if cursor.is_none() {
            break;
        }
    }
    let validate = |id: &str| client.validate_policy(org, id);
    for id in &ids {
        validate(id).await?;
    }
    let nested = async { client.get_policy_by_id(org, "p1").await.map(|p| p.data.is_some()) };
    nested.await?;
    Ok(ids.len())
}

/// A helper with its own declaration.
#[requires_scope("read:policies:admin", "delete:policies:admin")]
async fn purge_disabled(client: &Client, org: &str) -> Result<(), Error> {
    let page = client.get_policies(org, &params::GetPolicies::default()).await?;
    for policy in page.data.unwrap_or_default() {
        if policy.attributes.status == Some(types::PolicyStatus::Disabled) {
            client.delete_policy(org, &policy.id).await?;
        }
    }
    Ok(())
}

/// The entry point's declaration covers everything it calls, transitively.
#[requires_scope("read:policies:admin", "delete:policies:admin", "read:domains:admin")]
async fn run(client: &Client, org: &str) -> Result<usize, Error> {
    purge_disabled(client, org).await?;
    let domains = client.get_domains(org, &params::GetDomains::default()).await?.data.map_or(0, |d| d.len());
    Ok(domains + in_loops_closures_and_async_blocks(client, org).await?)
}

/// Generic code: the attribute adds its grant next to the function's own parameters.
#[requires_scope("read:classification-levels:admin")]
async fn first_level_name<T: AsRef<str>>(client: &Client, org: T) -> Result<Option<String>, Error> {
    let levels = client.get_classification_levels(org.as_ref(), &Default::default()).await?;
    Ok(levels.levels.into_iter().next().map(|l| l.name))
}

/// A plain function returning the call.
#[requires_scope("read:domains:admin")]
fn domain<'a>(client: &'a Client, org: &'a str, id: &'a str) -> Call<'a, types::Domain> {
    client.get_domain_by_id(org, id)
}

struct Auditor {
    org: String,
}

impl Auditor {
    /// An inherent method.
    #[requires_scope("read:policies:admin")]
    async fn count(&self, client: &Client) -> Result<usize, Error> {
        let page = client.get_policies(&self.org, &Default::default()).await?;
        Ok(page.data.map_or(0, |d| d.len()))
    }
}

/// Unscoped operations, declared.
#[requires_scope(unscoped)]
async fn orgs(client: &Client) -> Result<usize, Error> {
    Ok(client.get_orgs(&Default::default()).await?.data.map_or(0, |d| d.len()))
}

/// The program's entry point vouches for the key once; everything below is checked.
#[allow(dead_code)]
async fn entry() -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    let client = trust_key_scopes!(
        client,
        "read:policies:admin",
        "delete:policies:admin",
        "read:domains:admin",
        "read:classification-levels:admin"
    );
    run(&client, "org").await?;
    first_level_name(&client, String::from("org")).await?;
    domain(&client, "org", "d1").await?;
    Auditor { org: "org".into() }.count(&client).await?;
    let everything = trust_key_scopes!(Client::new(Transport::builder().build()?), unscoped_key);
    orgs(&everything).await?;
    Ok(())
}

fn main() {
    // Proofs are zero-sized: a client with a grant is exactly its transport.
    let client = Client::new(Transport::builder().build().unwrap());
    let narrowed = trust_key_scopes!(client.clone(), "read:policies:admin");
    assert_eq!(std::mem::size_of_val(&narrowed), std::mem::size_of::<Transport>());
    assert_eq!(std::mem::size_of_val(&client), std::mem::size_of::<Transport>());
}

//! The client under another name: a parameter renamed by `let`, a clone moved into an `async
//! move` block (the way a spawned task gets its client), a reference to it, an element of a
//! tuple bound by `let`.

use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:domains:admin")]
pub async fn renamed(api: &Client, org: &str) -> Result<usize, Error> {
    let client = api;
    let page = client.get_domains(org, &Default::default()).await?;
    Ok(page.data.map_or(0, |d| d.len()))
}

#[requires_scope("read:domains:admin", "read:policies:admin")]
pub async fn moved(client: &Client, org: &str) -> Result<usize, Error> {
    let copy = client.clone();
    let owned = org.to_owned();
    let domains = async move { copy.get_domains(&owned, &Default::default()).await }.await?;
    let again = &client;
    again.validate_policy(org, "p1").await?;
    Ok(domains.data.map_or(0, |d| d.len()))
}

/// A tuple bound by `let`: the element that is the client.
#[requires_scope("read:events:admin")]
pub async fn paired(client: &Client, org: &str) -> Result<(), Error> {
    let (api, owned) = (client.clone(), org.to_owned());
    api.get_events(&owned, &Default::default()).await.map(drop)
}

// A client inside an annotated function moves into spawned tasks like any other value: a grant
// is a zero-sized `'static` marker.
#![deny(warnings)]

use cloud_admin::{Client, Error, params, requires_scope, trust_key_scopes, Transport};
use tokio::task::JoinSet;

#[requires_scope("read:policies:admin")]
async fn fan_out(client: &Client, orgs: Vec<String>) -> Result<usize, Error> {
    let mut tasks = JoinSet::new();
    for org in orgs {
        let client = client.clone();
        tasks.spawn(async move {
            let page = client.get_policies(&org, &params::GetPolicies::default()).await?;
            Ok::<usize, Error>(page.data.map_or(0, |d| d.len()))
        });
    }
    let mut total = 0;
    while let Some(joined) = tasks.join_next().await {
        total += joined.expect("task finished")?;
    }
    Ok(total)
}

#[requires_scope("read:policies:admin")]
async fn in_the_background(client: &Client, org: String) -> Result<usize, Error> {
    let client = client.clone();
    let handle = tokio::spawn(async move { fan_out(&client, vec![org]).await });
    handle.await.expect("task finished")
}

#[allow(dead_code)]
async fn entry() -> Result<usize, Error> {
    let client = trust_key_scopes!(Client::new(Transport::builder().build()?), "read:policies:admin");
    in_the_background(&client, "org".to_owned()).await
}

fn main() {}

//! Names that collide: an annotated method called `count`, next to iterators' `.count()`, and a
//! cache whose method is called like an operation.

use cloud_admin::{Client, Error, requires_scope, types};

/// Counts of the organization's tokens.
pub struct TokenStats;

impl TokenStats {
    #[requires_scope("read:tokens:admin")]
    pub async fn count(client: &Client, org: &str) -> Result<i64, Error> {
        Ok(client
            .get_api_token_count(org, &Default::default())
            .await?
            .count)
    }
}

/// Policies remembered from an earlier run: no client in sight.
#[derive(Default)]
pub struct Cache {
    policies: Vec<types::PolicyModel>,
}

impl Cache {
    /// Named like the operation, but only reads memory.
    pub fn get_policies(&self) -> &[types::PolicyModel] {
        &self.policies
    }
}

/// Iterators' `count` and the cache's `get_policies` need nothing; the operation does.
#[requires_scope("read:domains:admin")]
pub async fn summary(client: &Client, org: &str, cache: &Cache) -> Result<usize, Error> {
    let cached = cache
        .get_policies()
        .iter()
        .filter(|p| p.attributes.name.is_some())
        .count();
    let domains = client.get_domains(org, &Default::default()).await?;
    let named = domains
        .data
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.attributes.name.is_some());
    Ok(cached + named.count())
}

/// `Ok(client.op(..).await?.field)`: an operation call inside a constructor call.
#[requires_scope("read:tokens:admin")]
pub async fn token_count(client: &Client, org: &str) -> Result<i64, Error> {
    Ok(client
        .get_api_token_count(org, &Default::default())
        .await?
        .count)
}

/// Calls the annotated method by its type, and an iterator's `count`.
#[requires_scope("read:tokens:admin", "read:domains:admin")]
pub async fn overview(client: &Client, org: &str) -> Result<i64, Error> {
    let tokens = TokenStats::count(client, org).await?;
    let cache = Cache::default();
    let other = summary(client, org, &cache).await?;
    Ok(tokens + [other].iter().filter(|n| **n > 0).count() as i64)
}

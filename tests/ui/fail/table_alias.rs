// Atlassian's later pages call the key scopes `read:keys:admin`; the scope table, which is what
// a key is created with, calls it `read:tokens:admin`. The error says so rather than guessing
// the nearest string.
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:keys:admin")]
//~^ ERROR unknown scope `read:keys:admin`: the scope table calls it `read:tokens:admin`; write "read:tokens:admin" (the name an API key is created with)
async fn keys(client: &Client, org: &str) -> Result<u64, Error> {
    Ok(client.get_api_key_count(org).await?.count)
}

fn main() {}

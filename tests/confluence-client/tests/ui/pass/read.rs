// A read of Confluence content under the scope its `security` names.
#![deny(warnings)]
use confluence::{Client, Error, Transport, params, requires_scope, trust_key_scopes, types};

#[requires_scope("read:confluence-content.summary")]
async fn title(client: &Client, id: &str) -> Result<Option<String>, Error> {
    let content: types::Content = client.get_content_by_id(id, &params::GetContentById::default()).await?;
    Ok(content.title)
}

#[allow(dead_code)]
async fn entry() -> Result<(), Error> {
    let client = trust_key_scopes!(Client::new(Transport::builder().site("acme").build()?), "read:confluence-content.summary");
    title(&client, "123").await.map(drop)
}

fn main() {}

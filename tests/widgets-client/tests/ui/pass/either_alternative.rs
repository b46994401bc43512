// Either alternative covers `create_widget`: the classic scope, or both granular ones.
#![deny(warnings)]
use widgets::{Client, Error, Transport, requires_scope, trust_key_scopes, types};

#[requires_scope("write:jira-widgets")]
async fn classic(client: &Client, org: &str, widget: &types::NamedWidget) -> Result<types::Widget, Error> {
    client.create_widget(org, true, widget).await
}

#[requires_scope("write:widget:jira", "read:widget:jira")]
async fn granular(client: &Client, org: &str, widget: &types::NamedWidget) -> Result<types::Widget, Error> {
    client.create_widget(org, true, widget).await
}

#[requires_scope("write:jira-widgets", "write:widget:jira", "read:widget:jira")]
async fn both(client: &Client, org: &str, widget: &types::NamedWidget) -> Result<(), Error> {
    classic(client, org, widget).await?;
    granular(client, org, widget).await?;
    Ok(())
}

#[allow(dead_code)]
async fn entry(widget: &types::NamedWidget) -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    let client = trust_key_scopes!(client, "write:jira-widgets", "write:widget:jira", "read:widget:jira");
    both(&client, "org", widget).await?;
    // A key with only the granular alternative runs what declares only that.
    let granular_key = trust_key_scopes!(Client::new(Transport::builder().build()?), "write:widget:jira", "read:widget:jira");
    granular(&granular_key, "org", widget).await.map(drop)
}

fn main() {}

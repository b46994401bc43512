// A function that declares the granular alternative cannot call one that declares the classic
// one: the error names the scope it lacks (at the call; rustc repeats the failed bound at its
// argument and `.await`, as for every async callee, where the message points back to it).
use widgets::{Client, Error, requires_scope, types};

#[requires_scope("write:jira-widgets")]
async fn classic(client: &Client, org: &str, widget: &types::NamedWidget) -> Result<types::Widget, Error> {
    client.create_widget(org, true, widget).await
}

#[requires_scope("write:widget:jira", "read:widget:jira")]
async fn granular(client: &Client, org: &str, widget: &types::NamedWidget) -> Result<types::Widget, Error> {
    classic(client, org, widget).await
    //~^ ERROR scope `write:jira-widgets` is not declared for this call
    //~^^ ERROR a scope this call needs is not declared for it
    //~^^^ ERROR a scope this call needs is not declared for it
}

fn main() {}

// One scope of the granular alternative is not enough.
use widgets::{Client, Error, requires_scope, types};

#[requires_scope("write:widget:jira")]
async fn half(client: &Client, org: &str, widget: &types::NamedWidget) -> Result<types::Widget, Error> {
    client.create_widget(org, true, widget).await
    //~^ ERROR no scope alternative of `createWidget` is declared for this call
    //~| LABEL this call needs `read:widget:jira` and `write:widget:jira`, or `write:jira-widgets`
}

fn main() {}

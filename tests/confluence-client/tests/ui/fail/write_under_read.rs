// A write under a read scope: the write names the scope it needs.
use confluence::{Client, Error, params, requires_scope, types};

#[requires_scope("read:confluence-content.summary")]
async fn republish(client: &Client, id: &str, page: &types::ContentCreate) -> Result<types::Content, Error> {
    client.get_content_by_id(id, &params::GetContentById::default()).await?;
    client.create_content(&params::CreateContent::default(), page).await
    //~^ ERROR scope `write:confluence-content` is not declared for this call
}

fn main() {}

// Calling an annotated helper needs the helper's declared scopes: `audit` lacks
// `delete:policies:admin`, which `purge` declares. (For an async helper the compiler repeats
// the error at the call, its arguments and `.await`; all three say the same.)
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("delete:policies:admin")]
fn purge<'a>(client: &'a Client, org: &'a str) -> cloud_admin::Call<'a, ()> {
    client.delete_policy(org, "p1")
}

#[requires_scope("read:policies:admin")]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await?;
    purge(client, org).await
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
    //~| LABEL this call needs `delete:policies:admin`
}

fn main() {}

// Unscoped operations need their own declaration: scoped keys cannot call them.
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:domains:admin")]
async fn inventory(client: &Client, org: &str) -> Result<usize, Error> {
    let domains = client.get_domains(org, &Default::default()).await?;
    let orgs = client.get_orgs(&Default::default()).await?;
    //~^ ERROR an unscoped operation is called, but `unscoped` is not declared for this call
    //~| LABEL this operation is unscoped: only an API key created without scopes can call it
    Ok(orgs.data.map_or(0, |d| d.len()) + domains.data.map_or(0, |d| d.len()))
}

fn main() {}

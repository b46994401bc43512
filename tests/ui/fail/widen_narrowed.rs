// Attack: widen a narrowed client, with the escape hatch or the registry arm behind it. Trust
// applies to an unverified client only.
use cloud_admin::{Client, Error, requires_scope, trust_key_scopes};

#[requires_scope("read:domains:admin")]
async fn through_the_hatch(client: &Client, org: &str) -> Result<(), Error> {
    client.get_domains(org, &Default::default()).await?;
    let wide = trust_key_scopes!(client.clone(), "delete:policies:admin");
    //~^ ERROR `trust_key_scopes!` cannot widen a client that already carries a grant
    //~| LABEL this client is already narrowed
    wide.delete_policy(org, "p1").await
}

#[requires_scope("read:domains:admin")]
async fn through_the_registry(client: &Client, org: &str) -> Result<(), Error> {
    client.get_domains(org, &Default::default()).await?;
    let wide = cloud_admin::__scope_registry! { trust_key_scopes client.clone(), "delete:policies:admin" };
    //~^ ERROR `trust_key_scopes!` cannot widen a client that already carries a grant
    wide.delete_policy(org, "p1").await
}

fn main() {}

// The attribute finds its client through the `requires_scope` module that is imported with it
// (`use cloud_admin::requires_scope;`). Written by its path without that import, it cannot: it
// then needs `client = ::cloud_admin`, as the second function shows.
#![allow(dead_code)]
use cloud_admin::{Client, Error};

#[cloud_admin::requires_scope("read:domains:admin")]
//~^ ERROR[E0433]
async fn by_path(client: &Client, org: &str) -> Result<(), Error> {
    client.get_domains(org, &Default::default()).await.map(drop)
}

#[cloud_admin::requires_scope(client = ::cloud_admin, "read:domains:admin")]
async fn by_path_with_client(client: &Client, org: &str) -> Result<(), Error> {
    client.get_domains(org, &Default::default()).await.map(drop)
}

fn main() {}

// In the crate that generates the client, the attribute without `client = …` checks names and
// calls exactly as it does for a client crate of its own.
#![allow(dead_code)]
mod audit {
    use crate::admin::{Client, Error, requires_scope};

    #[requires_scope("read:policies:admin")]
    pub async fn purge(client: &Client, org: &str) -> Result<(), Error> {
        client.get_policies(org, &Default::default()).await?;
        client.delete_policy(org, "p1").await
        //~^ ERROR scope `delete:policies:admin` is not declared for this call
        //~| LABEL this call needs `delete:policies:admin`
    }

    #[requires_scope("read:polices:admin")]
    //~^ ERROR unknown scope `read:polices:admin`; did you mean `read:policies:admin`?
    pub async fn list(client: &Client, org: &str) -> Result<(), Error> {
        client.get_policies(org, &Default::default()).await.map(drop)
    }
}

mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));
}

fn main() {}

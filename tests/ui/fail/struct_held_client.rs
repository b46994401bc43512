// The most common shape of service code: a struct that holds the client, and a method that
// uses it. The attribute cannot narrow a client held in `self` (the struct's grant is fixed
// where the struct is made), so it refuses the method and says what to write instead.
#![allow(dead_code)]
use cloud_admin::{Client, Error, requires_scope, scopes::Grant};

struct Service<G: Grant> {
    client: Client<G>,
    org: String,
}

impl<G: Grant> Service<G> {
    #[requires_scope("read:policies:admin")]
    async fn audit(&self) -> Result<(), Error> {
    //~^ ERROR `audit` takes no `&Client` parameter: #[requires_scope] narrows the client a function receives (a method cannot declare what a client held in `self` may do, since the struct's grant is not the function's to narrow; take the client as a parameter, `fn run(&self, client: &Client)`, and keep it out of the struct)
        Ok(())
    }
}

/// What to write instead: the struct keeps its settings, the method takes the client.
struct Settings {
    org: String,
}

impl Settings {
    #[requires_scope("read:policies:admin")]
    async fn audit(&self, client: &Client) -> Result<(), Error> {
        client.get_policies(&self.org, &Default::default()).await.map(drop)
    }
}

fn main() {}

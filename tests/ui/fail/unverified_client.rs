// A client straight from `Client::new` proves nothing: without `trust_key_scopes!` at the entry
// point, no operation can be called, and the error says so, at the call and at the call of an
// annotated function.
use cloud_admin::{Client, Error, Transport, requires_scope};

#[requires_scope("read:policies:admin")]
fn validate<'a>(client: &'a Client, org: &'a str) -> cloud_admin::Call<'a, ()> {
    client.validate_policy(org, "p1")
}

async fn run() -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    validate(&client, "org").await?;
    //~^ ERROR this client was never trusted: a client from `Client::new` can call no operation
    //~| LABEL called on a client that `trust_key_scopes!` never vouched for
    client.validate_policy("org", "p1").await
    //~^ ERROR this client was never trusted: a client from `Client::new` can call no operation
    //~| LABEL called on a client that `trust_key_scopes!` never vouched for
    //~| NOTE at the program's entry point, vouch for the API key's scopes: `let client = trust_key_scopes!(Client::new(transport), "read:...", ...);`, or pass the client to a `#[requires_scope]` function from a caller that has one
}

fn main() {}

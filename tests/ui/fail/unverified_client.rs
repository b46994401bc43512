// A client straight from `Client::new` proves nothing: without `trust_key_scopes!` at the entry
// point (or `#[requires_scope]`), no operation can be called.
use cloud_admin::{Client, Error, Transport};

async fn run() -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    client.validate_policy("org", "p1").await
    //~^ ERROR[E0599]
}

fn main() {}

// A misspelt scope in the entry point's list: the suggestion at the literal, and the key holds
// only what is spelt right, so a call that needs the misspelt scope is refused too. (The key
// never holds more than its list says, even where the error could be silenced: see
// `silenced_errors`.)
use cloud_admin::{Client, Error, Transport, trust_key_scopes};

async fn run() -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    let client = trust_key_scopes!(client, "read:policy:admin");
    //~^ ERROR unknown scope `read:policy:admin`; did you mean `read:policies:admin`?
    client.validate_policy("org", "p1").await
    //~^ ERROR scope `read:policies:admin` is not declared for this call
}

fn main() {}

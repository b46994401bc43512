use cloud_admin::{Client, Error, Transport, trust_key_scopes};

async fn run() -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    let client = trust_key_scopes!(client, "read:policy:admin");
    //~^ ERROR unknown scope `read:policy:admin`; did you mean `read:policies:admin`?
    client.validate_policy("org", "p1").await
}

fn main() {}

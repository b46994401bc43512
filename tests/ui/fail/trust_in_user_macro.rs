// `trust_key_scopes!` called from the user's own macro: a misspelt scope gets the suggestion
// at the literal the user wrote, and the call that needed it is refused (the key holds only
// what is spelt right).
use cloud_admin::{Client, Error, Transport, trust_key_scopes};

macro_rules! trusted {
    ($client:expr, $($scope:literal),+) => {
        trust_key_scopes!($client, $($scope),+)
    };
}

async fn run() -> Result<(), Error> {
    let client = trusted!(Client::new(Transport::builder().build()?), "read:polices:admin");
    //~^ ERROR unknown scope `read:polices:admin`; did you mean `read:policies:admin`?
    client.validate_policy("org", "p1").await
    //~^ ERROR scope `read:policies:admin` is not declared for this call
}

fn main() {}

// `trust_key_scopes!` called from the user's own macro: a misspelt scope gets the suggestion
// and nothing else.
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
}

fn main() {}

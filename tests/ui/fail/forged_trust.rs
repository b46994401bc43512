// Attack: call what `trust_key_scopes!` expands to with a type of one's own. It takes only the
// runtime's keys. (Calling it with a key is trusting the key by hand: the same grep,
// `trust_key_scopes`, finds it, and each scope of the key must sit where this client's table
// puts the name it carries; see `hand_made_key`.)
use cloud_admin::{Client, Error, Transport};

struct MyGrant;

async fn run() -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    let forged = client.__trust_key_scopes::<MyGrant>();
    //~^ ERROR[E0277]
    forged.delete_policy("org", "p1").await
    //~^ ERROR[E0599]
}

fn main() {}

// Attack: call what `trust_key_scopes!` expands to with a type of one's own. It takes only the
// client's grants. (Calling it with the client's own `TrustedKey` is trusting the key by hand:
// the same grep, `trust_key_scopes`, finds it, and the key must hold exactly the listed names;
// see `hand_made_key`.)
use cloud_admin::scopes::ListedScopes;
use cloud_admin::{Client, Error, Transport};

struct MyGrant;

enum Listed {}
impl ListedScopes for Listed {
    const NAMES: &'static [&'static str] = &["delete:policies:admin"];
    const SLOTS: &'static [usize] = &[8];
    const UNSCOPED_KEY: bool = false;
}

async fn run() -> Result<(), Error> {
    let client = Client::new(Transport::builder().build()?);
    let forged = client.__trust_key_scopes::<MyGrant, Listed>();
    //~^ ERROR `MyGrant` is not a grant: this client proves no scope, so it cannot call operations
    forged.delete_policy("org", "p1").await
    //~^ ERROR[E0599]
}

fn main() {}

// Attack: trust the key by hand, with the client's own `TrustedKey`, under a list that names
// less than the key holds. The key holds `delete:policies:admin` (its ninth slot); the list says
// `read:domains:admin`. The client compares the key with the names by its own table, so the
// build stops where the trust site is built.
use cloud_admin::scopes::{ListedScopes, TrustedKey};
use cloud_admin::{Client, Transport};

enum Listed {}
impl ListedScopes for Listed {
    const NAMES: &'static [&'static str] = &["read:domains:admin"];
    const SLOTS: &'static [usize] = &[1];
    const UNSCOPED_KEY: bool = false;
}

type DeletesPolicies =
    TrustedKey<false, false, false, false, false, false, false, false, true, false, false, false, false>;

#[tokio::main]
async fn main() {
    let client = Client::new(Transport::builder().build().unwrap());
    let key = client.__trust_key_scopes::<DeletesPolicies, Listed>();
    //~? ERROR[E0080] this trusted key does not hold exactly the scopes its list names, by this client's table: it was laid out by another table than this client's, or by hand
    let _ = key.delete_policy("org", "p1").await;
}

// A list that names scopes and `unscoped_key` says two things: it is an error, and the key
// holds only the scopes it names (found by the fourth independent review: it used to become a
// key created without scopes, silently).
use cloud_admin::{Client, Transport, trust_key_scopes};

fn main() {
    let t = Transport::builder().build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "read:domains:admin", unscoped_key);
    //~^ ERROR `unscoped_key` stands alone: a key created without scopes holds every scope; list the key's scopes, or write `unscoped_key` only
    let _ = client.delete_policy("org", "p1");
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
}

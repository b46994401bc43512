// Attack (found by the third independent review): the forged table of `forged_table_reexport`,
// with the function's parameter typed by a `Client` of one's own that derefs to the real one,
// so that a check asking the parameter's type for the table's identity was answered by the
// attacker. The narrowing is called by path on the client type as written, which does not
// deref: the wrapper has no `__narrow` (`narrowing_hijack` gives one its own).
#![allow(dead_code, unused)]
use cloud_admin::{Error, Transport, trust_key_scopes};

#[path = "../support/forged_reexport.rs"]
mod forged;
use forged::fake;

pub struct Client<G = cloud_admin::Unverified>(pub cloud_admin::Client<G>);

impl<G> std::ops::Deref for Client<G> {
    type Target = cloud_admin::Client<G>;
    fn deref(&self) -> &cloud_admin::Client<G> {
        &self.0
    }
}

#[cloud_admin::requires_scope(client = fake, "read:domains:admin", allow_unneeded)]
//~? ERROR[E0599] no associated item named `__narrow` found
async fn only_reads_domains(client: &Client) -> Result<(), Error> {
    client.delete_policy("org", "policy").await
}

#[tokio::main]
async fn main() {
    let t = Transport::builder().build().unwrap();
    let c = trust_key_scopes!(cloud_admin::Client::new(t), "delete:policies:admin");
    let _ = only_reads_domains(&Client(c)).await;
}

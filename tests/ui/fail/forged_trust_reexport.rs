// Attack (found by the second independent review): the same forged table at a trust site.
// The table lists `delete:policies:admin` where the client has `read:domains:admin`, so the
// key it lays out for the list "read:domains:admin" holds the client's delete slot, under the
// name `read:domains:admin`. The client checks every key it is handed against its own table,
// so the build stops (when the trust site is built: the check runs in constant evaluation of
// the client's `__trust_key_scopes`, whose error is reported inside the generated client).
#![allow(dead_code, unused)]
use cloud_admin::{Client, Transport};

#[path = "../support/forged_reexport.rs"]
mod forged;
use forged::fake;

#[tokio::main]
async fn main() {
    let t = Transport::builder().build().unwrap();
    let c = fake::__scope_registry! { trust_key_scopes Client::new(t), "read:domains:admin" };
    //~? ERROR[E0080] __laid_out_by_this_table
    let _ = c.delete_policy("org", "p1").await;
}

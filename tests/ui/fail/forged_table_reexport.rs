// Attack (found by the second independent review): a forged table whose identity module
// exists, because the expansion's crate path is a module of one's own (`[crate::evil]`) that
// re-exports the real client's `scopes` under the forged table's identity. The table gives
// `read:domains:admin` the trait and slot of `delete:policies:admin`. The function's client is
// narrowed to a key whose scope sits at `delete:policies:admin`'s place with the name
// `read:domains:admin`; the client checks the key's names against its own table, so the build
// stops where the function is built for a caller (`cargo build`; `cargo check` does not run
// this constant evaluation, and an uncalled generic function never runs).
// (`fake`'s table says `delete_policy` needs `delete:policies:admin`, so the declared scope is
// also reported as unneeded.)
#![allow(dead_code, unused)]
use cloud_admin::{Client, Error, Transport, requires_scope, trust_key_scopes};

#[path = "../support/forged_reexport.rs"]
mod forged;
use forged::fake;

#[requires_scope(client = fake, "read:domains:admin")]
//~^ WARN use of deprecated unit struct `only_reads_domains::{closure#0}::unneeded_scope`: `read:domains:admin` is declared on `only_reads_domains` but nothing in its body needs it; remove it (least privilege)
async fn only_reads_domains(client: &Client) -> Result<(), Error> {
    client.delete_policy("org", "policy").await
}

#[tokio::main]
async fn main() {
    let t = Transport::builder().build().unwrap();
    let c = trust_key_scopes!(Client::new(t), "delete:policies:admin");
    let _ = only_reads_domains(&c).await;
    //~? ERROR[E0080] __laid_out_by_this_table
}

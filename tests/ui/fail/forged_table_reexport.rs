// Attack (found by the second independent review): a forged table whose identity module
// exists, because the expansion's crate path is a module of one's own (`[crate::evil]`) that
// re-exports the real client's `scopes` under the forged table's identity. The table gives
// `read:domains:admin` the trait and slot of `delete:policies:admin`. The key the declaration
// maps to in that table is a real key (it satisfies the real trait the function is bounded
// by), and its own type, asked by an inherent item no table can replace, holds
// `delete:policies:admin`, not the declared scope: the build stops, in `cargo check` too.
// (`fake`'s table says `delete_policy` needs `delete:policies:admin`, so the declared scope is
// also reported as unneeded.)
#![allow(dead_code, unused)]
use cloud_admin::{Client, Error, requires_scope};

#[path = "../support/forged_reexport.rs"]
mod forged;
use forged::fake;

#[requires_scope(client = fake, "read:domains:admin")]
//~^ WARN use of deprecated unit struct `only_reads_domains::{closure#0}::unneeded_scope`: `read:domains:admin` is declared on `only_reads_domains` but nothing in its body needs it; remove it (least privilege)
async fn only_reads_domains(client: &Client) -> Result<(), Error> {
    //~? ERROR[E0080] #[requires_scope] read a scope table that is not its client's: the traits it bounds the function by are not those of the declared scopes
    client.delete_policy("org", "policy").await
}

fn main() {}

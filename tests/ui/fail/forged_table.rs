// Attack (found by an independent review): a scope table of one's own, reached through
// `client = path` (a local `__scope_registry!` calling the client's `expand!` with a table
// whose identity, the SHA-256 of its text, is right). `fake` maps `read:domains:admin` to the trait of
// `delete:policies:admin`; `fakeb` keeps the real slot order but names the delete slot
// `read:domains:admin`. Each expansion names the client's traits and key through
// `scopes::__registry_<hash of the table it read>`, so neither compiles: the client has that
// module for its own table only (the error points at the forged identity).
use cloud_admin::{Client, Error, Transport, requires_scope};

// The forged tables.
pub mod fake {
macro_rules! __scope_registry { ($($t:tt)*) => { ::cloud_admin::__scope_macros::expand! { [::cloud_admin] "scope-registry 1 28c443dcc215db35fa30b9195bb2dd4afc3a4202458c04068ca1cdb99bc368ef" "scope-registry 1 28c443dcc215db35fa30b9195bb2dd4afc3a4202458c04068ca1cdb99bc368ef\nscope read:domains:admin DeletePoliciesAdmin\nop delete_policy - - read:domains:admin\n" $($t)* } }; }
pub(crate) use __scope_registry;
}
pub mod fakeb {
macro_rules! __scope_registry { ($($t:tt)*) => { ::cloud_admin::__scope_macros::expand! { [::cloud_admin] "scope-registry 1 69452730c9cab43683adcf9468010f0de37fc0d3b302287449fe0b24a58578dc" "scope-registry 1 69452730c9cab43683adcf9468010f0de37fc0d3b302287449fe0b24a58578dc\nscope read:classification-levels:admin T0\nscope x:domains T1\nscope read:policies:admin T2\nscope read:tokens:admin T3\nscope write:classification-levels:admin T4\nscope write:policies:admin T5\nscope write:tokens:admin T6\nscope write:products:admin T7\nscope read:domains:admin T8\nscope delete:tokens:admin T9\nscope read:orgs:admin T10\nscope read:events:admin T11\nunscoped Unscoped\n" $($t)* } }; }
pub(crate) use __scope_registry;
}

//~? ERROR[E0433]
#[requires_scope(client = fake, "read:domains:admin")]
async fn only_reads_domains(client: &Client) -> Result<(), Error> {
    client.delete_policy("org", "policy").await
}

fn main() {
    let t = Transport::builder().build().unwrap();
    let c = fakeb::__scope_registry! { trust_key_scopes Client::new(t), "read:domains:admin" };
    //~? ERROR[E0433]
    let _ = only_reads_domains(&c);
}

// Attack (found by the fourth independent review): beside the `include!`, a module
// `requires_scope` of one's own shadows the one the glob re-export provides, while the
// attribute itself still comes from the glob (`use admin::requires_scope;`, as documented).
// Its `__scope_registry!` adds a scope to every declaration on the way to the real registry.
// The attribute's second stage refuses a declaration whose tag is not the first stage's.
#![allow(dead_code, unused)]
mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));

    pub mod requires_scope {
        macro_rules! __scope_registry {
            ($mode:ident $tag:literal [$($s:tt)*] $($rest:tt)*) => {
                crate::admin::generated::__scope_registry! { $mode $tag [$($s)*, "delete:policies:admin"] $($rest)* }
            };
        }
        pub(crate) use __scope_registry;
    }
}
use admin::{Client, Error, requires_scope};

#[requires_scope("read:domains:admin")]
//~^ ERROR this declaration was changed on its way from #[requires_scope] to the client's registry (by a `requires_scope` module or `__scope_registry!` of one's own?): the scopes a function may use are the ones its attribute says
async fn only_reads_domains(client: &Client, org: &str) -> Result<(), Error> {
    client.get_domains(org, &Default::default()).await?;
    client.delete_policy(org, "p1").await
}

fn main() {}

// Attack (found by the fourth independent review): the attribute hands the function to
// `requires_scope::__scope_registry!`, a path resolved where the attribute is used; a module
// `requires_scope` of one's own (here beside a glob import of the client, which brings the
// attribute) forwards to the real registry with a scope added to the declaration, so that a
// function declaring `read:domains:admin` could delete. The attribute tags the declaration it
// hands on with a secret of its compiler process, and its second stage refuses a declaration
// whose tag does not match.
use cloud_admin::*;

mod requires_scope {
    macro_rules! __scope_registry {
        ($mode:ident $tag:literal [$($s:tt)*] $($rest:tt)*) => {
            ::cloud_admin::__scope_registry! { $mode $tag [$($s)*, "delete:policies:admin"] $($rest)* }
        };
    }
    pub(crate) use __scope_registry;
}

#[requires_scope("read:domains:admin")]
//~^ ERROR this declaration was changed on its way from #[requires_scope] to the client's registry (by a `requires_scope` module or `__scope_registry!` of one's own?): the scopes a function may use are the ones its attribute says
async fn only_reads_domains(client: &Client, org: &str) -> Result<(), Error> {
    client.get_domains(org, &Default::default()).await?;
    client.delete_policy(org, "p1").await
}

fn main() {}

// Attack (found by the third independent review): in the one-crate layout, the crate names
// itself `scope_runtime` (`extern crate self as scope_runtime;`), so that generated code that
// reached the runtime by `::scope_runtime` got this crate's `key` module (its own key types) and
// its `__macros::expand` (which hands the real one a forged table, or writes the annotated
// function with a bound of its own choosing). The generated code reaches the runtime through an
// `extern crate` of its own module, so neither is used: the entry point's list is read by the
// client's own table, and the function's call is refused like any other.
#![allow(dead_code, unused, hidden_glob_reexports)]
extern crate scope_runtime as rt_real;
extern crate self as scope_runtime;
pub use ::rt_real::*;
pub mod key {
    pub use ::rt_real::key::*;
    pub enum Nil {}
}
pub mod __macros {
    pub use ::rt_real::__macros::*;
    macro_rules! expand {
        ([$($k:tt)*] $id:literal $text:literal trust_key_scopes $($rest:tt)*) => {
            ::rt_real::__macros::expand! { [crate::evil] "scope-registry 1 0369b6389d62808998a15c749f1db9f7ab5f66e234933b24abaa48ca164a9a67" "scope-registry 1 0369b6389d62808998a15c749f1db9f7ab5f66e234933b24abaa48ca164a9a67\nscope read:classification-levels:admin ReadClassificationLevelsAdmin\nscope delete:policies:admin ReadDomainsAdmin\nscope read:policies:admin ReadPoliciesAdmin\nscope read:tokens:admin ReadTokensAdmin\nscope write:classification-levels:admin WriteClassificationLevelsAdmin\nscope write:policies:admin WritePoliciesAdmin\nscope write:tokens:admin WriteTokensAdmin\nscope write:products:admin WriteProductsAdmin\nscope read:domains:admin DeletePoliciesAdmin\nscope delete:tokens:admin DeleteTokensAdmin\nscope read:orgs:admin ReadOrgsAdmin\nscope read:events:admin ReadEventsAdmin\nalias read:keys:admin read:tokens:admin\nalias delete:keys:admin delete:tokens:admin\nunscoped Unscoped\nop get_orgs get_orgs_pages - unscoped\nop get_org_by_id - - read:orgs:admin\nop get_domains get_domains_pages - read:domains:admin\nop get_domain_by_id - - read:domains:admin\nop get_events get_events_pages - read:events:admin\nop get_policies get_policies_pages - read:policies:admin\nop create_policy - - write:policies:admin\nop get_policy_by_id - - read:policies:admin\nop update_policy - - write:policies:admin\nop delete_policy - - delete:policies:admin\nop add_resource_to_policy - - unscoped\nop validate_policy - - read:policies:admin\nop get_classification_levels get_classification_levels_pages - read:classification-levels:admin\nop create_classification_level - - write:classification-levels:admin\nop get_classification_level - - read:classification-levels:admin\nop edit_classification_level - - write:classification-levels:admin\nop publish_classification_levels - - write:classification-levels:admin\nop archive_classification_level - - write:classification-levels:admin\nop restore_classification_level - - write:classification-levels:admin\nop reorder_classification_levels - - write:classification-levels:admin\nop get_api_tokens get_api_tokens_pages - read:tokens:admin\nop bulk_revoke_api_tokens - - delete:tokens:admin\nop get_api_token_count - - read:tokens:admin\nop get_api_keys get_api_keys_pages - read:tokens:admin\nop create_api_key - - write:tokens:admin\nop get_api_key_count - - read:tokens:admin\nop revoke_api_key - - delete:tokens:admin\n" trust_key_scopes $($rest)* }
        };
        ([$($k:tt)*] $id:literal $text:literal requires_scope [$($a:tt)*]
         { $(#[$m:meta])* async fn $name:ident($c:ident: &Client) -> $ret:ty $body:block }) => {
            $(#[$m])* async fn $name<G: crate::admin::scopes::DeletePoliciesAdmin>($c: &crate::admin::Client<G>) -> $ret $body
        };
        ($($rest:tt)*) => { ::rt_real::__macros::expand! { $($rest)* } };
    }
    pub(crate) use expand;
}
pub mod evil {
    pub mod scopes {
        pub mod __registry_0369b6389d62808998a15c749f1db9f7ab5f66e234933b24abaa48ca164a9a67 {
            pub use crate::admin::scopes::*;
        }
    }
}

mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));
}
use admin::{Client, Error, requires_scope, trust_key_scopes};

#[requires_scope("read:domains:admin")]
//~^ WARN use of deprecated unit struct `only_reads_domains::{closure#0}::unneeded_scope`: `read:domains:admin` is declared on `only_reads_domains` but nothing in its body needs it; remove it (least privilege)
async fn only_reads_domains(client: &Client) -> Result<(), Error> {
    client.delete_policy("org", "p1").await
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
    //~| LABEL this call needs `delete:policies:admin`
}

#[tokio::main]
async fn main() {
    let t = admin::Transport::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let c = trust_key_scopes!(Client::new(t), "read:domains:admin");
    assert_eq!(c.granted_scopes(), ["read:domains:admin"]);
    let _ = only_reads_domains(&c).await;
}

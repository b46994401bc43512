// Attack (found by the second independent review): a forged table whose identity module
// exists, because the expansion's crate path is a module of one's own (`[crate::evil]`) that
// re-exports the real client's `scopes` under the forged table's identity. The table gives
// `read:domains:admin` the trait of `delete:policies:admin`. The function's client parameter
// is the real `Client`, whose table identity (an inherent constant, which no path the table
// came by can replace) is not the forged table's: the build stops at the parameter, in
// `cargo check` too. (`fake`'s table says `delete_policy` needs `delete:policies:admin`, so
// the declared scope is also reported as unneeded.)
#![allow(dead_code, unused)]
use cloud_admin::{Client, Error, requires_scope};

pub mod evil {
    pub mod scopes {
        pub mod __registry_0369b6389d62808998a15c749f1db9f7ab5f66e234933b24abaa48ca164a9a67 {
            pub use ::cloud_admin::scopes::*;
        }
    }
}

pub mod fake {
    macro_rules! __scope_registry { ($($t:tt)*) => { ::cloud_admin::__scope_macros::expand! { [crate::evil] "scope-registry 1 0369b6389d62808998a15c749f1db9f7ab5f66e234933b24abaa48ca164a9a67" "scope-registry 1 0369b6389d62808998a15c749f1db9f7ab5f66e234933b24abaa48ca164a9a67\nscope read:classification-levels:admin ReadClassificationLevelsAdmin\nscope delete:policies:admin ReadDomainsAdmin\nscope read:policies:admin ReadPoliciesAdmin\nscope read:tokens:admin ReadTokensAdmin\nscope write:classification-levels:admin WriteClassificationLevelsAdmin\nscope write:policies:admin WritePoliciesAdmin\nscope write:tokens:admin WriteTokensAdmin\nscope write:products:admin WriteProductsAdmin\nscope read:domains:admin DeletePoliciesAdmin\nscope delete:tokens:admin DeleteTokensAdmin\nscope read:orgs:admin ReadOrgsAdmin\nscope read:events:admin ReadEventsAdmin\nalias read:keys:admin read:tokens:admin\nalias delete:keys:admin delete:tokens:admin\nunscoped Unscoped\nop get_orgs get_orgs_pages - unscoped\nop get_org_by_id - - read:orgs:admin\nop get_domains get_domains_pages - read:domains:admin\nop get_domain_by_id - - read:domains:admin\nop get_events get_events_pages - read:events:admin\nop get_policies get_policies_pages - read:policies:admin\nop create_policy - - write:policies:admin\nop get_policy_by_id - - read:policies:admin\nop update_policy - - write:policies:admin\nop delete_policy - - delete:policies:admin\nop add_resource_to_policy - - unscoped\nop validate_policy - - read:policies:admin\nop get_classification_levels get_classification_levels_pages - read:classification-levels:admin\nop create_classification_level - - write:classification-levels:admin\nop get_classification_level - - read:classification-levels:admin\nop edit_classification_level - - write:classification-levels:admin\nop publish_classification_levels - - write:classification-levels:admin\nop archive_classification_level - - write:classification-levels:admin\nop restore_classification_level - - write:classification-levels:admin\nop reorder_classification_levels - - write:classification-levels:admin\nop get_api_tokens get_api_tokens_pages - read:tokens:admin\nop bulk_revoke_api_tokens - - delete:tokens:admin\nop get_api_token_count - - read:tokens:admin\nop get_api_keys get_api_keys_pages - read:tokens:admin\nop create_api_key - - write:tokens:admin\nop get_api_key_count - - read:tokens:admin\nop revoke_api_key - - delete:tokens:admin\n" $($t)* } }; }
    pub(crate) use __scope_registry;
}

#[requires_scope(client = fake, "read:domains:admin")]
//~^ WARN use of deprecated unit struct `only_reads_domains::{closure#0}::unneeded_scope`: `read:domains:admin` is declared on `only_reads_domains` but nothing in its body needs it; remove it (least privilege)
async fn only_reads_domains(client: &Client) -> Result<(), Error> {
    //~? ERROR[E0080] #[requires_scope] read the scope table of another client than this parameter's `Client`: import the attribute from the parameter's client (`use <client>::requires_scope;`), or name that client with `client = ...`
    client.delete_policy("org", "policy").await
}

fn main() {}

//! The forged table of `fail/forged_table_reexport.rs` and `fail/forged_trust_reexport.rs`
//! (found by the second independent review): `fake::__scope_registry!` hands the client's
//! `expand!` a table whose identity is right for its text, with `[crate::forged::evil]` as the
//! client's path; `evil` re-exports the real client and its `scopes` under the forged
//! identity's module. The table swaps `read:domains:admin` and `delete:policies:admin` (slots and traits).
#![allow(dead_code)]

pub mod evil {
    pub use ::cloud_admin::Client;

    pub mod scopes {
        pub mod __registry_0369b6389d62808998a15c749f1db9f7ab5f66e234933b24abaa48ca164a9a67 {
            pub use ::cloud_admin::scopes::*;
        }
    }
}

pub mod fake {
    macro_rules! __scope_registry { ($($t:tt)*) => { ::cloud_admin::__scope_macros::expand! { [crate::forged::evil] "scope-registry 1 0369b6389d62808998a15c749f1db9f7ab5f66e234933b24abaa48ca164a9a67" "scope-registry 1 0369b6389d62808998a15c749f1db9f7ab5f66e234933b24abaa48ca164a9a67\nscope read:classification-levels:admin ReadClassificationLevelsAdmin\nscope delete:policies:admin ReadDomainsAdmin\nscope read:policies:admin ReadPoliciesAdmin\nscope read:tokens:admin ReadTokensAdmin\nscope write:classification-levels:admin WriteClassificationLevelsAdmin\nscope write:policies:admin WritePoliciesAdmin\nscope write:tokens:admin WriteTokensAdmin\nscope write:products:admin WriteProductsAdmin\nscope read:domains:admin DeletePoliciesAdmin\nscope delete:tokens:admin DeleteTokensAdmin\nscope read:orgs:admin ReadOrgsAdmin\nscope read:events:admin ReadEventsAdmin\nalias read:keys:admin read:tokens:admin\nalias delete:keys:admin delete:tokens:admin\nunscoped Unscoped\nop get_orgs get_orgs_pages - unscoped\nop get_org_by_id - - read:orgs:admin\nop get_domains get_domains_pages - read:domains:admin\nop get_domain_by_id - - read:domains:admin\nop get_events get_events_pages - read:events:admin\nop get_policies get_policies_pages - read:policies:admin\nop create_policy - - write:policies:admin\nop get_policy_by_id - - read:policies:admin\nop update_policy - - write:policies:admin\nop delete_policy - - delete:policies:admin\nop add_resource_to_policy - - unscoped\nop validate_policy - - read:policies:admin\nop get_classification_levels get_classification_levels_pages - read:classification-levels:admin\nop create_classification_level - - write:classification-levels:admin\nop get_classification_level - - read:classification-levels:admin\nop edit_classification_level - - write:classification-levels:admin\nop publish_classification_levels - - write:classification-levels:admin\nop archive_classification_level - - write:classification-levels:admin\nop restore_classification_level - - write:classification-levels:admin\nop reorder_classification_levels - - write:classification-levels:admin\nop get_api_tokens get_api_tokens_pages - read:tokens:admin\nop bulk_revoke_api_tokens - - delete:tokens:admin\nop get_api_token_count - - read:tokens:admin\nop get_api_keys get_api_keys_pages - read:tokens:admin\nop create_api_key - - write:tokens:admin\nop get_api_key_count - - read:tokens:admin\nop revoke_api_key - - delete:tokens:admin\n" $($t)* } }; }
    pub(crate) use __scope_registry;
}

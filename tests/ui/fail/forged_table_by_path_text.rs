// Attack (found by an independent review): a forged table, given a path text that names a
// look-alike in one module and the real client in another. A check remembered by path text was
// made in the look-alike's module and then skipped in the real client's. Now every path an
// expansion emits goes through `scopes::__registry_<hash of the table read>`, which only the
// client whose table it is has: in `b`, `ca` is the real client, which has no such module, so
// neither the attribute nor the trust list compiles.
#![allow(dead_code)]

macro_rules! forged { ($($t:tt)*) => { ::cloud_admin::__scope_macros::expand! { [ca] "scope-registry 1 ce2ee63ed6e38f430ae70b7cf4b5efb074d7841a8297a63522845c16d8a2040c" "scope-registry 1 ce2ee63ed6e38f430ae70b7cf4b5efb074d7841a8297a63522845c16d8a2040c\nscope read:classification-levels:admin ReadClassificationLevelsAdmin\nscope delete:policies:admin ReadDomainsAdmin\nscope read:policies:admin ReadPoliciesAdmin\nscope read:tokens:admin ReadTokensAdmin\nscope write:classification-levels:admin WriteClassificationLevelsAdmin\nscope write:policies:admin WritePoliciesAdmin\nscope write:tokens:admin WriteTokensAdmin\nscope write:products:admin WriteProductsAdmin\nscope read:domains:admin DeletePoliciesAdmin\nscope delete:tokens:admin DeleteTokensAdmin\nscope read:orgs:admin ReadOrgsAdmin\nscope read:events:admin ReadEventsAdmin\nalias read:keys:admin read:tokens:admin\nalias delete:keys:admin delete:tokens:admin\nunscoped Unscoped\nop get_orgs get_orgs_pages - unscoped\nop get_org_by_id - - read:orgs:admin\nop get_domains get_domains_pages - delete:policies:admin\nop get_domain_by_id - - delete:policies:admin\nop get_events get_events_pages - read:events:admin\nop get_policies get_policies_pages - read:policies:admin\nop create_policy - - write:policies:admin\nop get_policy_by_id - - read:policies:admin\nop update_policy - - write:policies:admin\nop delete_policy - - read:domains:admin\nop add_resource_to_policy - - unscoped\nop validate_policy - - read:policies:admin\nop get_classification_levels get_classification_levels_pages - read:classification-levels:admin\nop create_classification_level - - write:classification-levels:admin\nop get_classification_level - - read:classification-levels:admin\nop edit_classification_level - - write:classification-levels:admin\nop publish_classification_levels - - write:classification-levels:admin\nop archive_classification_level - - write:classification-levels:admin\nop restore_classification_level - - write:classification-levels:admin\nop reorder_classification_levels - - write:classification-levels:admin\nop get_api_tokens get_api_tokens_pages - read:tokens:admin\nop bulk_revoke_api_tokens - - delete:tokens:admin\nop get_api_token_count - - read:tokens:admin\nop get_api_keys get_api_keys_pages - read:tokens:admin\nop create_api_key - - write:tokens:admin\nop get_api_key_count - - read:tokens:admin\nop revoke_api_key - - delete:tokens:admin\n" $($t)* } } }

mod a {
    // A look-alike with a module of the forged table's identity.
    pub mod ca {
        pub mod scopes {
            pub mod __registry_ce2ee63ed6e38f430ae70b7cf4b5efb074d7841a8297a63522845c16d8a2040c {
                pub struct TrustedKey<const P0: bool, const P1: bool, const P2: bool, const P3: bool, const P4: bool, const P5: bool, const P6: bool, const P7: bool, const P8: bool, const P9: bool, const P10: bool, const P11: bool, const P12: bool>;
                pub trait ListedScopes { const NAMES: &'static [&'static str]; const SLOTS: &'static [usize]; const UNSCOPED_KEY: bool; }
            }
        }
    }
    pub struct C;
    impl C {
        pub fn __trust_key_scopes<K, N>(self) {}
    }
    pub fn warm() {
        forged! { trust_key_scopes C, "read:domains:admin" }
    }
}

mod b {
    use ::cloud_admin as ca;
    use cloud_admin::{Client, Error};
    mod fk {
        pub(crate) use forged as __scope_registry;
    }

    // Each error points at the forged identity, in `forged!`'s definition (the attribute's
    // bounds and the key it checks them with each name the missing module).
    //~? ERROR[E0433]
    //~? ERROR[E0433]
    #[cloud_admin::requires_scope(client = fk, "read:domains:admin")]
    pub async fn only_reads_domains(client: &Client, org: &str) -> Result<(), Error> {
        client.delete_policy(org, "p1").await
    }

    pub fn run(t: cloud_admin::Transport) {
        //~? ERROR[E0433]
        let client = forged! { trust_key_scopes cloud_admin::Client::new(t), "read:domains:admin" };
        let _ = only_reads_domains(&client, "org");
    }
}

fn main() {}

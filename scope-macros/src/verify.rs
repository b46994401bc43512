//! Where an expansion names the client's items, and the keys it writes.
//!
//! The registry reaches the attribute through a path the user writes or imports
//! (`client = path`, the `requires_scope` module imported with the attribute, a crate renamed
//! to `cloud_admin`), so a table of one's own could give a name another scope's place. Nothing
//! an expansion names proves anything by itself: a key is `scope_runtime::key` types only, and
//! the client checks each scope of every key it is handed, by its own table, against the hash
//! of the name as it was written here (`scope_runtime::key::Listed`). Every path into the
//! client's `scopes` goes through the module named by the table's identity
//! (`__registry_<hash>`), so that a table of one's own fails early and plainly.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote_spanned};

use scope_core::Registry;

/// A scope of a key: its slot in the table the expansion read, and the name as written.
pub struct Listed {
    pub slot: usize,
    pub name: String,
}

/// The key that holds `listed`: `Cons<Scope<place, hash>, ...Nil>`, named through `scopes`
/// (see [`scopes_path`]). Its places have the digits of the table's slot count.
pub fn key_type(scopes: &TokenStream, registry: &Registry, listed: &[Listed]) -> TokenStream {
    let site = Span::call_site();
    let slots = registry.scopes.len() + usize::from(registry.unscoped_trait.is_some());
    let digits = scope_core::key::digits(slots);
    let module = quote_spanned!(site=> #scopes::__key);
    let mut key = quote_spanned!(site=> #module::Nil);
    for scope in listed.iter().rev() {
        let mut place = quote_spanned!(site=> #module::End);
        for digit in scope_core::key::place(scope.slot, digits).into_iter().rev() {
            let digit = format_ident!("X{:X}", digit, span = site);
            place = quote_spanned!(site=> #module::#digit<#place>);
        }
        let hash = Literal::u128_unsuffixed(scope_core::key::name_hash(&scope.name));
        key = quote_spanned!(site=> #module::Cons<#module::Scope<#place, #hash>, #key>);
    }
    key
}

/// The path every expansion names the client's proof traits and key by:
/// `krate::scopes::__registry_<hash>`, a module only the client whose table was read has.
pub fn scopes_path(krate: &TokenStream, identity: &Literal) -> TokenStream {
    let source = identity.to_string();
    let module = Ident::new(
        &Registry::identity_module(source.trim_matches('"')),
        identity.span(),
    );
    quote::quote!(#krate::scopes::#module)
}

//! The compile-time check that the registry an expansion read is the client's own.
//!
//! The registry reaches the attribute through a path the user writes (`client = path`, or a
//! crate renamed to `cloud_admin`), so a table of one's own could map a scope's name to another
//! scope's trait. The attribute reads a table only if its identity is the SHA-256 of its text,
//! and each expansion asks the client's own `TrustedKey` (an inherent item no other crate can
//! define) whether that identity is its registry's.

use std::collections::BTreeSet;
use std::sync::Mutex;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, quote_spanned};

use scope_core::Registry;

/// A `TrustedKey<...>` with these bits, laid out as the generator laid it out.
pub fn key_type(krate: &TokenStream, bits: &[bool]) -> TokenStream {
    fn tree(krate: &TokenStream, t: &scope_core::KeyTree, bits: &[bool]) -> TokenStream {
        match t {
            scope_core::KeyTree::Leaf(slot) if bits[*slot] => quote!(#krate::scopes::Yes),
            scope_core::KeyTree::Leaf(_) => quote!(#krate::scopes::No),
            scope_core::KeyTree::Node(l, r) => {
                let l = tree(krate, l, bits);
                let r = tree(krate, r, bits);
                quote!(#krate::scopes::Node<#l, #r>)
            }
        }
    }
    let site = Span::call_site();
    match scope_core::KeyTree::for_slots(bits.len()) {
        None => quote_spanned!(site=> #krate::scopes::TrustedKey<#(#bits),*>),
        Some(t) => {
            let t = tree(krate, &t, bits);
            quote_spanned!(site=> #krate::scopes::TrustedKey<#t>)
        }
    }
}

/// The number of slots of the registry's `TrustedKey`.
pub fn slots(registry: &Registry) -> usize {
    registry.scopes.len() + usize::from(registry.unscoped_trait.is_some())
}

/// The check, as one `const _` item naming the client's inherent item for this identity: it
/// exists only on the real client's `TrustedKey` of the real registry, and naming it costs the
/// compiler a path resolution, no evaluation. It names the key with the fewest tokens.
///
/// Emitted by the first expansion of each (client path, registry) in a compiler process only:
/// one failing check fails the crate, so checking once is enough, and a `const` item in every
/// annotated function cost a fifth of the crate's check time.
pub fn check(krate: &TokenStream, registry: &Registry, identity: &Literal) -> TokenStream {
    static CHECKED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let seen = format!("{krate} {identity}");
    let first = CHECKED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .insert(seen);
    if !first {
        return TokenStream::new();
    }
    let key = match scope_core::KeyTree::for_slots(slots(registry)) {
        None => key_type(krate, &vec![false; slots(registry)]),
        Some(_) => quote!(#krate::scopes::TrustedKey<#krate::scopes::Yes>),
    };
    let source = identity.to_string();
    let item = Ident::new(
        &Registry::identity_item(source.trim_matches('"')),
        identity.span(),
    );
    quote! {
        const _: () = <#key>::#item;
    }
}

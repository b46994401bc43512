//! Compile-time checks that the registry an expansion read is the client's own.
//!
//! The registry reaches the attribute through a path the user writes (`client = path`, or a
//! crate renamed to `cloud_admin`), so a table of one's own could map a scope's name to another
//! scope's trait. Each expansion therefore asks the client's own `TrustedKey` (an inherent item
//! no other crate can define) that every slot it uses holds the scope it names, and that the key
//! holding just those scopes implements every trait it bounds by. A trait that such a key
//! implements proves nothing those scopes do not, so a declaration means what it says.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};

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

/// The slot of a declared name (`unscoped` is the last).
pub fn slot_of(registry: &Registry, name: &str) -> Option<usize> {
    if name == scope_core::UNSCOPED {
        return registry
            .unscoped_trait
            .as_ref()
            .map(|_| registry.scopes.len());
    }
    registry.scope_index(name)
}

/// The checks, as one `const _` item: each slot named, and each `(slots, trait)` implemented by
/// the key that holds exactly those slots.
pub fn checks(
    krate: &TokenStream,
    registry: &Registry,
    named: &[(usize, String)],
    bounds: &[(Vec<usize>, TokenStream)],
) -> TokenStream {
    let n = slots(registry);
    let any = key_type(krate, &vec![false; n]);
    let names = named.iter().map(|(slot, name)| {
        quote!(assert!(<#any>::__slot_is(#slot, #name), "this scope table is not the client's own");)
    });
    let proofs = bounds.iter().enumerate().map(|(i, (held, tr))| {
        let mut bits = vec![false; n];
        for &slot in held {
            bits[slot] = true;
        }
        let key = key_type(krate, &bits);
        let f = format_ident!("proves{i}");
        quote! {
            fn #f<T: #tr>() {}
            let _ = #f::<#key>;
        }
    });
    quote! {
        const _: () = {
            #(#names)*
            #(#proofs)*
        };
    }
}

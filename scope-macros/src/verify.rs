//! That the registry an expansion read is the client's own, checked by the compiler.
//!
//! The registry reaches the attribute through a path the user writes or imports
//! (`client = path`, the `requires_scope` module imported with the attribute, a crate renamed
//! to `cloud_admin`), so a table of one's own could map a scope's name to another scope's
//! trait. The attribute reads a table only if its identity is the SHA-256 of its text, and
//! every path an expansion emits into the client's `scopes` goes through the module named by
//! that identity, which only the client whose table it is has.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{quote, quote_spanned};

use scope_core::Registry;

/// A `TrustedKey<...>` with these bits, laid out as the generator laid it out, named through
/// `scopes` (see [`scopes_path`]).
pub fn key_type(scopes: &TokenStream, bits: &[bool]) -> TokenStream {
    fn tree(scopes: &TokenStream, t: &scope_core::KeyTree, bits: &[bool]) -> TokenStream {
        if let scope_core::KeyTree::Node(..) = t {
            if !t.contains_any(&|slot| bits[slot]) {
                let alias = Ident::new(&t.empty_alias(), Span::call_site());
                return quote!(#scopes::#alias);
            }
        }
        match t {
            scope_core::KeyTree::Leaf(slot) if bits[*slot] => quote!(#scopes::Yes),
            scope_core::KeyTree::Leaf(_) => quote!(#scopes::No),
            scope_core::KeyTree::Node(l, r) => {
                let l = tree(scopes, l, bits);
                let r = tree(scopes, r, bits);
                quote!(#scopes::Node<#l, #r>)
            }
        }
    }
    let site = Span::call_site();
    match scope_core::KeyTree::for_slots(bits.len()) {
        None => quote_spanned!(site=> #scopes::TrustedKey<#(#bits),*>),
        Some(t) => {
            let t = tree(scopes, &t, bits);
            quote_spanned!(site=> #scopes::TrustedKey<#t>)
        }
    }
}

/// The path every expansion names the client's proof traits and key by:
/// `krate::scopes::__registry_<hash>`, a module only the client whose table was read has. A
/// table of one's own, reached through any path (`client = path`, a `requires_scope` module,
/// a look-alike crate), has its own identity, and so names a module the real client lacks:
/// the expansion does not compile, wherever it is and however often the same path text was
/// seen before (a check made once per path text was got round that way).
pub fn scopes_path(krate: &TokenStream, identity: &Literal) -> TokenStream {
    let source = identity.to_string();
    let module = Ident::new(
        &Registry::identity_module(source.trim_matches('"')),
        identity.span(),
    );
    quote!(#krate::scopes::#module)
}

//! `trust_key_scopes!(client, "scope", ...)`: the escape hatch. It fills in the client's
//! `TrustedKey` with the listed scopes and puts it on the client; the generated client accepts
//! that only on a `Client<Unverified>`, so a narrowed client cannot be widened.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::ParseStream;
use syn::spanned::Spanned;

use scope_core::Registry;
use scope_core::attr::{Declared, KeyScope, TrustArgs};

use crate::expand::check_declared;

/// The expansion: always an expression of the right type, so that a mistake in the list is
/// one error at the literal and the code after it is not buried in follow-on errors. Where the
/// list has a mistake, the key holds only the scopes written correctly, never more: the error
/// is what stops the build, and an error can be silenced (`compile_error!` is reached through
/// `::core`, which a crate can rename to itself), so the expansion must be safe without it.
pub fn trust_key_scopes(
    registry: &Registry,
    input: ParseStream,
    scopes: &TokenStream,
) -> TokenStream {
    let args = match input.parse::<TrustArgs>() {
        Ok(args) => args,
        Err(error) => {
            let error = error.to_compile_error();
            return quote!({ #error loop {} });
        }
    };
    let slots = registry.scopes.len() + usize::from(registry.unscoped_trait.is_some());
    let unscoped_key = args
        .scopes
        .iter()
        .any(|k| matches!(k, KeyScope::UnscopedKey(_)));
    let mut bits = vec![unscoped_key; slots];
    let listed: Vec<Declared> = args
        .scopes
        .iter()
        .filter_map(|k| match k {
            KeyScope::Scope(lit) => Some(Declared::Scope(lit.clone())),
            KeyScope::UnscopedKey(_) => None,
        })
        .collect();
    let checked = check_declared(registry, &listed);
    let mut names = Vec::new();
    let mut claimed = Vec::new();
    for d in &listed {
        if let Some(slot) = registry.scope_index(&d.name()) {
            bits[slot] = true;
            names.push(d.name());
            claimed.push(slot);
        }
    }
    let key = crate::verify::key_type(scopes, &bits);

    // The list as written goes to the client with the key: the client checks, by its own
    // table, that the key holds exactly these names (the table read here came through a path
    // the user's code supplies, and could be another's).
    let site = Span::mixed_site();
    let listed_type = Ident::new("__ListedScopes", site);
    let list = quote_spanned! {site=>
        enum #listed_type {}
        impl #scopes::ListedScopes for #listed_type {
            const NAMES: &'static [&'static str] = &[#(#names),*];
            const SLOTS: &'static [usize] = &[#(#claimed),*];
            const UNSCOPED_KEY: bool = #unscoped_key;
        }
    };
    let client = &args.client;
    // The method takes the client's span, so that "cannot widen" points at the client.
    let method = format_ident!("__trust_key_scopes", span = client.span());
    let trusted = quote_spanned!(client.span()=> #list (#client).#method::<#key, #listed_type>());
    match checked {
        Ok(()) => quote!({ #trusted }),
        Err(error) => {
            let error = error.to_compile_error();
            quote!({ #error #trusted })
        }
    }
}

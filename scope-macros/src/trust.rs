//! `trust_key_scopes!(client, "scope", ...)`: the escape hatch. It fills in the client's
//! `TrustedKey` with the listed scopes and puts it on the client; the generated client accepts
//! that only on a `Client<Unverified>`, so a narrowed client cannot be widened.

use proc_macro2::TokenStream;
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
    let unscoped_key = args
        .scopes
        .iter()
        .any(|k| matches!(k, KeyScope::UnscopedKey(_)));
    let listed: Vec<Declared> = args
        .scopes
        .iter()
        .filter_map(|k| match k {
            KeyScope::Scope(lit) => Some(Declared::Scope(lit.clone())),
            KeyScope::UnscopedKey(_) => None,
        })
        .collect();
    let mut checked = check_declared(registry, &listed);
    // A key created without scopes holds every scope: a list that names some too says two
    // things, and holds only the scopes it names.
    let alone = args.scopes.iter().find_map(|k| match k {
        KeyScope::UnscopedKey(ident) if !listed.is_empty() => Some(ident.clone()),
        _ => None,
    });
    if let Some(ident) = &alone {
        let error = syn::Error::new(
            ident.span(),
            "`unscoped_key` stands alone: a key created without scopes holds every scope; list the key's scopes, or write `unscoped_key` only",
        );
        checked = match checked {
            Ok(()) => Err(error),
            Err(mut e) => {
                e.combine(error);
                Err(e)
            }
        };
    }
    let unscoped_key = unscoped_key && alone.is_none();
    // Each scope spelt right, at its slot in the table read, with the name as written (an
    // alias included): the client checks the two against each other by its own table.
    let scopes_held: Vec<crate::verify::Listed> = listed
        .iter()
        .filter_map(|d| {
            Some(crate::verify::Listed {
                slot: registry.scope_index(&d.name())?,
                name: d.name(),
            })
        })
        .collect();
    let key = if unscoped_key {
        quote!(#scopes::__key::All)
    } else {
        crate::verify::key_type(scopes, registry, &scopes_held)
    };
    let client = &args.client;
    // The method takes the client's span, so that "cannot widen" points at the client.
    let method = format_ident!("__trust_key_scopes", span = client.span());
    let trusted = quote_spanned!(client.span()=> (#client).#method::<#key>());
    match checked {
        Ok(()) => quote!({ #trusted }),
        Err(error) => {
            let error = error.to_compile_error();
            quote!({ #error #trusted })
        }
    }
}

//! The client's registry, as its `__scope_registry!` macro passes it: `[krate] "identity"
//! "text"`, then the request. The text is parsed once per compiler process and kept under its
//! identity (its first line, with a hash of the rest).

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use proc_macro2::{TokenStream, TokenTree};
use scope_core::Registry;

/// Registries read so far, by identity. A hit touches neither the table's literal nor its
/// text: reading a large client's table on every expansion (in a proc macro built without
/// optimizations) cost more than the rest of the attribute. An entry is made only for a text
/// whose identity checks out, so a table handed to `expand!` by hand cannot stand in for a
/// client's real one under its name.
static CACHE: OnceLock<Mutex<HashMap<String, &'static Registry>>> = OnceLock::new();

/// The registry named by `identity`, reading `text` the first time. Registries are few (one per
/// client crate) and live as long as the compiler process, so each is leaked once rather than
/// reference-counted.
pub fn load(
    identity: &proc_macro2::Literal,
    text: &proc_macro2::Literal,
) -> syn::Result<&'static Registry> {
    let key = identity.to_string();
    let cache = CACHE.get_or_init(Default::default);
    // A panic elsewhere cannot leave the map half-written (inserts are single calls), so a
    // poisoned lock is still good.
    let lock = || {
        cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some(hit) = lock().get(&key) {
        return Ok(hit);
    }
    let name: syn::LitStr = syn::parse2(TokenTree::Literal(identity.clone()).into())?;
    let value: syn::LitStr = syn::parse2(TokenTree::Literal(text.clone()).into())?;
    let value = value.value();
    if !Registry::is_identity_of(&name.value(), &value) {
        return Err(syn::Error::new(
            text.span(),
            "this registry's text does not match its identity: `expand!` takes a generated client's `__scope_registry!` call, not a hand-made table",
        ));
    }
    let registry = Registry::parse(&value).map_err(|e| syn::Error::new(text.span(), e))?;
    let registry: &'static Registry = Box::leak(Box::new(registry));
    lock().insert(key, registry);
    Ok(registry)
}

/// The parts of a registry call: the client crate's path, its registry, and the request.
pub struct Call {
    pub krate: TokenStream,
    /// The identity literal, for the compile-time check (`crate::verify`).
    pub identity: proc_macro2::Literal,
    pub registry: &'static Registry,
    pub request: TokenStream,
}

pub fn split(input: TokenStream) -> syn::Result<Call> {
    let mut tokens = input.into_iter();
    let krate = match tokens.next() {
        Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Bracket => g.stream(),
        _ => return Err(malformed()),
    };
    let (identity, registry) = match (tokens.next(), tokens.next()) {
        (Some(TokenTree::Literal(identity)), Some(TokenTree::Literal(text))) => {
            let registry = load(&identity, &text)?;
            (identity, registry)
        }
        _ => return Err(malformed()),
    };
    Ok(Call {
        krate,
        identity,
        registry,
        request: tokens.collect(),
    })
}

fn malformed() -> syn::Error {
    syn::Error::new(
        proc_macro2::Span::call_site(),
        "malformed registry call: `expand!` is called by a generated client's `__scope_registry!`, not directly",
    )
}

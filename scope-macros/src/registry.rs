//! The client's registry, as its `__scope_registry!` macro passes it: `[krate] "text"`, then
//! the request. The text is parsed once per compiler process and kept.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use proc_macro2::{TokenStream, TokenTree};
use scope_core::Registry;

/// Registries read so far, by the literal's source text (so that a hit costs no unescaping).
static CACHE: OnceLock<Mutex<HashMap<String, &'static Registry>>> = OnceLock::new();

/// The registry of a literal. Registries are few (one per client crate) and live as long as
/// the compiler process, so each is leaked once rather than reference-counted.
pub fn load(literal: &proc_macro2::Literal) -> syn::Result<&'static Registry> {
    let source = literal.to_string();
    let cache = CACHE.get_or_init(Default::default);
    // A panic elsewhere cannot leave the map half-written (inserts are single calls), so a
    // poisoned lock is still good.
    let lock = || {
        cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    };
    if let Some(hit) = lock().get(&source) {
        return Ok(hit);
    }
    let text: syn::LitStr = syn::parse2(TokenTree::Literal(literal.clone()).into())?;
    let registry =
        Registry::parse(&text.value()).map_err(|e| syn::Error::new(literal.span(), e))?;
    let registry: &'static Registry = Box::leak(Box::new(registry));
    lock().insert(source, registry);
    Ok(registry)
}

/// The parts of a registry call: the client crate's path, its registry, and the request.
pub struct Call {
    pub krate: TokenStream,
    pub registry: &'static Registry,
    pub request: TokenStream,
}

pub fn split(input: TokenStream) -> syn::Result<Call> {
    let mut tokens = input.into_iter();
    let krate = match tokens.next() {
        Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Bracket => g.stream(),
        _ => return Err(malformed()),
    };
    let registry = match tokens.next() {
        Some(TokenTree::Literal(lit)) => load(&lit)?,
        _ => return Err(malformed()),
    };
    Ok(Call {
        krate,
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

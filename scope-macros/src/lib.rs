//! `#[requires_scope]`: the compiler proves that the scopes a function declares cover every
//! call it makes, directly or through other annotated functions.
//!
//! ```text
//! #[requires_scope("read:policies:admin")]
//! async fn audit(client: &Client, org: &str) -> Result<(), Error> {
//!     client.get_policies(org, &Default::default()).await?;   // covered
//!     client.delete_policy(org, "p1").await                    // error: scope `delete:policies:admin`
//! }                                                            //        is not declared for this call
//! ```
//!
//! How: each operation method of a generated client requires the proof of its scopes from the
//! grant `G` of `Client<G>`, a key of `scope_runtime::key` (the list of the scopes it holds).
//! The attribute bounds the function's client parameter by the declared scopes' proof traits,
//! as an anonymous grant (`&Client<impl ReadPoliciesAdmin>`), so a caller must prove them all
//! (transitivity). The caller's client goes into a parameter the body cannot name, and the
//! body's first statement binds the name written to that client narrowed to the key of exactly
//! the declared scopes: whatever the body does with it, it holds the declaration, and a call
//! that needs more fails to compile at that call, naming the scope. The only keys are those
//! `trust_key_scopes!` makes at the entry point and those a narrowing makes from a client that
//! holds them.
//!
//! This crate stays thin: the syntax, the registry, the body analysis and the suggestions are
//! `scope-core`'s. The attribute checks the shape of its arguments and hands the function to the
//! client's registry macro (`__scope_registry!`), which calls back into [`expand!`] with the
//! client's scope table as one string literal.

mod expand;
mod registry;
mod trust;
mod verify;

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::{ToTokens, quote};
use scope_core::attr::Args;

/// Declares the scopes a function may use. See the crate documentation.
///
/// Arguments: scope strings (`"read:policies:admin"`), `unscoped` for operations that only a
/// key without scopes can call, and `allow_unneeded` to keep declared scopes the body does not
/// need without the least-privilege warning (the audit keeps them too).
///
/// Import the attribute from the generated client (`use admin::requires_scope;`, or
/// `use crate::admin::requires_scope;` in the crate that generates it): it then knows that
/// client. `client = path::to::client` names one explicitly, for an attribute written with a
/// path (`#[scope_macros::requires_scope(..)]`) or renamed on import.
#[proc_macro_attribute]
pub fn requires_scope(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match first_stage(args.into(), item.clone()) {
        Ok(tokens) => tokens.into(),
        Err(error) => {
            let error = error.to_compile_error();
            let item = stub(item);
            quote!(#error #item).into()
        }
    }
}

/// Checks what can be checked without the client's scope table, then hands the function to
/// the client's registry macro.
fn first_stage(
    args: proc_macro2::TokenStream,
    item: proc_macro2::TokenStream,
) -> syn::Result<proc_macro2::TokenStream> {
    let parsed: Args = syn::parse2(args)?;
    if parsed.declared.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "#[requires_scope] needs at least one scope, e.g. #[requires_scope(\"read:policies:admin\")], or `unscoped`",
        ));
    }
    if let Some(span) = another_attribute(&item) {
        return Err(syn::Error::new(
            span,
            "#[requires_scope] is written twice on this function: write all its scopes in one attribute",
        ));
    }
    if !is_function(&item) {
        return Err(syn::Error::new_spanned(
            head(&item),
            "#[requires_scope] applies to functions and methods (it declares the scopes their body may use)",
        ));
    }
    // Without `client = …`, the client is the one the attribute was imported from: each
    // generated client has a module named `requires_scope` beside its re-export of this
    // attribute, so `use admin::requires_scope;` brings both into scope, and this relative
    // path, resolved where the attribute is used, reaches that client's registry.
    let client = parsed
        .client
        .as_ref()
        .map_or_else(|| quote!(requires_scope), |p| p.to_token_stream());
    let declared = &parsed.declared;
    let allow_unneeded = parsed.allow_unneeded.iter();
    // The mode token carries this expansion's mixed-site span to stage two, which gives it to
    // the generic parameter it adds: located at the attribute, but marked as macro-made, so
    // the compiler does not suggest editing it.
    let mode = proc_macro2::Ident::new("requires_scope", Span::mixed_site());
    let tag = proc_macro2::Literal::u128_unsuffixed(declaration_tag(&parsed));
    Ok(quote! {
        #client::__scope_registry! { #mode #tag [#(#declared),* #(, #allow_unneeded)*] { #item } }
    })
}

/// A secret of this compiler process: two SipHash keys drawn from the operating system's
/// randomness, never written anywhere. The first stage tags the declaration with a keyed hash
/// of it and the second checks the tag; both run in the process that compiles the crate. (A
/// keyed hash rather than SHA-256: the macro is built without optimizations, and it runs twice
/// for every annotated function.)
fn secret() -> &'static [std::collections::hash_map::RandomState; 2] {
    static SECRET: std::sync::OnceLock<[std::collections::hash_map::RandomState; 2]> =
        std::sync::OnceLock::new();
    SECRET.get_or_init(|| {
        [
            std::collections::hash_map::RandomState::new(),
            std::collections::hash_map::RandomState::new(),
        ]
    })
}

/// The tag of a declaration (see [`secret`]): 128 bits of two keyed hashes.
pub(crate) fn declaration_tag(args: &Args) -> u128 {
    use std::hash::BuildHasher;
    let text = args.canonical();
    let [a, b] = secret();
    u128::from(a.hash_one(&text)) << 64 | u128::from(b.hash_one(&text))
}

/// Whether the item is a function: `fn` before its first brace-delimited group, which is its
/// body (stage two parses it whole; here a look at the tokens is enough and costs nothing).
fn is_function(item: &proc_macro2::TokenStream) -> bool {
    head(item)
        .into_iter()
        .any(|t| matches!(&t, proc_macro2::TokenTree::Ident(i) if i == "fn"))
}

/// The item's leading tokens up to its body, to point an error at its head, not its body.
fn head(item: &proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    item.clone()
        .into_iter()
        .take_while(|t| !matches!(t, proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace))
        .collect()
}

/// The item to emit next to an error in the attribute: a function keeps its signature, so
/// that its callers still compile, but loses its body, whose calls would otherwise each report
/// a missing scope that is only a consequence of the attribute's error. Its clients take any
/// grant, so that a caller passing a narrowed or trusted client gets no type mismatch that is
/// only a consequence either (the crate does not build anyway: the error is beside it).
fn stub(item: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    match syn::parse2::<syn::ItemFn>(item.clone()) {
        Ok(mut function) => {
            // Another `#[requires_scope]` on it would only report what this error says.
            function.attrs.retain(|a| {
                a.path()
                    .segments
                    .last()
                    .is_none_or(|s| s.ident != "requires_scope")
            });
            let any = quote!(impl ::core::marker::Sized);
            expand::narrow_client_params(&mut function.sig, &any, false);
            // The body is a plain loop: no macro path, which a crate could redirect
            // (`extern crate self as core;`) where its errors are silenced too.
            function
                .attrs
                .push(syn::parse_quote!(#[allow(unused_variables, unreachable_code)]));
            *function.block = syn::parse_quote!({ loop {} });
            quote!(#function)
        }
        Err(_) => item,
    }
}

/// The first `#[requires_scope]` among the item's own attributes, if the function carries a
/// second one (attributes expand outermost first, so this one sees the rest).
fn another_attribute(item: &proc_macro2::TokenStream) -> Option<proc_macro2::Span> {
    let tokens: Vec<proc_macro2::TokenTree> = head(item).into_iter().collect();
    tokens.windows(2).find_map(|pair| match pair {
        [
            proc_macro2::TokenTree::Punct(p),
            proc_macro2::TokenTree::Group(g),
        ] if p.as_char() == '#' && g.delimiter() == proc_macro2::Delimiter::Bracket => {
            let path: Vec<proc_macro2::TokenTree> = g
                .stream()
                .into_iter()
                .take_while(|t| !matches!(t, proc_macro2::TokenTree::Group(_)))
                .collect();
            path.iter()
                .any(|t| matches!(t, proc_macro2::TokenTree::Ident(i) if i == "requires_scope"))
                .then(|| g.span())
        }
        _ => None,
    })
}

/// The second stage, called by a generated client's registry macro with its scope table.
/// Not for direct use: everything it can expand to is checked by the compiler like the
/// attribute's own output (it makes no grant that `trust_key_scopes!` could not).
#[doc(hidden)]
#[proc_macro]
pub fn expand(input: TokenStream) -> TokenStream {
    match expand::expand(input.into()) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_second_attribute_is_found() {
        let item: proc_macro2::TokenStream =
            "#[requires_scope(\"a:b:admin\")] async fn f(client: &Client) {}"
                .parse()
                .unwrap();
        assert!(super::another_attribute(&item).is_some());
        let item: proc_macro2::TokenStream =
            "#[doc = \"x\"] fn f(client: &Client) {}".parse().unwrap();
        assert!(super::another_attribute(&item).is_none());
    }
}

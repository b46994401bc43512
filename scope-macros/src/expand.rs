//! The second stage: with the client's registry in hand, check the declared scopes, rewrite
//! the function so that its client carries a grant bounded by them, and warn about declared
//! scopes nothing visibly needs. Also expands `trust_key_scopes!`.

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

use crate::args::{Args, Declared};
use crate::registry::{Registry, Requirement};
use crate::usage;

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let registry: Registry = syn::parse2(input)?;
    let parser = |stream: ParseStream| -> syn::Result<TokenStream> {
        let mode: Ident = stream.parse()?;
        match mode.to_string().as_str() {
            "requires_scope" => requires_scope(&registry, stream, mode.span()),
            "trust_key_scopes" => trust_key_scopes(&registry, stream),
            _ => Err(syn::Error::new(mode.span(), "unknown registry request")),
        }
    };
    parser.parse2(registry.input.clone())
}

/// Checks each declared scope against the registry: unknown names get "did you mean".
fn check_declared(registry: &Registry, declared: &[Declared]) -> syn::Result<()> {
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };
    for d in declared {
        match d {
            Declared::Scope(lit) if registry.trait_of(&lit.value()).is_none() => {
                push(syn::Error::new(
                    lit.span(),
                    unknown_scope_message(registry, &lit.value()),
                ));
            }
            Declared::Unscoped(ident) if registry.unscoped.is_none() => {
                push(syn::Error::new(
                    ident.span(),
                    "this client has no unscoped operations; remove `unscoped`",
                ));
            }
            _ => {}
        }
    }
    errors.map_or(Ok(()), Err)
}

fn unknown_scope_message(registry: &Registry, wanted: &str) -> String {
    let best = registry
        .scopes
        .iter()
        .map(|(s, _)| (strsim::jaro_winkler(wanted, s), s))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, s)) => format!("unknown scope `{wanted}`; did you mean `{s}`?"),
        None => {
            let known: Vec<&str> = registry.scopes.iter().map(|(s, _)| s.as_str()).collect();
            format!(
                "unknown scope `{wanted}`; this client's scopes are: {}",
                known.join(", ")
            )
        }
    }
}

/// The proof-trait bounds for a declaration: each scope's trait, `Unscoped`, and the trait of
/// every operation with alternatives that the declaration satisfies.
fn bounds(registry: &Registry, declared: &[Declared], site: Span) -> Vec<TokenStream> {
    let krate = &registry.krate;
    let names: BTreeSet<String> = declared
        .iter()
        .filter(|d| matches!(d, Declared::Scope(_)))
        .map(Declared::name)
        .collect();
    let unscoped = declared.iter().any(|d| matches!(d, Declared::Unscoped(_)));
    let mut out: Vec<TokenStream> = declared
        .iter()
        .map(|d| match d {
            Declared::Scope(lit) => {
                let tr = registry.trait_of(&lit.value()).expect("checked");
                quote_spanned!(site=> #krate::scopes::#tr)
            }
            Declared::Unscoped(_) => {
                let tr = registry.unscoped.as_ref().expect("checked");
                quote_spanned!(site=> #krate::scopes::#tr)
            }
        })
        .collect();
    for op in &registry.operations {
        if let Requirement::AnyOf(tr, _) = &op.requirement {
            if op.requirement.satisfied_by(&names, unscoped) {
                out.push(quote_spanned!(site=> #krate::scopes::alternatives::#tr));
            }
        }
    }
    out
}

/// Gives every `Client` parameter (by value or reference, any path ending in `Client` without
/// generic arguments) the grant `grant`. Returns the parameters' names.
fn narrow_client_params(sig: &mut syn::Signature, grant: &Ident) -> Vec<Ident> {
    fn narrow(ty: &mut syn::Type, grant: &Ident) -> bool {
        match ty {
            syn::Type::Reference(r) => narrow(&mut r.elem, grant),
            syn::Type::Paren(p) => narrow(&mut p.elem, grant),
            syn::Type::Path(p) if p.qself.is_none() => match p.path.segments.last_mut() {
                Some(last) if last.ident == "Client" && last.arguments.is_none() => {
                    last.arguments =
                        syn::PathArguments::AngleBracketed(syn::parse_quote!(<#grant>));
                    true
                }
                _ => false,
            },
            _ => false,
        }
    }
    let mut names = Vec::new();
    for input in &mut sig.inputs {
        if let syn::FnArg::Typed(pat) = input {
            if narrow(&mut pat.ty, grant) {
                if let syn::Pat::Ident(ident) = &*pat.pat {
                    names.push(ident.ident.clone());
                }
            }
        }
    }
    names
}

/// `site` is the attribute's mixed-site span (stage one created the `requires_scope` token
/// with it).
fn requires_scope(registry: &Registry, input: ParseStream, site: Span) -> syn::Result<TokenStream> {
    let content;
    syn::bracketed!(content in input);
    let args: Args = content.parse()?;
    let body;
    syn::braced!(body in input);
    let function: syn::ItemFn = body.parse()?;
    rewrite(registry, &args, function.clone(), site).or_else(|error| {
        let error = error.to_compile_error();
        let stub = crate::stub(quote!(#function));
        Ok(quote!(#error #stub))
    })
}

fn rewrite(
    registry: &Registry,
    args: &Args,
    mut function: syn::ItemFn,
    site: Span,
) -> syn::Result<TokenStream> {
    check_declared(registry, &args.declared)?;

    let fn_name = function.sig.ident.to_string();
    let fn_name = fn_name.strip_prefix("r#").unwrap_or(&fn_name);
    let grant = format_ident!("{}", fn_name, span = site);
    let clients = narrow_client_params(&mut function.sig, &grant);
    if clients.is_empty()
        && !function
            .sig
            .inputs
            .iter()
            .any(|i| matches!(i, syn::FnArg::Typed(_)))
    {
        return Err(syn::Error::new(
            function.sig.ident.span(),
            format!(
                "`{fn_name}` takes no `&Client` parameter: #[requires_scope] narrows the client a function receives, so add one (e.g. `client: &Client`)"
            ),
        ));
    }
    if clients.is_empty() {
        return Err(syn::Error::new(
            function.sig.paren_token.span.join(),
            format!(
                "`{fn_name}` takes no `&Client` parameter: #[requires_scope] narrows the client a function receives (write its type as `&Client`, without a grant)"
            ),
        ));
    }
    let bounds = bounds(registry, &args.declared, site);
    // The new generic parameter takes the attribute's mixed-site span: the compiler's notes
    // about it point at the attribute, and it makes no "consider restricting" suggestion,
    // which would have to be spelled as an edit of the attribute anyway.
    let span = site;
    let generics = &mut function.sig.generics;
    generics.lt_token.get_or_insert(Token![<](span));
    generics.gt_token.get_or_insert(Token![>](span));
    generics
        .params
        .push(syn::parse_quote_spanned!(span=> #grant: #(#bounds)+*));
    function
        .attrs
        .push(syn::parse_quote!(#[allow(non_camel_case_types)]));
    let list: Vec<String> = args
        .declared
        .iter()
        .map(|d| format!("`{}`", d.name()))
        .collect();
    let doc = format!(
        " **Declared scopes** (`#[requires_scope]`): {}.",
        list.join(", ")
    );
    if function.attrs.iter().any(|a| a.path().is_ident("doc")) {
        function.attrs.push(syn::parse_quote!(#[doc = ""]));
    }
    function.attrs.push(syn::parse_quote!(#[doc = #doc]));

    let warnings = unused_warnings(registry, &args.declared, &function, &clients, fn_name);
    if !warnings.is_empty() {
        let block = &function.block;
        *function.block = syn::parse_quote!({ #(#warnings)* #block });
    }
    Ok(quote!(#function))
}

/// A warning, on stable Rust, for each declared scope that nothing in the body visibly needs:
/// the use of a `#[deprecated]` item whose note says so, placed at the scope's literal.
fn unused_warnings(
    registry: &Registry,
    declared: &[Declared],
    function: &syn::ItemFn,
    clients: &[Ident],
    fn_name: &str,
) -> Vec<TokenStream> {
    let names: BTreeSet<String> = declared.iter().map(Declared::name).collect();
    let usage = usage::analyze(&function.block, clients, &names, registry);
    if usage.opaque {
        return Vec::new();
    }
    declared
        .iter()
        .filter(|d| !usage.needed.contains(&d.name()))
        .map(|d| {
            let note = format!(
                "`{}` is declared on `{fn_name}` but nothing in its body needs it; remove it (least privilege)",
                d.name()
            );
            let span = d.span();
            quote_spanned! {span=>
                {
                    #[allow(non_camel_case_types)]
                    #[deprecated(note = #note)]
                    struct unneeded_scope;
                    let _ = unneeded_scope;
                }
            }
        })
        .collect()
}

enum KeyScope {
    Scope(LitStr),
    All,
}

fn trust_key_scopes(registry: &Registry, input: ParseStream) -> syn::Result<TokenStream> {
    let client: syn::Expr = input.parse()?;
    input.parse::<Token![,]>().map_err(|e| {
        syn::Error::new(e.span(), "expected `trust_key_scopes!(client, \"scope\", ...)` or `trust_key_scopes!(client, unscoped_key)`")
    })?;
    let list = Punctuated::<KeyScope, Token![,]>::parse_terminated_with(input, |s| {
        if s.peek(LitStr) {
            Ok(KeyScope::Scope(s.parse()?))
        } else {
            let ident: Ident = s.parse()?;
            if ident == "unscoped_key" {
                Ok(KeyScope::All)
            } else {
                Err(syn::Error::new(
                    ident.span(),
                    "expected a scope string, or `unscoped_key` for a key created without scopes",
                ))
            }
        }
    })?;
    let krate = &registry.krate;
    let grant = Ident::new("trusted_api_key", Span::call_site());
    let all = list.iter().any(|k| matches!(k, KeyScope::All));
    let mut declared = Vec::new();
    for k in &list {
        if let KeyScope::Scope(lit) = k {
            if declared.iter().any(|d: &Declared| d.name() == lit.value()) {
                return Err(syn::Error::new(
                    lit.span(),
                    format!("`{}` is listed twice", lit.value()),
                ));
            }
            declared.push(Declared::Scope(lit.clone()));
        }
    }
    if all {
        declared = registry
            .scopes
            .iter()
            .map(|(s, _)| Declared::Scope(LitStr::new(s, Span::call_site())))
            .collect();
        if let Some(tr) = &registry.unscoped {
            declared.push(Declared::Unscoped(Ident::new("unscoped", tr.span())));
        }
    }
    if declared.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "list the key's scopes, or `unscoped_key` for a key created without scopes",
        ));
    }
    check_declared(registry, &declared)?;
    let listed: Vec<&LitStr> = list
        .iter()
        .filter_map(|k| match k {
            KeyScope::Scope(lit) => Some(lit),
            KeyScope::All => None,
        })
        .collect();
    let impls = bounds(registry, &declared, Span::call_site())
        .into_iter()
        .map(|tr| quote!(impl #tr for #grant {}));
    Ok(quote! {
        {
            /// The grant of the API key vouched for by `trust_key_scopes!`.
            #[allow(non_camel_case_types)]
            #[derive(Debug, Clone, Copy)]
            struct #grant;
            impl #krate::__scope_runtime::Grant for #grant {
                const SCOPES: &'static [&'static str] = &[#(#listed),*];
            }
            #(#impls)*
            (#client).__assume_grant::<#grant>()
        }
    })
}

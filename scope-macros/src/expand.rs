//! The second stage: with the client's registry in hand, check the declared scopes and the
//! function's contract, rewrite the function so that its client carries a grant bounded by the
//! declaration, and warn about declared scopes nothing visibly needs.

use std::collections::BTreeSet;

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;
use syn::{Ident, Token};

use scope_core::Registry;
use scope_core::attr::{Args, Declared};

use crate::registry;

pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let call = registry::split(input)?;
    let parser = |stream: ParseStream| -> syn::Result<TokenStream> {
        let mode: Ident = stream.parse()?;
        match mode.to_string().as_str() {
            "requires_scope" => {
                let scopes = crate::verify::scopes_path(&call.krate, &call.identity);
                requires_scope(&scopes, call.registry, stream, mode.span())
            }
            "trust_key_scopes" => {
                let scopes = crate::verify::scopes_path(&call.krate, &call.identity);
                Ok(crate::trust::trust_key_scopes(
                    call.registry,
                    stream,
                    &scopes,
                ))
            }
            _ => Err(syn::Error::new(mode.span(), "unknown registry request")),
        }
    };
    parser.parse2(call.request)
}

/// Checks each declared scope against the registry: unknown names get a suggestion.
pub fn check_declared(registry: &Registry, declared: &[Declared]) -> syn::Result<()> {
    let mut errors = Errors::default();
    for d in declared {
        match d {
            Declared::Scope(lit) if registry.trait_of(&lit.value()).is_none() => {
                errors.push(syn::Error::new(
                    lit.span(),
                    scope_core::suggest::unknown_scope(registry, &lit.value()),
                ));
            }
            Declared::Unscoped(ident) if registry.unscoped_trait.is_none() => {
                errors.push(syn::Error::new(
                    ident.span(),
                    "this client has no unscoped operations; remove `unscoped`",
                ));
            }
            _ => {}
        }
    }
    errors.finish()
}

/// Errors collected to be reported together.
#[derive(Default)]
pub struct Errors(Option<syn::Error>);

impl Errors {
    pub fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    pub fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

/// The proof-trait bounds for a declaration: the `by` trait of every set of scopes it contains that is an alternative of some
/// requirement (each implies its scopes' traits and the operations it proves), then the traits
/// of the declared scopes no such set covers, and `Unscoped`.
fn bounds(
    scopes: &TokenStream,
    registry: &Registry,
    declared: &[Declared],
    site: Span,
) -> Vec<TokenStream> {
    let names: BTreeSet<String> = declared.iter().map(Declared::name).collect();
    let by: Vec<&scope_core::ByTrait> = registry.by_traits_of(&names);
    let mut out: Vec<TokenStream> = by
        .iter()
        .map(|b| {
            let tr = Ident::new(&b.name, site);
            quote_spanned!(site=> #scopes::by::#tr)
        })
        .collect();
    for d in declared {
        let name = match d {
            Declared::Scope(lit) if by.iter().any(|b| b.scopes.contains(&lit.value())) => continue,
            Declared::Scope(lit) => registry.trait_of(&lit.value()),
            Declared::Unscoped(_) => registry.unscoped_trait.as_deref(),
        }
        .expect("checked");
        let tr = Ident::new(name, site);
        out.push(quote_spanned!(site=> #scopes::#tr));
    }
    out
}

/// Gives every `Client` parameter (by value or reference, any path ending in `Client` without
/// generic arguments) the grant `grant`. Returns the parameters' names.
/// Stands for a client parameter bound by a pattern rather than a name.
const PATTERN_BOUND: &str = "__client_bound_by_a_pattern";

pub(crate) fn narrow_client_params(sig: &mut syn::Signature, grant: &Ident) -> Vec<Ident> {
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
                match &*pat.pat {
                    syn::Pat::Ident(ident) => names.push(ident.ident.clone()),
                    // Bound by a pattern (`(other): &Client`, `&c: &&Client`): no name the
                    // analysis could follow, so the body is never taken as seen whole.
                    _ => names.push(Ident::new(PATTERN_BOUND, pat.pat.span())),
                }
            }
        }
    }
    names
}

/// A function split for rewriting: everything before the body as a parsed signature (with its
/// attributes and visibility), and the body as the tokens it was written as. The body is the
/// function's last token tree; it is never parsed, so that the attribute's cost does not grow
/// with the body.
struct Function {
    head: syn::ForeignItemFn,
    body: proc_macro2::Group,
}

impl syn::parse::Parse for Function {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut tokens: Vec<TokenTree> = input.parse::<TokenStream>()?.into_iter().collect();
        let body = match tokens.pop() {
            Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace => g,
            _ => return Err(input.error("expected a function with a body")),
        };
        let mut head: TokenStream = tokens.into_iter().collect();
        head.extend(quote!(;));
        Ok(Function {
            head: syn::parse2(head)?,
            body,
        })
    }
}

/// `site` is the attribute's mixed-site span (stage one created the `requires_scope` token
/// with it); `scopes` the path of the client's proof traits for this registry
/// (`crate::verify::scopes_path`).
fn requires_scope(
    scopes: &TokenStream,
    registry: &Registry,
    input: ParseStream,
    site: Span,
) -> syn::Result<TokenStream> {
    let content;
    syn::bracketed!(content in input);
    let args: Args = content.parse()?;
    let item;
    syn::braced!(item in input);
    let item: TokenStream = item.parse()?;
    let function: Function = syn::parse2(item.clone())?;
    rewrite(scopes, registry, &args, function, site).or_else(|error| {
        let error = error.to_compile_error();
        let stub = crate::stub(item);
        Ok(quote!(#error #stub))
    })
}

fn rewrite(
    scopes: &TokenStream,
    registry: &Registry,
    args: &Args,
    function: Function,
    site: Span,
) -> syn::Result<TokenStream> {
    let Function { mut head, body } = function;
    check_declared(registry, &args.declared)?;
    let fn_name = head.sig.ident.to_string();
    let fn_name = fn_name.strip_prefix("r#").unwrap_or(&fn_name).to_owned();
    crate::contract::check(registry, &head.sig, &fn_name)?;

    let grant = Ident::new(scope_core::GRANT_PARAM, site);
    let clients = narrow_client_params(&mut head.sig, &grant);
    if clients.is_empty() {
        let takes_arguments = head
            .sig
            .inputs
            .iter()
            .any(|i| matches!(i, syn::FnArg::Typed(_)));
        let (span, hint) = if head.sig.receiver().is_some() {
            // The most common shape of service code: a struct that holds the client.
            (head.sig.ident.span(), scope_core::attr::CLIENT_IN_SELF)
        } else if takes_arguments {
            (
                head.sig.paren_token.span.join(),
                "write its type as `&Client`, without a grant",
            )
        } else {
            (head.sig.ident.span(), "so add one (e.g. `client: &Client`)")
        };
        return Err(syn::Error::new(
            span,
            scope_core::attr::no_client_parameter(&fn_name, hint),
        ));
    }
    let bounds = bounds(scopes, registry, &args.declared, site);
    let check = declaration_check(scopes, registry, &args.declared, &bounds, site);
    // The new generic parameter takes the attribute's mixed-site span: the compiler's notes
    // about it point at the attribute, and it makes no "consider restricting" suggestion,
    // which would have to be spelled as an edit of the attribute anyway.
    let generics = &mut head.sig.generics;
    generics.lt_token.get_or_insert(Token![<](site));
    generics.gt_token.get_or_insert(Token![>](site));
    generics
        .params
        .push(syn::parse_quote_spanned!(site=> #grant: #(#bounds)+*));
    generics.make_where_clause().predicates.extend(check);
    let list: Vec<String> = args
        .declared
        .iter()
        .map(|d| format!("`{}`", d.name()))
        .collect();
    let doc = format!(
        " **Declared scopes** (`#[requires_scope]`): {}.",
        list.join(", ")
    );
    let separator = head
        .attrs
        .iter()
        .any(|a| a.path().is_ident("doc"))
        .then(|| quote!(#[doc = ""]));

    let pattern_bound = clients.iter().any(|c| c == PATTERN_BOUND);
    let warnings = if args.allow_unneeded.is_some() || pattern_bound {
        Vec::new()
    } else {
        let allows_deprecated = head.attrs.iter().any(allows_deprecated);
        unused_warnings(
            registry,
            &args.declared,
            body.stream(),
            &clients,
            &fn_name,
            allows_deprecated,
        )
    };
    let body = quote!({ #(#warnings)* #body });
    let syn::ForeignItemFn {
        attrs, vis, sig, ..
    } = head;
    Ok(quote! {
        #(#attrs)*
        #[allow(non_camel_case_types)]
        #separator
        #[doc = #doc]
        #vis #sig #body
    })
}

/// The check that the traits this expansion bounds the grant by are those of the declared
/// scopes, by the client's own table. The table reaches the attribute through a path the
/// user's code supplies (`client = …`, the imported `requires_scope` module), so a table of
/// one's own could give a declared scope another scope's trait. The check takes the key the
/// declaration maps to in the table read, requires it to satisfy every bound the grant gets,
/// and asks that key's own type (`TrustedKey::__declaration_check`, an inherent item no table can
/// replace) whether it holds exactly the declared scopes. A bound that proves anything of the
/// real client must be a real proof trait or imply one, so only a real key satisfies it, and a
/// real key holding exactly the declared scopes can do all the grant can. Two predicates of
/// the function's `where` clause, true of no generic parameter: checked where the function is
/// (`cargo check` too), at a fraction of the cost of an item in its body.
fn declaration_check(
    scopes: &TokenStream,
    registry: &Registry,
    declared: &[Declared],
    bounds: &[TokenStream],
    site: Span,
) -> Vec<syn::WherePredicate> {
    let slots = registry.scopes.len() + usize::from(registry.unscoped_trait.is_some());
    let mut bits = vec![false; slots];
    let mut names = Vec::new();
    let mut claimed = Vec::new();
    let mut unscoped = false;
    for d in declared {
        match d {
            Declared::Scope(lit) => {
                if let Some(slot) = registry.scope_index(&lit.value()) {
                    bits[slot] = true;
                    names.push(lit.value());
                    claimed.push(slot);
                }
            }
            Declared::Unscoped(_) => {
                unscoped = true;
                if registry.unscoped_trait.is_some() {
                    bits[slots - 1] = true;
                }
            }
        }
    }
    let key = crate::verify::key_type(scopes, &bits);
    vec![
        syn::parse_quote_spanned!(site=> #key: #(#bounds)+*),
        syn::parse_quote_spanned!(site=>
            [(); <#key>::__declaration_check(&[#(#names),*], &[#(#claimed),*], #unscoped)]: Sized
        ),
    ]
}

/// Whether an attribute is `#[allow(..deprecated..)]` or `#[expect(..deprecated..)]`.
fn allows_deprecated(attr: &syn::Attribute) -> bool {
    (attr.path().is_ident("allow") || attr.path().is_ident("expect"))
        && matches!(&attr.meta, syn::Meta::List(list) if list.tokens.clone().into_iter().any(
            |t| matches!(t, proc_macro2::TokenTree::Ident(i) if i == "deprecated")
        ))
}

/// A warning, on stable Rust, for each declared scope that nothing in the body visibly needs:
/// the use of a `#[deprecated]` item whose note says so, placed at the scope's literal. Where
/// the function allows `deprecated` (to call a deprecated operation), that statement alone
/// sets the lint back to warn, so the allow does not hide it; otherwise the user's own levels
/// apply (`deny`, `forbid` and `-D warnings` make it an error).
fn unused_warnings(
    registry: &Registry,
    declared: &[Declared],
    body: TokenStream,
    clients: &[Ident],
    fn_name: &str,
    allows_deprecated: bool,
) -> Vec<TokenStream> {
    let names: BTreeSet<String> = declared.iter().map(Declared::name).collect();
    // The same analysis and the same choice of alternatives as the audit's: what is warned
    // about here is what the audit calls redundant and `--fix` removes.
    let unneeded =
        scope_core::analysis::analyze(body, clients, registry).unneeded(&names, registry);
    declared
        .iter()
        .filter(|d| unneeded.contains(&d.name()))
        .map(|d| {
            let note = format!(
                "`{}` is declared on `{fn_name}` but nothing in its body needs it; remove it (least privilege)",
                d.name()
            );
            let span = d.span();
            let warn = allows_deprecated.then(|| quote_spanned!(span=> #[warn(deprecated)]));
            quote_spanned! {span=>
                {
                    #[allow(non_camel_case_types)]
                    #[deprecated(note = #note)]
                    struct unneeded_scope;
                    #warn
                    let _ = unneeded_scope;
                }
            }
        })
        .collect()
}

//! The second stage: with the client's registry in hand, check the declared scopes and the
//! function's contract, rewrite the function so that its client carries a grant bounded by the
//! declaration, and warn about declared scopes nothing visibly needs.

use std::collections::BTreeSet;

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::parse::{ParseStream, Parser};
use syn::spanned::Spanned;

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
                requires_scope(&call.krate, &scopes, call.registry, stream, mode.span())
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

/// The proof-trait bounds for a declaration: the trait of each declared scope, and `Unscoped`.
/// What a caller must prove to call the function.
fn bounds(
    scopes: &TokenStream,
    registry: &Registry,
    declared: &[Declared],
    site: Span,
) -> Vec<TokenStream> {
    declared
        .iter()
        .map(|d| {
            let name = match d {
                Declared::Scope(lit) => registry.trait_of(&lit.value()),
                Declared::Unscoped(_) => registry.unscoped_trait.as_deref(),
            }
            .expect("checked");
            let tr = Ident::new(name, site);
            quote_spanned!(site=> #scopes::#tr)
        })
        .collect()
}

/// The key a declaration maps to: each declared scope at its slot in `registry`, with the
/// name as written (the client checks the two against each other).
fn declared_key(scopes: &TokenStream, registry: &Registry, declared: &[Declared]) -> TokenStream {
    let unscoped_slot = registry.scopes.len();
    let listed: Vec<crate::verify::Listed> = declared
        .iter()
        .filter_map(|d| match d {
            Declared::Scope(lit) => Some(crate::verify::Listed {
                slot: registry.scope_index(&lit.value())?,
                name: lit.value(),
            }),
            Declared::Unscoped(_) => Some(crate::verify::Listed {
                slot: unscoped_slot,
                name: scope_core::UNSCOPED.to_owned(),
            }),
        })
        .collect();
    crate::verify::key_type(scopes, registry, &listed)
}

/// Stands for a client parameter bound by a pattern rather than a name.
const PATTERN_BOUND: &str = "__client_bound_by_a_pattern";

/// A client parameter as the attribute rewrites it: the caller's client goes into a parameter
/// the body cannot name (`hidden`, of the macro's hygiene), and the body's first statement
/// binds the user's pattern to that client narrowed to the declared key.
pub(crate) struct ClientParam {
    /// The name the body uses, for the least-privilege analysis ([`PATTERN_BOUND`] where the
    /// parameter is bound by a pattern).
    pub name: Ident,
    pattern: syn::Pat,
    hidden: Ident,
    /// The references around the client, outermost first (`true` for `&mut`).
    refs: Vec<bool>,
    /// The client type's path as written (`Client`, `admin::Client`), without arguments.
    path: syn::Path,
}

/// Finds every `Client` parameter (by value or behind references, any path ending in `Client`
/// without generic arguments), gives it the grant `grant` (a type: `impl Bounds` where the
/// attribute succeeds), and, where `hide` is set, moves its pattern out into a
/// [`ClientParam`].
pub(crate) fn narrow_client_params(
    sig: &mut syn::Signature,
    grant: &TokenStream,
    hide: bool,
) -> Vec<ClientParam> {
    fn narrow(ty: &mut syn::Type, grant: &TokenStream, refs: &mut Vec<bool>) -> Option<syn::Path> {
        match ty {
            syn::Type::Reference(r) => {
                refs.push(r.mutability.is_some());
                narrow(&mut r.elem, grant, refs)
            }
            syn::Type::Paren(p) => narrow(&mut p.elem, grant, refs),
            syn::Type::Path(p) if p.qself.is_none() => {
                let written = p.path.clone();
                match p.path.segments.last_mut() {
                    Some(last)
                        if last.ident.to_string().trim_start_matches("r#") == "Client"
                            && last.arguments.is_none() =>
                    {
                        last.arguments =
                            syn::PathArguments::AngleBracketed(syn::parse_quote!(<#grant>));
                        Some(written)
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }
    let mut params = Vec::new();
    for input in &mut sig.inputs {
        if let syn::FnArg::Typed(pat) = input {
            let mut refs = Vec::new();
            if let Some(path) = narrow(&mut pat.ty, grant, &mut refs) {
                let name = match &*pat.pat {
                    syn::Pat::Ident(ident) if ident.subpat.is_none() => ident.ident.clone(),
                    // Bound by a pattern (`(other): &Client`, `&c: &&Client`): no name the
                    // analysis could follow, so the body is never taken as seen whole.
                    _ => Ident::new(PATTERN_BOUND, pat.pat.span()),
                };
                let hidden = Ident::new(
                    &format!("__scope_client_{}", params.len()),
                    Span::mixed_site(),
                );
                let pattern = if hide {
                    std::mem::replace(
                        &mut *pat.pat,
                        syn::Pat::Ident(syn::PatIdent {
                            attrs: Vec::new(),
                            by_ref: None,
                            mutability: None,
                            ident: hidden.clone(),
                            subpat: None,
                        }),
                    )
                } else {
                    (*pat.pat).clone()
                };
                params.push(ClientParam {
                    name,
                    pattern,
                    hidden,
                    refs,
                    path,
                });
            }
        }
    }
    params
}

impl ClientParam {
    /// `let <pattern>: <the client's type with key> = <the caller's client, narrowed to key>;`
    ///
    /// The narrowing is called by path on the client type as written, never as a method, so
    /// that no trait of the user's (implemented for `&&Client<G>`, say) is found first by
    /// auto-ref; and the binding's type is the client of the registry's crate with the key,
    /// so that a `Client` of one's own whose `__narrow` returns something else does not
    /// compile: the body's client is always a real client of exactly the declared key.
    fn binding(&self, krate: &TokenStream, key: &TokenStream, site: Span) -> TokenStream {
        let ClientParam {
            pattern,
            hidden,
            refs,
            path,
            ..
        } = self;
        let stars: Vec<TokenStream> = refs.iter().map(|_| quote_spanned!(site=> *)).collect();
        // The key comes from the binding's type (written once: it is the largest part).
        let mut value = match refs.last() {
            None => quote_spanned!(site=> #path::__narrow_owned(#hidden)),
            Some(false) => quote_spanned!(site=> #path::__narrow(&#(#stars)* #hidden)),
            Some(true) => quote_spanned!(site=> #path::__narrow_mut(&mut #(#stars)* #hidden)),
        };
        let mut ty = quote_spanned!(site=> #krate::Client<#key>);
        if let Some(&last) = refs.last() {
            ty = if last {
                quote_spanned!(site=> &mut #ty)
            } else {
                quote_spanned!(site=> &#ty)
            };
        }
        for &outer in refs.iter().rev().skip(1) {
            value = if outer {
                quote_spanned!(site=> &mut #value)
            } else {
                quote_spanned!(site=> &#value)
            };
            ty = if outer {
                quote_spanned!(site=> &mut #ty)
            } else {
                quote_spanned!(site=> &#ty)
            };
        }
        quote_spanned!(site=> let #pattern: #ty = #value;)
    }
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
    krate: &TokenStream,
    scopes: &TokenStream,
    registry: &Registry,
    input: ParseStream,
    site: Span,
) -> syn::Result<TokenStream> {
    let tag: syn::LitInt = input.parse().map_err(|e| {
        syn::Error::new(
            e.span(),
            "the client's registry takes what #[requires_scope] hands it, not a call of one's own",
        )
    })?;
    let content;
    syn::bracketed!(content in input);
    let args: Args = content.parse()?;
    let item;
    syn::braced!(item in input);
    let item: TokenStream = item.parse()?;
    let function: Function = syn::parse2(item.clone())?;
    // The declaration must be the attribute's own: a macro of the crate's between the two
    // stages (a `requires_scope` module or `__scope_registry!` of its own) could change it.
    let untouched = tag.base10_parse::<u128>().ok() == Some(crate::declaration_tag(&args));
    let checked = if untouched {
        Ok(())
    } else {
        Err(syn::Error::new(
            tag.span(),
            "this declaration was changed on its way from #[requires_scope] to the client's registry (by a `requires_scope` module or `__scope_registry!` of one's own?): the scopes a function may use are the ones its attribute says",
        ))
    };
    if args.declared.is_empty() {
        return Err(syn::Error::new(
            tag.span(),
            "#[requires_scope] needs at least one scope",
        ));
    }
    checked
        .and_then(|()| rewrite(krate, scopes, registry, &args, function, site))
        .or_else(|error| {
            let error = error.to_compile_error();
            let stub = crate::stub(item);
            Ok(quote!(#error #stub))
        })
}

fn rewrite(
    krate: &TokenStream,
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

    let bounds = bounds(scopes, registry, &args.declared, site);
    // The caller's grant: anonymous (`impl ...`), so that nothing in the body can name it.
    let grant = quote_spanned!(site=> impl #(#bounds)+*);
    let clients = narrow_client_params(&mut head.sig, &grant, true);
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
    let key = declared_key(scopes, registry, &args.declared);
    let bindings = clients.iter().map(|c| c.binding(krate, &key, site));
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

    let names: Vec<Ident> = clients.iter().map(|c| c.name.clone()).collect();
    let pattern_bound = names.iter().any(|c| c == PATTERN_BOUND);
    let warnings = if args.allow_unneeded.is_some() || pattern_bound {
        Vec::new()
    } else {
        let allows_deprecated = head.attrs.iter().any(allows_deprecated);
        unused_warnings(
            registry,
            &args.declared,
            body.stream(),
            &names,
            &fn_name,
            allows_deprecated,
        )
    };
    let body = quote!({ #(#bindings)* #(#warnings)* #body });
    let syn::ForeignItemFn {
        attrs, vis, sig, ..
    } = head;
    Ok(quote! {
        #(#attrs)*
        #separator
        #[doc = #doc]
        #vis #sig #body
    })
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

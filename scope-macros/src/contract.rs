//! The attribute is the function's whole contract: an annotated function may use exactly the
//! scopes its attribute declares. So its grant takes no other bounds, and it takes no client
//! with a grant of its own, nor any bound by a proof trait: each would let the body call what
//! the attribute does not say, and the attribute could not tell a reader or the audit.
//!
//! These checks read the signature's syntax, so a proof trait renamed on import or a client
//! type behind an alias escapes them; such a client still needs a proof from its caller.

use quote::ToTokens;
use syn::visit::{self, Visit};

use scope_core::Registry;

use crate::expand::Errors;

/// Finds proof-trait paths and `Client<...>` types in a type or bound.
struct Finder<'a> {
    registry: &'a Registry,
    proof_traits: Vec<(syn::Path, String)>,
    clients: Vec<syn::Path>,
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if let Some(last) = path.segments.last() {
            let name = last.ident.to_string();
            if last.ident == "Client" && !last.arguments.is_none() {
                self.clients.push(path.clone());
            } else if self.registry.is_proof_trait(&name) {
                self.proof_traits.push((path.clone(), name));
            }
        }
        visit::visit_path(self, path);
    }
}

fn find<'a, T>(registry: &'a Registry, visit: impl FnOnce(&mut Finder<'a>) -> T) -> Finder<'a> {
    let mut finder = Finder {
        registry,
        proof_traits: Vec::new(),
        clients: Vec::new(),
    };
    visit(&mut finder);
    finder
}

fn proof_trait_error(path: &syn::Path, name: &str, fn_name: &str) -> syn::Error {
    syn::Error::new_spanned(
        path,
        format!(
            "`{fn_name}` may use only the scopes its #[requires_scope(...)] declares: a bound by the proof trait `{name}` would let it use more without saying so; declare the scope in the attribute instead"
        ),
    )
}

/// Whether tokens name the attribute's grant parameter.
fn mentions_grant(tokens: proc_macro2::TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == scope_core::GRANT_PARAM,
        proc_macro2::TokenTree::Group(g) => mentions_grant(g.stream()),
        _ => false,
    })
}

/// Checks the signature of the function named `fn_name`.
pub fn check(registry: &Registry, sig: &syn::Signature, fn_name: &str) -> syn::Result<()> {
    let mut errors = Errors::default();
    for param in &sig.generics.params {
        if let syn::GenericParam::Type(tp) = param {
            let found = find(registry, |f| {
                for bound in &tp.bounds {
                    f.visit_type_param_bound(bound);
                }
            });
            for (path, name) in &found.proof_traits {
                errors.push(proof_trait_error(path, name, fn_name));
            }
        }
    }
    if let Some(clause) = &sig.generics.where_clause {
        for predicate in &clause.predicates {
            let syn::WherePredicate::Type(pt) = predicate else {
                continue;
            };
            // Any bounded type that names the grant (`this_function`, `(this_function)`,
            // `Client<this_function>`, ...) would give it what the attribute does not declare.
            let bounds_the_grant = mentions_grant(pt.bounded_ty.to_token_stream());
            if bounds_the_grant {
                errors.push(syn::Error::new_spanned(
                    &pt.bounded_ty,
                    format!(
                        "`{grant}` is the grant #[requires_scope] gives `{fn_name}`, and its bounds are exactly the declared scopes: declare the scope in the attribute instead of bounding `{grant}` here",
                        grant = scope_core::GRANT_PARAM
                    ),
                ));
                continue;
            }
            let found = find(registry, |f| {
                for bound in &pt.bounds {
                    f.visit_type_param_bound(bound);
                }
            });
            for (path, name) in &found.proof_traits {
                errors.push(proof_trait_error(path, name, fn_name));
            }
        }
    }
    for input in &sig.inputs {
        let syn::FnArg::Typed(pat) = input else {
            continue;
        };
        let found = find(registry, |f| f.visit_type(&pat.ty));
        for path in &found.clients {
            errors.push(syn::Error::new_spanned(
                path,
                format!(
                    "`{fn_name}` takes a client with a grant of its own (`{}`): the clients of a #[requires_scope] function are written `&Client` and get exactly the declared scopes; declare what this client is used for in the attribute instead",
                    path.to_token_stream().to_string().replace(' ', "")
                ),
            ));
        }
        for (path, name) in &found.proof_traits {
            errors.push(proof_trait_error(path, name, fn_name));
        }
    }
    errors.finish()
}

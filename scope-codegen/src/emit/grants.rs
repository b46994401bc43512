//! Emits what `#[requires_scope]` builds on: a proof trait per scope (and per operation whose
//! requirement has alternatives), the grant that proves nothing, and the registry macro that
//! hands this client's scope table to the attribute.
//!
//! A grant is a zero-sized type; holding `Client<G>` where `G` implements a scope's trait is
//! the compile-time proof that the scope was declared. The traits carry
//! `#[diagnostic::on_unimplemented]`, so a missing proof reads as "scope `x` is not declared for
//! `f`" at the call that needs it; `{Self}` is the grant, which the attribute names after the
//! function.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::model::{Api, Operation};
use crate::resolve::Requirement;

/// Whether any operation is unscoped (and so needs the `Unscoped` proof).
fn has_unscoped(api: &Api) -> bool {
    api.operations
        .iter()
        .any(|o| o.scopes.requirement == Requirement::Unscoped)
}

/// `a`, `a and b`, `a, or b and c`: for labels.
fn describe(requirement: &Requirement) -> String {
    match requirement {
        Requirement::Unscoped => "no scope (it is unscoped)".to_owned(),
        Requirement::AnyOf(alts) => alts
            .iter()
            .map(|alt| {
                alt.iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect::<Vec<_>>()
            .join(", or "),
    }
}

/// The proof traits, inside the `scopes` module.
pub fn emit_traits(api: &Api) -> TokenStream {
    let scope_traits = api.scopes.iter().map(|scope| {
        let name = ident(&scope.trait_name);
        let konst = ident(&scope.const_name);
        let message = format!("scope `{}` is not declared for `{{Self}}`", scope.name);
        let label = format!("this call needs `{}`", scope.name);
        let note = format!(
            "add \"{}\" to the #[requires_scope(...)] of `{{Self}}` (or to the `trust_key_scopes!(...)` list, if `{{Self}}` is the trusted API key)",
            scope.name
        );
        let doc = format!(" Proof that [`{}`]({konst}) is granted.", scope.name);
        quote! {
            #[doc = #doc]
            #[diagnostic::on_unimplemented(
                message = #message,
                label = #label,
                note = #note
            )]
            pub trait #name: ::scope_runtime::Grant {}
        }
    });
    let unscoped = has_unscoped(api).then(|| {
        let unscoped_note = "add `unscoped` to the #[requires_scope(...)] of `{Self}`";
        quote! {
            /// Proof that the key may call unscoped operations, which only a key created without
            /// scopes can: declared with `#[requires_scope(unscoped)]`.
            #[diagnostic::on_unimplemented(
                message = "an unscoped operation is called, but `{Self}` does not declare `unscoped`",
                label = "this operation is unscoped: only an API key created without scopes can call it",
                note = #unscoped_note
            )]
            pub trait Unscoped: ::scope_runtime::Grant {}
        }
    });
    let alternatives: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(|op| {
            let name = ident(op.alternatives_trait.as_ref()?);
            let message = format!(
                "no scope alternative of `{}` is declared for `{{Self}}`",
                op.id
            );
            let label = format!("this call needs {}", describe(&op.scopes.requirement));
            let note =
                "add the scopes of one alternative to the #[requires_scope(...)] of `{Self}`";
            let doc = format!(
                " Proof that one alternative of `{}`'s requirement is granted.",
                op.id
            );
            Some(quote! {
                #[doc = #doc]
                #[diagnostic::on_unimplemented(message = #message, label = #label, note = #note)]
                pub trait #name: ::scope_runtime::Grant {}
            })
        })
        .collect();
    let alternatives = (!alternatives.is_empty()).then(|| {
        quote! {
            /// Proofs for requirements with alternatives (one trait per operation).
            pub mod alternatives {
                #(#alternatives)*
            }
        }
    });
    quote! {
        #(#scope_traits)*
        #unscoped
        #alternatives
    }
}

/// The bound an operation's method puts on the client's grant.
pub fn method_bound(api: &Api, op: &Operation) -> TokenStream {
    if let Some(name) = &op.alternatives_trait {
        let name = ident(name);
        return quote!(G: scopes::alternatives::#name);
    }
    match &op.scopes.requirement {
        Requirement::Unscoped => quote!(G: scopes::Unscoped),
        Requirement::AnyOf(alts) => {
            let traits = alts.iter().flatten().map(|scope| {
                let def = api
                    .scopes
                    .iter()
                    .find(|d| &d.name == scope)
                    .expect("every required scope has an item");
                let name = ident(&def.trait_name);
                quote!(scopes::#name)
            });
            quote!(G: #(#traits)+*)
        }
    }
}

/// The registry macro, `trust_key_scopes!`, and the re-exports the attribute needs.
pub fn emit_registry(api: &Api) -> TokenStream {
    let scopes = api.scopes.iter().map(|s| {
        let name = &s.name;
        let tr = ident(&s.trait_name);
        quote!(#name => #tr)
    });
    let unscoped = has_unscoped(api).then(|| quote!(unscoped = Unscoped,));
    let operations = api.operations.iter().map(|op| {
        let method = ident(&op.fn_name);
        let requirement = match (&op.scopes.requirement, &op.alternatives_trait) {
            (Requirement::Unscoped, _) => quote!(unscoped),
            (Requirement::AnyOf(alts), Some(tr)) => {
                let tr = ident(tr);
                let alts = alts.iter().map(|alt| {
                    let scopes = alt.iter().map(|s| Literal::string(s));
                    quote!([#(#scopes),*])
                });
                quote!(#tr(#(#alts)|*))
            }
            (Requirement::AnyOf(alts), None) => {
                let scopes = alts.iter().flatten().map(|s| Literal::string(s));
                quote!([#(#scopes),*])
            }
        };
        quote!(#method => #requirement)
    });
    quote! {
        #[doc(hidden)]
        pub use ::scope_macros as __scope_macros;

        #[doc(hidden)]
        pub use ::scope_runtime as __scope_runtime;

        /// Declares the scopes a function may use; see the crate documentation.
        pub use ::scope_macros::requires_scope;

        /// This client's scope table, for `#[requires_scope]` and `trust_key_scopes!`: they
        /// check scope names against it and derive the grant's bounds from it.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! __scope_registry {
            ($($input:tt)*) => {
                $crate::__scope_macros::expand! {
                    krate = $crate,
                    scopes = [#(#scopes),*],
                    #unscoped
                    operations = [#(#operations),*],
                    input = { $($input)* }
                }
            };
        }

        /// The escape hatch, for the program's entry point only: vouches that the API key holds
        /// the listed scopes, and returns a client that can call what they cover.
        ///
        /// `trust_key_scopes!(client, "read:policies:admin", "delete:policies:admin")` for a key
        /// created with those scopes; `trust_key_scopes!(client, unscoped_key)` for a key created
        /// without scopes, which reaches every operation. Everything called with the returned
        /// client is checked against the `#[requires_scope]` declarations on the way, so the
        /// entry point's declaration is the application's whole requirement.
        #[macro_export]
        macro_rules! trust_key_scopes {
            ($($input:tt)*) => {
                $crate::__scope_registry! { trust_key_scopes $($input)* }
            };
        }
    }
}

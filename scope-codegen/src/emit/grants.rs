//! Emits what `#[requires_scope]` builds on: a proof trait per scope (and per operation whose
//! requirement has alternatives), the table every key is checked against, and the registry
//! macro that hands this client's scope table to the attribute.
//!
//! A grant is a zero-sized key of the runtime (`scope_runtime::key`): the list of the scopes
//! it holds, each by its place in this client's table. Holding `Client<K>` where `K`
//! implements a scope's trait is the compile-time proof that the scope was declared. Every
//! proof impl is a blanket impl over the runtime's keys, so no crate can add one (see
//! [`emit_proofs`]). The traits carry `#[diagnostic::on_unimplemented]`, so a missing proof
//! reads as "scope `x` is not declared for this call" at the call that needs it.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::model::{Api, Operation};
use crate::resolve::{Requirement, Source};

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

/// The note of every proof: where to declare what is missing.
fn fix_note(what: &str) -> String {
    format!(
        "declare {what} in the #[requires_scope(...)] of the function that makes this call; at the program's entry point, in its trust_key_scopes!(...) list; in a function generic over the grant, in its bounds"
    )
}

/// How many slots a key can hold: one per scope, then one for "a key created without scopes"
/// if the client has unscoped operations.
fn slots(api: &Api) -> usize {
    api.scopes.len() + usize::from(has_unscoped(api))
}

/// The place type of `slot`, as text inside the `scopes` module.
fn place(api: &Api, slot: usize) -> String {
    scope_core::key::place_type("__key", slot, scope_core::key::digits(slots(api)))
}

/// The `scopes` module's grant items: the runtime's key types by a name of the module's own,
/// `Grant`, and the table every key is checked against.
pub fn emit_traits(api: &Api) -> TokenStream {
    let mut names: Vec<TokenStream> = api
        .scopes
        .iter()
        .map(|s| {
            let hash = Literal::u128_unsuffixed(scope_core::key::name_hash(&s.name));
            quote!(&[#hash])
        })
        .collect();
    if has_unscoped(api) {
        let hash = Literal::u128_unsuffixed(scope_core::key::name_hash(scope_core::UNSCOPED));
        names.push(quote!(&[#hash]));
    }
    let digits = scope_core::key::digits(slots(api));
    let identity = scope_core::Registry::identity(&registry(api).write()).to_owned();
    let module = ident(&scope_core::Registry::identity_module(&identity));
    quote! {
        /// The runtime's key types, which every grant is made of (see `scope_runtime::key`).
        #[doc(hidden)]
        pub use super::__scope_runtime::key as __key;

        /// A grant: which scopes the holder of a `Client<G>` may use. Keys are the runtime's
        /// types, made by `trust_key_scopes!` at the program's entry point and by
        /// `#[requires_scope]` for the functions it annotates; `Unverified` is the grant of a
        /// client nothing vouched for. (No intra-doc link here: on a re-export in a private
        /// module, rustdoc fails with an internal error.)
        pub use super::__scope_runtime::key::Key as Grant;

        /// This client's table, as every key it is handed is checked against it: for each
        /// slot, the hash of the scope's name.
        #[doc(hidden)]
        pub enum __Table {}

        impl __key::Table for __Table {
            const NAMES: &'static [&'static [u128]] = &[#(#names),*];
            const DIGITS: u32 = #digits;
        }

        /// This module again, by the identity of this client's scope table: the path through
        /// which `#[requires_scope]` and `trust_key_scopes!` name its traits and key, so that
        /// a table of one's own fails plainly.
        #[doc(hidden)]
        pub mod #module {
            pub use super::*;
        }
    }
}

/// The proof traits, as text one level inside the `scopes` module: one per scope, `Unscoped`,
/// and one per operation whose requirement has alternatives (`alternatives`), each implemented
/// for every key that holds what it proves. Written as text: for a product-size client they
/// are hundreds of regular items, and pretty-printing them cost more than the rest of the
/// client's metadata.
///
/// Every impl is a blanket impl over the runtime's keys: a crate that adds an impl of a proof
/// trait for a key (the crate that generates the client included) overlaps it, and the
/// compiler cannot rule the overlap out, since the key and the traits the blanket impl rests
/// on are another crate's.
pub fn emit_proofs(api: &Api) -> String {
    let slot_of = |scope: &str| api.scopes.iter().position(|s| s.name == scope);
    let mut out = super::writer::Writer::at_depth(1);
    let proof = |out: &mut super::writer::Writer, name: &str, bound: &str| {
        out.line(&format!("pub trait {name}: Grant + {bound} {{}}"));
        out.line(&format!("impl<K: Grant + {bound}> {name} for K {{}}"));
    };
    for (slot, scope) in api.scopes.iter().enumerate() {
        out.doc(&format!(
            "Proof that [`{}`]({}) is granted.",
            scope.name, scope.const_name
        ));
        out.on_unimplemented(&[
            (
                "message",
                &format!("scope `{}` is not declared for this call", scope.name),
            ),
            ("label", &format!("this call needs `{}`", scope.name)),
            ("note", &fix_note(&format!("\"{}\"", scope.name))),
        ]);
        proof(
            &mut out,
            &scope.trait_name,
            &format!("__key::Has<{}>", place(api, slot)),
        );
    }
    if has_unscoped(api) {
        out.doc(
            "Proof that the key may call unscoped operations, which only a key created without\n\
             scopes can: declared with `#[requires_scope(unscoped)]`.",
        );
        out.on_unimplemented(&[
            (
                "message",
                "an unscoped operation is called, but `unscoped` is not declared for this call",
            ),
            (
                "label",
                "this operation is unscoped: only an API key created without scopes can call it",
            ),
            ("note", &fix_note("`unscoped`")),
        ]);
        proof(
            &mut out,
            "Unscoped",
            &format!("__key::Has<{}>", place(api, api.scopes.len())),
        );
    }
    let with_alternatives: Vec<(&String, &Operation, &BTreeSet<BTreeSet<String>>)> = api
        .operations
        .iter()
        .filter_map(|op| match &op.scopes.requirement {
            Requirement::AnyOf(alts) => Some((op.alternatives_trait.as_ref()?, op, alts)),
            Requirement::Unscoped => None,
        })
        .collect();
    if !with_alternatives.is_empty() {
        out.doc("Proofs for requirements with alternatives (one trait per operation).");
        out.open("pub mod alternatives {");
        out.line("use super::*;");
        for (name, op, alts) in with_alternatives {
            out.doc(&format!(
                "Proof that one alternative of {}'s requirement is granted.",
                super::docs::code(&op.id)
            ));
            out.on_unimplemented(&[
                (
                    "message",
                    &format!(
                        "no scope alternative of `{}` is declared for this call",
                        // Braces are format placeholders in these messages.
                        op.id.replace('{', "{{").replace('}', "}}")
                    ),
                ),
                (
                    "label",
                    &format!("this call needs {}", describe(&op.scopes.requirement)),
                ),
                ("note", &fix_note("the scopes of one alternative")),
            ]);
            let mut formula = String::from("__key::Nil");
            for alt in alts.iter().rev() {
                let mut all = String::from("__key::Nil");
                let slots: Vec<usize> = alt.iter().filter_map(|s| slot_of(s)).collect();
                for slot in slots.into_iter().rev() {
                    all = format!("__key::AllOf<{}, {all}>", place(api, slot));
                }
                formula = format!("__key::AnyOf<{all}, {formula}>");
            }
            proof(&mut out, name, &format!("__key::Satisfies<{formula}>"));
        }
        out.close("}");
    }
    out.text
}

/// The registry this client hands to `#[requires_scope]` and `trust_key_scopes!`.
pub fn registry(api: &Api) -> scope_core::Registry {
    let scopes = api
        .scopes
        .iter()
        .map(|s| scope_core::ScopeEntry {
            name: s.name.clone(),
            trait_name: s.trait_name.clone(),
        })
        .collect();
    let operations = api
        .operations
        .iter()
        .map(|op| scope_core::Operation {
            method: op.fn_name.clone(),
            pages: super::pages::pages_name(api, op),
            alternatives_trait: op.alternatives_trait.clone(),
            requirement: op.scopes.requirement.clone(),
        })
        .collect();
    let unscoped = has_unscoped(api).then(|| "Unscoped".to_owned());
    scope_core::Registry::new(scopes, aliases(api), unscoped, operations, Vec::new())
}

/// Other sources' names for the table's scopes: where the table won over a document that
/// states one scope where the table states another, and the document's name is no scope of
/// this client (`read:keys:admin` for `read:tokens:admin`).
fn aliases(api: &Api) -> Vec<(String, String)> {
    let single = |req: &Requirement| match req {
        Requirement::AnyOf(alts) if alts.len() == 1 => {
            let alt = alts.iter().next().expect("one alternative");
            (alt.len() == 1).then(|| alt.iter().next().expect("one scope").clone())
        }
        _ => None,
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for op in &api.operations {
        if op.scopes.chosen != Some(Source::Table) {
            continue;
        }
        let Some(table) = single(&op.scopes.requirement) else {
            continue;
        };
        for (_, stated) in &op.scopes.stated {
            if let Some(other) = single(stated) {
                let known = api.scopes.iter().any(|s| s.name == other);
                if other != table && !known && !out.iter().any(|(a, _)| *a == other) {
                    out.push((other, table.clone()));
                }
            }
        }
    }
    out
}

/// The registry macro, `trust_key_scopes!`, the re-exports the attribute needs, and the
/// `requires_scope` module through which the attribute finds this client.
///
/// `#[requires_scope]` without `client = …` expands to `requires_scope::__scope_registry!`, a
/// path relative to where the attribute is used: importing the attribute from a client
/// (`use admin::requires_scope;`) imports this module of the same name with it (modules and
/// macros live in different namespaces), so the attribute knows the client it came from.
pub fn emit_registry(api: &Api, placement: &Placement) -> TokenStream {
    let text = registry(api).write();
    let identity = Literal::string(scope_core::Registry::identity(&text));
    let text = Literal::string(&text);
    let registry_doc = quote! {
        /// This client's scope table, for `#[requires_scope]` and `trust_key_scopes!`: they
        /// check scope names against it and derive the grant's bounds from it. The table is one
        /// string literal, after a short one naming it (with a hash): the attribute reads the
        /// table once per compiler process and then knows it by its name, so passing it costs
        /// the same for any size of client.
    };
    let trust_doc = quote! {
        /// The escape hatch, for the program's entry point only: vouches that the API key holds
        /// the listed scopes, and returns a client that can call what they cover.
        ///
        /// `trust_key_scopes!(client, "read:policies:admin", "delete:policies:admin")` for a key
        /// created with those scopes; `trust_key_scopes!(client, unscoped_key)` for a key created
        /// without scopes, which reaches every operation. It takes the client that
        /// `Client::new` returns: a client that already carries a grant cannot be widened.
        /// Everything called with the returned client is checked against the
        /// `#[requires_scope]` declarations on the way, so the entry point's list is the
        /// application's whole requirement.
    };
    let module_doc = quote! {
        /// How `#[requires_scope]` finds this client: imported with the attribute (same name,
        /// another namespace), it leads the attribute's expansion to this client's table.
    };
    // What code using the client names, so that it needs no other import: the attribute,
    // and the runtime's types that appear in the client's signatures and set-up.
    let reexports = quote! {
        /// The runtime, by a name of the client's own: everything its checks rest on (the
        /// macros, and the constant functions that compare a key with its list) is reached
        /// through it. `::scope_runtime` is resolved through the crate's root, and a crate
        /// that generates its client into one of its modules could name itself so
        /// (`extern crate self as scope_runtime;`) and stand in for them.
        extern crate scope_runtime as __scope_runtime;

        #[doc(hidden)]
        pub use __scope_runtime::__macros as __scope_macros;

        /// Declares the scopes a function may use; see the crate documentation.
        pub use __scope_runtime::__macros::requires_scope;

        pub use ::scope_runtime::{
            AccessibleResource, ApiKey, Call, Error, FilePart, OperationInfo, Pages, Requirement,
            RetryPolicy, Scope, Secret, StreamExt, Transport, TransportBuilder, adf,
        };
    };
    match placement {
        // A crate of its own: the macros are exported, at the crate's root, and reached from
        // other crates by absolute paths. The crate cannot name them by path itself (they come
        // from `include!`), so the `requires_scope` module reaches them by a glob.
        Placement::Crate => quote! {
            #reexports

            #registry_doc
            #[doc(hidden)]
            #[macro_export]
            macro_rules! __scope_registry {
                ($($input:tt)*) => {
                    $crate::__scope_macros::expand! { [$crate] #identity #text $($input)* }
                };
            }

            #trust_doc
            #[macro_export]
            macro_rules! trust_key_scopes {
                ($($input:tt)*) => {
                    $crate::__scope_registry! { trust_key_scopes $($input)* }
                };
            }

            #module_doc
            #[doc(hidden)]
            pub mod requires_scope {
                #[doc(hidden)]
                pub use crate::*;
            }
        },
        // A module of the crate that generates it: the macros are the crate's own, reached by
        // the module's path, into `generated` (where nothing but generated code is: code beside
        // the `include!` could otherwise shadow the glob re-export of a name the macros use).
        Placement::Module(path) => {
            let root: TokenStream = path
                .split("::")
                .chain(["generated"])
                .map(|segment| {
                    let segment = ident(segment);
                    quote!(::#segment)
                })
                .collect();
            quote! {
                #reexports

                #registry_doc
                #[doc(hidden)]
                macro_rules! __scope_registry {
                    ($($input:tt)*) => {
                        $crate #root::__scope_macros::expand! { [$crate #root] #identity #text $($input)* }
                    };
                }
                #[doc(hidden)]
                pub(crate) use __scope_registry;

                #trust_doc
                macro_rules! trust_key_scopes {
                    ($($input:tt)*) => {
                        $crate #root::__scope_registry! { trust_key_scopes $($input)* }
                    };
                }
                pub(crate) use trust_key_scopes;

                #module_doc
                #[doc(hidden)]
                pub mod requires_scope {
                    #[doc(hidden)]
                    pub(crate) use super::__scope_registry;
                }
            }
        }
    }
}

/// Where the generated code lives.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Placement {
    /// At the root of a crate of its own (`include!` in its `lib.rs`, or `--crate`).
    #[default]
    Crate,
    /// In the module at this path (`admin`, `services::admin`) of the crate that generates
    /// it, so that the crate's own functions can be annotated.
    Module(String),
}

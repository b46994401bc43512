//! Emits what `#[requires_scope]` builds on: the sealed `Grant` trait, a proof trait per scope
//! (and per operation whose requirement has alternatives), `TrustedKey`, the one kind of grant
//! that exists at run time, and the registry macro that hands this client's scope table to the
//! attribute.
//!
//! A grant is a zero-sized type; holding `Client<G>` where `G` implements a scope's trait is
//! the compile-time proof that the scope was declared. The traits are sealed (their supertrait
//! lives in a private module), so the only types that implement them are the ones this file
//! emits: `TrustedKey<...>`, whose const parameters say which scopes the entry point's
//! `trust_key_scopes!` vouched for, and the generic parameters `#[requires_scope]` bounds by
//! them. The traits carry `#[diagnostic::on_unimplemented]`, so a missing proof reads as
//! "scope `x` is not declared for `f`" at the call that needs it; `{Self}` is the grant, which
//! the attribute names after the function.

use std::collections::{BTreeMap, BTreeSet};

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

/// The note of every scope's proof: what to change, for each kind of grant `{Self}` can be.
fn fix_note(what: &str) -> String {
    format!(
        "declare {what} where `{{Self}}` gets its scopes: the #[requires_scope(...)] of the enclosing function for `{}`, the `trust_key_scopes!(...)` list for a `TrustedKey`, the type parameter's bounds otherwise",
        scope_core::GRANT_PARAM
    )
}

/// How `TrustedKey` is laid out (see [`scope_core::KeyTree`]): one `bool` parameter a slot
/// (`READ_POLICIES_ADMIN`, ..., `UNSCOPED_KEY`) for small clients, a tree of `Node`s with `Yes`
/// and `No` leaves for large ones.
struct Layout {
    names: Vec<String>,
    tree: Option<scope_core::KeyTree>,
}

impl Layout {
    fn new(api: &Api) -> Self {
        let mut names: Vec<String> = api.scopes.iter().map(|s| s.const_name.clone()).collect();
        if has_unscoped(api) {
            names.push("UNSCOPED_KEY".to_owned());
        }
        let tree = scope_core::KeyTree::for_slots(names.len());
        Layout { names, tree }
    }

    fn unscoped_slot(&self, api: &Api) -> Option<usize> {
        has_unscoped(api).then(|| self.names.len() - 1)
    }

    /// `(impl generics, key type)` as text, for the keys that hold the `fixed` slots as given
    /// and anything in the others: `("<T0: KeyTree>", "TrustedKey<Node<Yes, T0>>")`.
    fn impl_head(&self, fixed: &BTreeMap<usize, bool>) -> (String, String) {
        let mut generics = Vec::new();
        let key = match &self.tree {
            None => {
                let bits: Vec<String> = (0..self.names.len())
                    .map(|slot| match fixed.get(&slot) {
                        Some(true) => "true".to_owned(),
                        Some(false) => "false".to_owned(),
                        None => {
                            generics.push(format!("const {}: bool", self.names[slot]));
                            self.names[slot].clone()
                        }
                    })
                    .collect();
                format!("TrustedKey<{}>", bits.join(", "))
            }
            Some(tree) => {
                let mut key = String::from("TrustedKey<");
                Self::subtree(tree, fixed, &mut generics, &mut key);
                key.push('>');
                key
            }
        };
        let generics = if generics.is_empty() {
            String::new()
        } else {
            format!("<{}>", generics.join(", "))
        };
        (generics, key)
    }

    /// A subtree, appended to `out`: generic where it fixes no slot, else its nodes down to
    /// the fixed leaves.
    fn subtree(
        tree: &scope_core::KeyTree,
        fixed: &BTreeMap<usize, bool>,
        generics: &mut Vec<String>,
        out: &mut String,
    ) {
        if !tree.contains_any(&|slot| fixed.contains_key(&slot)) {
            let param = format!("T{}", generics.len());
            out.push_str(&param);
            generics.push(format!("{param}: KeyTree"));
            return;
        }
        match tree {
            scope_core::KeyTree::Leaf(slot) => {
                out.push_str(if fixed[slot] { "Yes" } else { "No" });
            }
            scope_core::KeyTree::Node(l, r) => {
                out.push_str("Node<");
                Self::subtree(l, fixed, generics, out);
                out.push_str(", ");
                Self::subtree(r, fixed, generics, out);
                out.push('>');
            }
        }
    }
}

/// Partial assignments of slots, pairwise disjoint, whose union is "some alternative holds":
/// the impls of an alternatives trait, which coherence requires not to overlap. Alternative
/// `i` holds where all its slots are set and, for each earlier alternative, the first of its
/// slots that `i` does not fix is unset.
fn disjoint_cover(alternatives: &[BTreeSet<usize>]) -> Vec<BTreeMap<usize, bool>> {
    fn go(
        alternatives: &[BTreeSet<usize>],
        fixed: BTreeMap<usize, bool>,
        out: &mut Vec<BTreeMap<usize, bool>>,
    ) {
        // Alternatives still possible under `fixed`, with their fixed slots taken out.
        let live: Vec<BTreeSet<usize>> = alternatives
            .iter()
            .filter(|alt| alt.iter().all(|slot| fixed.get(slot) != Some(&false)))
            .map(|alt| {
                alt.iter()
                    .copied()
                    .filter(|slot| !fixed.contains_key(slot))
                    .collect()
            })
            .collect();
        let Some(first) = live.first() else {
            return;
        };
        if first.is_empty() {
            out.push(fixed);
            return;
        }
        let mut all = fixed.clone();
        all.extend(first.iter().map(|&slot| (slot, true)));
        out.push(all);
        // Not all of `first`: split on the first of its slots that is unset.
        let slots: Vec<usize> = first.iter().copied().collect();
        for (i, &slot) in slots.iter().enumerate() {
            let mut branch = fixed.clone();
            branch.extend(slots[..i].iter().map(|&s| (s, true)));
            branch.insert(slot, false);
            go(&live[1..], branch, out);
        }
    }
    let mut out = Vec::new();
    go(alternatives, BTreeMap::new(), &mut out);
    out
}

/// The traits of `scopes::by`: one per set of scopes that is an alternative of some
/// requirement with alternatives, with the operations' alternatives traits it proves. A
/// declaration that contains the set gets the one bound, which implies them all: bounding an
/// annotated function by each operation's trait instead would cost one bound per operation
/// (hundreds, for Jira's classic scopes) in every function.
fn by_traits(api: &Api) -> Vec<(scope_core::ByTrait, Vec<String>)> {
    let mut sets: BTreeMap<BTreeSet<String>, Vec<String>> = BTreeMap::new();
    for op in &api.operations {
        let (Some(name), Requirement::AnyOf(alts)) =
            (&op.alternatives_trait, &op.scopes.requirement)
        else {
            continue;
        };
        for alt in alts {
            sets.entry(alt.clone()).or_default().push(name.clone());
        }
    }
    let trait_of = |scope: &str| {
        api.scopes
            .iter()
            .find(|s| s.name == scope)
            .map_or_else(|| scope.to_owned(), |s| s.trait_name.clone())
    };
    let mut names = crate::model::names::Registry::default();
    sets.into_iter()
        .map(|(scopes, proves)| {
            let joined: Vec<String> = scopes.iter().map(|s| trait_of(s)).collect();
            let name = names.claim(&joined.join("And")).0;
            (scope_core::ByTrait { name, scopes }, proves)
        })
        .collect()
}

/// The `scopes` module's traits and `TrustedKey`, with every impl.
pub fn emit_traits(api: &Api) -> TokenStream {
    let layout = Layout::new(api);
    let key = emit_trusted_key(api, &layout);
    let slots = layout.names.len();
    let words = slots.div_ceil(64).max(1);
    let aliases = aliases(api)
        .into_iter()
        .map(|(other, table)| quote!((#other, #table)));
    let marks = layout
        .tree
        .as_ref()
        .map(scope_core::KeyTree::shape)
        .unwrap_or_default();
    let shape_len = marks.len();
    let shape_words = marks.len().div_ceil(64).max(1);
    let shape: Vec<proc_macro2::Literal> = (0..shape_words)
        .map(|word| {
            let bits = (0..64)
                .filter(|bit| marks.get(word * 64 + bit) == Some(&true))
                .fold(0u64, |acc, bit| acc | 1 << bit);
            proc_macro2::Literal::u64_unsuffixed(bits)
        })
        .collect();
    quote! {
        mod sealed {
            /// Implemented only here, so that no other crate can implement [`super::Grant`] or
            /// any proof trait: grants are made by this crate alone.
            #[diagnostic::on_unimplemented(
                message = "`{Self}` cannot be a grant: grants are sealed in the generated client",
                label = "not one of this client's grants",
                note = "the only way to a grant is `trust_key_scopes!` at the program's entry point; elsewhere, take the client as `&Client` in a `#[requires_scope]` function"
            )]
            pub trait Sealed {
                /// The key's slots as bits, and its shape (see `scope_runtime::grant`):
                /// what the client compares with a trust list's names. Here, where no other
                /// crate can name them, so that no list can be computed from a key.
                const BITS: [u64; super::__WORDS] = [0; super::__WORDS];
                /// The tree's shape in pre-order (1 a node, 0 a leaf), for a tree layout.
                const SHAPE: [u64; super::__SHAPE_WORDS] = [0; super::__SHAPE_WORDS];
                /// How many marks [`Self::SHAPE`] holds.
                const SHAPE_LEN: usize = 0;
            }
        }

        /// Whether the key `K` holds exactly the scopes `names` name by this client's table,
        /// each at the slot `slots` claims for it (a wrong claim fails), all of them for
        /// `unscoped_key`, the unscoped slot too for `unscoped_slot`, laid out in this client's
        /// shape.
        pub(super) const fn __matches<K: sealed::Sealed>(
            names: &[&str],
            slots: &[usize],
            unscoped_key: bool,
            unscoped_slot: bool,
        ) -> bool {
            let claimed = super::__scope_runtime::grant::claimed(
                ALL, __ALIASES, names, slots, unscoped_key, unscoped_slot, #slots,
            );
            match claimed {
                Some(bits) => {
                    super::__scope_runtime::grant::same(&K::BITS, &bits)
                        && super::__scope_runtime::grant::same(&K::SHAPE, &__SHAPE)
                        && K::SHAPE_LEN == __SHAPE_LEN
                }
                None => false,
            }
        }

        /// How many `u64` words a key's shape takes.
        #[doc(hidden)]
        pub const __SHAPE_WORDS: usize = #shape_words;

        /// The shape of this client's keys (see `Sealed::SHAPE`).
        const __SHAPE: [u64; __SHAPE_WORDS] = [#(#shape),*];

        /// How many marks `__SHAPE` holds.
        const __SHAPE_LEN: usize = #shape_len;

        /// A grant: a zero-sized proof of which scopes the holder of a `Client<G>` may use.
        ///
        /// Sealed: the only grants are [`TrustedKey`], which `trust_key_scopes!` makes at the
        /// program's entry point, and the generic parameters `#[requires_scope]` bounds by the
        /// proof traits below. `'static`, `Send` and `Sync`, so that a client with any grant
        /// moves into spawned tasks.
        #[diagnostic::on_unimplemented(
            message = "`{Self}` is not a grant: this client proves no scope, so it cannot call operations",
            note = "at the program's entry point, vouch for the API key's scopes with `trust_key_scopes!`; elsewhere, take the client as a `&Client` parameter of a `#[requires_scope]` function"
        )]
        pub trait Grant: sealed::Sealed + Send + Sync + 'static {
            /// Whether the key was created without scopes (and so reaches every operation).
            const UNSCOPED_KEY: bool;
            /// Whether the key holds the scope at `index` of [`ALL`].
            fn holds(index: usize) -> bool;
        }

        /// How many `u64` words a key's slots take.
        #[doc(hidden)]
        pub const __WORDS: usize = #words;

        /// Other sources' names for the table's scopes, which a `trust_key_scopes!` list may
        /// use: pairs of the other name and the table's.
        #[doc(hidden)]
        pub const __ALIASES: &[(&str, &str)] = &[#(#aliases),*];

        /// What a `trust_key_scopes!` list says, as it was written: the client checks the key
        /// it is handed against these names with its own table, so that a key laid out by any
        /// other table does not get through.
        #[doc(hidden)]
        pub trait ListedScopes {
            /// The listed scope names.
            const NAMES: &'static [&'static str];
            /// The slot of each name in [`ALL`], as the expansion read the table (checked).
            const SLOTS: &'static [usize];
            /// Whether the list is `unscoped_key` (a key created without scopes).
            const UNSCOPED_KEY: bool;
        }


        /// A client that no grant has been put on yet: only `trust_key_scopes!` takes it.
        #[diagnostic::on_unimplemented(
            message = "`trust_key_scopes!` cannot widen a client that already carries a grant (`{Self}`)",
            label = "this client is already narrowed to the scopes of `{Self}`",
            note = "trust the key once, on the client that `Client::new` returns, at the program's entry point; a narrowed client can be passed on, never widened"
        )]
        pub trait Untrusted: sealed::Sealed {}

        impl sealed::Sealed for super::Unverified {}
        impl Untrusted for super::Unverified {}

        #key
    }
}

/// The proof traits, as text one level inside the `scopes` module: one per scope, `Unscoped`,
/// one per operation whose requirement has alternatives (`alternatives`), and one per set of
/// scopes that is an alternative (`by`), each with the impls for the `TrustedKey`s that prove
/// it. Written as text: for a product-size client they are thousands of regular items, and
/// pretty-printing them cost more than the rest of the client's metadata.
pub fn emit_proofs(api: &Api) -> String {
    let layout = Layout::new(api);
    let slot_of = |scope: &str| api.scopes.iter().position(|s| s.name == scope);
    let mut out = super::writer::Writer::at_depth(1);
    let proof = |out: &mut super::writer::Writer, name: &str, pattern: &BTreeMap<usize, bool>| {
        let (generics, key) = layout.impl_head(pattern);
        let line = format!("impl{generics} {name} for {key} {{}}");
        if line.len() <= 96 || generics.is_empty() {
            out.line(&line);
            return;
        }
        // One generic parameter a line, as rustfmt lays out a long impl header.
        out.open("impl<");
        for param in generics[1..generics.len() - 1].split(", ") {
            out.line(&format!("{param},"));
        }
        out.close(&format!("> {name} for {key} {{}}"));
    };
    for (slot, scope) in api.scopes.iter().enumerate() {
        out.doc(&format!(
            "Proof that [`{}`]({}) is granted.",
            scope.name, scope.const_name
        ));
        out.on_unimplemented(&[
            (
                "message",
                &format!("scope `{}` is not declared for `{{Self}}`", scope.name),
            ),
            ("label", &format!("this call needs `{}`", scope.name)),
            ("note", &fix_note(&format!("\"{}\"", scope.name))),
        ]);
        out.line(&format!("pub trait {}: Grant {{}}", scope.trait_name));
        proof(&mut out, &scope.trait_name, &[(slot, true)].into());
    }
    if let Some(slot) = layout.unscoped_slot(api) {
        out.doc(
            "Proof that the key may call unscoped operations, which only a key created without\n\
             scopes can: declared with `#[requires_scope(unscoped)]`.",
        );
        out.on_unimplemented(&[
            (
                "message",
                "an unscoped operation is called, but `{Self}` does not declare `unscoped`",
            ),
            (
                "label",
                "this operation is unscoped: only an API key created without scopes can call it",
            ),
            ("note", &fix_note("`unscoped`")),
        ]);
        out.line("pub trait Unscoped: Grant {}");
        proof(&mut out, "Unscoped", &[(slot, true)].into());
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
                        "no scope alternative of `{}` is declared for `{{Self}}`",
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
            out.line(&format!("pub trait {name}: Grant {{}}"));
            let slots: Vec<BTreeSet<usize>> = alts
                .iter()
                .map(|alt| alt.iter().filter_map(|s| slot_of(s)).collect())
                .collect();
            for pattern in disjoint_cover(&slots) {
                proof(&mut out, name, &pattern);
            }
        }
        out.close("}");
    }
    let by = by_traits(api);
    if !by.is_empty() {
        out.doc(
            "Each trait here stands for a set of scopes that is an alternative of some\n\
             requirement: `#[requires_scope]` bounds a grant by the sets its declaration\n\
             contains, and one bound proves every operation the set is an alternative of.",
        );
        out.open("pub mod by {");
        for (by, proves) in &by {
            let bounds: Vec<String> = by
                .scopes
                .iter()
                .filter_map(|s| api.scopes.iter().find(|d| &d.name == s))
                .map(|d| format!("super::{}", d.trait_name))
                .chain(proves.iter().map(|p| format!("super::alternatives::{p}")))
                .collect();
            let bounds = bounds.join(" + ");
            let listed: Vec<String> = by.scopes.iter().map(|s| format!("`{s}`")).collect();
            let listed = listed.join(" and ");
            out.doc(&format!(
                "Implied by {listed}; implies every operation's alternatives trait of which they are an alternative."
            ));
            let message = if by.scopes.len() == 1 {
                format!("scope {listed} is not declared for `{{Self}}`")
            } else {
                format!("{listed} are not all declared for `{{Self}}`")
            };
            out.on_unimplemented(&[("message", &message), ("note", &fix_note(&listed))]);
            out.line(&format!("pub trait {}: {bounds} {{}}", by.name));
            out.line(&format!("impl<G: {bounds}> {} for G {{}}", by.name));
        }
        out.close("}");
    }
    out.text
}

/// `TrustedKey` and the impls that hold for every key.
fn emit_trusted_key(api: &Api, layout: &Layout) -> TokenStream {
    let doc_params: Vec<String> = layout.names.iter().map(|n| format!("`{n}`")).collect();
    let what = match layout.tree {
        None => "each const parameter says whether the key holds that scope",
        Some(_) => {
            "its parameter is a tree of [`Node`]s whose leaves, [`Yes`] or [`No`], say in order whether the key holds each scope"
        }
    };
    let doc = format!(
        " The grant of an API key that the entry point's `trust_key_scopes!` vouched for: {what} \
         ({}). Grep for `trust_key_scopes` to find where keys are trusted: it is the only way \
         to a `Client<TrustedKey<...>>`.",
        doc_params.join(", ")
    );
    let has_unscoped = layout.unscoped_slot(api).is_some();
    // The inherent check each `#[requires_scope]` expansion makes of its key, for either layout.
    let check = quote! {
        /// `0` if this key holds exactly the scopes `names` name (at `slots`, checked), by
        /// this client's table (and the unscoped slot, for `unscoped`); a build error
        /// otherwise. Each `#[requires_scope]` expansion asks it of the key its declaration
        /// maps to, in the function's `where` clause, through this type's own item, which no
        /// table an expansion read can replace. (An index out of range stops the build too,
        /// should `panic!` be shadowed where the client is included.)
        #[doc(hidden)]
        pub const fn __declaration_check(names: &[&str], slots: &[usize], unscoped: bool) -> usize {
            let exact = __matches::<Self>(names, slots, false, unscoped);
            if !exact {
                panic!("#[requires_scope] read a scope table that is not its client's: the traits it bounds the function by are not those of the declared scopes");
            }
            [0][!exact as usize]
        }
    };
    // Where `#[requires_scope]` and `trust_key_scopes!` name everything in this module: a
    // module named by this client's table's identity (the SHA-256 of its text), so that an
    // expansion that read any other table names nothing that exists here.
    let text = registry(api).write();
    let identity = scope_core::Registry::identity(&text);
    let module = ident(&scope_core::Registry::identity_module(identity));
    let by_identity = quote! {
        /// This module again, by the identity of this client's scope table: the path through
        /// which `#[requires_scope]` and `trust_key_scopes!` name its traits and key, so that
        /// they compile only with the table that is this client's.
        #[doc(hidden)]
        pub mod #module {
            pub use super::*;
        }
    };
    let Some(_) = &layout.tree else {
        let params: Vec<syn::Ident> = layout.names.iter().map(|n| ident(n)).collect();
        let unscoped = match params.last() {
            Some(last) if has_unscoped => quote!(#last),
            _ => quote!(false),
        };
        return quote! {
            #by_identity

            #[doc = #doc]
            #[derive(Debug, Clone, Copy)]
            pub enum TrustedKey<#(const #params: bool),*> {}

            impl<#(const #params: bool),*> sealed::Sealed for TrustedKey<#(#params),*> {
                const BITS: [u64; __WORDS] = super::__scope_runtime::grant::from_bools(&[#(#params),*]);
            }

            impl<#(const #params: bool),*> Grant for TrustedKey<#(#params),*> {
                const UNSCOPED_KEY: bool = #unscoped;

                fn holds(index: usize) -> bool {
                    [#(#params),*].get(index).copied().unwrap_or(false)
                }
            }

            impl<#(const #params: bool),*> TrustedKey<#(#params),*> {
                #check
            }
        };
    };
    let unscoped = if has_unscoped {
        quote!(T::LAST)
    } else {
        quote!(false)
    };
    // An alias for each subtree with no slot held, which expansions name keys by.
    let mut empty = Vec::new();
    if let Some(tree) = &layout.tree {
        fn go(t: &scope_core::KeyTree, out: &mut Vec<TokenStream>) {
            if let scope_core::KeyTree::Node(l, r) = t {
                let name = ident(&t.empty_alias());
                let half = |t: &scope_core::KeyTree| match t {
                    scope_core::KeyTree::Leaf(_) => quote!(No),
                    node => {
                        let alias = ident(&node.empty_alias());
                        quote!(#alias)
                    }
                };
                let (left, right) = (half(l), half(r));
                out.push(quote! {
                    #[doc(hidden)]
                    pub type #name = Node<#left, #right>;
                });
                go(l, out);
                go(r, out);
            }
        }
        go(tree, &mut empty);
    }
    quote! {
        #(#empty)*

        #by_identity

        #[doc = #doc]
        pub struct TrustedKey<T>(::std::marker::PhantomData<fn() -> T>);

        /// The scopes of a [`TrustedKey`], as a balanced binary tree.
        pub trait KeyTree: sealed::Sealed + Send + Sync + 'static {
            /// How many scopes the tree holds the answer for.
            const LEN: usize;
            /// Whether the key holds its last slot.
            const LAST: bool;
            /// Whether the key holds slot `index`.
            fn holds(index: usize) -> bool;
        }

        /// A slot the key holds.
        pub enum Yes {}

        /// A slot the key does not hold.
        pub enum No {}

        /// Two parts of a [`TrustedKey`]'s scopes: those of `L`, then those of `R`.
        pub struct Node<L, R>(::std::marker::PhantomData<fn() -> (L, R)>);

        impl sealed::Sealed for Yes {
            const BITS: [u64; __WORDS] = super::__scope_runtime::grant::from_bools(&[true]);
            const SHAPE_LEN: usize = 1;
        }

        impl sealed::Sealed for No {
            const SHAPE_LEN: usize = 1;
        }

        impl<L: KeyTree, R: KeyTree> sealed::Sealed for Node<L, R> {
            const BITS: [u64; __WORDS] = super::__scope_runtime::grant::join(L::BITS, L::LEN, R::BITS);
            const SHAPE: [u64; __SHAPE_WORDS] = super::__scope_runtime::grant::join(
                super::__scope_runtime::grant::join(
                    super::__scope_runtime::grant::from_bools(&[true]),
                    1,
                    L::SHAPE,
                ),
                1 + L::SHAPE_LEN,
                R::SHAPE,
            );
            const SHAPE_LEN: usize = 1 + L::SHAPE_LEN + R::SHAPE_LEN;
        }

        impl KeyTree for Yes {
            const LEN: usize = 1;
            const LAST: bool = true;
            fn holds(_: usize) -> bool {
                true
            }
        }

        impl KeyTree for No {
            const LEN: usize = 1;
            const LAST: bool = false;
            fn holds(_: usize) -> bool {
                false
            }
        }

        impl<L: KeyTree, R: KeyTree> KeyTree for Node<L, R> {
            const LEN: usize = L::LEN + R::LEN;
            const LAST: bool = R::LAST;
            fn holds(index: usize) -> bool {
                if index < L::LEN { L::holds(index) } else { R::holds(index - L::LEN) }
            }
        }

        impl<T: KeyTree> sealed::Sealed for TrustedKey<T> {
            const BITS: [u64; __WORDS] = T::BITS;
            const SHAPE: [u64; __SHAPE_WORDS] = T::SHAPE;
            const SHAPE_LEN: usize = T::SHAPE_LEN;
        }

        impl<T: KeyTree> Grant for TrustedKey<T> {
            const UNSCOPED_KEY: bool = #unscoped;

            fn holds(index: usize) -> bool {
                T::holds(index)
            }
        }

        impl<T: KeyTree> TrustedKey<T> {
            #check
        }
    }
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
    let by = by_traits(api).into_iter().map(|(by, _)| by).collect();
    scope_core::Registry::new(scopes, aliases(api), unscoped, operations, by)
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
            ApiKey, Call, Error, FilePart, OperationInfo, Pages, Requirement, RetryPolicy, Scope,
            Secret, StreamExt, Transport, TransportBuilder,
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
        // the module's path.
        Placement::Module(path) => {
            let root: TokenStream = path
                .split("::")
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

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(pattern: &BTreeMap<usize, bool>, bits: u32) -> bool {
        pattern
            .iter()
            .all(|(&slot, &value)| (bits >> slot & 1 == 1) == value)
    }

    #[test]
    fn the_cover_is_disjoint_and_exactly_the_alternatives() {
        let cases: Vec<Vec<BTreeSet<usize>>> = vec![
            vec![[0].into(), [1, 2].into()],
            vec![[0, 1].into(), [1, 2].into(), [3].into()],
            vec![[0].into(), [0, 1].into()],
            vec![[2, 3].into(), [0, 1].into(), [1, 3].into()],
        ];
        for alts in cases {
            let cover = disjoint_cover(&alts);
            for bits in 0..16u32 {
                let want = alts
                    .iter()
                    .any(|alt| alt.iter().all(|&s| bits >> s & 1 == 1));
                let matching = cover.iter().filter(|p| holds(p, bits)).count();
                assert_eq!(
                    matching,
                    usize::from(want),
                    "{alts:?} at {bits:04b}: {cover:?}"
                );
            }
        }
    }
}

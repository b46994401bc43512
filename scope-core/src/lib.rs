//! The definitions that `scope-macros` (the `#[requires_scope]` attribute), `scope-codegen`
//! (the generator and the audit) and the generated clients share, so that each concept has one
//! definition:
//!
//! - [`Requirement`]: what an operation needs, an OR of ANDs of scopes, or "unscoped";
//! - [`Registry`]: the scope table a generated client hands to the attribute, with its text
//!   form ([`Registry::write`] for the generator, [`Registry::parse`] for the attribute);
//! - [`attr`]: the attribute's argument syntax;
//! - [`suggest`]: what to say about a scope name the client does not know;
//! - [`analysis`]: what a function body does with its clients, and [`choice`]: which
//!   alternative of each call it needs;
//! - [`KeyTree`]: how `TrustedKey`'s parameters are laid out.
//!
//! A plain library (no proc-macro API), so that it is tested like any other code and the
//! proc-macro crate above it stays thin.

pub mod analysis;
pub mod attr;
pub mod choice;
mod registry;
mod requirement;
mod sha256;
pub mod suggest;

pub use registry::{ByTrait, Operation, Registry, ScopeEntry};
pub use requirement::{Requirement, ScopeKind};

/// The name of the grant parameter `#[requires_scope]` adds to a function, which messages show
/// ("scope `x` is not declared for `this_function`"). One name for every function, not one
/// named after each: rustc interns types with their parameters' names, so distinct names make
/// every annotated function's types distinct and cost a third more time to check.
pub const GRANT_PARAM: &str = "this_function";

/// The name under which `#[requires_scope(unscoped)]` and the registry spell "a key created
/// without scopes may call it".
pub const UNSCOPED: &str = "unscoped";

/// Up to this many slots (one per scope, in the table's order, then one for "a key created
/// without scopes" if the client has unscoped operations), `TrustedKey`'s parameters are one
/// `bool` a slot: `TrustedKey<true, false, ...>`, which reads well in messages.
pub const FLAT_KEY_SLOTS: usize = 24;

/// Above [`FLAT_KEY_SLOTS`], `TrustedKey<T>` takes one type, a balanced binary tree of
/// `Node<L, R>` with `Yes` or `No` at the leaves, so that each proof's impl names one
/// parameter per level (a few dozen tokens) rather than one per scope. The generator lays the
/// type out and `trust_key_scopes!` fills it in by this one rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyTree {
    /// One slot.
    Leaf(usize),
    /// The slots of the left tree, then those of the right.
    Node(Box<KeyTree>, Box<KeyTree>),
}

impl KeyTree {
    /// The tree for `slots` slots, or `None` where the key is flat.
    pub fn for_slots(slots: usize) -> Option<KeyTree> {
        fn build(lo: usize, hi: usize) -> KeyTree {
            if hi - lo == 1 {
                return KeyTree::Leaf(lo);
            }
            let mid = lo + (hi - lo) / 2;
            KeyTree::Node(Box::new(build(lo, mid)), Box::new(build(mid, hi)))
        }
        (slots > FLAT_KEY_SLOTS).then(|| build(0, slots))
    }

    /// The tree's shape in pre-order, `true` for a node and `false` for a leaf: with its
    /// length, it tells the tree apart from every other (the client compares a key's shape
    /// with this one, since its proof impls find slots by their place in this shape).
    pub fn shape(&self) -> Vec<bool> {
        fn go(t: &KeyTree, out: &mut Vec<bool>) {
            match t {
                KeyTree::Leaf(_) => out.push(false),
                KeyTree::Node(l, r) => {
                    out.push(true);
                    go(l, out);
                    go(r, out);
                }
            }
        }
        let mut out = Vec::new();
        go(self, &mut out);
        out
    }

    /// The slots it holds, `first..end`.
    pub fn slots(&self) -> std::ops::Range<usize> {
        match self {
            KeyTree::Leaf(slot) => *slot..*slot + 1,
            KeyTree::Node(l, r) => l.slots().start..r.slots().end,
        }
    }

    /// The name of the client's alias for this subtree with no slot held (`__Empty0To112`): an
    /// expansion names a key's empty subtrees by it, so that a key of a few scopes is a few
    /// dozen tokens, not one per scope.
    pub fn empty_alias(&self) -> String {
        let slots = self.slots();
        format!("__Empty{}To{}", slots.start, slots.end)
    }

    /// Whether any slot of this tree is in `slots`.
    pub fn contains_any(&self, slots: &dyn Fn(usize) -> bool) -> bool {
        match self {
            KeyTree::Leaf(slot) => slots(*slot),
            KeyTree::Node(l, r) => l.contains_any(slots) || r.contains_any(slots),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::KeyTree;

    fn leaves(tree: &KeyTree, out: &mut Vec<usize>) -> usize {
        match tree {
            KeyTree::Leaf(slot) => {
                out.push(*slot);
                1
            }
            KeyTree::Node(l, r) => 1 + leaves(l, out).max(leaves(r, out)),
        }
    }

    #[test]
    fn small_keys_are_flat_and_large_ones_balanced_trees() {
        assert_eq!(KeyTree::for_slots(24), None);
        let tree = KeyTree::for_slots(225).unwrap();
        let mut slots = Vec::new();
        let depth = leaves(&tree, &mut slots);
        assert_eq!(slots, (0..225).collect::<Vec<_>>());
        assert_eq!(depth, 9);
        assert!(tree.contains_any(&|s| s == 224) && !tree.contains_any(&|s| s > 224));
    }
}

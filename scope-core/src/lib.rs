//! The definitions that `scope-macros` (the `#[requires_scope]` attribute), `scope-codegen`
//! (the generator and the audit) and the generated clients share, so that each concept has one
//! definition:
//!
//! - [`Requirement`]: what an operation needs, an OR of ANDs of scopes, or "unscoped";
//! - [`Registry`]: the scope table a generated client hands to the attribute, with its text
//!   form ([`Registry::write`] for the generator, [`Registry::parse`] for the attribute);
//! - [`attr`]: the attribute's argument syntax;
//! - [`suggest`]: what to say about a scope name the client does not know;
//! - [`analysis`]: what a function body visibly needs;
//! - [`key_chunks`]: how `TrustedKey`'s parameters are laid out.
//!
//! A plain library (no proc-macro API), so that it is tested like any other code and the
//! proc-macro crate above it stays thin.

pub mod analysis;
pub mod attr;
mod registry;
mod requirement;
pub mod suggest;

pub use registry::{Operation, Registry, ScopeEntry};
pub use requirement::Requirement;

/// The name under which `#[requires_scope(unscoped)]` and the registry spell "a key created
/// without scopes may call it".
pub const UNSCOPED: &str = "unscoped";

/// How the parameters of a client's `TrustedKey` are grouped: one slot per scope, in the
/// table's order, then one for "a key created without scopes" if the client has unscoped
/// operations. Up to 24 slots are `TrustedKey`'s own const parameters (one range); more are
/// grouped into chunk types of about the square root of their number (at least 16), so that
/// each proof's impl names a few dozen parameters rather than every scope. The generator lays
/// the type out and `trust_key_scopes!` fills it in by this one rule.
pub fn key_chunks(slots: usize) -> Vec<std::ops::Range<usize>> {
    let size = if slots <= 24 {
        slots.max(1)
    } else {
        ((slots as f64).sqrt().ceil() as usize).max(16)
    };
    (0..slots)
        .step_by(size)
        .map(|start| start..(start + size).min(slots))
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn small_keys_are_flat_and_large_ones_chunked() {
        assert_eq!(super::key_chunks(11), vec![0..11]);
        assert_eq!(super::key_chunks(0), Vec::<std::ops::Range<usize>>::new());
        let chunks = super::key_chunks(221);
        assert_eq!(chunks.len(), 14);
        assert_eq!(chunks.last(), Some(&(208..221)));
    }
}

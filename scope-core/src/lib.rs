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
//! - [`key`]: how a key names the scopes it holds (places and name hashes).
//!
//! A plain library (no proc-macro API), so that it is tested like any other code and the
//! proc-macro crate above it stays thin.

pub mod analysis;
pub mod attr;
pub mod choice;
pub mod key;
mod registry;
mod requirement;
mod sha256;
pub mod suggest;

pub use registry::{ByTrait, Operation, Registry, ScopeEntry};
pub use requirement::{Requirement, ScopeKind};

/// The name under which `#[requires_scope(unscoped)]` and the registry spell "a key created
/// without scopes may call it".
pub const UNSCOPED: &str = "unscoped";

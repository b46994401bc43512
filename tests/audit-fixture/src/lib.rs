//! Service code in the shapes real code takes, for the audit: helpers without the attribute,
//! a context struct, the crate's own `macro_rules!`, two functions of one name in two modules,
//! method names that collide with operations and iterator methods, an annotated method, a
//! trait implemented for the client, `#[cfg]`-gated items, the client under another name, a
//! facade module of re-exports, and two entry points. What each
//! needs is written by hand in `truth.json`; `scope-codegen/tests/audit.rs` checks the
//! audit against it, and `tests/agreement.rs` checks it against the compiler.

pub mod context;
pub mod entry;
pub mod extension;
pub mod facade;
pub mod gated;
pub mod helpers;
pub mod macros;
pub mod policies;
pub mod renamed;
pub mod service;
pub mod stats;
pub mod tokens;

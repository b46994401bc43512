//! A service that generates its Cloud Admin client in its own `build.rs` and annotates its own
//! functions with `#[requires_scope]`, without `client = …`: the layout most teams start with.
//!
//! The client module comes after the service's modules only so that the macros below, which
//! shadow the standard ones, reach it and nothing else: the attribute reaches the client by
//! path, wherever it is declared.
//!
//! It forbids `unsafe` code, as services often do: the generated client, included into it,
//! has none (the raw send path is a safe function named for review, and the one `unsafe` cast
//! is in a macro of the runtime's, which the lint does not look into).

#![forbid(unsafe_code)]

pub mod policies;
pub mod report;

// Macros of the crate's own under the names of every standard macro, declared before the
// client is included, so that they are in scope in its module: the generated code (and the
// runtime's macros it calls) must name each macro it uses by an absolute path, or requests
// would go elsewhere (`format!` builds the paths) and `embedded.rs` would fail.
#[allow(unused_macros)] // nothing may use it
macro_rules! format {
    ($($t:tt)*) => {
        ::std::string::String::from("/admin/v1/orgs/hijacked/policies")
    };
}
#[allow(unused_macros)] // nothing may use it
macro_rules! env {
    ($($t:tt)*) => {
        "hijacked"
    };
}
#[allow(unused_macros)] // nothing may use it
macro_rules! concat {
    ($($t:tt)*) => {
        "hijacked"
    };
}
#[allow(unused_macros)] // nothing may use it
macro_rules! stringify {
    ($($t:tt)*) => {
        "hijacked"
    };
}
#[allow(unused_macros)] // nothing may use it
macro_rules! vec {
    ($($t:tt)*) => {
        ::std::vec::Vec::new()
    };
}
#[allow(unused_macros)] // nothing may use it
macro_rules! panic {
    ($($t:tt)*) => {
        ()
    };
}
#[allow(unused_macros)] // nothing may use it
macro_rules! write {
    ($($t:tt)*) => {
        ::core::result::Result::Ok(())
    };
}
#[allow(unused_macros)] // nothing may use it
macro_rules! matches {
    ($($t:tt)*) => {
        true
    };
}

/// The generated client. Public, so that `cargo doc` shows it (`scripts/check-docs.sh` looks).
pub mod admin {
    ::core::include!(::core::concat!(::core::env!("OUT_DIR"), "/admin.rs"));
}

pub use admin::{ApiKey, Error, Transport};

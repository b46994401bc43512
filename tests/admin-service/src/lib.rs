//! A service that generates its Cloud Admin client in its own `build.rs` and annotates its own
//! functions with `#[requires_scope]`, without `client = …`: the layout most teams start with.
//!
//! The client module comes first only by habit: the attribute reaches it by path, wherever
//! it is declared.

pub mod policies;
pub mod report;

mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));
}

pub use admin::{ApiKey, Error, Transport};

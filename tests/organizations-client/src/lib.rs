//! A client generated from Atlassian's published Organizations document.

// What its users need besides the generated items (the README's "Using it from another
// crate" shows this list).
#[cfg(not(published_spec_absent))]
pub use scope_runtime::{ApiKey, Call, Error, FilePart, Pages, RetryPolicy, StreamExt, Transport};

#[cfg(not(published_spec_absent))]
include!(concat!(env!("OUT_DIR"), "/organizations.rs"));

//! A client generated from Atlassian's published Organizations document.

#[cfg(not(published_spec_absent))]
pub use scope_runtime::{ApiKey, Call, Error, Transport};

#[cfg(not(published_spec_absent))]
include!(concat!(env!("OUT_DIR"), "/organizations.rs"));

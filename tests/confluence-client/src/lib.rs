//! A client generated from Atlassian's published Confluence document.

#[cfg(not(published_spec_absent))]
pub use scope_runtime::{ApiKey, Call, Error, FilePart, Transport};

#[cfg(not(published_spec_absent))]
include!(concat!(env!("OUT_DIR"), "/confluence.rs"));

//! A client generated from Atlassian's published Confluence document.

#[cfg(not(published_spec_absent))]
include!(concat!(env!("OUT_DIR"), "/confluence.rs"));

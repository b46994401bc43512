//! A client generated from Atlassian's published Organizations document.

#[cfg(not(published_spec_absent))]
include!(concat!(env!("OUT_DIR"), "/organizations.rs"));

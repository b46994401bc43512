//! A client generated from Atlassian's published Jira platform document.

#[cfg(not(published_spec_absent))]
include!(concat!(env!("OUT_DIR"), "/jira.rs"));

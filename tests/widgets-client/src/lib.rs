//! A client generated from scope-codegen's widgets fixture, whose `createWidget` needs
//! `write:jira-widgets`, or both `write:widget:jira` and `read:widget:jira`.

pub use scope_runtime::{ApiKey, Call, Error, FilePart, Transport};

include!(concat!(env!("OUT_DIR"), "/widgets.rs"));

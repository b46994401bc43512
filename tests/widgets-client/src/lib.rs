//! A client generated from scope-codegen's widgets fixture, whose `createWidget` needs
//! `write:widgets:admin`, or both `write:widget:admin` and `read:widget:admin`.

pub use scope_runtime::{ApiKey, Call, Error, FilePart, Transport};

include!(concat!(env!("OUT_DIR"), "/widgets.rs"));

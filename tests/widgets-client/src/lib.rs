//! A client generated from scope-codegen's widgets fixture, whose `createWidget` needs
//! `write:jira-widgets`, or both `write:widget:jira` and `read:widget:jira`.

include!(concat!(env!("OUT_DIR"), "/widgets.rs"));

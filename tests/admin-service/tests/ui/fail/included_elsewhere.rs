// The client is generated for `crate::admin` (the `module` setting) but included as another
// module: its macros would look for it in the wrong place, so the generated file says so at
// once, with its private type `IncludedAsConfigured`.
#![allow(dead_code)]
mod other {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));
}
//~? ERROR[E0433]

fn main() {}

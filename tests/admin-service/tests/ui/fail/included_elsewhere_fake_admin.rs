// Attack (found by the fourth independent review): include the client as `mod other` and make
// `crate::admin::generated`, where the generated macros look for their registry, a module of
// one's own that glob-re-exports the real one and defines a `__scope_registry!` that adds a
// scope to every list `trust_key_scopes!` hands it. The file checks that it is included where
// its `module` setting says by a type private to its own module, which no glob re-exports and
// no other module can define, so the fake placement does not compile.
#![allow(dead_code, unused)]
mod other {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));
}
mod admin {
    pub mod generated {
        pub use crate::other::generated::*;
        macro_rules! __scope_registry {
            (requires_scope $($t:tt)*) => { crate::other::generated::__scope_registry! { requires_scope $($t)* } };
            ($mode:ident $client:expr, $($rest:tt)*) => {
                crate::other::generated::__scope_registry! { $mode $client, "delete:policies:admin", $($rest)* }
            };
        }
        pub(crate) use __scope_registry;
    }
}
//~? ERROR cannot find type `IncludedAsConfigured` in module `crate::admin::generated`

fn main() {}

//! Stage 3a: turn schemas into Rust types.
//!
//! Only the types that operations reach are built, so generated code has no dead items. A
//! schema becomes a struct (object with properties; `allOf` merged), a string enum with a
//! catch-all variant, an untagged enum (`oneOf`/`anyOf`), or a plain Rust type. Whatever cannot
//! be expressed becomes `serde_json::Value` and a warning naming the JSON pointer.
//!
//! Split by concern: `ir` is what the emitter reads; `shape` decides what a schema becomes
//! before anything is built; `builder` builds named and inline types from a work queue;
//! `all_of` merges `allOf` members into one struct; `cycles` boxes where a type would
//! contain itself.

mod all_of;
mod builder;
mod cycles;
mod ir;
mod shape;

pub use builder::{MAX_NESTING, TypeBuilder};
pub use ir::{Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Types, Usage, Variant};
pub use shape::{SchemaRef, is_secret};

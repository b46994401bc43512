//! Run-time support shared by every client that `scope-codegen` generates.
//!
//! Generated code stays small because everything that does not depend on a particular
//! operation lives here: the metadata types that describe scopes and operations, the HTTP
//! transport with its API-key handling, the error type, and the query-string builder.

pub mod adf;
mod check;
mod error;
pub mod key;
mod meta;
mod multipart;
mod object;
mod pages;
mod request;
mod secret;
mod string_enum;
mod transport;

pub use check::{ACCESSIBLE_RESOURCES_URL, AccessibleResource};
pub use error::Error;
pub use meta::{OperationInfo, Requirement, Scope};
pub use multipart::{FilePart, Multipart};
pub use pages::{
    OffsetPage, Offsets, Page, Pages, cursor_from_next, decode_query_component, link_query,
};
pub use request::{ObjectStyle, Query, encode_segment, string_enum_index};
pub use secret::Secret;
pub use transport::{
    ApiKey, Body, Call, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_BYTES,
    RetryPolicy, Transport, TransportBuilder,
};

/// Re-exported so generated code names one dependency for its JSON values.
pub use reqwest;
pub use serde;
pub use serde_json;

/// Items the generated code's macros name; not part of the API.
#[doc(hidden)]
pub mod __private {
    pub use ::core::{concat, stringify};

    pub use crate::object::{
        Key, Object, Writer, deserialize_object, read_extra, read_optional, read_required, skip,
    };
}

/// `#[requires_scope]` and the expansion generated clients call: generated code names them
/// through this crate, so that a generated client needs `scope-runtime` alone.
#[doc(hidden)]
pub use scope_macros as __macros;

/// Re-exported for `.next()` on [`Pages`].
pub use futures_util::StreamExt;

/// Defines a generated client's type: `#[repr(transparent)]` over the [`Transport`], with a
/// zero-sized grant, and the private methods that put another grant on a borrowed client
/// (which the client's narrowing calls, once its bounds proved the new grant is within the
/// old). Here, so that the one `unsafe` cast generated code rests on is written once, next to
/// the layout that makes it sound, and a crate that generates its client into one of its
/// modules can still `#![forbid(unsafe_code)]` (the lint does not look into other crates'
/// macros). Sound for any caller: the methods are private to the module that invokes it.
#[doc(hidden)]
#[macro_export]
macro_rules! __client_type {
    ($(#[$attr:meta])* $name:ident) => {
        $(#[$attr])*
        #[repr(transparent)]
        pub struct $name<G = $crate::key::Unverified> {
            transport: $crate::Transport,
            grant: ::core::marker::PhantomData<fn() -> G>,
        }

        impl<G> $name<G> {
            /// This client with the grant `K`, borrowed.
            #[inline(always)]
            fn __retag<K>(&self) -> &$name<K> {
                // SAFETY: `#[repr(transparent)]`: both types are a `Transport` and a zero-sized
                // marker, so they have the same layout, and the borrow keeps its lifetime.
                unsafe { &*(self as *const Self as *const $name<K>) }
            }

            /// This client with the grant `K`, borrowed mutably.
            #[inline(always)]
            fn __retag_mut<K>(&mut self) -> &mut $name<K> {
                // SAFETY: as for `__retag`.
                unsafe { &mut *(self as *mut Self as *mut $name<K>) }
            }
        }
    };
}

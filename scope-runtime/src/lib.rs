//! Run-time support shared by every client that `scope-codegen` generates.
//!
//! Generated code stays small because everything that does not depend on a particular
//! operation lives here: the metadata types that describe scopes and operations, the HTTP
//! transport with its API-key handling, the error type, and the query-string builder.

mod error;
#[doc(hidden)]
pub mod grant;
mod meta;
mod multipart;
mod object;
mod pages;
mod request;
mod secret;
mod string_enum;
mod transport;

pub use error::Error;
pub use meta::{OperationInfo, Requirement, Scope};
pub use multipart::{FilePart, Multipart};
pub use pages::{Page, Pages, cursor_from_next, decode_query_component};
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

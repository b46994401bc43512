//! A scope-checked client for Atlassian's Cloud Admin REST API.
//!
//! Everything below [`Client`] is generated at build time by `scope-codegen` from the OpenAPI
//! documents in `spec/` and Atlassian's scope table (`spec/scopes.json`). Every operation's
//! documentation names the scopes it needs; [`operations::ALL`] has the same table at run time.
//!
//! ```no_run
//! # async fn run() -> Result<(), cloud_admin::Error> {
//! use cloud_admin::{ApiKey, Client, Transport, params};
//!
//! let transport = Transport::builder()
//!     .api_key(ApiKey::new(std::env::var("ATLASSIAN_ADMIN_API_KEY").unwrap_or_default()))
//!     .build()?;
//! let client = Client::new(transport);
//! let page = client.get_policies("my-org-id", &params::GetPolicies::default()).await?;
//! for policy in page.data.unwrap_or_default() {
//!     println!("{} {:?}", policy.id, policy.attributes.name);
//! }
//! # Ok(())
//! # }
//! ```

pub use scope_runtime::{
    ApiKey, Error, OperationInfo, Requirement, Scope, Transport, TransportBuilder,
};

include!(concat!(env!("OUT_DIR"), "/cloud_admin.rs"));

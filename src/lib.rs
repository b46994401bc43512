//! A scope-checked client for Atlassian's Cloud Admin REST API.
//!
//! Everything below [`Client`] is generated at build time by `scope-codegen` from the OpenAPI
//! documents in `spec/` and Atlassian's scope table (`spec/scopes.json`). Every operation's
//! documentation names the scopes it needs; [`operations::ALL`] has the same table at run time.
//!
//! Functions declare the scopes they may use with [`requires_scope`]; the compiler then
//! refuses any call, direct or through other annotated functions, that the declaration does
//! not cover, and names the missing scope at the call:
//!
//! ```no_run
//! use cloud_admin::{ApiKey, Client, Error, Transport, params, requires_scope, trust_key_scopes};
//!
//! #[requires_scope("read:policies:admin")]
//! async fn list_policies(client: &Client, org: &str) -> Result<(), Error> {
//!     let page = client.get_policies(org, &params::GetPolicies::default()).await?;
//!     for policy in page.data.unwrap_or_default() {
//!         println!("{} {:?}", policy.id, policy.attributes.name);
//!     }
//!     Ok(())
//! }
//!
//! # async fn run() -> Result<(), Error> {
//! let transport = Transport::builder()
//!     .api_key(ApiKey::new(std::env::var("ATLASSIAN_ADMIN_API_KEY").unwrap_or_default()))
//!     .build()?;
//! // The entry point vouches for the key's scopes, once.
//! let client = trust_key_scopes!(Client::new(transport), "read:policies:admin");
//! list_policies(&client, "my-org-id").await
//! # }
//! ```
//!
//! A client straight from [`Client::new`] is [`Unverified`] and can call nothing: the only ways
//! to a grant are `#[requires_scope]` and the entry point's [`trust_key_scopes!`].

include!(concat!(env!("OUT_DIR"), "/cloud_admin.rs"));

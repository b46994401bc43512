//! What the examples share: where to connect, and a key with exactly the program's scopes.
//!
//! With `ATLASSIAN_ADMIN_API_KEY` and `ATLASSIAN_ORG_ID` set, examples talk to the real API
//! (`ATLASSIAN_API_BASE_URL` overrides the base URL). Otherwise they start the embedded Cloud
//! Admin server and create a key there with exactly the scopes the program declares, so the
//! run itself shows that those scopes are enough.

use cloud_admin::{ApiKey, Error, Transport};
use cloud_admin_server::Server;

/// Where an example runs.
pub struct Session {
    pub org_id: String,
    base_url: String,
    real_key: Option<ApiKey>,
    server: Option<Server>,
}

impl Session {
    pub async fn start() -> Result<Self, Error> {
        if let (Ok(key), Ok(org_id)) = (
            std::env::var("ATLASSIAN_ADMIN_API_KEY"),
            std::env::var("ATLASSIAN_ORG_ID"),
        ) {
            let base_url = std::env::var("ATLASSIAN_API_BASE_URL")
                .unwrap_or_else(|_| cloud_admin::Client::DEFAULT_BASE_URL.to_owned());
            println!("Running against {base_url} (organization {org_id}).");
            return Ok(Session {
                org_id,
                base_url,
                real_key: Some(ApiKey::new(key)),
                server: None,
            });
        }
        let server = Server::start()
            .await
            .map_err(|e| Error::Config(format!("cannot start the embedded server: {e}")))?;
        println!(
            "Running against the embedded Cloud Admin server at {} (set ATLASSIAN_ADMIN_API_KEY and ATLASSIAN_ORG_ID for the real API).",
            server.url()
        );
        Ok(Session {
            org_id: server.org_id().to_owned(),
            base_url: server.url(),
            real_key: None,
            server: Some(server),
        })
    }

    /// A transport whose key holds `scopes`: on the embedded server a key created with exactly
    /// them; against the real API, the given key (which must hold them).
    pub fn transport(&self, scopes: &[&str]) -> Result<Transport, Error> {
        println!(
            "Least-privilege scopes for this program: {}",
            scopes.join(", ")
        );
        let key = match (&self.real_key, &self.server) {
            (Some(key), _) => key.clone(),
            (None, Some(server)) => server.create_key("example", scopes),
            (None, None) => unreachable!("a session has a key or a server"),
        };
        Transport::builder()
            .base_url(&self.base_url)
            .api_key(key)
            .build()
    }
}

/// A client at the entry point: a key with exactly these scopes, and the compile-time proof
/// that they are what the program declares. `allow_unneeded` at the end is handed on to
/// `trust_key_scopes!`: the key holds a scope on purpose that the program's calls do not need.
#[macro_export]
macro_rules! client_with_scopes {
    ($session:expr, $($scope:literal),+ $(, $keep:ident)? $(,)?) => {
        cloud_admin::trust_key_scopes!(cloud_admin::Client::new($session.transport(&[$($scope),+])?), $($scope),+ $(, $keep)?)
    };
}

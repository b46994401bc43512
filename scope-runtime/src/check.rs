//! Asking Atlassian what a credential holds, before anything else runs: the checked entry
//! point beside `trust_key_scopes!`.
//!
//! Atlassian says which scopes a credential holds in one place only: for an OAuth 2.0 (3LO)
//! access token, its accessible-resources endpoint lists each site the token reaches with the
//! scopes granted there. For every other credential there is nothing to ask:
//! - an organization admin API key (Cloud Admin): its scopes are shown in Atlassian
//!   Administration when it is created, and no endpoint reports them;
//! - an account's API token with Basic auth: a classic token has no scopes (Atlassian does not
//!   enforce scopes on it at all; the declarations document intent), and a scoped token's
//!   scopes are shown where it was created.
//!
//! So the check either proves the declared scopes are held, names those that are missing, or
//! says plainly that this credential cannot be checked.

use serde::Deserialize;

use crate::error::Error;
use crate::meta::{OperationInfo, Requirement};
use crate::request::Query;
use crate::transport::Transport;

/// Atlassian's accessible-resources endpoint, which lists the sites an OAuth 2.0 access token
/// reaches and the scopes granted on each.
pub const ACCESSIBLE_RESOURCES_URL: &str =
    "https://api.atlassian.com/oauth/token/accessible-resources";

/// The request the check makes, described like an operation so that its errors and logs name
/// it. It needs no scope: any valid OAuth 2.0 access token may ask.
pub(crate) const ACCESSIBLE_RESOURCES: OperationInfo = OperationInfo {
    operation_id: "getAccessibleResources",
    method: "GET",
    path: "/oauth/token/accessible-resources",
    requirement: Requirement::AnyOf(&[&[]]),
};

/// One site an OAuth 2.0 access token reaches, as the accessible-resources endpoint lists it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessibleResource {
    /// The site's cloud ID (what `TransportBuilder::gateway` takes).
    pub id: String,
    /// The site's URL, `https://<site>.atlassian.net`.
    pub url: String,
    /// The site's name.
    #[serde(default)]
    pub name: String,
    /// The scopes granted on this site.
    #[serde(default)]
    pub scopes: Vec<String>,
}

/// Whether the site `base_url` sends to holds every one of `declared`: `Ok`, or an error that
/// names the missing scopes or why the site is not among `resources`.
pub(crate) fn missing_on(
    resources: &[AccessibleResource],
    base_url: &str,
    declared: &[&str],
) -> Result<(), Error> {
    let site = site_of(resources, base_url).ok_or_else(|| {
        let reached: Vec<&str> = resources.iter().map(|r| r.url.as_str()).collect();
        Error::ScopesUnchecked {
            reason: if reached.is_empty() {
                "Atlassian lists no site this credential reaches".to_owned()
            } else {
                format!(
                    "the credential reaches {}, and the client's base URL `{base_url}` names none of them",
                    reached.join(", ")
                )
            },
        }
    })?;
    let missing: Vec<String> = declared
        .iter()
        .filter(|scope| !site.scopes.iter().any(|held| held == *scope))
        .map(|scope| (*scope).to_owned())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::ScopesMissing {
            site: site.url.clone(),
            missing,
        })
    }
}

/// The site among `resources` that `base_url` sends to: by its cloud ID in a gateway URL
/// (`https://api.atlassian.com/ex/jira/<id>`), by its own URL, or the only one there is.
fn site_of<'a>(
    resources: &'a [AccessibleResource],
    base_url: &str,
) -> Option<&'a AccessibleResource> {
    let base = base_url.trim_end_matches('/');
    let by_id = resources
        .iter()
        .find(|r| !r.id.is_empty() && base.split('/').any(|segment| segment == r.id));
    let by_url = || {
        resources
            .iter()
            .find(|r| !r.url.is_empty() && base.starts_with(r.url.trim_end_matches('/')))
    };
    let only = || match resources {
        [one] => Some(one),
        _ => None,
    };
    by_id.or_else(by_url).or_else(only)
}

impl Transport {
    /// The sites and scopes this transport's credential reaches, as Atlassian's
    /// accessible-resources endpoint lists them (OAuth 2.0 access tokens only).
    ///
    /// The question goes to Atlassian's endpoint when the base URL is Atlassian's
    /// (`api.atlassian.com`, `*.atlassian.net`), and to the base URL's own origin otherwise (a
    /// proxy, or a local server such as the embedded one): the credential is never sent to a
    /// host the transport was not configured for. `TransportBuilder::accessible_resources_url`
    /// sets it outright.
    pub async fn accessible_resources(&self) -> Result<Vec<AccessibleResource>, Error> {
        let probe = self.for_accessible_resources()?;
        let bytes = probe
            .send(
                &ACCESSIBLE_RESOURCES,
                ACCESSIBLE_RESOURCES.path,
                &Query::new(),
                None,
            )
            .await?;
        serde_json::from_slice(&bytes).map_err(|e| Error::Decode {
            operation: ACCESSIBLE_RESOURCES.operation_id,
            path: String::new(),
            message: e.to_string(),
        })
    }

    /// Checks that the credential holds every one of `scopes` on the site this transport
    /// sends to; `None` for a key vouched for as created without scopes. See
    /// [`Transport::accessible_resources`]. An error names the scopes that are missing
    /// ([`Error::ScopesMissing`]), or says why Atlassian cannot tell
    /// ([`Error::ScopesUnchecked`]: an admin API key, an API token with Basic auth, or a key
    /// vouched for as having no scopes).
    pub async fn check_scopes(&self, scopes: Option<&[&str]>) -> Result<(), Error> {
        let resources = match self.accessible_resources().await {
            Ok(resources) => resources,
            Err(Error::Unauthorized { .. } | Error::Forbidden { .. } | Error::NotFound { .. }) => {
                return Err(Error::ScopesUnchecked {
                    reason: format!(
                        "Atlassian lists the scopes of OAuth 2.0 access tokens only, and did not take this credential ({}) for one: an admin API key's or a scoped API token's scopes are shown where it was created, and a classic API token has none (scopes are not enforced on it)",
                        self.credential_kind()
                    ),
                });
            }
            Err(other) => return Err(other),
        };
        let Some(scopes) = scopes else {
            return Err(Error::ScopesUnchecked {
                reason: "the client was vouched for as a key created without scopes, but the credential is an OAuth 2.0 access token, which always has scopes (and cannot call the operations only a key without scopes can)".to_owned(),
            });
        };
        missing_on(&resources, self.base_url(), scopes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(id: &str, url: &str, scopes: &[&str]) -> AccessibleResource {
        AccessibleResource {
            id: id.to_owned(),
            url: url.to_owned(),
            name: String::new(),
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn the_question_goes_to_atlassian_only_from_atlassian_base_urls() {
        let asked = |base: &str, set: Option<&str>| {
            let mut builder = Transport::builder().base_url(base);
            if let Some(set) = set {
                builder = builder.accessible_resources_base(set);
            }
            let transport = builder.build().unwrap();
            transport
                .for_accessible_resources()
                .unwrap()
                .base_url()
                .to_owned()
        };
        let atlassian = "https://api.atlassian.com";
        assert_eq!(asked("https://acme.atlassian.net", None), atlassian);
        assert_eq!(
            asked("https://api.atlassian.com/ex/jira/c-1", None),
            atlassian
        );
        assert_eq!(asked("https://api.atlassian.com/admin", None), atlassian);
        // Elsewhere, the base URL's own origin: a proxy, a local server.
        assert_eq!(
            asked("http://127.0.0.1:9/prefix", None),
            "http://127.0.0.1:9"
        );
        assert_eq!(
            asked("https://proxy.example/atlassian", None),
            "https://proxy.example"
        );
        assert_eq!(
            asked("https://acme.atlassian.net", Some("http://127.0.0.1:7/")),
            "http://127.0.0.1:7"
        );
        let bad = Transport::builder()
            .accessible_resources_base("ftp://x")
            .build();
        assert!(matches!(bad, Err(Error::Config(_))));
    }

    #[test]
    fn the_site_is_found_by_cloud_id_url_or_as_the_only_one() {
        let sites = [
            site("c1", "https://one.atlassian.net", &["read:jira-work"]),
            site(
                "c2",
                "https://two.atlassian.net",
                &["read:jira-work", "write:jira-work"],
            ),
        ];
        let gateway = "https://api.atlassian.com/ex/jira/c2";
        assert!(missing_on(&sites, gateway, &["write:jira-work"]).is_ok());
        let Err(Error::ScopesMissing { site, missing }) = missing_on(
            &sites,
            "https://one.atlassian.net",
            &["read:jira-work", "write:jira-work"],
        ) else {
            panic!("one.atlassian.net lacks write:jira-work");
        };
        assert_eq!(site, "https://one.atlassian.net");
        assert_eq!(missing, ["write:jira-work"]);
        let Err(Error::ScopesUnchecked { reason }) =
            missing_on(&sites, "https://three.atlassian.net", &[])
        else {
            panic!("no site is three");
        };
        assert!(reason.contains("https://one.atlassian.net, https://two.atlassian.net"));
        assert!(missing_on(&sites[..1], "http://127.0.0.1:9", &["read:jira-work"]).is_ok());
    }
}

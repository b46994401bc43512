//! The server's in-memory data.

use serde_json::{Value, json};

use crate::Config;

/// An API key the server knows.
#[derive(Debug, Clone)]
pub struct Key {
    /// Its ID.
    pub id: String,
    /// The secret sent as `Authorization: Bearer <token>`.
    pub token: String,
    /// Its label.
    pub label: String,
    /// `None` for a key created without scopes, which reaches everything.
    pub scopes: Option<Vec<String>>,
    /// Revoked keys get 401.
    pub revoked: bool,
    /// When it stops working.
    pub expires_at: String,
    /// The resource it belongs to.
    pub resource: String,
}

/// Everything the server holds.
pub struct State {
    pub org_id: String,
    pub page_size: usize,
    pub domains: Vec<Value>,
    pub policies: Vec<Value>,
    pub levels: Vec<Value>,
    pub tokens: Vec<Value>,
    pub events: Vec<Value>,
    pub keys: Vec<Key>,
    /// OAuth 2.0 (3LO) access tokens: they call operations as a key with their scopes does,
    /// and, unlike API keys, are listed by the accessible-resources endpoint with their scopes.
    pub oauth_tokens: Vec<Key>,
    counter: u64,
}

/// A hard-to-guess secret from the standard library's per-process random hasher keys.
fn secret() -> String {
    use std::hash::{BuildHasher, Hasher};
    (0..2)
        .map(|_| {
            let mut h = std::collections::hash_map::RandomState::new().build_hasher();
            h.write_u8(0);
            format!("{:016x}", h.finish())
        })
        .collect()
}

pub const NOW: &str = "2026-11-23T09:00:00Z";

impl State {
    /// A new state and its admin key (created without scopes).
    pub fn new(config: &Config) -> (Self, String) {
        let mut state = State {
            org_id: config.org_id.clone(),
            page_size: config.page_size.max(1),
            domains: Vec::new(),
            policies: Vec::new(),
            levels: Vec::new(),
            tokens: Vec::new(),
            events: Vec::new(),
            keys: Vec::new(),
            oauth_tokens: Vec::new(),
            counter: 0,
        };
        let admin = state
            .add_key(
                "admin",
                Vec::new(),
                "2099-01-01T00:00:00Z",
                "ari:cloud:platform::org/admin",
            )
            .token;
        if config.seed {
            state.seed();
        }
        (state, admin)
    }

    /// A fresh ID with `prefix`.
    pub fn next_id(&mut self, prefix: &str) -> String {
        self.counter += 1;
        format!("{prefix}-{:04}", self.counter)
    }

    /// Adds a key; an empty `scopes` list makes a key without scopes.
    pub fn add_key(
        &mut self,
        label: &str,
        scopes: Vec<String>,
        expires_at: &str,
        resource: &str,
    ) -> Key {
        let key = Key {
            id: self.next_id("key"),
            token: secret(),
            label: label.to_owned(),
            scopes: (!scopes.is_empty()).then_some(scopes),
            revoked: false,
            expires_at: expires_at.to_owned(),
            resource: resource.to_owned(),
        };
        self.keys.push(key.clone());
        key
    }

    /// The API key or OAuth 2.0 access token sent as `token`.
    pub fn key_by_token(&self, token: &str) -> Option<&Key> {
        self.keys
            .iter()
            .chain(&self.oauth_tokens)
            .find(|k| k.token == token)
    }

    /// Issues an OAuth 2.0 access token with `scopes` (which a token always has).
    pub fn add_oauth_token(&mut self, scopes: Vec<String>) -> Key {
        let token = Key {
            id: self.next_id("oauth"),
            token: secret(),
            label: "OAuth 2.0 access token".to_owned(),
            scopes: Some(scopes),
            revoked: false,
            expires_at: "2099-01-01T00:00:00Z".to_owned(),
            resource: "ari:cloud:platform::site/embedded".to_owned(),
        };
        self.oauth_tokens.push(token.clone());
        token
    }

    fn seed(&mut self) {
        for (name, status) in [
            ("example.com", "verified"),
            ("example.org", "unverified"),
            ("old.example.net", "deleted"),
        ] {
            let id = self.next_id("domain");
            self.domains.push(json!({
                "id": id, "type": "domains",
                "attributes": {"name": name, "claim": {"type": "dns", "status": status}},
                "links": {"self": format!("/v1/orgs/{}/domains/{id}", self.org_id)}
            }));
        }
        let policies = [
            (
                "Office network",
                "ip-allowlist",
                "enabled",
                Some(vec!["203.0.113.0/24"]),
            ),
            (
                "VPN",
                "ip-allowlist",
                "enabled",
                Some(vec!["198.51.100.7/32"]),
            ),
            (
                "Contractors (no ranges yet)",
                "ip-allowlist",
                "disabled",
                None,
            ),
            ("EU data residency", "data-residency", "enabled", None),
            ("Block public links", "data-security", "enabled", None),
        ];
        for (name, kind, status, ranges) in policies {
            let id = self.next_id("policy");
            let mut attributes =
                json!({"type": kind, "name": name, "status": status, "resources": []});
            if let Some(ranges) = ranges {
                attributes["rule"] = json!({"in": ranges});
            }
            self.policies
                .push(json!({"id": id, "type": "policy", "attributes": attributes}));
        }
        for (name, color, status) in [
            ("Public", "GREEN", "PUBLISHED"),
            ("Internal", "BLUE", "PUBLISHED"),
            ("Secret", "RED", "DRAFT"),
        ] {
            self.new_level(name, &format!("{name} information"), "", color, status);
        }
        for (label, user, status) in [
            ("CI pipeline", "ana@example.com", "ACTIVE"),
            ("laptop script", "bo@example.com", "ACTIVE"),
            ("old export", "cy@example.com", "EXPIRED"),
        ] {
            let id = self.next_id("token");
            self.tokens.push(json!({
                "id": id, "label": label, "status": status, "createdAt": "2026-01-10T10:00:00Z",
                "expiresAt": "2027-01-10T10:00:00Z", "lastActiveAt": NOW,
                "owner": {"id": format!("acc-{id}"), "name": user.split('@').next(), "email": user}
            }));
        }
        for action in [
            "user_added_to_group",
            "policy_updated",
            "api_key_created",
            "domain_verified",
        ] {
            let id = self.next_id("event");
            self.events.push(json!({
                "id": id, "type": "events",
                // `context` and the actor's `links` as Atlassian's Organizations document
                // requires them, so that a client generated from that document decodes these.
                "attributes": {
                    "time": NOW, "action": action,
                    "actor": {"id": "acc-admin", "name": "Admin", "email": "admin@example.com",
                              "links": {"self": "https://api.atlassian.com/users/acc-admin/manage/profile"}},
                    "context": [{"id": format!("{action}-target"), "type": "object"}],
                    "container": [{"id": self.org_id, "type": "organization"}]
                },
                "links": {"self": format!("/v1/orgs/{}/events/{id}", self.org_id)}
            }));
        }
    }

    /// Adds a classification level at the least sensitive rank.
    pub fn new_level(
        &mut self,
        name: &str,
        definition: &str,
        guideline: &str,
        color: &str,
        status: &str,
    ) -> Value {
        let id = self.next_id("level");
        let rank = self.levels.len() + 1;
        let level = json!({
            "levelId": id, "orgId": self.org_id, "name": name, "definition": definition,
            "guideline": guideline, "color": color, "sensitivity": rank, "status": status,
            "createdBy": {"name": "Admin", "accountId": "acc-admin"}, "createdOn": NOW,
            "changedBy": {"name": "Admin", "accountId": "acc-admin"}, "changedOn": NOW
        });
        self.levels.push(level.clone());
        level
    }

    /// The data as JSON.
    pub fn snapshot(&self) -> Value {
        json!({
            "domains": self.domains, "policies": self.policies, "levels": self.levels,
            "tokens": self.tokens, "events": self.events,
            "keys": self.keys.iter().map(|k| json!({"id": k.id, "label": k.label, "scopes": k.scopes, "revoked": k.revoked})).collect::<Vec<_>>()
        })
    }
}

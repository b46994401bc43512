//! API tokens and API keys.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Request, body_object, paged};
use crate::reply;
use crate::state::{Key, NOW, State};

fn key_json(key: &Key) -> Value {
    json!({
        "id": key.id, "label": key.label, "createdAt": NOW, "expiresAt": key.expires_at,
        "lastActiveAt": null, "systemAccountId": format!("system-{}", key.id), "resource": key.resource,
        "createdBy": {"id": "acc-admin", "name": "Admin", "email": "admin@example.com"},
        "scopes": key.scopes.clone().unwrap_or_default(), "targetResources": []
    })
}

/// `q` matches label, name or email, without regard to case.
fn matches_q(request: &Request, texts: &[&str]) -> bool {
    request.query("q").is_none_or(|q| {
        let q = q.to_lowercase();
        texts.iter().any(|t| t.to_lowercase().contains(&q))
    })
}

pub fn handle(state: &mut State, request: &Request) -> Response {
    let tokens = |state: &State| -> Vec<Value> {
        state
            .tokens
            .iter()
            .filter(|t| {
                request.query("status").is_none_or(|s| {
                    t["status"]
                        .as_str()
                        .is_some_and(|ts| ts.eq_ignore_ascii_case(s))
                })
            })
            .filter(|t| {
                let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
                matches_q(
                    request,
                    &[
                        &text(&t["label"]),
                        &text(&t["owner"]["name"]),
                        &text(&t["owner"]["email"]),
                    ],
                )
            })
            .cloned()
            .collect()
    };
    let keys = |state: &State| -> Vec<Value> {
        state
            .keys
            .iter()
            .filter(|k| !k.revoked && matches_q(request, &[&k.label]))
            .map(key_json)
            .collect()
    };
    match request.operation.operation_id {
        "getApiTokens" => paged(request, tokens(state), None),
        "getApiTokenCount" => reply::json(StatusCode::OK, json!({"count": tokens(state).len()})),
        "bulkRevokeApiTokens" => {
            let ids: Vec<String> = match body_object(request)
                .map(|b| b.get("tokenIds").and_then(Value::as_array).cloned())
            {
                Ok(Some(ids)) => ids
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                Ok(None) => return reply::bad_request("`tokenIds` is required"),
                Err(response) => return *response,
            };
            for token in state
                .tokens
                .iter_mut()
                .filter(|t| ids.iter().any(|id| t["id"] == id.as_str()))
            {
                token["status"] = json!("REVOKED");
            }
            reply::empty(StatusCode::ACCEPTED)
        }
        "getApiKeys" => paged(request, keys(state), None),
        "getApiKeyCount" => reply::json(StatusCode::OK, json!({"count": keys(state).len()})),
        "createApiKey" => {
            let (Some(label), Some(expires_at), Some(resource)) = (
                request.query("label"),
                request.query("expiresAt"),
                request.query("resource"),
            ) else {
                return reply::bad_request("`label`, `expiresAt` and `resource` are required");
            };
            let scopes = request.query_all("scopes");
            if let Some(bad) = scopes.iter().find(|s| {
                !cloud_admin::scopes::ALL
                    .iter()
                    .any(|known| known.name == s.as_str())
            }) {
                return reply::bad_request(&format!("unknown scope `{bad}`"));
            }
            // A key reaches no further than the key that made it.
            if let Some(held) = &request.caller_scopes {
                if scopes.is_empty() {
                    return reply::forbidden(
                        "a key with scopes cannot create a key without scopes, which reaches every operation",
                    );
                }
                if let Some(beyond) = scopes.iter().find(|s| !held.contains(s)) {
                    return reply::forbidden(&format!(
                        "the key creating this one does not hold `{beyond}`; a key can only pass on scopes it holds"
                    ));
                }
            }
            let key = state.add_key(label, scopes, expires_at, resource);
            let mut body = key_json(&key);
            body["token"] = json!(key.token);
            reply::json(StatusCode::OK, body)
        }
        "revokeApiKey" => match state
            .keys
            .iter_mut()
            .find(|k| k.id == request.param("apiKeyId") && !k.revoked)
        {
            Some(key) => {
                key.revoked = true;
                reply::empty(StatusCode::NO_CONTENT)
            }
            None => reply::not_found(&format!("API key `{}`", request.param("apiKeyId"))),
        },
        _ => unreachable!("dispatch sends only these operations here"),
    }
}

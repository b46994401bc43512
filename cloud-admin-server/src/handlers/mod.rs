//! One handler per operation, chosen by operationId. Authorization has already happened.

mod access;
mod dlp;
mod orgs;

use std::collections::HashMap;

use axum::http::StatusCode;
use axum::response::Response;
use cloud_admin::OperationInfo;
use serde_json::Value;

use crate::reply;
use crate::state::State;

/// A request, routed and authorized.
pub struct Request {
    pub operation: &'static OperationInfo,
    pub path: HashMap<String, String>,
    pub query: Vec<(String, String)>,
    pub body: Option<Value>,
    pub page_size: usize,
    /// The scopes of the caller's key; `None` for a key without scopes.
    pub caller_scopes: Option<Vec<String>>,
}

impl Request {
    /// The first value of a query parameter.
    pub fn query(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated query parameter.
    pub fn query_all(&self, name: &str) -> Vec<String> {
        self.query
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    pub fn param(&self, name: &str) -> &str {
        self.path.get(name).map_or("", String::as_str)
    }

    /// The page size: `pageSize`/`limit` if given, else the server's.
    pub fn page_size(&self) -> usize {
        self.query("pageSize")
            .or_else(|| self.query("limit"))
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(self.page_size)
    }
}

pub fn dispatch(state: &mut State, request: &Request) -> Response {
    if request
        .path
        .get("orgId")
        .is_some_and(|org| *org != state.org_id)
    {
        return reply::not_found(&format!("organization `{}`", request.param("orgId")));
    }
    match request.operation.operation_id {
        "getOrgs"
        | "getOrgById"
        | "getDomains"
        | "getDomainById"
        | "getEvents"
        | "getPolicies"
        | "createPolicy"
        | "getPolicyById"
        | "updatePolicy"
        | "deletePolicy"
        | "addResourceToPolicy"
        | "validatePolicy" => orgs::handle(state, request),
        "getClassificationLevels"
        | "createClassificationLevel"
        | "getClassificationLevel"
        | "editClassificationLevel"
        | "publishClassificationLevels"
        | "archiveClassificationLevel"
        | "restoreClassificationLevel"
        | "reorderClassificationLevels" => dlp::handle(state, request),
        "getApiTokens"
        | "bulkRevokeApiTokens"
        | "getApiTokenCount"
        | "getApiKeys"
        | "createApiKey"
        | "getApiKeyCount"
        | "revokeApiKey" => access::handle(state, request),
        other => reply::error(
            StatusCode::NOT_IMPLEMENTED,
            "ADMIN-501",
            "Not implemented",
            &format!("{other} is not served"),
        ),
    }
}

/// The body as an object, or a 400.
fn body_object(request: &Request) -> Result<&serde_json::Map<String, Value>, Box<Response>> {
    request
        .body
        .as_ref()
        .and_then(Value::as_object)
        .ok_or_else(|| Box::new(reply::bad_request("a JSON object body is required")))
}

/// `{data: [...], links: {self, next}}`, one page of `items`.
fn paged(request: &Request, items: Vec<Value>, extra: Option<(&str, Value)>) -> Response {
    let (data, next) = reply::page(items, request.query("cursor"), request.page_size());
    let mut body =
        serde_json::json!({"data": data, "links": {"self": request.query("cursor"), "next": next}});
    if let Some((key, value)) = extra {
        body[key] = value;
    }
    reply::json(StatusCode::OK, body)
}

//! Organizations, domains, events and policies.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Request, body_object, paged};
use crate::reply;
use crate::state::State;

pub fn handle(state: &mut State, request: &Request) -> Response {
    // `relationships` as Atlassian's Organizations document requires it.
    let org = || {
        json!({
            "id": state.org_id, "type": "orgs", "attributes": {"name": "Example Org"},
            "links": {"self": format!("/v1/orgs/{}", state.org_id)},
            "relationships": {
                "domains": {"links": {"related": format!("/v1/orgs/{}/domains", state.org_id)}},
                "users": {"links": {"related": format!("/v1/orgs/{}/users", state.org_id)}}
            }
        })
    };
    match request.operation.operation_id {
        "getOrgs" => paged(request, vec![org()], None),
        "getOrgById" => reply::json(StatusCode::OK, json!({"data": org()})),
        "getDomains" => paged(request, state.domains.clone(), None),
        "getDomainById" => match state
            .domains
            .iter()
            .find(|d| d["id"] == request.param("domainId"))
        {
            Some(domain) => reply::json(StatusCode::OK, json!({"data": domain})),
            None => reply::not_found(&format!("domain `{}`", request.param("domainId"))),
        },
        "getEvents" => {
            let action = request.query("action");
            let events = state
                .events
                .iter()
                .filter(|e| action.is_none_or(|a| e["attributes"]["action"] == a))
                .cloned()
                .collect();
            paged(
                request,
                events,
                Some(("meta", json!({"page_size": request.page_size()}))),
            )
        }
        "getPolicies" => {
            let kind = request.query("type");
            let policies = state
                .policies
                .iter()
                .filter(|p| kind.is_none_or(|k| p["attributes"]["type"] == k))
                .cloned()
                .collect();
            paged(request, policies, None)
        }
        "createPolicy" => create_policy(state, request),
        "getPolicyById" => with_policy(state, request, |p| {
            reply::json(StatusCode::OK, json!({"data": p}))
        }),
        "updatePolicy" => update_policy(state, request),
        "deletePolicy" => {
            let before = state.policies.len();
            state
                .policies
                .retain(|p| p["id"] != request.param("policyId"));
            if state.policies.len() == before {
                reply::not_found(&format!("policy `{}`", request.param("policyId")))
            } else {
                reply::empty(StatusCode::ACCEPTED)
            }
        }
        "addResourceToPolicy" => {
            let resource = match body_object(request) {
                Ok(body) if body.get("id").is_some_and(Value::is_string) => {
                    Value::Object(body.clone())
                }
                Ok(_) => return reply::bad_request("a resource needs an `id`"),
                Err(response) => return *response,
            };
            with_policy(state, request, |p| {
                let mut resource = resource;
                resource["applicationStatus"] = json!("applying");
                let resources = &mut p["attributes"]["resources"];
                if !resources.is_array() {
                    *resources = json!([]);
                }
                if let Some(list) = resources.as_array_mut() {
                    list.push(resource);
                }
                reply::json(StatusCode::ACCEPTED, json!({"data": p}))
            })
        }
        "validatePolicy" => with_policy(state, request, |p| {
            let attributes = &p["attributes"];
            let ranges = attributes["rule"]["in"].as_array().map_or(0, Vec::len);
            if attributes["type"] == "ip-allowlist" && ranges == 0 {
                reply::error(
                    StatusCode::BAD_REQUEST,
                    "ADMIN-400-CDEN",
                    "Policy validation failed",
                    "an IP allowlist needs at least one range",
                )
            } else {
                reply::empty(StatusCode::ACCEPTED)
            }
        }),
        _ => unreachable!("dispatch sends only these operations here"),
    }
}

fn with_policy(
    state: &mut State,
    request: &Request,
    f: impl FnOnce(&mut Value) -> Response,
) -> Response {
    match state
        .policies
        .iter_mut()
        .find(|p| p["id"] == request.param("policyId"))
    {
        Some(policy) => f(policy),
        None => reply::not_found(&format!("policy `{}`", request.param("policyId"))),
    }
}

/// The `data` of a policy input, checked the way the service checks it.
fn policy_input(request: &Request) -> Result<Value, Box<Response>> {
    let data = body_object(request)?
        .get("data")
        .ok_or_else(|| Box::new(reply::bad_request("`data` is required")))?;
    if data["type"] != "policy" {
        return Err(Box::new(reply::bad_request(
            "`data.type` must be \"policy\"",
        )));
    }
    match data["attributes"]["type"].as_str() {
        Some("ip-allowlist" | "data-residency") => Ok(data.clone()),
        Some(other) => Err(Box::new(reply::bad_request(&format!(
            "policies of type `{other}` cannot be created here"
        )))),
        None => Err(Box::new(reply::bad_request(
            "`data.attributes.type` is required",
        ))),
    }
}

fn create_policy(state: &mut State, request: &Request) -> Response {
    let data = match policy_input(request) {
        Ok(data) => data,
        Err(response) => return *response,
    };
    let id = state.next_id("policy");
    let mut attributes = data["attributes"].clone();
    if attributes.get("status").is_none() {
        attributes["status"] = json!("enabled");
    }
    let resources: Vec<Value> = attributes["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if resources
        .iter()
        .any(|r| !r.get("id").is_some_and(Value::is_string))
    {
        return reply::bad_request("each of `data.attributes.resources` needs an `id`");
    }
    attributes["resources"] = resources
        .into_iter()
        .map(|mut r| {
            r["applicationStatus"] = json!("applying");
            r
        })
        .collect();
    let policy = json!({"id": id, "type": "policy", "attributes": attributes});
    state.policies.push(policy.clone());
    reply::json(StatusCode::ACCEPTED, json!({"data": policy}))
}

fn update_policy(state: &mut State, request: &Request) -> Response {
    let data = match policy_input(request) {
        Ok(data) => data,
        Err(response) => return *response,
    };
    with_policy(state, request, |p| {
        let id = p["id"].clone();
        *p = json!({"id": id, "type": "policy", "attributes": data["attributes"]});
        reply::json(StatusCode::ACCEPTED, json!({"data": p}))
    })
}

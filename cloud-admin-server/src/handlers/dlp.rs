//! Classification levels: draft → published → archived → restored (as a draft), and reorder.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Value, json};

use super::{Request, body_object};
use crate::reply;
use crate::state::{NOW, State};

fn status_of(level: &Value) -> String {
    level["status"]
        .as_str()
        .unwrap_or_default()
        .to_ascii_uppercase()
}

pub fn handle(state: &mut State, request: &Request) -> Response {
    match request.operation.operation_id {
        "getClassificationLevels" => {
            let mut levels = state.levels.clone();
            levels.sort_by_key(|l| l["sensitivity"].as_u64());
            let (levels, next) = reply::page(levels, request.query("cursor"), request.page_size());
            reply::json(
                StatusCode::OK,
                json!({"levels": levels, "links": {"first": null, "next": next, "prev": null}}),
            )
        }
        "getClassificationLevel" => match state
            .levels
            .iter()
            .find(|l| l["levelId"] == request.param("levelId"))
        {
            Some(level) => reply::json(StatusCode::OK, level.clone()),
            None => reply::not_found(&format!("level `{}`", request.param("levelId"))),
        },
        "createClassificationLevel" => {
            let body = match body_object(request) {
                Ok(body) => body,
                Err(response) => return *response,
            };
            let Some(name) = body
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.trim().is_empty())
            else {
                return reply::bad_request("`name` is required");
            };
            if state
                .levels
                .iter()
                .any(|l| l["name"] == name && status_of(l) != "ARCHIVED")
            {
                return reply::conflict(&format!("a level named `{name}` exists"));
            }
            let text = |key: &str| {
                body.get(key)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let color = body
                .get("color")
                .and_then(Value::as_str)
                .unwrap_or("GREY")
                .to_owned();
            let level = state.new_level(
                name,
                &text("definition"),
                &text("guideline"),
                &color,
                "DRAFT",
            );
            reply::json(StatusCode::ACCEPTED, level)
        }
        "editClassificationLevel" => {
            let body = match body_object(request) {
                Ok(body) => body.clone(),
                Err(response) => return *response,
            };
            match state
                .levels
                .iter_mut()
                .find(|l| l["levelId"] == request.param("levelId"))
            {
                Some(level) if status_of(level) == "ARCHIVED" => {
                    reply::conflict("an archived level cannot be edited; restore it first")
                }
                Some(level) => {
                    for key in ["name", "definition", "guideline", "color"] {
                        if let Some(value) = body.get(key) {
                            level[key] = value.clone();
                        }
                    }
                    level["changedOn"] = json!(NOW);
                    reply::empty(StatusCode::ACCEPTED)
                }
                None => reply::not_found(&format!("level `{}`", request.param("levelId"))),
            }
        }
        "publishClassificationLevels" => {
            let ids: Vec<String> = match body_object(request)
                .map(|b| b.get("levelIds").and_then(Value::as_array).cloned())
            {
                Ok(Some(ids)) => ids
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                Ok(None) => return reply::bad_request("`levelIds` is required"),
                Err(response) => return *response,
            };
            transition(state, &ids, &["DRAFT", "PUBLISHED"], "PUBLISHED")
        }
        "archiveClassificationLevel" | "restoreClassificationLevel" => {
            let id = match body_object(request)
                .map(|b| b.get("levelId").and_then(Value::as_str).map(str::to_owned))
            {
                Ok(Some(id)) => id,
                Ok(None) => return reply::bad_request("`levelId` is required"),
                Err(response) => return *response,
            };
            if request.operation.operation_id == "archiveClassificationLevel" {
                transition(state, &[id], &["DRAFT", "PUBLISHED"], "ARCHIVED")
            } else {
                transition(state, &[id], &["ARCHIVED"], "DRAFT")
            }
        }
        "reorderClassificationLevels" => reorder(state, request),
        _ => unreachable!("dispatch sends only these operations here"),
    }
}

/// Moves every level in `ids` from one of `from` to `to`, all or nothing.
fn transition(state: &mut State, ids: &[String], from: &[&str], to: &str) -> Response {
    for id in ids {
        match state.levels.iter().find(|l| l["levelId"] == id.as_str()) {
            None => return reply::not_found(&format!("level `{id}`")),
            Some(level) if !from.contains(&status_of(level).as_str()) => {
                return reply::conflict(&format!(
                    "level `{id}` is {}; it cannot become {to}",
                    status_of(level)
                ));
            }
            Some(_) => {}
        }
    }
    for level in state
        .levels
        .iter_mut()
        .filter(|l| ids.iter().any(|id| l["levelId"] == id.as_str()))
    {
        level["status"] = json!(to);
        level["changedOn"] = json!(NOW);
    }
    reply::empty(StatusCode::ACCEPTED)
}

fn reorder(state: &mut State, request: &Request) -> Response {
    let ranks: Vec<(String, u64)> =
        match body_object(request).map(|b| b.get("levels").and_then(Value::as_array).cloned()) {
            Ok(Some(levels)) => levels
                .iter()
                .filter_map(|l| {
                    Some((
                        l.get("levelId")?.as_str()?.to_owned(),
                        l.get("rank")?.as_u64()?,
                    ))
                })
                .collect(),
            Ok(None) => return reply::bad_request("`levels` is required"),
            Err(response) => return *response,
        };
    let mut seen = std::collections::BTreeSet::new();
    if ranks
        .iter()
        .any(|(_, rank)| *rank == 0 || !seen.insert(*rank))
    {
        return reply::bad_request("ranks must be distinct and start at 1");
    }
    if let Some((id, _)) = ranks
        .iter()
        .find(|(id, _)| !state.levels.iter().any(|l| l["levelId"] == id.as_str()))
    {
        return reply::not_found(&format!("level `{id}`"));
    }
    // The listed levels take their ranks; the others keep their order in the ranks left.
    let count = state.levels.len();
    if ranks.iter().any(|(_, rank)| *rank as usize > count) {
        return reply::bad_request(&format!("ranks go from 1 to {count}"));
    }
    let mut slots: Vec<Option<String>> = vec![None; count];
    for (id, rank) in &ranks {
        slots[*rank as usize - 1] = Some(id.clone());
    }
    let mut others: Vec<&Value> = state
        .levels
        .iter()
        .filter(|l| !ranks.iter().any(|(id, _)| l["levelId"] == id.as_str()))
        .collect();
    others.sort_by_key(|l| l["sensitivity"].as_u64());
    let mut others = others
        .into_iter()
        .map(|l| l["levelId"].as_str().unwrap_or_default().to_owned());
    let order: Vec<String> = slots
        .into_iter()
        .map(|slot| slot.or_else(|| others.next()).unwrap_or_default())
        .collect();
    for level in &mut state.levels {
        let rank = order
            .iter()
            .position(|id| level["levelId"] == id.as_str())
            .map_or(count, |i| i + 1);
        level["sensitivity"] = json!(rank);
    }
    reply::empty(StatusCode::ACCEPTED)
}

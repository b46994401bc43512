//! `scope-codegen scopes`: every operation with its method, path and scopes, or the built-in
//! scope table.

use scope_codegen::Requirement;

use crate::args::{InputArgs, print_diagnostics};

/// Prints the scope table the generator carries: as the JSON it is kept in, or as a list.
pub fn builtin_table(json: bool) {
    if json {
        out!("{}", scope_codegen::CLOUD_ADMIN_TABLE);
        return;
    }
    let table = scope_codegen::builtin_table();
    outln!(
        "{}: {}",
        scope_codegen::CLOUD_ADMIN_TABLE_NAME,
        table.source.as_deref().unwrap_or("Atlassian")
    );
    for scope in &table.scopes {
        outln!("{}  {}", scope.name, scope.summary);
        for row in &scope.operations {
            match row.operation_ids.as_slice() {
                [] => outln!("    {} (matched by summary)", row.name),
                ids => outln!("    {} ({})", row.name, ids.join(", ")),
            }
        }
    }
}

pub fn scopes(input: &InputArgs, json: bool) -> Result<(), scope_codegen::Error> {
    let analysis = scope_codegen::analyze(&input.inputs()?)?;
    print_diagnostics(&analysis, true);
    let api = &analysis.api;
    if json {
        let operations: Vec<serde_json::Value> = api
            .operations
            .iter()
            .map(|op| {
                serde_json::json!({
                    "operationId": op.id,
                    "method": op.method,
                    "path": op.path,
                    "requirement": requirement_json(&op.scopes.requirement),
                    "source": op.scopes.chosen.map(|s| format!("{s:?}").to_lowercase()),
                    "conflict": op.scopes.is_conflict(),
                    "stated": op.scopes.stated.iter().map(|(s, r)| serde_json::json!({
                        "source": format!("{s:?}").to_lowercase(),
                        "requirement": requirement_json(r),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let scopes: Vec<serde_json::Value> = api
            .scopes
            .iter()
            .map(|s| {
                serde_json::json!({
                    "name": s.name, "summary": s.summary, "inTable": s.in_table, "usedBy": s.used_by,
                })
            })
            .collect();
        let doc = serde_json::json!({ "operations": operations, "scopes": scopes });
        outln!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return Ok(());
    }
    let width = api
        .operations
        .iter()
        .map(|o| o.id.len())
        .max()
        .unwrap_or(0)
        .max("OPERATION".len());
    let route_width = api
        .operations
        .iter()
        .map(|o| o.method.len() + 1 + o.path.len())
        .max()
        .unwrap_or(0)
        .max("METHOD PATH".len());
    outln!(
        "{:width$}  {:route_width$}  SCOPES",
        "OPERATION",
        "METHOD PATH"
    );
    for op in &api.operations {
        let route = format!("{} {}", op.method, op.path);
        let mut scopes = match &op.scopes.requirement {
            Requirement::Unscoped => "UNSCOPED (only a key without scopes can call it)".to_owned(),
            req => req.to_string(),
        };
        if op.scopes.is_conflict() {
            scopes.push_str("  [sources disagree]");
        }
        outln!("{:width$}  {route:route_width$}  {scopes}", op.id);
    }
    let unscoped = api
        .operations
        .iter()
        .filter(|o| o.scopes.requirement == Requirement::Unscoped)
        .count();
    outln!(
        "\n{} operations: {} scoped, {unscoped} unscoped; {} scopes.",
        api.operations.len(),
        api.operations.len() - unscoped,
        api.scopes.len()
    );
    Ok(())
}

fn requirement_json(requirement: &Requirement) -> serde_json::Value {
    match requirement {
        Requirement::Unscoped => serde_json::json!({ "unscoped": true }),
        Requirement::AnyOf(alternatives) => serde_json::json!({ "anyOf": alternatives }),
    }
}

//! Every kind of bad input gets a clear error (or, where the generator can work around it, a
//! warning) that names the file and the item, and never a panic.

use std::path::PathBuf;

use scope_codegen::{Error, ErrorKind, Inputs, Severity};
use serde_json::{Value, json};

/// A valid document with one operation; tests change it to break one thing.
fn doc() -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/orgs/{orgId}/things": {
                "get": {
                    "operationId": "getThings",
                    "summary": "Get things",
                    "parameters": [{"name": "orgId", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}
                }
            }
        },
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}}
    })
}

struct Files {
    dir: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    fn json(&self, name: &str, value: &Value) -> PathBuf {
        self.write(name, &serde_json::to_string_pretty(value).unwrap())
    }
}

fn run(specs: Vec<PathBuf>, scopes: Option<PathBuf>) -> Result<scope_codegen::Generated, Error> {
    scope_codegen::generate(&Inputs {
        specs,
        scopes,
        ..Inputs::default()
    })
}

fn fails(specs: Vec<PathBuf>, scopes: Option<PathBuf>) -> Error {
    match run(specs, scopes) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e,
    }
}

#[test]
fn a_missing_file_names_the_file() {
    let err = fails(vec![PathBuf::from("no/such/spec.json")], None);
    assert_eq!(err.kind, ErrorKind::Io);
    assert!(
        err.to_string()
            .starts_with("no/such/spec.json: cannot read the file"),
        "{err}"
    );
}

#[test]
fn malformed_json_names_file_line_and_column() {
    let files = Files::new();
    let spec = files.write(
        "spec.json",
        "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {,}\n}",
    );
    let err = fails(vec![spec.clone()], None);
    assert_eq!(err.kind, ErrorKind::Syntax);
    assert_eq!(err.file, spec);
    assert_eq!(err.item, "line 3, column 13");
}

#[test]
fn a_document_that_is_not_openapi_is_refused() {
    let files = Files::new();
    let err = fails(vec![files.json("spec.json", &json!({"paths": {}}))], None);
    assert_eq!(
        (err.kind, err.item.as_str()),
        (ErrorKind::Schema, "/openapi")
    );
    let mut bad = doc();
    bad["paths"]["/orgs/{orgId}/things"]["get"]["responses"] = json!("nope");
    let err = fails(vec![files.json("bad.json", &bad)], None);
    assert_eq!(err.kind, ErrorKind::Schema);
    assert!(
        err.item.starts_with("/paths/~1orgs~1{orgId}~1things/get"),
        "{err}"
    );
}

#[test]
fn a_dangling_schema_ref_names_where_it_is() {
    let files = Files::new();
    let mut bad = doc();
    bad["components"]["schemas"]["Thing"]["properties"]["owner"] =
        json!({"$ref": "#/components/schemas/Owner"});
    let err = fails(vec![files.json("spec.json", &bad)], None);
    assert_eq!(err.kind, ErrorKind::Reference);
    assert_eq!(err.item, "/components/schemas/Thing/properties/owner");
    assert!(
        err.message
            .contains("#/components/schemas/Owner` points at nothing"),
        "{err}"
    );
}

#[test]
fn dangling_and_external_parameter_refs_are_errors() {
    let files = Files::new();
    let mut bad = doc();
    bad["paths"]["/orgs/{orgId}/things"]["get"]["parameters"][0] =
        json!({"$ref": "#/components/parameters/orgId"});
    let err = fails(vec![files.json("a.json", &bad)], None);
    assert_eq!(
        (err.kind, err.item.as_str()),
        (
            ErrorKind::Reference,
            "/paths/~1orgs~1{orgId}~1things/get/parameters/0"
        )
    );
    bad["paths"]["/orgs/{orgId}/things"]["get"]["parameters"][0] =
        json!({"$ref": "common.json#/orgId"});
    let err = fails(vec![files.json("b.json", &bad)], None);
    assert!(err.message.contains("points into another file"), "{err}");
}

#[test]
fn missing_operation_ids_warn_and_can_be_denied() {
    let files = Files::new();
    let mut bad = doc();
    bad["paths"]["/orgs/{orgId}/things"]["get"]
        .as_object_mut()
        .unwrap()
        .remove("operationId");
    let spec = files.json("spec.json", &bad);
    let generated = run(vec![spec.clone()], None).unwrap();
    let warning = generated
        .analysis
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Warning)
        .unwrap();
    assert_eq!(warning.item, "/paths/~1orgs~1{orgId}~1things/get");
    assert!(
        warning.message.contains("generated as `getOrgsThings`"),
        "{warning}"
    );
    assert!(generated.code.contains("pub fn get_orgs_things("));

    let denied = scope_codegen::generate(&Inputs {
        specs: vec![spec],
        deny_warnings: true,
        ..Inputs::default()
    })
    .unwrap_err();
    assert_eq!(denied.kind, ErrorKind::DeniedWarnings);
    assert!(denied.message.contains("has no operationId"), "{denied}");
}

#[test]
fn duplicate_operation_ids_are_collisions_naming_both() {
    let files = Files::new();
    let mut two = doc();
    two["paths"]["/other"] =
        json!({"get": {"operationId": "getThings", "responses": {"204": {"description": "ok"}}}});
    let err = fails(vec![files.json("spec.json", &two)], None);
    assert_eq!(
        (err.kind, err.item.as_str()),
        (ErrorKind::Collision, "/paths/~1other/get")
    );
    assert!(
        err.message.contains("/paths/~1orgs~1{orgId}~1things/get"),
        "{err}"
    );
    // Across documents too.
    let a = files.json("a.json", &doc());
    let b = files.json("b.json", &doc());
    let err = fails(vec![a, b.clone()], None);
    assert_eq!((err.kind, err.file), (ErrorKind::Collision, b));
}

#[test]
fn names_that_collide_after_case_conversion_are_renamed_with_a_warning() {
    let files = Files::new();
    let mut two = doc();
    two["paths"]["/other"] =
        json!({"get": {"operationId": "get_things", "responses": {"204": {"description": "ok"}}}});
    let generated = run(vec![files.json("spec.json", &two)], None).unwrap();
    assert!(
        generated.code.contains("pub fn get_things2("),
        "renamed method"
    );
    assert!(generated.analysis.diagnostics.iter().any(
        |d| d.item == "/paths/~1other/get" && d.message.contains("generated as `get_things2`")
    ));
}

/// A row for an operation that no document given defines: by default a note naming the row and
/// the closest operationIds, with the row left out and a working client; a warning when it is
/// within two edits of one that is there (likely a misspelling, which would otherwise let that
/// operation go by the document's scopes); with `strict_table`, an error at the row.
#[test]
fn scope_table_rows_for_absent_operations_are_notes_unless_strict() {
    let files = Files::new();
    let spec = files.json("spec.json", &doc());
    let table = files.json(
        "scopes.json",
        &json!({"scopes": [{"name": "read:things:admin", "operations": [
            {"name": "Get all things", "operationIds": ["getThing"]},
            {"name": "Get things", "operationIds": ["getThings"]},
            {"name": "Get all classification levels", "operationIds": ["getClassificationLevels"]}
        ]}]}),
    );
    let strict = |specs: Vec<PathBuf>, scopes: PathBuf| {
        scope_codegen::generate(&Inputs {
            specs,
            scopes: Some(scopes),
            options: scope_codegen::Options {
                strict_table: true,
                ..Default::default()
            },
            ..Inputs::default()
        })
        .map(drop)
        .unwrap_err()
    };
    let message = "scope `read:things:admin`: the row \"Get all things\" names operation `getThing`, which no document defines; closest operationIds: `getThings`";
    let err = strict(vec![spec.clone()], table.clone());
    assert_eq!(err.kind, ErrorKind::Scope);
    assert_eq!(err.file, table);
    assert_eq!(err.item, "/scopes/0/operations/0");
    assert_eq!(err.message, message);

    let generated = run(vec![spec.clone()], Some(table.clone())).unwrap();
    let at = |item: &str| {
        generated
            .analysis
            .diagnostics
            .iter()
            .find(|d| d.item == item)
            .unwrap_or_else(|| panic!("a diagnostic at {item}"))
    };
    // Within two edits of `getThings`: a misspelling, so a warning.
    let typo = at("/scopes/0/operations/0");
    assert_eq!(typo.severity, scope_codegen::Severity::Warning);
    assert_eq!(typo.file, table);
    assert!(typo.message.starts_with(message), "{}", typo.message);
    assert!(
        typo.message.contains("looks like a misspelling"),
        "{}",
        typo.message
    );
    // Another API's operation: a note.
    let other_api = at("/scopes/0/operations/2");
    assert_eq!(other_api.severity, scope_codegen::Severity::Note);
    assert!(
        other_api
            .message
            .contains("the row is left out (the documents given do not include that API"),
        "{}",
        other_api.message
    );
    // The rows that match still apply.
    let op = &generated.analysis.api.operations[0];
    assert_eq!(op.id, "getThings");
    assert!(
        generated.code.contains("G: scopes::ReadThingsAdmin"),
        "the matching row's scope is required"
    );

    let by_name = files.json(
        "by-name.json",
        &json!({"scopes": [{"name": "read:things:admin", "operations": [{"name": "Get the things"}]}]}),
    );
    let err = strict(vec![spec.clone()], by_name.clone());
    assert!(
        err.message
            .contains("matches no operation summary; closest summaries: `Get things`"),
        "{err}"
    );
    let generated = run(vec![spec], Some(by_name)).unwrap();
    assert!(
        generated
            .analysis
            .diagnostics
            .iter()
            .any(|d| d.severity == scope_codegen::Severity::Note
                && d.message.contains("matches no operation summary"))
    );
}

#[test]
fn unknown_and_misspelt_scopes() {
    let files = Files::new();
    let spec_path = files.json("spec.json", &doc());
    // Not a scope at all, in the table: an error at the name.
    let table = files.json("bad.json", &json!({"scopes": [{"name": "Read things"}]}));
    let err = fails(vec![spec_path.clone()], Some(table));
    assert_eq!(
        (err.kind, err.item.as_str()),
        (ErrorKind::Scope, "/scopes/0/name")
    );
    // A document naming a near-miss of a table scope: a warning with the likely intent.
    let mut misspelt = doc();
    misspelt["paths"]["/orgs/{orgId}/things"]["get"]["description"] =
        json!("Scopes required: `read:thigns:admin`");
    let table = files.json(
        "scopes.json",
        &json!({"scopes": [{"name": "read:things:admin", "operations": [{"name": "Get things", "operationIds": ["getThings"]}]}]}),
    );
    let generated = run(vec![files.json("misspelt.json", &misspelt)], Some(table)).unwrap();
    assert!(
        generated.analysis.diagnostics.iter().any(|d| d.severity == Severity::Warning
            && d.item == "getThings"
            && d.message.contains("`read:thigns:admin`, which is not in the scope table; did you mean `read:things:admin`?")),
        "{:#?}",
        generated.analysis.diagnostics
    );
}

#[test]
fn scope_table_shape_errors_point_into_the_table() {
    let files = Files::new();
    let spec = files.json("spec.json", &doc());
    let table = files.json("scopes.json", &json!({"scopes": [{"name": "read:a:admin", "operations": [{"operationIds": ["getThings"]}]}]}));
    let err = fails(vec![spec.clone()], Some(table));
    assert_eq!(
        (err.kind, err.item.as_str()),
        (ErrorKind::Schema, "/scopes/0/operations/0")
    );
    let dup = files.json(
        "dup.json",
        &json!({"scopes": [{"name": "read:a:admin"}, {"name": "read:a:admin"}]}),
    );
    assert_eq!(fails(vec![spec], Some(dup)).kind, ErrorKind::Collision);
}

#[test]
fn a_path_variable_without_a_parameter_still_generates() {
    let files = Files::new();
    let mut odd = doc();
    odd["paths"]["/orgs/{orgId}/things/{userId}"] = json!({"get": {
        "operationId": "getThing",
        "parameters": [
            {"name": "orgId", "in": "path", "required": true, "schema": {"type": "string"}},
            {"name": "accountId", "in": "path", "required": true, "schema": {"type": "string"}}
        ],
        "responses": {"204": {"description": "ok"}}
    }});
    let generated = run(vec![files.json("spec.json", &odd)], None).unwrap();
    assert!(
        generated.code.contains("user_id: &str"),
        "a usable parameter for {{userId}}"
    );
    let warnings: Vec<&str> = generated
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
}

#[test]
fn security_must_name_defined_schemes_and_real_scopes() {
    let files = Files::new();
    let op = "/paths/~1orgs~1{orgId}~1things/get";
    let mut d = doc();
    d["components"]["securitySchemes"] = json!({"oauth2": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://x", "scopes": {}}}}});
    // A scheme that is not defined would drop its scopes and leave the operation unscoped.
    d["paths"]["/orgs/{orgId}/things"]["get"]["security"] = json!([{"oAuth2": ["read:things"]}]);
    let e = fails(vec![files.json("a.json", &d)], None);
    assert_eq!(e.kind, ErrorKind::Scope);
    assert_eq!(e.item, format!("{op}/security/0/oAuth2"));
    assert!(e.message.contains("`oAuth2` is not defined"), "{e}");
    assert!(e.message.contains("defines `oauth2`"), "{e}");
    // Document-level requirements are checked where they are.
    d["paths"]["/orgs/{orgId}/things"]["get"]
        .as_object_mut()
        .unwrap()
        .remove("security");
    d["security"] = json!([{"oauth2": ["Read Things"]}]);
    let e = fails(vec![files.json("b.json", &d)], None);
    assert_eq!(
        (e.kind, e.item.as_str()),
        (ErrorKind::Scope, "/security/0/oauth2/0")
    );
    assert!(e.message.contains("`Read Things` is not a scope"), "{e}");
    d.as_object_mut().unwrap().remove("security");
    // And so are the scopes of Atlassian's extension.
    d["paths"]["/orgs/{orgId}/things"]["get"]["x-atlassian-oauth2-scopes"] =
        json!([{"scopes": ["read:things", "WRITE:things"]}]);
    let e = fails(vec![files.json("c.json", &d)], None);
    assert_eq!(
        (e.kind, e.item.clone()),
        (ErrorKind::Scope, format!("{op}/x-atlassian-oauth2-scopes"))
    );
    assert!(e.message.contains("`WRITE:things`"), "{e}");
}

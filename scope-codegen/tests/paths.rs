//! Names and paths from a document in generated code. Request paths built from path parameters
//! whose names meet: each `{name}` takes its own parameter's encoded value, whatever the other
//! parameters are called and whatever else the path template holds. And names in docs: an
//! operationId or a path cannot open a doctest.

use std::path::PathBuf;

use serde_json::json;

fn generate(paths: serde_json::Value, servers: serde_json::Value) -> String {
    let doc = json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "servers": servers, "paths": paths
    });
    scope_codegen::generate_texts(
        &[(PathBuf::from("t.json"), doc.to_string())],
        scope_codegen::Options::default(),
    )
    .unwrap()
    .code
}

fn param(name: &str) -> serde_json::Value {
    json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}})
}

#[test]
fn a_parameter_named_like_another_ones_segment_local_is_not_shadowed() {
    let code = generate(
        json!({"/x/{type}/{type_segment}": {"get": {"operationId": "get",
            "parameters": [param("type"), param("type_segment")],
            "responses": {"204": {"description": "ok"}}}}}),
        json!([]),
    );
    assert!(
        code.contains("let type_segment_segment = ::scope_runtime::encode_segment(&r#type);"),
        "{code}"
    );
    assert!(code.contains("let type_segment = ::scope_runtime::encode_segment(&type_segment);"));
    assert!(
        code.contains(r#"let path = ::std::format!("/x/{type_segment_segment}/{type_segment}");"#),
        "{code}"
    );
}

#[test]
fn each_template_variable_takes_the_parameter_of_its_name() {
    // Parameters declared in another order than the path's, and a server variable with no
    // parameter: it stays as written and shifts nothing.
    let code = generate(
        json!({"/orgs/{org}/items/{item}": {"get": {"operationId": "get",
            "parameters": [param("item"), param("org")],
            "responses": {"204": {"description": "ok"}}}}}),
        json!([{"url": "https://example.com/{v}"}]),
    );
    assert!(
        code.contains(r#"let path = ::std::format!("/{{v}}/orgs/{org}/items/{item}");"#)
            || code.contains(r#"let path = ::std::format!("/orgs/{org}/items/{item}");"#),
        "{code}"
    );
}

/// An operationId that holds a line break and a fence would open a Rust code block in the
/// method's documentation, a doctest that `cargo test` runs. In docs it stays an inline span.
#[test]
fn names_in_docs_cannot_open_a_doctest() {
    let hostile = "del\n\n```\nstd::process::exit(1);\n```\n";
    let code = generate(
        json!({"/x\n```\nlet _ = 1;\n```": {"delete": {"operationId": hostile,
            "responses": {"204": {"description": "ok"}}}}}),
        json!([]),
    );
    let fence = code
        .lines()
        .any(|line| line.trim_start().trim_start_matches('/').trim() == "```");
    assert!(!fence, "{code}");
    assert!(!code.contains("/// std::process::exit(1);"), "{code}");
}

/// Braces in an operationId are not format placeholders in the proof's compile-time message.
#[test]
fn braces_in_an_operation_id_are_literal_in_diagnostics() {
    let doc = json!({
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/x": {"get": {"operationId": "get{Self}",
            "security": [{"o": ["read:a:admin"]}, {"o": ["read:b:admin"]}],
            "responses": {"204": {"description": "ok"}}}}},
        "components": {"securitySchemes": {"o": {"type": "oauth2", "flows": {"clientCredentials": {
            "tokenUrl": "https://example.com/t", "scopes": {}}}}}}
    });
    let code = scope_codegen::generate_texts(
        &[(PathBuf::from("t.json"), doc.to_string())],
        scope_codegen::Options::default(),
    )
    .unwrap()
    .code;
    assert!(
        code.contains(
            "message = \"no scope alternative of `get{{Self}}` is declared for this call\","
        ),
        "{code}"
    );
}

#[test]
fn an_operation_left_unscoped_among_scoped_ones_is_warned_of_and_parameters_keep_their_names() {
    let op = |id: &str, security: Option<serde_json::Value>| {
        let mut op = json!({"operationId": id, "responses": {"204": {"description": "ok"}},
            "parameters": [{"name": "query", "in": "query", "schema": {"type": "string"}}]});
        if let Some(security) = security {
            op["security"] = security;
        }
        op
    };
    let doc = |paths: serde_json::Value| {
        json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": {"securitySchemes": {"oauth": {"type": "oauth2", "flows": {
                "authorizationCode": {"authorizationUrl": "https://x.test/a",
                    "tokenUrl": "https://x.test/t", "scopes": {"read:x": ""}}}}}}
        })
        .to_string()
    };
    let warnings = |text: String| {
        let generated =
            scope_codegen::generate_texts(&[(PathBuf::from("t.json"), text)], Default::default())
                .unwrap();
        let code = generated.code;
        let lines: Vec<String> = generated
            .analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == scope_codegen::Severity::Warning)
            .map(ToString::to_string)
            .collect();
        (lines, code)
    };
    let (mixed, code) = warnings(doc(json!({
        "/a": {"get": op("readA", Some(json!([{"oauth": ["read:x"]}])))},
        "/b": {"get": op("readB", None)},
    })));
    assert_eq!(
        mixed,
        [
            "warning: t.json: /paths: `readB` has no scopes although 1 other operations of this document have some: only a key created without scopes (full access) can call it (name its scopes in a scope table, or allow it)"
        ]
    );
    // An optional parameter is a field of the parameters struct: a method's local `query`
    // does not push it aside.
    assert!(code.contains("pub query: Option<String>,"), "{code}");
    // A document that names no scope at all is not warned of operation by operation.
    let (none, _) = warnings(doc(json!({
        "/a": {"get": op("readA", None)},
        "/b": {"get": op("readB", None)},
    })));
    assert!(none.is_empty(), "{none:?}");
}

//! `[package.metadata.scope-codegen]`: one configuration for `build.rs` and the CLI, with
//! operation renames and expected warnings.

use std::path::{Path, PathBuf};
use std::process::Command;

use scope_codegen::Severity;
use scope_codegen::config::Config;
use serde_json::json;

/// A crate directory with `spec.json` (one operation without an operationId, with a path
/// variable no parameter declares) and a `Cargo.toml` ending in `metadata`.
fn crate_with(metadata: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/orgs/{orgId}/invite": {"post": {"responses": {"204": {"description": "ok"}}}},
            "/orgs/{orgId}/things": {"get": {
                "operationId": "getThings",
                "parameters": [{"name": "orgId", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"204": {"description": "ok"}}
            }}
        }
    });
    std::fs::create_dir_all(dir.path().join("openapi")).unwrap();
    std::fs::write(dir.path().join("openapi/spec.json"), spec.to_string()).unwrap();
    let manifest = dir.path().join("Cargo.toml");
    std::fs::write(
        &manifest,
        format!("[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n{metadata}"),
    )
    .unwrap();
    (dir, manifest)
}

const CONFIG: &str = r#"[package.metadata.scope-codegen]
specs = ["openapi/spec.json"]
strict-table = true

[package.metadata.scope-codegen.rename]
"/paths/~1orgs~1{orgId}~1invite/post" = "inviteUser"

[package.metadata.scope-codegen.allow]
"inviteUser" = "the document declares no orgId parameter; the generated one is right"
"#;

#[test]
fn renames_name_operations_and_allowed_warnings_become_notes() {
    let (_dir, manifest) = crate_with(CONFIG);
    let config = Config::from_manifest(&manifest).unwrap().unwrap();
    assert_eq!(
        config.specs,
        [manifest.parent().unwrap().join("openapi/spec.json")]
    );
    assert!(config.strict_table);
    let generated = scope_codegen::generate(&config.inputs(&manifest)).unwrap();
    let ids: Vec<&str> = generated
        .analysis
        .api
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(ids, ["inviteUser", "getThings"]);
    assert!(generated.code.contains("pub fn invite_user("));
    // Renamed, so no "has no operationId" warning; the missing path parameter is allowed.
    let diagnostics = &generated.analysis.diagnostics;
    assert!(
        diagnostics.iter().all(|d| d.severity != Severity::Warning),
        "{diagnostics:#?}"
    );
    let allowed = diagnostics
        .iter()
        .find(|d| d.item == "/paths/~1orgs~1{orgId}~1invite/post")
        .unwrap();
    assert_eq!(allowed.severity, Severity::Note);
    assert!(
        allowed.message.ends_with(" (allowed by `inviteUser`)"),
        "{}",
        allowed.message
    );
}

/// A rename by operationId also takes the name derived for an operation without one, which is
/// what the warning about it shows.
#[test]
fn the_configuration_selects_operations() {
    let (_dir, manifest) = crate_with(&format!(
        "{CONFIG}\n[package.metadata.scope-codegen.select]\npaths = [\"/orgs/{{orgId}}/things\"]\n"
    ));
    let config = Config::from_manifest(&manifest).unwrap().unwrap();
    let mut inputs = config.inputs(&manifest);
    assert_eq!(inputs.select.paths, ["/orgs/{orgId}/things"]);
    // The allow entry names an operation left out: it allows nothing, and says so.
    inputs.allow.clear();
    let generated = scope_codegen::generate(&inputs).unwrap();
    let ids: Vec<&str> = generated
        .analysis
        .api
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(ids, ["getThings"]);
    assert!(!generated.code.contains("invite_user"));
    let (_dir, manifest) = crate_with(&format!(
        "{CONFIG}\n[package.metadata.scope-codegen.select]\noperation = [\"getThings\"]\n"
    ));
    let err = Config::from_manifest(&manifest).unwrap_err();
    assert!(
        err.to_string().contains("unknown field `operation`"),
        "{err}"
    );
}

#[test]
fn a_derived_operation_id_can_be_renamed() {
    let (_dir, manifest) = crate_with(
        "[package.metadata.scope-codegen]\nspecs = [\"openapi/spec.json\"]\n\n[package.metadata.scope-codegen.rename]\npostOrgsInvite = \"inviteUser\"\n",
    );
    let config = Config::from_manifest(&manifest).unwrap().unwrap();
    let generated = scope_codegen::generate(&config.inputs(&manifest)).unwrap();
    assert_eq!(generated.analysis.api.operations[0].id, "inviteUser");
    assert!(
        !generated
            .analysis
            .diagnostics
            .iter()
            .any(|d| d.message.contains("no operationId") || d.message.contains("renames")),
        "{:#?}",
        generated.analysis.diagnostics
    );
}

#[test]
fn stale_renames_and_allows_are_warnings_naming_the_manifest() {
    let (_dir, manifest) = crate_with(
        r#"[package.metadata.scope-codegen]
specs = ["openapi/spec.json"]

[package.metadata.scope-codegen.rename]
"getThing" = "listThings"

[package.metadata.scope-codegen.allow]
"getThings" = "nothing to allow"
"#,
    );
    let config = Config::from_manifest(&manifest).unwrap().unwrap();
    let generated = scope_codegen::generate(&config.inputs(&manifest)).unwrap();
    let warnings: Vec<String> = generated
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning && d.file == manifest)
        .map(|d| format!("{}: {}", d.item, d.message))
        .collect();
    assert_eq!(
        warnings,
        [
            "rename.\"getThing\": renames `getThing`, which is no operation's JSON pointer or operationId",
            "allow.\"getThings\": allows the warnings of `getThings`, but it has none",
        ]
    );
}

#[test]
fn a_bad_configuration_is_an_error_naming_the_manifest() {
    let cases = [
        (
            "[package.metadata.scope-codegen]\nspecs = []\n",
            "`specs` lists no OpenAPI document",
        ),
        (
            "[package.metadata.scope-codegen]\nspecs = [\"a.json\"]\nprefer = \"tables\"\n",
            "not a valid configuration: unknown variant `tables`, expected `table` or `document`",
        ),
        (
            "[package.metadata.scope-codegen]\nspecs = [\"a.json\"]\nspec = \"b.json\"\n",
            "not a valid configuration: unknown field `spec`",
        ),
        ("[package.metadata.scope-codegen\n", "not valid TOML"),
    ];
    for (metadata, expected) in cases {
        let (_dir, manifest) = crate_with(metadata);
        let err = Config::from_manifest(&manifest).unwrap_err();
        assert_eq!(err.file, manifest);
        assert!(err.message.starts_with(expected), "{metadata}: {err}");
    }
    let (_dir, manifest) = crate_with("");
    assert!(Config::from_manifest(&manifest).unwrap().is_none());
}

/// The CLI in a configured crate needs no flags.
#[test]
fn the_cli_reads_the_configuration_when_no_spec_is_given() {
    let (dir, _manifest) = crate_with(CONFIG);
    let out = Command::new(env!("CARGO_BIN_EXE_scope-codegen"))
        .arg("scopes")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("inviteUser"), "{stdout}");

    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scope-codegen"))
        .arg("scopes")
        .current_dir(empty.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "no --spec given, and no [package.metadata.scope-codegen] here to read the inputs from"
    ));
    assert!(!Path::new(&empty.path().join("client.rs")).exists());
}

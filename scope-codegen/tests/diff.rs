//! `scope-codegen diff` on real data: two versions of Atlassian's Jira platform document (the
//! granular alternative of one operation dropped, another operation deprecated, a third
//! renamed), and the Cloud Admin documents of this repository with the scope table changed as
//! Atlassian's later pages name the API-key scopes (`read:keys:admin` for `read:tokens:admin`).

use std::path::{Path, PathBuf};
use std::process::Command;

use scope_codegen::diff::{ChangeKind, diff};
use scope_codegen::{Inputs, analyze};

mod common;
use common::shared;

fn inputs(specs: &[PathBuf], scopes: Option<PathBuf>) -> Inputs {
    Inputs {
        specs: specs.to_vec(),
        scopes,
        ..Inputs::default()
    }
}

/// The Jira document, with three changes made to it, written beside the original's copy.
fn jira_versions(dir: &Path) -> Option<(PathBuf, PathBuf)> {
    let original = shared("jira-platform-2022.json")?;
    let text = std::fs::read_to_string(&original).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let op = |doc: &mut serde_json::Value, path: &str, method: &str| -> serde_json::Value {
        doc["paths"][path][method].take()
    };
    // Granular alternative dropped: a key of granular scopes no longer calls it.
    let path = "/rest/api/3/app/field/{fieldIdOrKey}/context/configuration";
    let mut config = op(&mut doc, path, "get");
    config["x-atlassian-oauth2-scopes"]
        .as_array_mut()
        .unwrap()
        .retain(|entry| entry["state"] != "Beta");
    doc["paths"][path]["get"] = config;
    // Deprecated.
    doc["paths"]["/rest/api/3/issue/{issueIdOrKey}"]["get"]["deprecated"] = true.into();
    // Renamed.
    doc["paths"]["/rest/api/3/myself"]["get"]["operationId"] = "getMyself".into();
    let old = dir.join("old.json");
    let new = dir.join("new.json");
    std::fs::write(&old, text).unwrap();
    std::fs::write(&new, serde_json::to_vec(&doc).unwrap()).unwrap();
    Some((old, new))
}

#[test]
fn the_jira_documents_changes_are_each_reported() {
    let dir = tempfile::tempdir().unwrap();
    let Some((old, new)) = jira_versions(dir.path()) else {
        return;
    };
    let old = analyze(&inputs(&[old], None)).unwrap();
    let new = analyze(&inputs(&[new], None)).unwrap();
    let changes = diff(&old.api, &new.api);
    let find = |id: &str| changes.operations.iter().find(|o| o.operation == id);

    let config = find("getCustomFieldConfiguration").expect("the dropped alternative");
    assert!(config.grew, "{config:?}");
    assert_eq!(
        config.requirement_changes,
        ["alternative {read:custom-field-contextual-configuration:jira} dropped"]
    );
    let issue = find("getIssue").expect("the deprecated operation");
    assert!(issue.deprecated && !issue.grew && issue.requirement_changes.is_empty());
    let myself = find("getMyself").expect("the renamed operation");
    assert_eq!(myself.kind, ChangeKind::Changed);
    assert_eq!(myself.renamed_from.as_deref(), Some("getCurrentUser"));
    assert!(
        find("getCurrentUser").is_none(),
        "a rename is not a removal"
    );
    assert_eq!(changes.operations.len(), 3, "{changes:#?}");
    assert!(changes.any_grew());
    assert_eq!(changes.requirements_changed(), 1);
}

#[test]
fn nothing_changed_is_said_and_exits_zero() {
    let Some(jira) = shared("jira-platform-2022.json") else {
        return;
    };
    let out = Command::new(env!("CARGO_BIN_EXE_scope-codegen"))
        .args(["diff", "--old-spec"])
        .arg(&jira)
        .arg("--new-spec")
        .arg(&jira)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "no operation, requirement or table scope changed\n"
    );
}

#[test]
fn the_cli_exits_one_when_a_requirement_grew_and_says_so_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let Some((old, new)) = jira_versions(dir.path()) else {
        return;
    };
    let run = |json: bool| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_scope-codegen"));
        command
            .args(["diff", "--old-spec"])
            .arg(&old)
            .arg("--new-spec")
            .arg(&new);
        if json {
            command.arg("--json");
        }
        command.output().unwrap()
    };
    let text = run(false);
    assert_eq!(text.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(stdout.contains("GREW     getCustomFieldConfiguration (GET /rest/api/3/app/field/{fieldIdOrKey}/context/configuration)"), "{stdout}");
    assert!(stdout.contains("renamed from getCurrentUser"), "{stdout}");
    assert!(stdout.contains("now deprecated"), "{stdout}");
    assert!(
        stdout.ends_with("3 operation(s) changed, 1 requirement(s) changed, 1 grew\n"),
        "{stdout}"
    );
    let json = run(true);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let grew: Vec<&str> = value["operations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["grew"] == true)
        .map(|o| o["operation"].as_str().unwrap())
        .collect();
    assert_eq!(grew, ["getCustomFieldConfiguration"]);
}

/// The scope table of this repository against one that names the API-key scopes as
/// Atlassian's later reference pages do: every operation of those scopes grew (a key created
/// with the old names lacks the new ones), and the table's scopes changed.
#[test]
fn a_renamed_table_scope_grows_every_operation_it_covers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let specs: Vec<PathBuf> = ["organizations.json", "dlp.json", "api-access.json"]
        .iter()
        .map(|f| root.join("spec").join(f))
        .collect();
    let table = root.join("spec/scopes.json");
    let renamed = std::fs::read_to_string(&table)
        .unwrap()
        .replace("read:tokens:admin", "read:keys:admin")
        .replace("delete:tokens:admin", "delete:keys:admin");
    let dir = tempfile::tempdir().unwrap();
    let new_table = dir.path().join("scopes.json");
    std::fs::write(&new_table, renamed).unwrap();
    let old = analyze(&inputs(&specs, Some(table))).unwrap();
    let new = analyze(&inputs(&specs, Some(new_table))).unwrap();
    let changes = diff(&old.api, &new.api);
    let grew: Vec<&str> = changes
        .operations
        .iter()
        .filter(|o| o.grew)
        .map(|o| o.operation.as_str())
        .collect();
    // `bulkRevokeApiTokens` keeps the document's `delete:tokens:admin`: the table does not
    // list it.
    assert_eq!(
        grew,
        [
            "getApiTokens",
            "getApiTokenCount",
            "getApiKeys",
            "getApiKeyCount",
            "revokeApiKey"
        ]
    );
    let keys = changes
        .operations
        .iter()
        .find(|o| o.operation == "getApiKeys")
        .unwrap();
    assert_eq!(
        keys.requirement_changes,
        [
            "alternative {read:tokens:admin} dropped",
            "alternative {read:keys:admin} added"
        ]
    );
    assert_eq!(
        changes.table_added,
        ["delete:keys:admin", "read:keys:admin"]
    );
    assert_eq!(
        changes.table_dropped,
        ["delete:tokens:admin", "read:tokens:admin"]
    );
}

/// With `--crate`: the examples of this repository against the renamed table. The key-rotation
/// example lists and revokes keys, so its functions and its entry point need the new names;
/// the key must add them (its list says `allow_unneeded`, since a key that mints keys holds the
/// scopes it hands on, so nothing is proposed for removal).
#[test]
fn the_crate_part_names_the_functions_and_the_key() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap();
    let table = root.join("spec/scopes.json");
    let new_table = dir.path().join("scopes.json");
    let renamed = std::fs::read_to_string(&table)
        .unwrap()
        .replace("read:tokens:admin", "read:keys:admin");
    std::fs::write(&new_table, renamed).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_scope-codegen"))
        .current_dir(&root)
        .args([
            "diff",
            "--new-spec",
            "spec/organizations.json",
            "spec/dlp.json",
            "spec/api-access.json",
        ])
        .args(["--old-scopes", "spec/scopes.json", "--new-scopes"])
        .arg(&new_table)
        .args(["--crate", "examples", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let impact = &value["crate"];
    assert_eq!(
        impact["keyAdd"],
        serde_json::json!(["read:keys:admin"]),
        "{impact:#}"
    );
    assert_eq!(impact["keyRemove"], serde_json::json!([]), "{impact:#}");
    let functions = impact["functions"].as_array().unwrap();
    assert!(!functions.is_empty(), "{impact:#}");
    for f in functions {
        assert_eq!(f["add"], serde_json::json!(["read:keys:admin"]), "{f:#}");
        assert!(f["at"].as_str().unwrap().starts_with("examples/"), "{f:#}");
    }
    let entries = impact["entryPoints"].as_array().unwrap();
    assert!(
        entries.iter().any(|e| e["at"]
            .as_str()
            .unwrap()
            .starts_with("examples/key_rotation")),
        "{impact:#}"
    );
}

//! Snapshot of the code generated for a small spec that uses every feature the generator
//! supports. On a difference the test prints a diff; `UPDATE_SNAPSHOTS=1` rewrites the
//! snapshot. `generated_widgets.rs` compiles the same file and exercises it.

use std::path::{Path, PathBuf};

use scope_codegen::{Inputs, Severity};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn widgets_client_matches_the_snapshot() {
    let inputs = Inputs {
        specs: vec![fixture("widgets.json")],
        scopes: Some(fixture("widgets-scopes.json")),
        ..Inputs::default()
    };
    let generated = scope_codegen::generate(&inputs).expect("the fixture generates");
    // Paths in messages depend on where the repository is; the code must not.
    let code = generated.code;
    let expected_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected/widgets.rs");
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if code != expected {
        if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(&expected_path, &code).unwrap();
            return;
        }
        let diff = similar::TextDiff::from_lines(&expected, &code);
        panic!(
            "generated code differs from {} (rerun with UPDATE_SNAPSHOTS=1 to accept):\n{}",
            expected_path.display(),
            diff.unified_diff()
                .context_radius(2)
                .header("expected", "generated")
        );
    }
}

#[test]
fn widgets_diagnostics_report_conflicts_gaps_and_unused_scopes() {
    let inputs = Inputs {
        specs: vec![fixture("widgets.json")],
        scopes: Some(fixture("widgets-scopes.json")),
        ..Inputs::default()
    };
    let analysis = scope_codegen::analyze(&inputs).unwrap();
    let messages: Vec<String> = analysis
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    let has = |severity: Severity, needle: &str| {
        analysis
            .diagnostics
            .iter()
            .any(|d| d.severity == severity && d.to_string().contains(needle))
    };
    assert!(
        has(
            Severity::Warning,
            "getTree: scope sources disagree: the scope table says read:widgets:admin, the description's scope note says read:trees:admin"
        ),
        "{messages:#?}"
    );
    assert!(
        has(
            Severity::Note,
            "no documented operation uses `write:gadgets:admin`"
        ),
        "{messages:#?}"
    );
    assert!(
        has(
            Severity::Note,
            "the scope table lacks `delete:widgets:admin`"
        ),
        "{messages:#?}"
    );
    // The row without operationIds matched the operation by its summary.
    let get_widget = analysis
        .api
        .operations
        .iter()
        .find(|o| o.id == "getWidget")
        .unwrap();
    assert_eq!(get_widget.table_names, ["Get a widget"]);
}

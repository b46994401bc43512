//! The audit agrees with the compiler. For every `#[requires_scope]` function in the examples
//! and in the UI pass fixture, the audit's needed set equals its declaration (which compiles:
//! those files build in this test suite), and removing any one scope of it fails to compile,
//! with an error naming that scope.
//!
//! Each variant is checked with `cargo check` in a scratch crate under `target/agreement`
//! (dependencies build once there).

use std::path::{Path, PathBuf};
use std::process::Command;

use scope_codegen::audit::{Function, audit};
use scope_codegen::{Inputs, Options, Prefer};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn api() -> scope_codegen::Api {
    let inputs = Inputs {
        specs: ["organizations", "dlp", "api-access"]
            .iter()
            .map(|n| root().join(format!("spec/{n}.json")))
            .collect(),
        scopes: Some(root().join("spec/scopes.json")),
        options: Options {
            prefer: Prefer::Table,
            prefer_explicit: true,
            strict_table: true,
        },
        deny_warnings: false,
        ..Inputs::default()
    };
    scope_codegen::analyze(&inputs).unwrap().api
}

/// The client of `tests/widgets-client`: requirements with classic and granular alternatives.
fn widgets_api() -> scope_codegen::Api {
    let fixture = |f: &str| root().join("scope-codegen/tests/fixtures").join(f);
    let inputs = Inputs {
        specs: vec![fixture("widgets.json")],
        scopes: Some(fixture("widgets-scopes.json")),
        ..Inputs::default()
    };
    scope_codegen::analyze(&inputs).unwrap().api
}

/// A scratch binary crate holding `source` (and the examples' `common` module).
fn scratch(name: &str, source: &str) -> PathBuf {
    let dir = root().join("target/agreement").join(name);
    std::fs::create_dir_all(dir.join("src/common")).unwrap();
    let manifest = format!(
        "[package]\nname = \"agreement-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\ncloud-admin = {{ path = {root:?} }}\ncloud-admin-server = {{ path = {server:?} }}\nwidgets-client = {{ path = {widgets:?} }}\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}\n\n[workspace]\n",
        root = root().display().to_string(),
        server = root().join("cloud-admin-server").display().to_string(),
        widgets = root().join("tests/widgets-client").display().to_string(),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::write(dir.join("src/main.rs"), source).unwrap();
    std::fs::copy(
        root().join("examples/common/mod.rs"),
        dir.join("src/common/mod.rs"),
    )
    .unwrap();
    dir
}

fn check(dir: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO"))
        .args(["check", "--quiet", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/agreement/target"))
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The source with `f`'s attribute declaring `scopes`.
fn declaring(source: &str, f: &Function, scopes: &[&String]) -> String {
    let args: Vec<String> = f
        .client_option
        .iter()
        .cloned()
        .chain(scopes.iter().map(|s| {
            if *s == "unscoped" {
                "unscoped".to_owned()
            } else {
                format!("{s:?}")
            }
        }))
        .collect();
    let mut out = source.to_owned();
    out.replace_range(f.args.clone(), &args.join(", "));
    out
}

#[test]
fn removing_any_needed_scope_fails_to_compile() {
    let api = api();
    let files = [
        "examples/policy_audit.rs",
        "examples/key_rotation.rs",
        "examples/data_classification.rs",
        "tests/ui/pass/where_it_works.rs",
    ];
    let mut variants = 0;
    for file in files {
        let path = root().join(file);
        let source = std::fs::read_to_string(&path).unwrap();
        let report = audit(&path, &api).unwrap();
        assert!(!report.functions.is_empty(), "{file}");
        // The declaration as written is exactly what the audit finds needed.
        let exact = scratch("exact", &source);
        assert!(check(&exact).0, "{file} as written compiles");
        for f in &report.functions {
            assert_eq!(f.declared, f.needed, "{file}: {}", f.name);
            for removed in &f.needed {
                let rest: Vec<&String> = f.needed.iter().filter(|s| *s != removed).collect();
                let dir = scratch("variant", &declaring(&source, f, &rest));
                let (ok, stderr) = check(&dir);
                assert!(
                    !ok,
                    "{file}: `{}` without `{removed}` still compiles",
                    f.name
                );
                if !rest.is_empty() {
                    assert!(
                        stderr.contains(removed.as_str()),
                        "{file}: `{}` without `{removed}`:\n{stderr}",
                        f.name
                    );
                }
                variants += 1;
            }
        }
    }
    assert!(variants >= 15, "{variants} variants checked");
}

/// The UI fixtures that fail because of a wrong declaration compile once the audit fixes it.
#[test]
fn the_audits_fix_makes_failing_fixtures_compile() {
    let api = api();
    for (i, file) in [
        "missing_scope",
        "transitive",
        "transitive_async",
        "unscoped_operation",
    ]
    .iter()
    .enumerate()
    {
        let path = root().join(format!("tests/ui/fail/{file}.rs"));
        let source = std::fs::read_to_string(&path).unwrap();
        let before = scratch(&format!("fix-{i}"), &source);
        assert!(!check(&before).0, "{file} fails as written");
        let fixes = scope_codegen::audit::fixes(&audit(&path, &api).unwrap()).unwrap();
        assert_eq!(fixes.len(), 1, "{file} has something to fix");
        let after = scratch(&format!("fix-{i}"), &fixes[0].after);
        let (ok, stderr) = check(&after);
        assert!(
            ok,
            "{file} after the audit's fix:\n{}\n{stderr}",
            fixes[0].diff()
        );
    }
}

/// The macro's unneeded-scope warning and the audit agree: where the fixture warns, the audit
/// calls the scope redundant, and its fix compiles without the warning; where the attribute
/// says `allow_unneeded`, neither speaks.
#[test]
fn unneeded_scopes_warned_are_the_ones_the_fix_removes() {
    let path = root().join("tests/ui/pass/unneeded_scope.rs");
    let source = std::fs::read_to_string(&path).unwrap();
    let report = audit(&path, &api()).unwrap();
    let redundant: Vec<(&str, Vec<String>)> = report
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.redundant().into_iter().collect()))
        .collect();
    let delete = vec!["delete:policies:admin".to_owned()];
    assert_eq!(
        redundant,
        [
            ("audit", delete.clone()),
            ("allowing_deprecated", delete),
            ("on_purpose", vec![])
        ]
    );
    let (_, before) = check(&scratch("unneeded-before", &source));
    assert_eq!(
        before.matches("nothing in its body needs it").count(),
        2,
        "{before}"
    );
    let fixes = scope_codegen::audit::fixes(&report).unwrap();
    let (ok, after) = check(&scratch("unneeded-after", &fixes[0].after));
    assert!(ok, "{after}");
    assert!(!after.contains("nothing in its body needs it"), "{after}");
}

/// The same for a client with alternatives (`tests/widgets-client`): each fixture's functions
/// declare exactly what the audit finds; removing a scope fails; the failing fixture is fixed.
#[test]
fn agreement_holds_with_alternatives() {
    let api = widgets_api();
    let path = root().join("tests/widgets-client/tests/ui/pass/either_alternative.rs");
    let source = std::fs::read_to_string(&path).unwrap();
    let report = audit(&path, &api).unwrap();
    assert!(check(&scratch("widgets-exact", &source)).0);
    for f in &report.functions {
        assert_eq!(f.declared, f.needed, "{}", f.name);
        for removed in &f.needed {
            let rest: Vec<&String> = f.needed.iter().filter(|s| *s != removed).collect();
            let (ok, _) = check(&scratch("widgets-variant", &declaring(&source, f, &rest)));
            assert!(!ok, "`{}` without `{removed}` still compiles", f.name);
        }
    }
    let failing = root().join("tests/widgets-client/tests/ui/fail/incomplete_alternative.rs");
    let fixes = scope_codegen::audit::fixes(&audit(&failing, &api).unwrap()).unwrap();
    let (ok, stderr) = check(&scratch("widgets-fixed", &fixes[0].after));
    assert!(ok, "{}\n{stderr}", fixes[0].diff());
}

/// Asked for granular scopes, the audit's fix turns the classic declaration into the granular
/// one, and the fixed file still compiles: the entry point's key holds both.
#[test]
fn the_fix_to_the_alternative_asked_for_compiles() {
    let api = widgets_api();
    let path = root().join("tests/widgets-client/tests/ui/pass/either_alternative.rs");
    let report =
        scope_codegen::audit::audit_preferring(&path, &api, scope_codegen::audit::Prefer::Granular)
            .unwrap();
    let fixes = scope_codegen::audit::fixes(&report).unwrap();
    let after = &fixes[0].after;
    assert!(
        !after.contains(r#"::widgets, "write:jira-widgets")]"#),
        "{}",
        fixes[0].diff()
    );
    let (ok, stderr) = check(&scratch("widgets-granular", after));
    assert!(ok, "{}\n{stderr}", fixes[0].diff());
}

//! The audit agrees with the compiler. For every `#[requires_scope]` function in the examples
//! and in the UI pass fixture, the audit's needed set equals its declaration (which compiles:
//! those files build in this test suite), and removing any one scope of it fails to compile,
//! with an error naming that scope.
//!
//! Each variant is checked with `cargo check` in a scratch crate under `target/agreement`
//! (dependencies build once there).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use scope_codegen::audit::{Function, Settings, audit};
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
        let report = audit(&path, &api, &Settings::default()).unwrap();
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
        let fixes = scope_codegen::audit::fixes(&audit(&path, &api, &Settings::default()).unwrap())
            .unwrap();
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
    let report = audit(&path, &api(), &Settings::default()).unwrap();
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
    let report = audit(&path, &api, &Settings::default()).unwrap();
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
    let fixes =
        scope_codegen::audit::fixes(&audit(&failing, &api, &Settings::default()).unwrap()).unwrap();
    let (ok, stderr) = check(&scratch("widgets-fixed", &fixes[0].after));
    assert!(ok, "{}\n{stderr}", fixes[0].diff());
}

/// Asked for granular scopes, the audit's fix turns the classic declaration into the granular
/// one, and the fixed file still compiles: the entry point's key holds both.
#[test]
fn the_fix_to_the_alternative_asked_for_compiles() {
    let api = widgets_api();
    let path = root().join("tests/widgets-client/tests/ui/pass/either_alternative.rs");
    let report = scope_codegen::audit::audit(
        &path,
        &api,
        &Settings {
            prefer: scope_codegen::audit::Alternative::Granular,
            ..Settings::default()
        },
    )
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

/// The fixture crate of service shapes (`tests/audit-fixture`), copied as `name` under
/// `target/agreement/fixture`, with `edit` applied to its files.
fn fixture_copy(name: &str, edit: impl Fn(&Path, String) -> String) -> PathBuf {
    let from = root().join("tests/audit-fixture/src");
    let dir = root().join("target/agreement/fixture").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    for entry in std::fs::read_dir(&from).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let relative = Path::new("src").join(entry.file_name());
        std::fs::write(dir.join(&relative), edit(&relative, text)).unwrap();
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"fixture-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[dependencies]\ncloud-admin = {{ path = {:?} }}\n\n[features]\nextra = []\ndebug-tools = []\n",
            root().display().to_string()
        ),
    )
    .unwrap();
    dir
}

/// `cargo check` of every crate in `dirs` in one run (one workspace, so that the dependencies
/// build once and the crates on both cores): each crate's errors and warnings, rendered.
fn check_all(dirs: &[PathBuf]) -> BTreeMap<String, (Vec<String>, Vec<String>)> {
    let workspace = root().join("target/agreement/fixture");
    let members: Vec<String> = dirs
        .iter()
        .map(|d| format!("{:?}", d.file_name().unwrap().to_string_lossy()))
        .collect();
    std::fs::write(
        workspace.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    let _ = std::fs::copy(root().join("Cargo.lock"), workspace.join("Cargo.lock"));
    let out = Command::new(env!("CARGO"))
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format=json",
            "--quiet",
        ])
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", root().join("target/agreement/target"))
        .output()
        .unwrap();
    let mut by_crate: BTreeMap<String, (Vec<String>, Vec<String>)> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if msg["reason"] != "compiler-message" {
            continue;
        }
        let krate = msg["target"]["name"]
            .as_str()
            .unwrap_or_default()
            .replace('_', "-");
        let text = msg["message"]["rendered"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let entry = by_crate.entry(krate).or_default();
        match msg["message"]["level"].as_str() {
            Some("error") => entry.0.push(text),
            Some("warning") => entry.1.push(text),
            _ => {}
        }
    }
    by_crate
}

/// The fixture's source with `f`'s attribute declaring `scopes`.
fn with_declaration(relative: &Path, text: String, f: &Function, scopes: &[&String]) -> String {
    if !f.file.ends_with(relative) {
        return text;
    }
    declaring(&text, f, scopes)
}

/// The fixture crate agrees with the compiler: as written (each declaration exactly what the
/// audit finds) it compiles; without any one needed scope of any function it can follow, or
/// of the entry point's list, it fails naming that scope; and the attribute's unneeded-scope
/// warnings fall exactly on the functions the audit calls redundant whose bodies the attribute
/// sees whole.
#[test]
fn the_fixture_crate_agrees_with_the_compiler() {
    let api = api();
    let report = audit(
        &root().join("tests/audit-fixture/src"),
        &api,
        &Settings::default(),
    )
    .unwrap();
    let mut dirs = vec![fixture_copy("exact", |_, text| text)];
    // (variant, the scope removed, whether the error must name it: an attribute left with no
    // scope at all is refused for that instead).
    let mut expect_error: Vec<(String, String, bool)> = Vec::new();
    for f in report.functions.iter().filter(|f| f.unresolved.is_empty()) {
        assert_eq!(f.declared, f.needed, "{}", f.path);
        for removed in &f.needed {
            let rest: Vec<&String> = f.needed.iter().filter(|s| *s != removed).collect();
            let name = format!("v{}", dirs.len());
            dirs.push(fixture_copy(&name, |rel, text| {
                with_declaration(rel, text, f, &rest)
            }));
            expect_error.push((name, removed.clone(), !rest.is_empty()));
        }
    }
    let run = report
        .entry_points()
        .iter()
        .find(|e| e.function == "entry::run")
        .unwrap();
    for removed in run.listed.as_ref().unwrap() {
        let name = format!("v{}", dirs.len());
        let quoted = format!("{removed:?}");
        dirs.push(fixture_copy(&name, |rel, text| {
            if rel.ends_with("entry.rs") {
                // The list of `run` has one scope a line.
                let line = text
                    .lines()
                    .find(|l| l.trim().trim_end_matches(',') == quoted)
                    .expect("one scope a line")
                    .to_owned();
                text.replacen(&format!("{line}\n"), "", 1)
            } else {
                text
            }
        }));
        expect_error.push((name, removed.clone(), true));
    }
    // Every annotated function and every list declares one scope more that nothing needs.
    let extra = "write:products:admin";
    dirs.push(fixture_copy("extra", |_, text| {
        text.replace(
            "#[requires_scope(\"",
            &format!("#[requires_scope(\"{extra}\", \""),
        )
        .replace(
            "Client::new(transport),",
            &format!("Client::new(transport), {extra:?},"),
        )
    }));
    assert!(expect_error.len() >= 20, "{} variants", expect_error.len());

    let results = check_all(&dirs);
    let (errors, warnings) = results.get("fixture-exact").cloned().unwrap_or_default();
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{errors:?}\n{warnings:?}"
    );
    for (name, removed, named) in &expect_error {
        let (errors, _) = results
            .get(&format!("fixture-{name}"))
            .cloned()
            .unwrap_or_default();
        assert!(
            !errors.is_empty(),
            "{name}: without `{removed}` it still compiles"
        );
        assert!(
            !named || errors.iter().any(|e| e.contains(removed.as_str())),
            "{name}: without `{removed}` it must fail naming it; errors: {errors:?}"
        );
    }
    let (errors, warnings) = results.get("fixture-extra").cloned().unwrap_or_default();
    assert!(errors.is_empty(), "{errors:?}");
    let warned: BTreeSet<String> = warnings
        .iter()
        .filter(|w| w.contains("nothing in its body needs it"))
        .filter_map(|w| w.split(" is declared on `").nth(1))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_owned)
        .collect();
    let extra_report = audit(
        &root().join("target/agreement/fixture/extra/src"),
        &api,
        &Settings::default(),
    )
    .unwrap();
    let redundant: Vec<&Function> = extra_report
        .functions
        .iter()
        .filter(|f| f.redundant().contains(extra))
        .collect();
    let seen_whole: BTreeSet<String> = redundant
        .iter()
        .filter(|f| f.attribute_sees_all)
        .map(|f| f.name.clone())
        .collect();
    assert_eq!(
        warned, seen_whole,
        "the attribute's warnings against the audit's verdicts"
    );
    // The audit calls it redundant wherever it can follow everything, the attribute or not.
    let followable = extra_report
        .functions
        .iter()
        .filter(|f| f.unresolved.is_empty())
        .count();
    assert_eq!(redundant.len(), followable);
    assert!(
        seen_whole.len() >= 5 && redundant.len() > seen_whole.len(),
        "{seen_whole:?}"
    );
    // And the entry point's list is too broad by exactly that scope.
    let run = extra_report
        .entry_points()
        .iter()
        .find(|e| e.function == "entry::run")
        .unwrap();
    assert_eq!(run.too_broad(), [extra.to_owned()].into());
}

/// Broken declarations and lists in the fixture crate: the audit's `--fix` makes every one
/// exact (attributes and the entry point's list), the result compiles, is what was written
/// before the damage, and is still formatted as rustfmt wants.
#[test]
fn the_fix_repairs_the_fixture_crate_and_its_entry_list() {
    let api = api();
    let broken = fixture_copy("broken", |rel, text| {
        let name = rel.file_name().unwrap().to_string_lossy().into_owned();
        match name.as_str() {
            "policies.rs" => text.replace(
                "#[requires_scope(\"read:policies:admin\", \"delete:policies:admin\")]",
                "#[requires_scope(\"read:policies:admin\")]",
            ),
            "stats.rs" => text.replace(
                "#[requires_scope(\"read:domains:admin\")]\npub async fn summary",
                "#[requires_scope(\"read:domains:admin\", \"read:events:admin\")]\npub async fn summary",
            ),
            "entry.rs" => text.replacen("        \"delete:tokens:admin\",\n", "", 1),
            _ => text,
        }
    });
    let report = audit(&broken.join("src"), &api, &Settings::default()).unwrap();
    assert!(report.has_findings());
    let fixes = scope_codegen::audit::fixes(&report).unwrap();
    assert_eq!(
        fixes.len(),
        3,
        "{:?}",
        fixes.iter().map(|f| &f.file).collect::<Vec<_>>()
    );
    for fix in &fixes {
        std::fs::write(&fix.file, &fix.after).unwrap();
        let original = root()
            .join("tests/audit-fixture/src")
            .join(fix.file.file_name().unwrap());
        let original = std::fs::read_to_string(original).unwrap();
        if fix.file.ends_with("entry.rs") {
            // The list is whole again; the missing scope comes last.
            assert!(
                fix.after.contains("\"delete:tokens:admin\""),
                "{}",
                fix.diff()
            );
        } else {
            assert_eq!(fix.after, original, "{}", fix.diff());
        }
        let fmt = Command::new("rustfmt")
            .args(["--edition", "2024", "--check"])
            .arg(&fix.file)
            .output()
            .unwrap();
        assert!(
            fmt.status.success(),
            "{}",
            String::from_utf8_lossy(&fmt.stdout)
        );
    }
    let after = audit(&broken.join("src"), &api, &Settings::default()).unwrap();
    assert!(
        scope_codegen::audit::fixes(&after).unwrap().is_empty(),
        "a second fix changes nothing"
    );
    let results = check_all(&[broken]);
    let (errors, _) = results.get("fixture-broken").cloned().unwrap_or_default();
    assert!(errors.is_empty(), "{errors:?}");
}

//! The audit against the ground truth of `tests/audit-fixture` (`truth.json`, written by hand):
//! every annotated function, helper and entry point, with exactly the scopes the truth says,
//! and an honest "cannot follow" where it says so; items behind an `#[cfg]` that is off are
//! left out, and come in with the feature.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scope_codegen::audit::{Cfg, Settings, audit_with};
use scope_codegen::{Inputs, Options, Prefer};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn cloud_admin() -> scope_codegen::Api {
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
        ..Inputs::default()
    };
    scope_codegen::analyze(&inputs).unwrap().api
}

/// `path` → the scopes, or `None` for "cannot follow".
type Truth = BTreeMap<String, Option<BTreeSet<String>>>;

fn truth(section: &str) -> Truth {
    let text = std::fs::read_to_string(root().join("tests/audit-fixture/truth.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    json[section]
        .as_object()
        .unwrap_or_else(|| panic!("truth.json has no {section}"))
        .iter()
        .map(|(path, v)| {
            let scopes = v.as_array().map(|a| {
                a.iter()
                    .map(|s| s.as_str().unwrap().to_owned())
                    .collect::<BTreeSet<String>>()
            });
            (path.clone(), scopes)
        })
        .collect()
}

fn audited(features: &[&str]) -> scope_codegen::audit::Report {
    let settings = Settings {
        cfg: Cfg {
            features: features.iter().map(|f| (*f).to_owned()).collect(),
        },
        ..Settings::default()
    };
    audit_with(
        &root().join("tests/audit-fixture/src"),
        &cloud_admin(),
        &settings,
    )
    .unwrap()
}

fn check(found: &[scope_codegen::audit::Function], truth: &Truth) {
    let paths: BTreeSet<&String> = found.iter().map(|f| &f.path).collect();
    assert_eq!(
        paths,
        truth.keys().collect(),
        "the functions the audit found"
    );
    for f in found {
        match &truth[&f.path] {
            Some(scopes) => {
                assert_eq!(&f.needed, scopes, "{}", f.path);
                assert!(f.unresolved.is_empty(), "{}: {:?}", f.path, f.unresolved);
                if f.annotated {
                    assert_eq!(&f.declared, scopes, "{} declares what it needs", f.path);
                }
            }
            None => {
                assert!(
                    !f.unresolved.is_empty(),
                    "{} must say it cannot follow",
                    f.path
                );
                assert!(f.redundant().is_empty(), "{}", f.path);
            }
        }
    }
}

#[test]
fn the_audit_matches_the_hand_written_truth() {
    let report = audited(&[]);
    check(&report.functions, &truth("functions"));
    check(&report.helpers, &truth("helpers"));
    let entries = truth("entry points");
    let found: BTreeSet<&String> = report.entry_points().iter().map(|e| &e.function).collect();
    assert_eq!(found, entries.keys().collect());
    for e in report.entry_points() {
        match &entries[&e.function] {
            Some(scopes) => {
                assert_eq!(&e.needed, scopes, "{}", e.function);
                assert!(
                    e.unresolved.is_empty(),
                    "{}: {:?}",
                    e.function,
                    e.unresolved
                );
                assert!(e.too_broad().is_empty() && e.too_narrow().is_empty());
            }
            None => {
                assert!(!e.unresolved.is_empty(), "{}", e.function);
                // It says where: each use it cannot follow, with its file and line.
                for u in &e.unresolved {
                    assert!(u.contains("tests/audit-fixture/src/"), "{u}");
                }
                assert!(e.too_broad().is_empty(), "{}", e.function);
            }
        }
    }
    // The program's key cannot be vouched for while `side_job` is there.
    assert_eq!(report.incomplete().len(), 2, "{:?}", report.incomplete());
    assert!(report.has_findings());
    // Nothing is missing or redundant: the fix has nothing to do.
    assert!(scope_codegen::audit::fixes(&report).unwrap().is_empty());
}

#[test]
fn a_feature_brings_its_items_in() {
    let report = audited(&["extra"]);
    let mut expected = truth("functions");
    expected.extend(truth("with feature extra"));
    check(&report.functions, &expected);
}

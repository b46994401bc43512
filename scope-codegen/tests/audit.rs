//! `scope-codegen audit`: what each annotated function needs against what it declares.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scope_codegen::audit::{Cfg, Report, Settings, audit};
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
        deny_warnings: false,
        ..Inputs::default()
    };
    scope_codegen::analyze(&inputs).unwrap().api
}

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn function<'a>(report: &'a Report, name: &str) -> &'a scope_codegen::audit::Function {
    report
        .functions
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("{name} in {report:#?}"))
}

#[test]
fn the_examples_declare_exactly_what_they_need() {
    let report = audit(
        &root().join("examples"),
        &cloud_admin(),
        &Settings::default(),
    )
    .unwrap();
    assert_eq!(report.functions.len(), 4);
    for f in &report.functions {
        assert_eq!(f.declared, f.needed, "{}", f.name);
        assert!(f.unresolved.is_empty(), "{}: {:?}", f.name, f.unresolved);
    }
    assert!(!report.has_findings());
    // The entry points are the three `main`s' `trust_key_scopes!`, read through the examples'
    // own `client_with_scopes!` macro; each list is exactly what follows it needs, except the
    // minting key's scope that `key_rotation` keeps on purpose.
    let entries: Vec<(String, usize, BTreeSet<String>)> = report
        .entry_points()
        .iter()
        .map(|e| {
            let file = e.file.file_name().unwrap().to_string_lossy().into_owned();
            (file, e.line, e.listed.clone().unwrap())
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "data_classification.rs".to_owned(),
                105,
                set(&[
                    "read:classification-levels:admin",
                    "write:classification-levels:admin"
                ])
            ),
            (
                "key_rotation.rs".to_owned(),
                80,
                set(&[
                    "write:tokens:admin",
                    "read:tokens:admin",
                    "delete:tokens:admin",
                    "read:policies:admin"
                ])
            ),
            (
                "policy_audit.rs".to_owned(),
                57,
                set(&["read:policies:admin"])
            ),
        ]
    );
    let rotation = &report.entry_points()[1];
    assert!(rotation.allow_unneeded && rotation.too_broad().is_empty());
    assert!(!rotation.needed.contains("read:policies:admin"));
    assert!(rotation.key().contains("read:policies:admin"));
    assert!(
        report
            .entry_points()
            .iter()
            .all(|e| e.unresolved.is_empty())
    );
    assert_eq!(report.crate_scopes().len(), 6);
}

#[test]
fn missing_redundant_transitive_and_unfollowable_uses() {
    let report = audit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit"),
        &cloud_admin(),
        &Settings::default(),
    )
    .unwrap();
    let missing = function(&report, "missing_delete");
    assert_eq!(missing.missing(), set(&["delete:policies:admin"]));
    assert_eq!(missing.line, 5);

    let redundant = function(&report, "redundant_domains");
    assert_eq!(redundant.redundant(), set(&["read:domains:admin"]));
    assert!(redundant.missing().is_empty());

    // Transitive through `helper` (a `_pages` call), and an unscoped call inside `format!`.
    let entry = function(&report, "entry");
    assert_eq!(entry.needed, set(&["read:domains:admin", "unscoped"]));
    assert!(entry.missing().is_empty() && entry.redundant().is_empty());

    // A cycle: each needs what both call.
    for name in ["ping", "pong"] {
        assert_eq!(
            function(&report, name).needed,
            set(&["read:events:admin", "read:policies:admin"]),
            "{name}"
        );
    }

    // Unfollowable uses are listed, and suppress the redundant verdict.
    let opaque = function(&report, "opaque");
    assert_eq!(opaque.unresolved.len(), 2, "{:?}", opaque.unresolved);
    assert!(opaque.unresolved[0].contains("`unannotated`"));
    assert!(opaque.redundant().is_empty());
    assert!(report.has_findings());

    // A method using a client held in `self`: refused by the attribute, reported as such.
    let held = function(&report, "held");
    let problem = held.problem.as_deref().unwrap_or_default();
    assert!(
        problem.contains("takes no `&Client` parameter"),
        "{problem}"
    );
    assert!(
        problem.contains("fn run(&self, client: &Client)"),
        "{problem}"
    );
    assert!(held.missing().is_empty() && held.redundant().is_empty());
}

#[test]
fn check_mode_fails_on_findings_and_json_carries_them() {
    let run = |path: &Path, extra: &[&str]| {
        let mut args = vec![
            "audit",
            path.to_str().unwrap(),
            "--spec",
            "spec/organizations.json",
            "spec/dlp.json",
            "spec/api-access.json",
            "--scopes",
            "spec/scopes.json",
            "--prefer",
            "table",
        ];
        args.extend_from_slice(extra);
        std::process::Command::new(env!("CARGO_BIN_EXE_scope-codegen"))
            .args(args)
            .current_dir(root())
            .output()
            .unwrap()
    };
    assert!(run(&root().join("examples"), &["--check"]).status.success());
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit");
    assert!(!run(&fixture, &["--check"]).status.success());
    let out = run(&fixture, &["--json"]);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = doc["functions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["function"] == "missing_delete")
        .unwrap();
    assert_eq!(f["missing"], serde_json::json!(["delete:policies:admin"]));
}

#[test]
fn fix_makes_declarations_exact_keeps_the_rest_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("app.rs");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/audit/app.rs"),
    )
    .unwrap();
    std::fs::write(&file, &original).unwrap();
    let api = cloud_admin();

    let fixes =
        scope_codegen::audit::fixes(&audit(dir.path(), &api, &Settings::default()).unwrap())
            .unwrap();
    assert_eq!(fixes.len(), 1);
    let diff = fixes[0].diff();
    assert!(
        diff.contains("+#[requires_scope(\"read:policies:admin\", \"delete:policies:admin\")]"),
        "{diff}"
    );
    assert!(
        diff.contains("+#[requires_scope(\"read:policies:admin\")]"),
        "{diff}"
    );
    std::fs::write(&file, &fixes[0].after).unwrap();

    // Only attribute lines changed; everything else is byte-for-byte the same.
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(fixes[0].after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(
        changed
            .iter()
            .all(|(a, _)| a.starts_with("#[requires_scope(")),
        "{changed:?}"
    );
    assert_eq!(original.lines().count(), fixes[0].after.lines().count());

    let fixed = audit(dir.path(), &api, &Settings::default()).unwrap();
    for f in &fixed.functions {
        assert!(
            f.missing().is_empty() && f.redundant().is_empty(),
            "{}: {f:?}",
            f.name
        );
    }
    assert!(
        scope_codegen::audit::fixes(&fixed).unwrap().is_empty(),
        "a second run changes nothing"
    );
}

/// The widgets fixture has Jira's shape: `createWidget` takes the classic `write:jira-widgets`
/// or the granular `write:widget:jira` and `read:widget:jira`. The audit keeps what a
/// declaration satisfies unless asked for a kind, then proposes that kind and says so.
#[test]
fn the_audit_proposes_the_alternative_asked_for_and_says_which() {
    use scope_codegen::ScopeKind;
    use scope_codegen::audit::{Alternative, Reason, Settings, audit};
    let fixture = |f: &str| root().join("scope-codegen/tests/fixtures").join(f);
    let inputs = Inputs {
        specs: vec![fixture("widgets.json")],
        scopes: Some(fixture("widgets-scopes.json")),
        ..Inputs::default()
    };
    let api = scope_codegen::analyze(&inputs).unwrap().api;
    let path = root().join("tests/widgets-client/tests/ui/pass/either_alternative.rs");
    let classic = set(&["write:jira-widgets"]);
    let granular = set(&["read:widget:jira", "write:widget:jira"]);

    let report = audit(
        &path,
        &api,
        &Settings {
            prefer: Alternative::Declared,
            ..Settings::default()
        },
    )
    .unwrap();
    assert_eq!(function(&report, "classic").needed, classic);
    assert_eq!(function(&report, "granular").needed, granular);
    let choice = &function(&report, "granular").choices[0];
    assert_eq!(choice.operation, "create_widget");
    assert_eq!(
        (choice.kind, choice.reason),
        (Some(ScopeKind::Granular), Reason::Declared)
    );
    assert_eq!(
        choice.describe(report.prefer),
        "granular (the declaration's)"
    );

    let report = audit(
        &path,
        &api,
        &Settings {
            prefer: Alternative::Granular,
            ..Settings::default()
        },
    )
    .unwrap();
    let f = function(&report, "classic");
    assert_eq!(f.needed, granular);
    assert_eq!(f.missing(), granular);
    assert_eq!(f.redundant(), classic);
    assert_eq!(f.choices[0].reason, Reason::Asked);
    assert_eq!(f.choices[0].describe(report.prefer), "granular (asked for)");
    assert_eq!(
        scope_codegen::audit::choices_by_reason(f, report.prefer)
            .into_iter()
            .collect::<Vec<_>>(),
        [(
            "granular (asked for)".to_owned(),
            vec!["create_widget".to_owned()]
        )]
    );
    // `both` calls the two; each now needs the granular set, so the classic scope goes.
    assert_eq!(function(&report, "both").needed, granular);

    let report = audit(
        &path,
        &api,
        &Settings {
            prefer: Alternative::Classic,
            ..Settings::default()
        },
    )
    .unwrap();
    assert_eq!(function(&report, "granular").needed, classic);
    assert_eq!(function(&report, "both").needed, classic);
}

/// An operation with alternatives of only one kind keeps the declared one, and says why.
#[test]
fn asking_for_a_kind_the_operation_lacks_keeps_the_declaration() {
    use scope_codegen::audit::{Alternative, Reason, Settings, audit};
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("api.json");
    std::fs::write(
        &spec,
        serde_json::json!({
            "openapi": "3.0.1", "info": {"title": "t", "version": "1"},
            "paths": {"/things": {"get": {"operationId": "listThings",
                "security": [{"oauth": ["read:things:admin"]}, {"oauth": ["read:stuff:admin"]}],
                "responses": {"204": {"description": "ok"}}}}},
            "components": {"securitySchemes": {"oauth": {"type": "oauth2", "flows": {
                "clientCredentials": {"tokenUrl": "https://example.com/t", "scopes": {}}}}}}
        })
        .to_string(),
    )
    .unwrap();
    let api = scope_codegen::analyze(&Inputs {
        specs: vec![spec],
        ..Inputs::default()
    })
    .unwrap()
    .api;
    let source = dir.path().join("app.rs");
    std::fs::write(
        &source,
        "#[requires_scope(\"read:stuff:admin\")]\nasync fn list(client: &Client) { client.list_things().await; }\n\
         #[requires_scope()]\nasync fn none(client: &Client) { client.list_things().await; }\n",
    )
    .unwrap();
    let report = audit(
        &source,
        &api,
        &Settings {
            prefer: Alternative::Granular,
            ..Settings::default()
        },
    )
    .unwrap();
    let f = function(&report, "list");
    assert_eq!(f.needed, set(&["read:stuff:admin"]));
    assert_eq!(f.choices[0].reason, Reason::NoneOfKind);
    assert_eq!(
        f.choices[0].describe(report.prefer),
        "alternative (the operation has no granular one)"
    );
    // Nothing declared: the smallest alternative, first listed among equals.
    let f = function(&report, "none");
    assert_eq!(f.needed.len(), 1);
    assert_eq!(f.choices[0].reason, Reason::NoneOfKind);
}

/// `allow_unneeded` keeps extra scopes on purpose: the audit does not call them redundant,
/// `--check` passes, and `--fix` adds what is missing and keeps the keyword and the extras.
#[test]
fn allow_unneeded_is_kept_by_the_audit_and_its_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("app.rs");
    std::fs::write(
        &path,
        "#[requires_scope(\"read:policies:admin\", \"delete:policies:admin\", allow_unneeded)]\n\
         async fn audit(client: &Client, org: &str) {\n    client.get_policies(org, &Default::default()).await;\n    client.get_domains(org, &Default::default()).await;\n}\n",
    )
    .unwrap();
    let report = audit(&path, &cloud_admin(), &Settings::default()).unwrap();
    let f = function(&report, "audit");
    assert!(f.allow_unneeded);
    assert!(f.redundant().is_empty());
    assert_eq!(f.missing(), set(&["read:domains:admin"]));
    let fixes = scope_codegen::audit::fixes(&report).unwrap();
    // The file was formatted; the fixed attribute is too long for one line, so it is laid out
    // the way rustfmt lays it out, and `cargo fmt --check` stays clean.
    assert!(
        fixes[0].after.starts_with(
            "#[requires_scope(\n    \"read:policies:admin\",\n    \"delete:policies:admin\",\n    \"read:domains:admin\",\n    allow_unneeded\n)]\n"
        ),
        "{}",
        fixes[0].after
    );
}

/// Calls are resolved by what they are called on, and a name the body rebinds is not the
/// module's: where the audit cannot be sure which function a call means, it says it cannot
/// follow it, rather than follow another function that needs less.
#[test]
fn a_call_is_followed_only_where_it_is_certain_which_function_it_means() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lib.rs"),
        r#"
use cloud_admin::{Client, Error, requires_scope};

pub struct Registry;
impl Registry {
    pub fn push<G>(&self, client: &Client<G>) {}
}
pub struct Service;
impl Service {
    pub async fn run<G: cloud_admin::scopes::ReadDomainsAdmin>(&self, client: &Client<G>) {
        client.get_domains("o", &Default::default()).await;
    }
}
pub fn helper<G>(client: &Client<G>) {}

#[requires_scope("read:domains:admin")]
pub async fn by_type(client: &Client) {
    let svc: Service = make();
    svc.run(client).await;
    let other = Service;
    other.run(client).await;
}

#[requires_scope("delete:policies:admin")]
pub async fn by_name_only(client: &Client, list: &mut Vec<Client>) {
    list.push(client.clone());
}

#[requires_scope("delete:policies:admin")]
pub async fn shadowed(client: &Client) {
    let helper = |c: &Client| c.delete_policy("o", "p");
    helper(client).await;
}

#[requires_scope("delete:policies:admin")]
pub async fn nested(client: &Client) {
    async fn helper(c: &Client) { c.delete_policy("o", "p").await; }
    helper(client).await;
}
"#,
    )
    .unwrap();
    let report = audit(dir.path(), &cloud_admin(), &Settings::default()).unwrap();
    let by_type = function(&report, "by_type");
    assert!(by_type.unresolved.is_empty(), "{:?}", by_type.unresolved);
    assert_eq!(by_type.needed, set(&["read:domains:admin"]));
    assert_eq!(by_type.calls, ["Service::run".to_owned()].into());
    for name in ["by_name_only", "shadowed", "nested"] {
        let f = function(&report, name);
        assert_eq!(f.unresolved.len(), 1, "{name}: {:?}", f.unresolved);
        assert!(f.redundant().is_empty(), "{name}");
    }
    assert!(
        function(&report, "by_name_only").unresolved[0]
            .contains("defines no method `push` of `Vec`")
    );
    assert!(function(&report, "shadowed").unresolved[0].contains("declared inside the body"));
}

// The audit against the ground truth of `tests/audit-fixture` (`truth.json`, written by hand):
// every annotated function, helper and entry point, with exactly the scopes the truth says,
// and an honest "cannot follow" where it says so; items behind an `#[cfg]` that is off are
// left out, and come in with the feature.

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

fn fixture_audited(features: &[&str]) -> Report {
    let settings = Settings {
        cfg: Cfg {
            features: features.iter().map(|f| (*f).to_owned()).collect(),
            ..Cfg::default()
        },
        ..Settings::default()
    };
    audit(
        &root().join("tests/audit-fixture/src"),
        &cloud_admin(),
        &settings,
    )
    .unwrap()
}

fn check_truth(found: &[scope_codegen::audit::Function], truth: &Truth) {
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
    let report = fixture_audited(&[]);
    check_truth(&report.functions, &truth("functions"));
    check_truth(&report.helpers, &truth("helpers"));
    // A helper's bounds are what its callers need; a bound its body does not use is reported
    // on the helper, and kept for its callers.
    let helper = report
        .helpers
        .iter()
        .find(|f| f.path == "helpers::token_count")
        .unwrap();
    assert_eq!(
        helper.redundant(),
        BTreeSet::from(["delete:tokens:admin".to_owned()])
    );
    // Every function it cannot follow is named as one it cannot vouch for, whether an entry
    // point reaches it or not, and that is a finding (`--check` fails).
    let unvouched = report.unvouched();
    for path in [
        "context::boxed (",
        "extension::events (",
        "the entry point in entry::side_job (",
    ] {
        assert!(
            unvouched.iter().any(|u| u.starts_with(path)),
            "{path} in {unvouched:?}"
        );
    }
    assert!(report.has_findings());
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
    let report = fixture_audited(&["extra"]);
    let mut expected = truth("functions");
    expected.extend(truth("with feature extra"));
    check_truth(&report.functions, &expected);
}

/// Shapes an independent review found the audit missing, each now read or reported: a crate
/// macro named like a formatting one, functions a macro may define where items go, the
/// hidden trust method called by hand, and features a package enables by default.
#[test]
fn the_reviewed_shapes_are_read_or_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"x\"\n\n[features]\ndefault = [\"prod\"]\nprod = []\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/lib.rs"),
        r#"
use cloud_admin::{Client, Error, Transport, requires_scope, trust_key_scopes};

macro_rules! info {
    ($c:expr) => { $c.delete_policy("o", "p") };
}

#[requires_scope("delete:policies:admin")]
pub async fn logged(client: &Client) -> Result<(), Error> {
    info!(client).await
}

#[cfg(not(feature = "prod"))]
#[requires_scope("read:policies:admin")]
pub async fn go(client: &Client) -> Result<(), Error> { client.validate_policy("o", "p").await }
#[cfg(feature = "prod")]
#[requires_scope("delete:policies:admin")]
pub async fn go(client: &Client) -> Result<(), Error> { client.delete_policy("o", "p").await }

pub async fn run(t: Transport) -> Result<(), Error> {
    let client = trust_key_scopes!(Client::new(t), "delete:policies:admin");
    logged(&client).await?;
    go(&client).await
}

pub mod generated {
    use super::*;
    some_crate::define_functions!();
    pub async fn side(t: Transport) -> Result<(), Error> {
        let client = trust_key_scopes!(Client::new(t), "read:policies:admin");
        go(&client).await
    }
}

pub fn by_hand(t: Transport) {
    let _key = Client::new(t).__trust_key_scopes::<()>();
}
"#,
    )
    .unwrap();
    let api = cloud_admin();
    let settings = |no_default: bool| Settings {
        cfg: Cfg::for_package(&dir.path().join("src"), &[], no_default),
        ..Settings::default()
    };
    let report = audit(&dir.path().join("src"), &api, &settings(false)).unwrap();
    // The crate's own `info!` is expanded, not taken for a formatting macro.
    assert_eq!(
        function(&report, "logged").needed,
        set(&["delete:policies:admin"])
    );
    // The default feature picks the deleting `go`.
    let run = report
        .entry_points()
        .iter()
        .find(|e| e.function == "run")
        .unwrap();
    assert_eq!(run.needed, set(&["delete:policies:admin"]));
    assert!(run.unresolved.is_empty() && run.too_broad().is_empty());
    // In a module with a macro where items go, `go` may be another function.
    let side = report
        .entry_points()
        .iter()
        .find(|e| e.function == "generated::side")
        .unwrap();
    assert!(
        side.unresolved[0].contains("define_functions!"),
        "{:?}",
        side.unresolved
    );
    // The hidden method called by hand is an entry point the audit cannot read.
    let by_hand = report
        .entry_points()
        .iter()
        .find(|e| e.function == "by_hand")
        .unwrap();
    assert!(!by_hand.unresolved.is_empty());
    assert!(!report.incomplete().is_empty());
    // Without the default features, the other `go`.
    let report = audit(&dir.path().join("src"), &api, &settings(true)).unwrap();
    let run = report
        .entry_points()
        .iter()
        .find(|e| e.function == "run")
        .unwrap();
    assert_eq!(
        run.needed,
        set(&["delete:policies:admin", "read:policies:admin"])
    );
}

/// Shapes where an audit could list too small a key: each entry point's list holds
/// `read:policies:admin` and `delete:policies:admin`, and the code after it reaches a delete
/// in a way that is easy to miss (two methods of one name on a type, a chained constructor, a
/// name bound again by `for`, the client handed to a parameter that is not its `&Client`,
/// items and macros declared inside a body, a struct update, a `#[cfg_attr(.., path)]` module,
/// a raw send, `trust_key_scopes!` renamed on import, re-exported, written raw, or behind
/// another crate's macro). The audit must either find the delete or say it cannot follow:
/// never call the delete scope unneeded, never recommend a key without it.
#[test]
fn the_second_reviews_shapes_never_give_too_small_a_key() {
    let shapes = root().join("scope-codegen/tests/audit-shapes");
    let api = cloud_admin();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&shapes)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "{cases:?}");
    let mut failures = Vec::new();
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            "[package]\nname = \"shape\"\nedition = \"2024\"\n",
        )
        .unwrap();
        let src = dir.path().join("src");
        std::fs::create_dir(&src).unwrap();
        for file in std::fs::read_dir(case).unwrap() {
            let file = file.unwrap().path();
            std::fs::copy(&file, src.join(file.file_name().unwrap())).unwrap();
        }
        let report = audit(&src, &api, &Settings::default()).unwrap();
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let delete = "delete:policies:admin".to_owned();
        for e in report.entry_points() {
            if e.too_broad().contains(&delete) {
                failures.push(format!("{name}: calls the delete scope unneeded: {e:#?}"));
            }
        }
        if !report.crate_scopes().contains(&delete) && report.incomplete().is_empty() {
            failures.push(format!("{name}: recommends a key without the delete scope"));
        }
        // Where the code says which function is meant, the audit follows it; elsewhere it
        // says where it stops.
        let exact = [
            "cfg_attr_path",
            "cfg_not_any_target",
            "cfg_not_debug_assertions",
            "raw_identifier",
            "struct_update",
            "trust_raw",
            "trust_renamed",
            "trust_reexported",
        ]
        .contains(&name.as_str());
        let found = report.crate_scopes().contains(&delete) && report.incomplete().is_empty();
        if exact != found {
            failures.push(format!(
                "{name}: expected {}, got key {:?} and {:?}",
                if exact {
                    "the delete found"
                } else {
                    "a use reported"
                },
                report.crate_scopes(),
                report.incomplete()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A feature the build may turn on another way than the manifest's features (a build script's
/// `rustc-cfg`, or a feature the manifest does not declare) is taken as on: the key then holds
/// what its code needs. A declared feature that is off is off.
#[test]
fn features_set_outside_the_manifest_are_taken_as_on() {
    let api = cloud_admin();
    let main = r#"use cloud_admin::{Client, Error, Transport, trust_key_scopes};
#[tokio::main]
async fn main() -> Result<(), Error> {
    let t = Transport::builder().build()?;
    let client = trust_key_scopes!(Client::new(t), "read:domains:admin", "delete:policies:admin");
    client.get_domains("o", &Default::default()).await?;
    #[cfg(feature = "hidden")]
    client.delete_policy("o", "p").await?;
    Ok(())
}
"#;
    let needs_delete = |manifest_extra: &str, build: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("Cargo.toml"),
            format!("[package]\nname = \"shape\"\nedition = \"2024\"\n{manifest_extra}"),
        )
        .unwrap();
        if let Some(build) = build {
            std::fs::write(dir.path().join("build.rs"), build).unwrap();
        }
        let src = dir.path().join("src");
        std::fs::create_dir(&src).unwrap();
        std::fs::write(src.join("main.rs"), main).unwrap();
        let settings = Settings {
            cfg: Cfg::for_package(&src, &[], false),
            ..Settings::default()
        };
        let report = audit(&src, &api, &settings).unwrap();
        report.crate_scopes().contains("delete:policies:admin")
    };
    let sets_it = r#"fn main() { println!("cargo:rustc-cfg=feature=\"hidden\""); }"#;
    assert!(needs_delete("", Some(sets_it)), "set by the build script");
    assert!(
        needs_delete("", None),
        "not declared: only another way can set it"
    );
    assert!(
        needs_delete("[features]\nhidden = []\n", Some(sets_it)),
        "declared, and the build script sets cfgs"
    );
    assert!(
        !needs_delete("[features]\nhidden = []\n", None),
        "declared and off"
    );
}

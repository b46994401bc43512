//! UI tests that keep working on the next stable rustc.
//!
//! trybuild compares the whole of rustc's output with a snapshot, so every wording change in a
//! new stable release breaks it. Here a fixture says what it expects next to the code, and only
//! that is asserted:
//!
//! ```text
//! client.delete_policy(org, id).await?;
//! //~^ ERROR scope `delete:policies:admin` is not declared for this call
//! //~| LABEL this call needs `delete:policies:admin`
//! //~| NOTE declare "delete:policies:admin" where ...
//! ```
//!
//! `//~ KIND text` expects a diagnostic on its own line, `//~^` on the line above (one `^` a
//! line), `//~?` anywhere in the fixture (for a span inside a macro); `KIND` is `ERROR` or `WARN`, and `text` is the whole message. `ERROR[E0599]` expects
//! one of rustc's own errors by its code, whatever rustc's wording; `ERROR[E0080] text` one
//! whose message, label or a note contains `text` (this project's words inside rustc's, such as
//! a constant's panic message). `//~|` lines add to the
//! diagnostic before them: `LABEL` is the primary span's label, `NOTE` and `HELP` a note or
//! help of that diagnostic. Every error and warning of a fixture must be expected (so "one
//! error per missing scope" is asserted too), but the lines rustc adds to them are not.
//!
//! Fixtures in `fail/` must fail to compile with exactly their expectations; fixtures in
//! `pass/` must compile without a diagnostic and run successfully. All are built as binaries of
//! one scratch crate, in one cargo invocation.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One expected diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    level: String,
    /// `ERROR[E0599]`: rustc's own error, matched by code (its wording is rustc's to change),
    /// and by the text it contains if one is given.
    code: Option<String>,
    line: usize,
    message: String,
    label: Option<String>,
    notes: Vec<(String, String)>,
}

/// One diagnostic rustc emitted, as far as the expectations go.
#[derive(Debug, Clone)]
struct Actual {
    level: String,
    code: Option<String>,
    message: String,
    /// The primary span's line in the fixture, if it is in the fixture.
    line: Option<usize>,
    label: Option<String>,
    children: Vec<(String, String)>,
    rendered: String,
}

fn parse_expectations(source: &str) -> Result<Vec<Expected>, String> {
    let mut out: Vec<Expected> = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let Some(at) = line.find("//~") else {
            continue;
        };
        let rest = &line[at + 3..];
        if let Some(more) = rest.strip_prefix('|') {
            let more = more.trim_start();
            let (kind, text) = more.split_once(' ').unwrap_or((more, ""));
            let last = out
                .last_mut()
                .ok_or_else(|| format!("line {}: `//~|` before any `//~`", index + 1))?;
            match kind {
                "LABEL" => last.label = Some(text.to_owned()),
                "NOTE" => last.notes.push(("note".to_owned(), text.to_owned())),
                "HELP" => last.notes.push(("help".to_owned(), text.to_owned())),
                _ => return Err(format!("line {}: unknown `//~|` kind `{kind}`", index + 1)),
            }
            continue;
        }
        // `//~?`: anywhere in the fixture (for a diagnostic whose span is inside a macro).
        let anywhere = rest.starts_with('?');
        let up = rest.chars().take_while(|c| *c == '^').count();
        let rest = rest[up + usize::from(anywhere)..].trim_start();
        let (kind, text) = rest.split_once(' ').unwrap_or((rest, ""));
        let (kind, code) = match kind.split_once('[') {
            Some((kind, code)) => (kind, Some(code.trim_end_matches(']').to_owned())),
            None => (kind, None),
        };
        let level = match kind {
            "ERROR" => "error",
            "WARN" => "warning",
            _ => return Err(format!("line {}: unknown `//~` kind `{kind}`", index + 1)),
        };
        let target = if anywhere {
            0
        } else {
            (index + 1)
                .checked_sub(up)
                .filter(|l| *l > 0)
                .ok_or_else(|| format!("line {}: `^` points above the file", index + 1))?
        };
        out.push(Expected {
            level: level.to_owned(),
            code,
            line: target,
            message: text.to_owned(),
            label: None,
            notes: Vec::new(),
        });
    }
    Ok(out)
}

fn str_field<'a>(value: &'a serde_json::Value, key: &str) -> &'a str {
    value.get(key).and_then(|v| v.as_str()).unwrap_or_default()
}

fn actual(message: &serde_json::Value, fixture: &Path) -> Actual {
    let spans = message.get("spans").and_then(|s| s.as_array());
    let primary = spans
        .into_iter()
        .flatten()
        .find(|s| s.get("is_primary").and_then(|p| p.as_bool()) == Some(true));
    let in_fixture = primary.filter(|s| Path::new(str_field(s, "file_name")).ends_with(fixture));
    let children = message
        .get("children")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
        .map(|c| {
            (
                str_field(c, "level").to_owned(),
                str_field(c, "message").to_owned(),
            )
        })
        .collect();
    Actual {
        level: str_field(message, "level").to_owned(),
        code: message
            .get("code")
            .and_then(|c| c.get("code"))
            .and_then(|c| c.as_str())
            .map(str::to_owned),
        message: str_field(message, "message").to_owned(),
        line: in_fixture
            .and_then(|s| s.get("line_start"))
            .and_then(|l| l.as_u64())
            .map(|l| l as usize),
        label: primary
            .and_then(|s| s.get("label"))
            .and_then(|l| l.as_str())
            .map(str::to_owned),
        children,
        rendered: str_field(message, "rendered").to_owned(),
    }
}

fn matches(expected: &Expected, actual: &Actual) -> bool {
    let message = match &expected.code {
        Some(code) => {
            // rustc's own error, whose wording is rustc's; the text, if any, is this
            // project's part of it (a constant's panic message), wherever rustc puts it.
            let text = &expected.message;
            actual.code.as_ref() == Some(code)
                && (text.is_empty()
                    || actual.message.contains(text.as_str())
                    || actual
                        .label
                        .as_ref()
                        .is_some_and(|l| l.contains(text.as_str()))
                    || actual
                        .children
                        .iter()
                        .any(|(_, c)| c.contains(text.as_str())))
        }
        None => expected.message == actual.message,
    };
    expected.level == actual.level
        && message
        && (expected.line == 0 || Some(expected.line) == actual.line)
        && expected
            .label
            .as_ref()
            .is_none_or(|l| actual.label.as_ref() == Some(l))
        && expected
            .notes
            .iter()
            .all(|n| actual.children.iter().any(|c| c == n))
}

/// A suite: the fixtures below a folder (`pass/` and `fail/`), built against dependencies.
pub struct Suite {
    name: String,
    fixtures: PathBuf,
    dependencies: String,
    /// More of the scratch crate's manifest (`[build-dependencies]`, `[package.metadata]`).
    manifest: String,
    /// The scratch crate's build script, if any.
    build_script: Option<String>,
}

impl Suite {
    /// A suite named `name` (its scratch crate lives in `target/uitest/<name>`) of the fixtures
    /// in `fixtures`, built with these `[dependencies]` lines (paths absolute).
    pub fn new(name: &str, fixtures: impl Into<PathBuf>, dependencies: &str) -> Self {
        Suite {
            name: name.to_owned(),
            fixtures: fixtures.into(),
            dependencies: dependencies.to_owned(),
            manifest: String::new(),
            build_script: None,
        }
    }

    /// Gives the scratch crate a build script and the manifest sections it reads (such as
    /// `[build-dependencies]` and `[package.metadata.scope-codegen]`, paths absolute): for
    /// fixtures that include a client their own crate generates.
    pub fn build_script(mut self, source: &str, manifest: &str) -> Self {
        self.build_script = Some(source.to_owned());
        self.manifest = manifest.to_owned();
        self
    }

    fn list(&self, kind: &str) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.fixtures.join(kind))
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .collect();
        files.sort();
        files
    }

    /// Builds every fixture and checks it; panics with every mismatch.
    pub fn run(&self) {
        let workspace = workspace_root();
        let scratch = workspace.join("target").join("uitest").join(&self.name);
        std::fs::create_dir_all(&scratch).expect("scratch folder");
        let fail = self.list("fail");
        let pass = self.list("pass");
        let mut manifest = format!(
            "[package]\nname = \"uitest-{}\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n[dependencies]\n{}\n\n{}\n",
            self.name, self.dependencies, self.manifest
        );
        if let Some(source) = &self.build_script {
            std::fs::write(scratch.join("build.rs"), source).expect("scratch build script");
        }
        let bin = |kind: &str, path: &Path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default();
            format!("{kind}_{stem}")
        };
        for (kind, files) in [("fail", &fail), ("pass", &pass)] {
            for path in files {
                let _ = writeln!(
                    manifest,
                    "\n[[bin]]\nname = \"{}\"\npath = {:?}",
                    bin(kind, path),
                    path.canonicalize().expect("fixture path")
                );
            }
        }
        std::fs::write(scratch.join("Cargo.toml"), manifest).expect("scratch manifest");
        // The workspace's lock file, so that the scratch crate builds the same versions.
        let _ = std::fs::copy(workspace.join("Cargo.lock"), scratch.join("Cargo.lock"));
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args([
                "build",
                "--bins",
                "--keep-going",
                "--message-format=json",
                "--quiet",
            ])
            .env(
                "CARGO_TARGET_DIR",
                workspace.join("target").join("uitest").join("target"),
            )
            .env_remove("RUSTFLAGS")
            .current_dir(&scratch)
            .output()
            .expect("cargo runs");
        let stdout = String::from_utf8_lossy(&output.stdout);
        let mut by_bin: std::collections::BTreeMap<String, Vec<serde_json::Value>> =
            Default::default();
        for line in stdout.lines() {
            let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if value.get("reason").and_then(|r| r.as_str()) != Some("compiler-message") {
                continue;
            }
            let target = value
                .get("target")
                .map(|t| str_field(t, "name").to_owned())
                .unwrap_or_default();
            if let Some(message) = value.get("message") {
                by_bin.entry(target).or_default().push(message.clone());
            }
        }
        let mut failures = String::new();
        for (kind, files) in [("fail", &fail), ("pass", &pass)] {
            for path in files {
                let name = bin(kind, path);
                let relative = path.strip_prefix(&workspace).unwrap_or(path).to_path_buf();
                let fixture = path.canonicalize().expect("fixture path");
                let source = std::fs::read_to_string(path).expect("fixture readable");
                let expected = match parse_expectations(&source) {
                    Ok(e) => e,
                    Err(e) => {
                        let _ = writeln!(failures, "{}: {e}", relative.display());
                        continue;
                    }
                };
                let actual: Vec<Actual> = by_bin
                    .get(&name)
                    .into_iter()
                    .flatten()
                    .map(|m| actual(m, &fixture))
                    .filter(|a| a.level == "error" || a.level == "warning")
                    .filter(|a| !a.message.starts_with("aborting due to"))
                    .filter(|a| !(a.level == "warning" && a.message.ends_with("emitted")))
                    .collect();
                let problems = compare(&expected, &actual);
                if kind == "fail" && expected.iter().all(|e| e.level != "error") {
                    let _ = writeln!(
                        failures,
                        "{}: a fail fixture expects no error",
                        relative.display()
                    );
                }
                if !problems.is_empty() {
                    let _ = writeln!(failures, "== {} ==\n{problems}", relative.display());
                }
                if kind == "pass" && actual.is_empty() {
                    let exe = workspace
                        .join("target")
                        .join("uitest")
                        .join("target")
                        .join("debug")
                        .join(&name);
                    match Command::new(&exe).output() {
                        Ok(run) if run.status.success() => {}
                        Ok(run) => {
                            let _ = writeln!(
                                failures,
                                "== {} == compiled, but running it failed:\n{}",
                                relative.display(),
                                String::from_utf8_lossy(&run.stderr)
                            );
                        }
                        Err(e) => {
                            let _ = writeln!(
                                failures,
                                "== {} == cannot run {}: {e}",
                                relative.display(),
                                exe.display()
                            );
                        }
                    }
                }
            }
        }
        if !output.status.success() && fail.is_empty() {
            let _ = writeln!(
                failures,
                "cargo failed:\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        assert!(
            failures.is_empty(),
            "UI tests of `{}`:\n{failures}",
            self.name
        );
    }
}

/// What is missing and what is unexpected, with rustc's rendering of each unexpected one.
fn compare(expected: &[Expected], actual: &[Actual]) -> String {
    let mut used = vec![false; actual.len()];
    let mut out = String::new();
    for e in expected {
        let found = actual
            .iter()
            .enumerate()
            .find(|(i, a)| !used[*i] && matches(e, a));
        match found {
            Some((i, _)) => used[i] = true,
            None => {
                let _ = writeln!(out, "expected, not found: {e:?}");
            }
        }
    }
    for (a, _) in actual.iter().zip(&used).filter(|(_, u)| !**u) {
        let _ = writeln!(
            out,
            "not expected: {} at line {:?}: {} (label {:?}; children {:?})\n{}",
            a.level, a.line, a.message, a.label, a.children, a.rendered
        );
    }
    out
}

/// The workspace root: the nearest ancestor of the test's manifest folder with a Cargo.lock.
fn workspace_root() -> PathBuf {
    let start = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo"));
    start
        .ancestors()
        .find(|d| d.join("Cargo.lock").exists())
        .unwrap_or(&start)
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_attach_to_their_line_and_collect_labels_and_notes() {
        let source = "fn main() {\n    f(); //~ ERROR here\n    g();\n//~^ WARN above\n//~| LABEL l\n//~| NOTE n\n}\n";
        let e = parse_expectations(source).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[0].message.as_str()), (2, "here"));
        assert_eq!((e[1].line, e[1].level.as_str()), (3, "warning"));
        assert_eq!(e[1].label.as_deref(), Some("l"));
        assert_eq!(e[1].notes, [("note".to_owned(), "n".to_owned())]);
        assert!(parse_expectations("//~^ ERROR x").is_err());
        assert_eq!(parse_expectations("//~? ERROR x").unwrap()[0].line, 0);
        assert!(parse_expectations("//~| NOTE x").is_err());
    }

    #[test]
    fn unexpected_and_missing_diagnostics_are_both_reported() {
        let expected = parse_expectations("x //~ ERROR m\n").unwrap();
        let actual = |message: &str, line| Actual {
            level: "error".into(),
            code: None,
            message: message.into(),
            line: Some(line),
            label: None,
            children: vec![],
            rendered: String::new(),
        };
        assert!(compare(&expected, &[actual("m", 1)]).is_empty());
        assert!(compare(&expected, &[actual("m", 2)]).contains("expected, not found"));
        let extra = compare(&expected, &[actual("m", 1), actual("m", 1)]);
        assert!(
            extra.contains("not expected") && !extra.contains("not found"),
            "{extra}"
        );
    }
}

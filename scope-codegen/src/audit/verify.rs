//! `--verify`: the compiler as the final word on the audit's answer, for certainty over speed.
//!
//! The workspace is copied (without `target` and hidden folders) into
//! `target/scope-audit-verify/copy`, the audit's fix is applied there, and `cargo check` must
//! pass: every scope the fix removed was unneeded, and every one it added suffices. Then, one
//! at a time, each scope of each exact declaration and of each entry point's list is removed in
//! the copy and `cargo check` must fail: the set is minimal. Nothing outside the copy is
//! written; the checks build in `target/scope-audit-verify/target`, which keeps the
//! dependencies from one run to the next. Path dependencies that point outside the workspace do
//! not survive the copy.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::{Report, Settings, audit, fixes};
use crate::error::{Error, ErrorKind};
use crate::model::Api;

/// What the compiler said of the audit's answer.
#[derive(Debug, Clone, Default)]
pub struct Verdict {
    /// The fixed copy compiles.
    pub fix_compiles: bool,
    /// The compiler's errors for the fixed copy, when it does not.
    pub fix_errors: String,
    /// Scopes confirmed needed: removing each one alone fails to compile (`where`, scope).
    pub confirmed: Vec<(String, String)>,
    /// Scopes the audit calls needed whose removal still compiles: disagreements.
    pub not_needed: Vec<(String, String)>,
    /// How many `cargo check` runs, and how long they took.
    pub checks: usize,
    /// Their total time.
    pub elapsed: Duration,
}

impl Verdict {
    /// Whether the compiler agrees with the audit everywhere it was asked.
    pub fn agrees(&self) -> bool {
        self.fix_compiles && self.not_needed.is_empty()
    }
}

fn io(path: &Path, message: String) -> Error {
    Error::new(ErrorKind::Io, path, "", message)
}

/// The workspace root of the package that holds `path`, as cargo sees it.
fn workspace_root(path: &Path) -> Result<PathBuf, Error> {
    let dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    let out = Command::new(cargo())
        .args(["locate-project", "--workspace", "--message-format", "plain"])
        .current_dir(&dir)
        .output()
        .map_err(|e| io(&dir, format!("cannot run cargo: {e}")))?;
    if !out.status.success() {
        return Err(io(
            &dir,
            format!(
                "--verify needs the audited code to be in a cargo package: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ));
    }
    let manifest = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    Ok(manifest.parent().unwrap_or(Path::new(".")).to_path_buf())
}

/// The name of the package whose manifest is nearest above `path`.
fn package_name(path: &Path) -> Result<String, Error> {
    let mut dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    loop {
        let manifest = dir.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest) {
            if let Ok(value) = text.parse::<toml::Table>() {
                if let Some(name) = value
                    .get("package")
                    .and_then(|p| p.get("name"))
                    .and_then(|n| n.as_str())
                {
                    return Ok(name.to_owned());
                }
            }
        }
        if !dir.pop() {
            return Err(io(path, "no cargo package holds this path".to_owned()));
        }
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let name_text = name.to_string_lossy();
        if name_text == "target" || name_text.starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(&name))?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(&name))?;
        }
    }
    Ok(())
}

/// A copy of the workspace that holds the audited code, where the compiler is asked.
pub(crate) struct Workspace {
    root: PathBuf,
    copy: PathBuf,
    target: PathBuf,
    package: String,
}

impl Workspace {
    /// Copies the workspace that holds `path` into `target/scope-audit-verify/copy`.
    pub(crate) fn copy(path: &Path) -> Result<Workspace, Error> {
        let path = path
            .canonicalize()
            .map_err(|e| io(path, format!("cannot read: {e}")))?;
        let root = workspace_root(&path)?;
        let package = package_name(&path)?;
        // A target directory of its own: cargo names a path package's artifacts by its path
        // within its workspace, which the copy shares with the original, so building the copy
        // in the workspace's own target directory would overwrite the original's artifacts
        // with the copy's, and leave cargo believing them current.
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| root.join("target"))
            .join("scope-audit-verify/target");
        let copy = root.join("target/scope-audit-verify/copy");
        let _ = std::fs::remove_dir_all(&copy);
        copy_tree(&root, &copy)
            .map_err(|e| io(&copy, format!("cannot copy the workspace: {e}")))?;
        Ok(Workspace {
            root,
            copy,
            target,
            package,
        })
    }

    /// The copy of `file`.
    pub(crate) fn in_copy(&self, file: &Path) -> PathBuf {
        file.canonicalize()
            .ok()
            .and_then(|f| f.strip_prefix(&self.root).ok().map(|r| self.copy.join(r)))
            .unwrap_or_else(|| file.to_path_buf())
    }

    /// The original of a file of the copy, relative to the current directory where it is
    /// below it (as the audit names files).
    pub(crate) fn original(&self, file: &Path) -> PathBuf {
        let original = file
            .strip_prefix(&self.copy)
            .map(|r| self.root.join(r))
            .unwrap_or_else(|_| file.to_path_buf());
        std::env::current_dir()
            .ok()
            .and_then(|here| here.canonicalize().ok())
            .and_then(|here| original.strip_prefix(here).ok().map(Path::to_path_buf))
            .unwrap_or(original)
    }

    /// The copy's root, which cargo's messages name files relative to.
    pub(crate) fn copy_root(&self) -> &Path {
        &self.copy
    }

    /// `cargo check` of the package in the copy: whether it passed, and cargo's JSON messages
    /// (`json`) or its short errors.
    pub(crate) fn check(
        &self,
        settings: &Settings,
        json: bool,
        checks: &mut usize,
        elapsed: &mut Duration,
    ) -> (bool, String) {
        let started = Instant::now();
        let mut args = vec![
            "check".to_owned(),
            "--all-targets".to_owned(),
            "--quiet".to_owned(),
            if json {
                "--message-format=json".to_owned()
            } else {
                "--message-format=short".to_owned()
            },
            "-p".to_owned(),
            self.package.clone(),
        ];
        // The default features are cargo's to add; the others as the audit read them.
        let features: Vec<String> = settings
            .cfg
            .features
            .iter()
            .filter(|f| *f != "default")
            .cloned()
            .collect();
        if !features.is_empty() {
            args.push("--features".to_owned());
            args.push(features.join(","));
        }
        let out = Command::new(cargo())
            .args(&args)
            .current_dir(&self.copy)
            .env("CARGO_TARGET_DIR", &self.target)
            .output();
        *checks += 1;
        *elapsed += started.elapsed();
        match out {
            Ok(out) => (
                out.status.success(),
                String::from_utf8_lossy(if json { &out.stdout } else { &out.stderr }).into_owned(),
            ),
            Err(e) => (false, format!("cannot run cargo: {e}")),
        }
    }

    /// Writes every `.rs` file of the copy that differs from its original back; returns them.
    pub(crate) fn write_back(&self) -> Result<Vec<PathBuf>, Error> {
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let name = entry.file_name();
                if name.to_string_lossy().starts_with('.') || name == "target" {
                    continue;
                }
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        walk(&self.copy, &mut files);
        let mut written = Vec::new();
        for file in files {
            let original = file
                .strip_prefix(&self.copy)
                .map(|r| self.root.join(r))
                .unwrap_or_else(|_| file.clone());
            let (Ok(now), Ok(before)) = (
                std::fs::read_to_string(&file),
                std::fs::read_to_string(&original),
            ) else {
                continue;
            };
            if now != before {
                std::fs::write(&original, now)
                    .map_err(|e| io(&original, format!("cannot write: {e}")))?;
                written.push(original);
            }
        }
        Ok(written)
    }
}

/// Checks the audit's answer for the code at `path` with the compiler.
pub fn verify(path: &Path, api: &Api, settings: &Settings) -> Result<Verdict, Error> {
    let workspace = Workspace::copy(path)?;
    let copied_path = workspace.in_copy(path);
    let mut verdict = Verdict::default();
    let check = |verdict: &mut Verdict| -> (bool, String) {
        workspace.check(settings, false, &mut verdict.checks, &mut verdict.elapsed)
    };

    // The fix, applied to the copy.
    let report = audit(&copied_path, api, settings)?;
    for fix in fixes(&report)? {
        std::fs::write(&fix.file, &fix.after)
            .map_err(|e| io(&fix.file, format!("cannot write: {e}")))?;
    }
    let (ok, errors) = check(&mut verdict);
    verdict.fix_compiles = ok;
    if !ok {
        verdict.fix_errors = errors;
        return Ok(verdict);
    }

    // Each needed scope, removed alone, must break the build.
    let fixed: Report = audit(&copied_path, api, settings)?;
    for f in fixed
        .functions
        .iter()
        .filter(|f| f.unresolved.is_empty() && f.problem.is_none())
    {
        let text = std::fs::read_to_string(&f.file)
            .map_err(|e| io(&f.file, format!("cannot read: {e}")))?;
        for scope in &f.declared {
            if f.declared.len() == 1 {
                // Without its only scope the attribute is refused for that alone.
                verdict.confirmed.push((f.path.clone(), scope.clone()));
                continue;
            }
            let mut parts: Vec<String> = f.client_option.iter().cloned().collect();
            parts.extend(f.declared.iter().filter(|s| *s != scope).map(|s| {
                if s == scope_core::UNSCOPED {
                    s.clone()
                } else {
                    format!("{s:?}")
                }
            }));
            if f.allow_unneeded {
                parts.push(scope_core::attr::ALLOW_UNNEEDED.to_owned());
            }
            let mut variant = text.clone();
            variant.replace_range(f.args.clone(), &parts.join(", "));
            std::fs::write(&f.file, &variant).map_err(|e| io(&f.file, format!("{e}")))?;
            let (ok, _) = check(&mut verdict);
            std::fs::write(&f.file, &text).map_err(|e| io(&f.file, format!("{e}")))?;
            let found = (
                format!("{} ({})", f.path, super::at(&f.file, f.line)),
                scope.clone(),
            );
            if ok {
                verdict.not_needed.push(found);
            } else {
                verdict.confirmed.push(found);
            }
        }
    }
    for e in fixed
        .entry_points()
        .iter()
        .filter(|e| e.unresolved.is_empty() && !e.allow_unneeded)
    {
        if e.listed.is_none() || e.list_spans.is_empty() {
            continue;
        }
        let text = std::fs::read_to_string(&e.list_file)
            .map_err(|err| io(&e.list_file, format!("cannot read: {err}")))?;
        let literals: Vec<&str> = e
            .list_spans
            .iter()
            .filter_map(|r| text.get(r.clone()))
            .collect();
        for (i, _) in literals.iter().enumerate() {
            if literals.len() == 1 {
                continue;
            }
            let rest: Vec<&str> = literals
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, l)| *l)
                .collect();
            let range = e.list_spans[0].start..e.list_spans[literals.len() - 1].end;
            let mut variant = text.clone();
            variant.replace_range(range, &rest.join(", "));
            std::fs::write(&e.list_file, &variant)
                .map_err(|err| io(&e.list_file, format!("{err}")))?;
            let (ok, _) = check(&mut verdict);
            std::fs::write(&e.list_file, &text)
                .map_err(|err| io(&e.list_file, format!("{err}")))?;
            let scope = syn::parse_str::<syn::LitStr>(literals[i])
                .map(|l| l.value())
                .unwrap_or_else(|_| literals[i].to_owned());
            let found = (
                format!(
                    "the list of {} ({})",
                    e.function,
                    super::at(&e.file, e.line)
                ),
                scope,
            );
            if ok {
                verdict.not_needed.push(found);
            } else {
                verdict.confirmed.push(found);
            }
        }
    }
    Ok(verdict)
}

//! `build.rs` integration.

use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind, Severity};
use crate::{Inputs, Prefer};

/// Runs the generator from a build script.
///
/// ```no_run
/// // In build.rs; src/lib.rs then has `include!(concat!(env!("OUT_DIR"), "/cloud_admin.rs"));`
/// let result = scope_codegen::Builder::new()
///     .spec("spec/organizations.json")
///     .scopes("spec/scopes.json")
///     .out_file("cloud_admin.rs")
///     .run();
/// if let Err(e) = result {
///     eprintln!("error: {e}");
///     std::process::exit(1);
/// }
/// ```
///
/// It prints `cargo:rerun-if-changed` for every input and each warning as `cargo:warning`, and
/// rewrites the output only when it changed, so that an unchanged spec costs no rebuild.
#[derive(Debug, Clone, Default)]
pub struct Builder {
    inputs: Inputs,
    out_file: Option<PathBuf>,
}

impl Builder {
    /// A builder with no inputs.
    pub fn new() -> Self {
        Self::default()
    }

    /// A builder with the inputs of `[package.metadata.scope-codegen]` in the crate's
    /// `Cargo.toml` (see [`crate::config`]), which the CLI reads too: `scope-codegen audit` in
    /// the crate then needs no flags. Methods called after it add to what the file says.
    pub fn from_manifest() -> Result<Self, Error> {
        let dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or_else(|| {
            Error::new(
                ErrorKind::Io,
                Path::new("Cargo.toml"),
                "",
                "CARGO_MANIFEST_DIR is not set: run from a build script",
            )
        })?;
        let manifest = Path::new(&dir).join("Cargo.toml");
        let config = crate::config::Config::from_manifest(&manifest)?.ok_or_else(|| {
            Error::new(
                ErrorKind::Io,
                &manifest,
                "",
                "no [package.metadata.scope-codegen] table to read the inputs from",
            )
        })?;
        println!("cargo:rerun-if-changed={}", manifest.display());
        Ok(Builder {
            inputs: config.inputs(&manifest),
            out_file: config.out.clone(),
        })
    }

    /// Names an operation: `operation` is its JSON pointer (`/paths/~1v1~1orgs/get`) or its
    /// operationId, `operation_id` the one to use (for operations the document leaves
    /// unnamed, or to choose a better name).
    pub fn rename(mut self, operation: impl Into<String>, operation_id: impl Into<String>) -> Self {
        self.inputs
            .renames
            .insert(operation.into(), operation_id.into());
        self
    }

    /// Expects the warnings about `item` (a JSON pointer, which covers everything below it,
    /// or an operationId): they are printed as notes and do not fail `deny_warnings`.
    pub fn allow(mut self, item: impl Into<String>) -> Self {
        self.inputs.allow.push(item.into());
        self
    }

    /// Generates only the operations `select` names (by operationId, tag or path prefix),
    /// each with the types it reaches: for a tool that calls a few operations of a large API.
    pub fn select(mut self, select: crate::Select) -> Self {
        self.inputs.select = select;
        self
    }

    /// Adds an OpenAPI document; several merge into one client.
    pub fn spec(mut self, path: impl Into<PathBuf>) -> Self {
        self.inputs.specs.push(path.into());
        self
    }

    /// Uses a scope table (`scopes.json`).
    pub fn scopes(mut self, path: impl Into<PathBuf>) -> Self {
        self.inputs.scopes = Some(path.into());
        self
    }

    /// Chooses which scope source wins a disagreement. Choosing makes disagreements notes
    /// instead of warnings, since the choice is then deliberate.
    pub fn prefer(mut self, prefer: Prefer) -> Self {
        self.inputs.options.prefer = prefer;
        self.inputs.options.prefer_explicit = true;
        self
    }

    /// Makes a scope table row that names an operation no document defines an error. By
    /// default it is a note and the row is left out, so that a table covering several APIs
    /// can be used with the documents of some of them.
    pub fn strict_table(mut self, strict: bool) -> Self {
        self.inputs.options.strict_table = strict;
        self
    }

    /// Fails the build on any warning.
    pub fn deny_warnings(mut self, deny: bool) -> Self {
        self.inputs.deny_warnings = deny;
        self
    }

    /// Generates the client for inclusion as the module `crate::<path>` of the crate whose
    /// build script this is (`"admin"`, `"services::admin"`), so that the crate's own
    /// functions can be annotated:
    ///
    /// ```text
    /// mod admin {
    ///     include!(concat!(env!("OUT_DIR"), "/admin.rs"));
    /// }
    /// ```
    ///
    /// The client stays sealed inside the crate (see docs/using-it.md, "Using it in the crate that
    /// generates it"). Without it, the code is for the root of a crate of its own.
    pub fn module(mut self, path: impl Into<String>) -> Self {
        self.inputs.module = Some(path.into());
        self
    }

    /// The output file: relative paths are taken within `OUT_DIR` (default `client.rs`).
    pub fn out_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.out_file = Some(path.into());
        self
    }

    /// Generates the client; returns the path written.
    pub fn run(self) -> Result<PathBuf, Error> {
        for path in self.inputs.specs.iter().chain(&self.inputs.scopes) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        let generated = crate::generate(&self.inputs)?;
        let out = self.out_file.unwrap_or_else(|| PathBuf::from("client.rs"));
        let out = if out.is_absolute() {
            out
        } else {
            let dir = std::env::var_os("OUT_DIR").ok_or_else(|| {
                Error::new(
                    ErrorKind::Io,
                    &out,
                    "",
                    "OUT_DIR is not set: run from a build script or give an absolute path",
                )
            })?;
            Path::new(&dir).join(out)
        };
        let changed = std::fs::read_to_string(&out).map_or(true, |old| old != generated.code);
        let kept = kept_inputs_dir(&out);
        // Warnings once per change of the generated client: cargo replays a build script's
        // warnings on every build that reuses its output, so a run that changes nothing says
        // nothing (the warnings stay listed in `<out>.warnings.txt` beside the output).
        if changed {
            for diagnostic in &generated.analysis.diagnostics {
                if diagnostic.severity == Severity::Warning {
                    println!("cargo:warning={diagnostic}");
                }
            }
            if let Some(line) = changes_since_last_build(&self.inputs, &kept, &generated.analysis) {
                println!("cargo:warning={line}");
            }
        }
        write_if_changed(&out, &generated.code)?;
        let warnings: String = generated
            .analysis
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(|d| format!("{d}\n"))
            .collect();
        let mut listed = out.clone().into_os_string();
        listed.push(".warnings.txt");
        write_if_changed(Path::new(&listed), &warnings)?;
        // Best effort: without the copies, the next change is not summarized, nothing else.
        let _ = keep_inputs(&self.inputs, &kept);
        Ok(out)
    }
}

/// Where a build keeps a copy of the inputs it generated from (`client.rs.inputs/` beside the
/// output), so that the next build whose output changes can say what changed.
fn kept_inputs_dir(out: &Path) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".inputs");
    out.with_file_name(name)
}

/// The copy of `path` in `dir`: its index among the inputs and its file name, so that two
/// inputs of one name stay apart.
fn kept_name(dir: &Path, index: usize, path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    dir.join(format!("{index}-{name}"))
}

/// Copies the documents and the table into `dir`, replacing what was there.
fn keep_inputs(inputs: &crate::Inputs, dir: &Path) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    for (index, spec) in inputs.specs.iter().enumerate() {
        std::fs::copy(spec, kept_name(dir, index, spec))?;
    }
    if let Some(table) = &inputs.scopes {
        std::fs::copy(table, dir.join("table.json"))?;
    }
    Ok(())
}

/// One line saying how many operations' requirements changed since the inputs kept in `dir`,
/// and the command that lists them; `None` where nothing was kept or no operation changed.
fn changes_since_last_build(
    inputs: &crate::Inputs,
    dir: &Path,
    now: &crate::Analysis,
) -> Option<String> {
    let specs: Vec<PathBuf> = inputs
        .specs
        .iter()
        .enumerate()
        .map(|(index, spec)| kept_name(dir, index, spec))
        .collect();
    if !specs.iter().all(|s| s.exists()) {
        return None;
    }
    let table = dir.join("table.json");
    let previous = crate::Inputs {
        specs: specs.clone(),
        scopes: inputs
            .scopes
            .as_ref()
            .map(|_| table.clone())
            .filter(|t| t.exists()),
        ..inputs.clone()
    };
    let before = crate::analyze(&previous).ok()?;
    let changes = crate::diff::diff(&before.api, &now.api);
    let operations = changes.operations.len();
    if operations == 0 {
        return None;
    }
    let quote = |paths: &[PathBuf]| {
        paths
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut command = format!(
        "scope-codegen diff --old-spec {} --new-spec {}",
        quote(&specs),
        quote(&inputs.specs)
    );
    if let (Some(old), Some(new)) = (&previous.scopes, &inputs.scopes) {
        command.push_str(&format!(
            " --old-scopes {} --new-scopes {}",
            old.display(),
            new.display()
        ));
    }
    let grew = changes.operations.iter().filter(|o| o.grew).count();
    Some(format!(
        "scope-codegen: {operations} operation(s) changed since the last build, {} requirement(s), {grew} grew; see `{command}`",
        changes.requirements_changed()
    ))
}

/// Writes `contents` unless the file already holds exactly that.
pub(crate) fn write_if_changed(path: &Path, contents: &str) -> Result<(), Error> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == contents) {
        return Ok(());
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                dir,
                "",
                format!("cannot create the directory: {e}"),
            )
        })?;
    }
    std::fs::write(path, contents).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            path,
            "",
            format!("cannot write the file: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Cloud Admin documents of this repository, with the table's API-key read scope
    /// renamed in the second build: one line, with the count and the command.
    #[test]
    fn a_build_whose_requirements_changed_says_so_in_one_line() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let dir = std::env::temp_dir().join(format!("scope-codegen-build-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let table = dir.join("scopes.json");
        std::fs::copy(root.join("spec/scopes.json"), &table).unwrap();
        let inputs = Inputs {
            specs: vec![root.join("spec/api-access.json")],
            scopes: Some(table.clone()),
            ..Inputs::default()
        };
        let out = dir.join("client.rs");
        let kept = kept_inputs_dir(&out);
        let first = crate::analyze(&inputs).unwrap();
        assert_eq!(
            changes_since_last_build(&inputs, &kept, &first),
            None,
            "nothing kept yet"
        );
        keep_inputs(&inputs, &kept).unwrap();
        assert_eq!(
            changes_since_last_build(&inputs, &kept, &first),
            None,
            "nothing changed"
        );
        let renamed = std::fs::read_to_string(&table)
            .unwrap()
            .replace("read:tokens:admin", "read:keys:admin");
        std::fs::write(&table, renamed).unwrap();
        let second = crate::analyze(&inputs).unwrap();
        let line = changes_since_last_build(&inputs, &kept, &second).expect("a line");
        let _ = std::fs::remove_dir_all(&dir);
        assert!(
            line.starts_with("scope-codegen: 4 operation(s) changed since the last build, 4 requirement(s), 4 grew; see `scope-codegen diff --old-spec "),
            "{line}"
        );
        assert!(
            line.contains(" --old-scopes ") && !line.contains('\n'),
            "{line}"
        );
    }
}

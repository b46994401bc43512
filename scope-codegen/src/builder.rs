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
    /// The client stays sealed inside the crate (see the README's "Using it in the crate that
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
        for diagnostic in &generated.analysis.diagnostics {
            if diagnostic.severity == Severity::Warning {
                println!("cargo:warning={diagnostic}");
            }
        }
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
        write_if_changed(&out, &generated.code)?;
        Ok(out)
    }
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

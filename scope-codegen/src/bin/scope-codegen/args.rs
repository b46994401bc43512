//! The inputs every command takes: documents, scope table, resolution, expected warnings and the
//! selection, from flags or from `[package.metadata.scope-codegen]`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use scope_codegen::{Analysis, Inputs, Options, Prefer, Severity};

#[derive(Args)]
pub struct InputArgs {
    /// OpenAPI 3.0 documents (JSON); several merge into one client. Without any, the inputs
    /// come from `[package.metadata.scope-codegen]` in the crate's Cargo.toml.
    #[arg(long = "spec", value_name = "FILE", num_args = 1..)]
    specs: Vec<PathBuf>,
    /// The Cargo.toml to read the configuration from when no --spec is given.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "Cargo.toml",
        conflicts_with = "specs"
    )]
    manifest_path: PathBuf,
    /// The scope table (scopes.json).
    #[arg(long, value_name = "FILE")]
    scopes: Option<PathBuf>,
    /// Which source wins when the scope table and the document disagree.
    #[arg(long, value_enum)]
    prefer: Option<PreferArg>,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Make a scope table row that names an operation no document defines an error (by
    /// default it is a note and the row is left out).
    #[arg(long)]
    strict_table: bool,
    /// Items whose warnings are expected (an operationId, or a JSON pointer, which covers
    /// everything below it): kept as notes, and not failing `--deny-warnings`. Repeatable.
    #[arg(long, value_name = "ITEM")]
    allow: Vec<String>,
    /// Generate only the operations these operationIds, tags and path prefixes select (any of
    /// them), with the types they reach. Repeatable.
    #[arg(long = "select-operation", value_name = "OPERATION_ID")]
    select_operations: Vec<String>,
    /// See `--select-operation`: operations with this tag.
    #[arg(long = "select-tag", value_name = "TAG")]
    select_tags: Vec<String>,
    /// See `--select-operation`: operations under this path (whole segments).
    #[arg(long = "select-path", value_name = "PREFIX")]
    select_paths: Vec<String>,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PreferArg {
    /// The scope table wins (default).
    Table,
    /// The document (security, x-atlassian-oauth2-scopes, description) wins.
    Document,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum AlternativeArg {
    /// Classic scopes (`read:jira-work`).
    Classic,
    /// Granular scopes (`read:issue:jira`, ...), which Atlassian recommends for new apps.
    Granular,
}

impl InputArgs {
    /// The inputs the flags give or, without `--spec`, the crate's configuration (flags then
    /// only add `--deny-warnings`, `--strict-table` and `--allow`, and the `--select-*` flags
    /// replace its selection).
    pub fn inputs(&self) -> Result<Inputs, scope_codegen::Error> {
        if self.specs.is_empty() {
            let manifest = &self.manifest_path;
            let config = scope_codegen::config::Config::from_manifest(manifest)?.ok_or_else(|| {
                scope_codegen::Error {
                    kind: scope_codegen::ErrorKind::Io,
                    file: manifest.clone(),
                    item: String::new(),
                    message: "no --spec given, and no [package.metadata.scope-codegen] here to read the inputs from".to_owned(),
                }
            })?;
            let mut inputs = config.inputs(manifest);
            inputs.deny_warnings |= self.deny_warnings;
            inputs.options.strict_table |= self.strict_table;
            inputs.allow.extend(self.allow.iter().cloned());
            if !self.select().is_all() {
                inputs.select = self.select();
            }
            return Ok(inputs);
        }
        Ok(Inputs {
            specs: self.specs.clone(),
            scopes: self.scopes.clone(),
            options: Options {
                prefer: match self.prefer {
                    Some(PreferArg::Document) => Prefer::Document,
                    Some(PreferArg::Table) | None => Prefer::Table,
                },
                prefer_explicit: self.prefer.is_some(),
                strict_table: self.strict_table,
            },
            deny_warnings: self.deny_warnings,
            allow: self.allow.clone(),
            select: self.select(),
            ..Inputs::default()
        })
    }

    fn select(&self) -> scope_codegen::Select {
        scope_codegen::Select {
            operations: self.select_operations.clone(),
            tags: self.select_tags.clone(),
            paths: self.select_paths.clone(),
        }
    }
}

/// Prints the analysis's warnings, and its notes too when asked.
pub fn print_diagnostics(analysis: &Analysis, notes: bool) {
    for d in &analysis.diagnostics {
        if notes || d.severity == Severity::Warning {
            eprintln!("{d}");
        }
    }
}

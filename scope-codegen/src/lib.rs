//! Generates scope-checked Rust clients from OpenAPI documents and Atlassian's scope table.
//!
//! Build scripts use [`Builder`] (or [`Builder::from_manifest`], which reads
//! [`config::Config`] from `[package.metadata.scope-codegen]`); tools call [`generate`] for the
//! code, or [`analyze`] for the [`model`] alone: every operation with its resolved scopes, its
//! parameters and types. [`diff`] compares two analyses.
//!
//! Inside, the pipeline has four stages, one private module each: `load` reads the documents
//! and the scope table; `resolve` works out each operation's scope requirement from every
//! source; `model` builds the client's operations, types and scopes; `emit` writes formatted
//! Rust. With the `tools` feature (on by default, off in build scripts): the audit, the crate
//! writer and the synthetic-document generator the command-line tool runs.

pub mod config;
pub mod diff;
mod emit;
mod error;
mod load;
pub mod model;
mod resolve;

mod builder;

/// The tools the command-line tool runs, left out of build scripts (`default-features =
/// false`): the audit, the crate writer, the synthetic-document generator.
#[cfg(feature = "tools")]
pub mod audit;
#[cfg(feature = "tools")]
pub mod krate;
#[cfg(feature = "tools")]
pub mod synthetic;

use std::path::{Path, PathBuf};

pub use builder::Builder;
pub use emit::Placement;
pub use error::{Diagnostic, Error, ErrorKind, Severity};
pub use load::{
    CLOUD_ADMIN_TABLE, CLOUD_ADMIN_TABLE_NAME, ScopeTable, TableRow, TableScope, builtin_table,
};
pub use model::{Api, Options, Select};
pub use resolve::{Prefer, Requirement, Resolution, ScopeKind, Source};

/// The inputs of one generation run.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// OpenAPI documents, merged into one client in this order.
    pub specs: Vec<PathBuf>,
    /// The scope table, if any. Without one, Cloud Admin documents get the built-in table
    /// (Atlassian's Cloud Admin scope page), unless `no_builtin_table` is set.
    pub scopes: Option<PathBuf>,
    /// Leave the built-in Cloud Admin scope table out where no table is given.
    pub no_builtin_table: bool,
    /// How to resolve scopes.
    pub options: Options,
    /// Fail instead of warning.
    pub deny_warnings: bool,
    /// Operation (its JSON pointer, such as `/paths/~1v1~1orgs/get`, or its operationId) →
    /// the operationId to use: names for operations the document leaves unnamed, or better
    /// ones.
    pub renames: std::collections::BTreeMap<String, String>,
    /// Items (JSON pointers, which cover everything below them, or operationIds) whose
    /// warnings are expected: they are kept as notes and do not fail `deny_warnings`.
    pub allow: Vec<String>,
    /// Which operations to generate (all when empty).
    pub select: model::Select,
    /// The file the renames and allows come from (`Cargo.toml`), named in their messages.
    pub config: Option<PathBuf>,
    /// The module of the generating crate the client is included as (`admin`,
    /// `services::admin`), so that the crate's own functions can be annotated; `None` for a
    /// client that is a crate of its own.
    pub module: Option<String>,
}

impl Inputs {
    /// Where the generated code lives, checked: a module path is Rust identifiers joined by
    /// `::`, relative to the crate's root.
    pub fn placement(&self) -> Result<Placement, Error> {
        let Some(module) = &self.module else {
            return Ok(Placement::Crate);
        };
        let item = "module";
        let file = self.config.as_deref().unwrap_or(Path::new(""));
        let bad = |why: &str| {
            Error::new(
                ErrorKind::Io,
                file,
                item,
                format!(
                    "`{module}` is not a module path ({why}); write it like `admin` or `services::admin`, relative to the crate's root"
                ),
            )
        };
        let path: syn::Path = syn::parse_str(module).map_err(|_| bad("not a Rust path"))?;
        if path.leading_colon.is_some() {
            return Err(bad("it starts with `::`"));
        }
        for segment in &path.segments {
            if !segment.arguments.is_none() {
                return Err(bad("it has generic arguments"));
            }
            let name = segment.ident.to_string();
            if ["crate", "self", "super", "Self"].contains(&name.as_str()) {
                return Err(bad(&format!(
                    "`{name}` is implied: the path starts at the crate's root"
                )));
            }
        }
        let canonical: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        Ok(Placement::Module(canonical.join("::")))
    }
}

/// The model of the client, with the diagnostics raised while building it.
#[derive(Debug)]
pub struct Analysis {
    /// The model.
    pub api: Api,
    /// Warnings and notes, in the order they were found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Loads the inputs and builds the model, without emitting code.
pub fn analyze(inputs: &Inputs) -> Result<Analysis, Error> {
    let mut diags = error::Diagnostics::default();
    if inputs.specs.is_empty() {
        return Err(Error::new(
            ErrorKind::Io,
            Path::new(""),
            "",
            "no OpenAPI document given",
        ));
    }
    let started = std::time::Instant::now();
    let docs = inputs
        .specs
        .iter()
        .map(|path| load::load_document(path, &mut diags))
        .collect::<Result<Vec<_>, _>>()?;
    if timings() {
        eprintln!("scope-codegen: load {:?}", started.elapsed());
    }
    analyze_documents(docs, inputs, diags)
}

/// Runs the pipeline on documents given as text (`(name, text)`; the name is used in
/// messages), without a scope table: for tests and tools that hold documents in memory.
pub fn generate_texts(
    documents: &[(PathBuf, String)],
    options: Options,
) -> Result<Generated, Error> {
    let mut diags = error::Diagnostics::default();
    let docs = documents
        .iter()
        .map(|(path, text)| load::parse_document(path, text, &mut diags))
        .collect::<Result<Vec<_>, _>>()?;
    let inputs = Inputs {
        specs: documents.iter().map(|(p, _)| p.clone()).collect(),
        options,
        ..Inputs::default()
    };
    let analysis = analyze_documents(docs, &inputs, diags)?;
    let code = emit::emit(&analysis.api, &emit::Placement::Crate)?;
    Ok(Generated { code, analysis })
}

fn analyze_documents(
    docs: Vec<load::Document>,
    inputs: &Inputs,
    mut diags: error::Diagnostics,
) -> Result<Analysis, Error> {
    let mut table = inputs
        .scopes
        .as_deref()
        .map(load::load_scope_table)
        .transpose()?;
    // Without a table of the user's, Cloud Admin documents get the built-in one: Atlassian's
    // own documents name no scope for many of their operations (the policies), which the
    // table does.
    if table.is_none() && !inputs.no_builtin_table {
        let builtin = load::builtin_table();
        let renamed_to: Vec<String> = inputs.renames.values().cloned().collect();
        if load::builtin_table_applies(&builtin, &docs, &renamed_to) {
            diags.note(
                Path::new(load::CLOUD_ADMIN_TABLE_NAME),
                "",
                format!(
                    "no scope table was given; the scopes of {} ({}) apply to these Cloud Admin documents (give `scopes` to use another table)",
                    load::CLOUD_ADMIN_TABLE_NAME,
                    builtin.source.as_deref().unwrap_or("Atlassian")
                ),
            );
            table = Some(builtin);
        }
    }
    let renames = model::Renames::new(inputs.renames.clone());
    let config = inputs
        .config
        .clone()
        .unwrap_or_else(|| PathBuf::from("the configuration"));
    let api = model::build(&docs, table.as_ref(), inputs, &renames, &config, &mut diags)?;
    for key in renames.unused() {
        diags.warn(
            &config,
            format!("rename.{key:?}"),
            format!("renames `{key}`, which is no operation's JSON pointer or operationId"),
        );
    }
    allow_expected(&api, inputs, &config, &mut diags);
    let diagnostics = diags.list;
    if inputs.deny_warnings {
        let warnings: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .map(ToString::to_string)
            .collect();
        if !warnings.is_empty() {
            return Err(Error::new(
                ErrorKind::DeniedWarnings,
                &inputs.specs[0],
                "",
                format!(
                    "{} warning(s) denied:\n{}",
                    warnings.len(),
                    warnings.join("\n")
                ),
            ));
        }
    }
    Ok(Analysis { api, diagnostics })
}

/// Turns the warnings about items the configuration allows into notes, and warns about allow
/// entries that match nothing (so that a stale entry does not hide a future warning unseen).
fn allow_expected(api: &Api, inputs: &Inputs, config: &Path, diags: &mut error::Diagnostics) {
    let covers = |entry: &str, item: &str| {
        // An empty entry would be a prefix of every pointer.
        if entry.is_empty() {
            return false;
        }
        // Some warnings are keyed by the operationId itself (scope disagreements).
        if item == entry {
            return true;
        }
        let pointer = api
            .operations
            .iter()
            .find(|op| op.id == entry)
            .map_or(entry, |op| op.pointer.as_str());
        item == pointer || item.starts_with(&format!("{pointer}/"))
    };
    let mut used = vec![false; inputs.allow.len()];
    let mut allowed = |item: &str| {
        let entry = inputs.allow.iter().position(|entry| covers(entry, item));
        if let Some(i) = entry {
            used[i] = true;
        }
        entry
    };
    report_unscoped(api, &mut |op| allowed(&op.pointer).is_some(), diags);
    for diagnostic in &mut diags.list {
        if diagnostic.severity != Severity::Warning {
            continue;
        }
        if let Some(i) = allowed(&diagnostic.item) {
            diagnostic.severity = Severity::Note;
            diagnostic
                .message
                .push_str(&format!(" (allowed by `{}`)", inputs.allow[i]));
        }
    }
    for (entry, used) in inputs.allow.iter().zip(used) {
        if !used {
            diags.warn(
                config,
                format!("allow.{entry:?}"),
                format!("allows the warnings of `{entry}`, but it has none"),
            );
        }
    }
}

/// Warns, in one line per document, of the operations left unscoped in a document whose
/// other operations have scopes: most likely scopes the document and the table forgot, and in
/// any case operations only a key created without scopes (full access) can call. Operations
/// the configuration allows are left out of it; a document with no scopes at all says nothing
/// about scopes and is not warned of.
fn report_unscoped(
    api: &Api,
    allowed: &mut dyn FnMut(&model::Operation) -> bool,
    diags: &mut error::Diagnostics,
) {
    /// How many operations the line names before it counts the rest.
    const NAMED: usize = 5;
    for (d, doc) in api.documents.iter().enumerate() {
        let of_doc = || api.operations.iter().filter(move |o| o.doc == d);
        let unscoped = |o: &&model::Operation| o.scopes.requirement == Requirement::Unscoped;
        let scoped = of_doc().filter(|o| !unscoped(o)).count();
        if scoped == 0 {
            continue;
        }
        let left: Vec<&str> = of_doc()
            .filter(unscoped)
            .filter(|o| !allowed(o))
            .map(|o| o.id.as_str())
            .collect();
        let (named, more) = left.split_at(left.len().min(NAMED));
        let list = named
            .iter()
            .map(|id| format!("`{id}`"))
            .chain((!more.is_empty()).then(|| format!("and {} more", more.len())))
            .collect::<Vec<_>>()
            .join(", ");
        let message = match left.len() {
            0 => continue,
            1 => format!(
                "{list} has no scopes although {scoped} other operations of this document have some: only a key created without scopes (full access) can call it (name its scopes in a scope table, or allow it)"
            ),
            n => format!(
                "{n} operations have no scopes although {scoped} others of this document have some: only a key created without scopes (full access) can call them: {list} (`scope-codegen scopes` lists them; name their scopes in a scope table, or allow them)"
            ),
        };
        diags.warn(&doc.file, "/paths", message);
    }
}

/// Generated source with the analysis behind it.
#[derive(Debug)]
pub struct Generated {
    /// Formatted Rust source.
    pub code: String,
    /// The model and diagnostics.
    pub analysis: Analysis,
}

/// Runs the whole pipeline.
pub fn generate(inputs: &Inputs) -> Result<Generated, Error> {
    let started = std::time::Instant::now();
    let placement = inputs.placement()?;
    let analysis = analyze(inputs)?;
    let analyzed = started.elapsed();
    let code = emit::emit(&analysis.api, &placement)?;
    if timings() {
        eprintln!(
            "scope-codegen: analysis {analyzed:?}, emit {:?}",
            started.elapsed() - analyzed
        );
    }
    Ok(Generated { code, analysis })
}

/// Whether `SCOPE_CODEGEN_TIMINGS` asks for the pipeline's phase times on stderr.
fn timings() -> bool {
    std::env::var_os("SCOPE_CODEGEN_TIMINGS").is_some()
}

/// A scoped thread's result; a panic there carries on here.
fn join<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

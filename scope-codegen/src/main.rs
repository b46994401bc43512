//! `scope-codegen`: generate scope-checked clients and list the scopes operations need.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use scope_codegen::krate::Runtime;
use scope_codegen::load;
use scope_codegen::{Analysis, Inputs, Options, Prefer, Requirement, Severity};

#[derive(Parser)]
#[command(
    version,
    about = "Scope-checked Rust clients from OpenAPI documents and Atlassian's scope table"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the client's Rust source, as a file or as a crate.
    Generate {
        #[command(flatten)]
        input: InputArgs,
        /// Write the source to this file.
        #[arg(
            long,
            value_name = "FILE",
            required_unless_present = "crate_dir",
            conflicts_with = "crate_dir"
        )]
        out: Option<PathBuf>,
        /// Write a crate here instead: Cargo.toml and src/lib.rs.
        #[arg(long = "crate", value_name = "DIR")]
        crate_dir: Option<PathBuf>,
        /// The crate's package name (default: from the directory name).
        #[arg(long, requires = "crate_dir")]
        name: Option<String>,
        /// Generate for inclusion as this module of your crate (`admin`: `mod admin;` for a
        /// file checked in as src/admin.rs), so that the crate's own functions can be annotated.
        #[arg(long, value_name = "PATH", conflicts_with = "crate_dir")]
        module: Option<String>,
        /// Write nothing: exit non-zero, with a diff, if the files there differ from what
        /// would be generated. For generated code checked into the repository, in CI.
        #[arg(long)]
        check: bool,
        /// Take scope-runtime and scope-macros from this checkout of the scope-codegen
        /// workspace (default: the one this tool was built from).
        #[arg(
            long,
            value_name = "DIR",
            requires = "crate_dir",
            conflicts_with = "runtime_version"
        )]
        runtime_path: Option<PathBuf>,
        /// Take scope-runtime and scope-macros from the registry at this version.
        #[arg(long, value_name = "VERSION", requires = "crate_dir")]
        runtime_version: Option<String>,
    },
    /// Least privilege: for each `#[requires_scope]` function under PATH, the scopes its body
    /// needs against those it declares; the minimal set of each entry point and of the crate.
    Audit {
        /// A crate's sources (a directory or a file).
        #[arg(default_value = "src")]
        path: PathBuf,
        #[command(flatten)]
        input: InputArgs,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Exit non-zero when any declaration lacks a needed scope or has a redundant one.
        #[arg(long)]
        check: bool,
        /// Rewrite each attribute to exactly what its body needs (adds missing scopes, removes
        /// redundant ones; the rest of the file is left as it is).
        #[arg(long)]
        fix: bool,
        /// With --fix: print the changes as a diff instead of writing them.
        #[arg(long)]
        dry_run: bool,
        /// Update the `permissions.scopes` block of this Forge manifest.yml to the crate's
        /// scopes (with --dry-run: print the diff).
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        /// Where an operation accepts classic or granular scopes, propose this kind (default:
        /// keep the one each declaration satisfies). The report says which it chose.
        #[arg(long, value_enum, value_name = "KIND")]
        alternative: Option<AlternativeArg>,
        /// Features enabled in the build the key is for, besides the package's default ones:
        /// items behind `#[cfg(feature = ..)]` of other features are left out (`#[cfg(test)]`
        /// items always are).
        #[arg(long, value_name = "FEATURE", value_delimiter = ',')]
        features: Vec<String>,
        /// Leave the package's default features out.
        #[arg(long)]
        no_default_features: bool,
        /// Check the answer with the compiler: apply the fix in a copy of the workspace,
        /// `cargo check` it, then remove each needed scope alone and check that the build
        /// fails. Slow (one `cargo check` a scope); says how long it took.
        #[arg(long, conflicts_with_all = ["fix", "json"])]
        verify: bool,
        /// With --fix: settle what the syntax cannot read with the compiler. In a copy of the
        /// workspace, apply the fix, `cargo check`, add each scope the compiler says a function
        /// or entry point lacks (one check a round), repeat until it compiles, then remove
        /// each scope whose removal still compiles; write the result back, saying why.
        #[arg(long, requires = "fix", conflicts_with_all = ["json", "dry_run"])]
        settle: bool,
    },
    /// What changed between two versions of the inputs: per operation, added, removed,
    /// renamed, deprecated, and every change of its requirement; scopes the table added or
    /// dropped. Exits 1 when any requirement grew (a key that was enough is not any more), 0
    /// otherwise, 2 on an error.
    Diff {
        /// The old OpenAPI documents (default: the new ones, to compare two scope tables).
        #[arg(long = "old-spec", value_name = "FILE", num_args = 1..)]
        old_specs: Vec<PathBuf>,
        /// The new OpenAPI documents.
        #[arg(long = "new-spec", value_name = "FILE", num_args = 1.., required = true)]
        new_specs: Vec<PathBuf>,
        /// The old scope table (default: the new one).
        #[arg(long, value_name = "FILE")]
        old_scopes: Option<PathBuf>,
        /// The new scope table.
        #[arg(long, value_name = "FILE")]
        new_scopes: Option<PathBuf>,
        /// Which source wins when the scope table and the document disagree (both sides).
        #[arg(long, value_enum)]
        prefer: Option<PreferArg>,
        /// Also say what the change means for this crate's sources (a directory or a file, as
        /// for `audit`): which functions and entry points need other scopes, and how the key
        /// must change.
        #[arg(long = "crate", value_name = "PATH")]
        crate_path: Option<PathBuf>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// List every operation with its method, path and required scopes.
    Scopes {
        #[command(flatten)]
        input: InputArgs,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// Print the built-in Cloud Admin scope table instead (its source and date, each scope
        /// with the operations it covers): what applies to Cloud Admin documents when no
        /// `--scopes` is given.
        #[arg(long, conflicts_with_all = ["specs", "scopes"])]
        builtin_table: bool,
    },
}

#[derive(Args)]
struct InputArgs {
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
enum PreferArg {
    /// The scope table wins (default).
    Table,
    /// The document (security, x-atlassian-oauth2-scopes, description) wins.
    Document,
}

#[derive(Clone, Copy, ValueEnum)]
enum AlternativeArg {
    /// Classic scopes (`read:jira-work`).
    Classic,
    /// Granular scopes (`read:issue:jira`, ...), which Atlassian recommends for new apps.
    Granular,
}

impl InputArgs {
    /// The inputs the flags give or, without `--spec`, the crate's configuration (flags then
    /// only add `--deny-warnings`, `--strict-table` and `--allow`, and the `--select-*` flags
    /// replace its selection).
    fn inputs(&self) -> Result<Inputs, scope_codegen::Error> {
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Generate {
            input,
            out,
            crate_dir,
            name,
            module,
            check,
            runtime_path,
            runtime_version,
        } => {
            let target = match (out, crate_dir) {
                (Some(out), _) => Target::File(out.clone()),
                (None, Some(dir)) => Target::Crate {
                    name: name
                        .clone()
                        .unwrap_or_else(|| scope_codegen::krate::package_name(dir)),
                    dir: dir.clone(),
                    runtime: match (runtime_path, runtime_version) {
                        (_, Some(version)) => Runtime::Version(version.clone()),
                        (Some(path), None) => Runtime::Path(path.clone()),
                        (None, None) => Runtime::this_workspace(),
                    },
                },
                (None, None) => unreachable!("clap requires --out or --crate"),
            };
            match generate(input, module.as_deref(), &target, *check) {
                Ok(false) => {
                    eprintln!(
                        "generated code is stale: run the same command without --check, and review the diff"
                    );
                    return ExitCode::FAILURE;
                }
                other => other.map(drop),
            }
        }
        Command::Scopes {
            builtin_table: true,
            json,
            ..
        } => {
            builtin_table(*json);
            Ok(())
        }
        Command::Scopes { input, json, .. } => scopes(input, *json),
        Command::Diff {
            old_specs,
            new_specs,
            old_scopes,
            new_scopes,
            prefer,
            crate_path,
            json,
        } => {
            let side = |specs: &[PathBuf], scopes: Option<PathBuf>| Inputs {
                specs: specs.to_vec(),
                scopes,
                options: Options {
                    prefer: match prefer {
                        Some(PreferArg::Document) => Prefer::Document,
                        Some(PreferArg::Table) | None => Prefer::Table,
                    },
                    prefer_explicit: prefer.is_some(),
                    strict_table: false,
                },
                ..Inputs::default()
            };
            let old_specs = if old_specs.is_empty() {
                new_specs
            } else {
                old_specs
            };
            let old = side(old_specs, old_scopes.clone().or_else(|| new_scopes.clone()));
            let new = side(new_specs, new_scopes.clone());
            match diff(&old, &new, crate_path.as_deref(), *json) {
                Ok(true) => return ExitCode::from(1),
                Ok(false) => Ok(()),
                Err(error) => {
                    eprintln!("error: {error}");
                    return ExitCode::from(2);
                }
            }
        }
        Command::Audit {
            path,
            input,
            json,
            check,
            fix,
            dry_run,
            manifest,
            alternative,
            features,
            no_default_features,
            verify,
            settle,
        } => match audit(
            path,
            input,
            &AuditOptions {
                json: *json,
                fix: *fix,
                dry_run: *dry_run,
                manifest: manifest.clone(),
                prefer: match alternative {
                    None => scope_codegen::audit::Prefer::Declared,
                    Some(AlternativeArg::Classic) => scope_codegen::audit::Prefer::Classic,
                    Some(AlternativeArg::Granular) => scope_codegen::audit::Prefer::Granular,
                },
                features: features.clone(),
                no_default_features: *no_default_features,
                verify: *verify,
                settle: *settle,
            },
        ) {
            Ok(findings) if (*check || *verify) && findings => {
                eprintln!(
                    "audit: declarations or entry points' lists differ from what the code needs, or the audit cannot follow every use of the client"
                );
                return ExitCode::FAILURE;
            }
            other => other.map(drop),
        },
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Prints what changed between two sets of inputs; returns whether a requirement grew.
fn diff(
    old: &Inputs,
    new: &Inputs,
    crate_path: Option<&std::path::Path>,
    json: bool,
) -> Result<bool, scope_codegen::Error> {
    let old = scope_codegen::analyze(old)?;
    let new = scope_codegen::analyze(new)?;
    let changes = scope_codegen::diff::diff(&old.api, &new.api);
    let impact = match crate_path {
        Some(path) => {
            let settings = scope_codegen::audit::Settings {
                prefer: scope_codegen::audit::Prefer::Declared,
                cfg: scope_codegen::audit::Cfg::for_package(path, &[], false),
            };
            let before = scope_codegen::audit::audit_with(path, &old.api, &settings)?;
            let after = scope_codegen::audit::audit_with(path, &new.api, &settings)?;
            Some(scope_codegen::diff::crate_impact(&before, &after))
        }
        None => None,
    };
    if json {
        let mut value = serde_json::to_value(&changes).expect("the diff serializes");
        if let Some(impact) = &impact {
            value["crate"] = serde_json::to_value(impact).expect("the impact serializes");
        }
        let text = serde_json::to_string_pretty(&value).expect("JSON prints");
        println!("{text}");
    } else {
        print!("{}", scope_codegen::diff::render(&changes));
        if let Some(impact) = &impact {
            print!("{}", scope_codegen::diff::render_impact(impact));
        }
    }
    Ok(changes.any_grew() || impact.is_some_and(|i| !i.key_add.is_empty()))
}

fn print_diagnostics(analysis: &Analysis, notes: bool) {
    for d in &analysis.diagnostics {
        if notes || d.severity == Severity::Warning {
            eprintln!("{d}");
        }
    }
}

enum Target {
    File(PathBuf),
    Crate {
        dir: PathBuf,
        name: String,
        runtime: Runtime,
    },
}

/// Generates, or with `check` compares; returns whether what is on disk is current (always
/// true when writing).
fn generate(
    input: &InputArgs,
    module: Option<&str>,
    target: &Target,
    check: bool,
) -> Result<bool, scope_codegen::Error> {
    let mut inputs = input.inputs()?;
    if let Some(module) = module {
        inputs.module = Some(module.to_owned());
    }
    if matches!(target, Target::Crate { .. }) && inputs.module.is_some() {
        // A crate's own client sits at its root; the configuration's `module` is for build.rs.
        inputs.module = None;
    }
    let generated = scope_codegen::generate(&inputs)?;
    print_diagnostics(&generated.analysis, false);
    let (out, files): (&PathBuf, Vec<(PathBuf, String)>) = match target {
        Target::File(out) => (out, vec![(out.clone(), generated.code.clone())]),
        Target::Crate { dir, name, runtime } => (
            dir,
            scope_codegen::krate::crate_files(&generated.code, name, runtime)
                .into_iter()
                .map(|(path, text)| (dir.join(path), text))
                .collect(),
        ),
    };
    if check {
        let mut current = true;
        for (path, want) in &files {
            let have = std::fs::read_to_string(path).unwrap_or_default();
            if have != *want {
                current = false;
                let name = path.display().to_string();
                let diff = similar::TextDiff::from_lines(&have, want);
                let diff = diff
                    .unified_diff()
                    .context_radius(1)
                    .header(&name, &name)
                    .to_string();
                let lines: Vec<&str> = diff.lines().collect();
                eprintln!("stale: {name}");
                for line in lines.iter().take(60) {
                    eprintln!("{line}");
                }
                if lines.len() > 60 {
                    eprintln!("... ({} more diff lines)", lines.len() - 60);
                }
            }
        }
        if current {
            eprintln!("{} is up to date", out.display());
        }
        return Ok(current);
    }
    match target {
        Target::File(out) => {
            std::fs::write(out, &generated.code).map_err(|e| scope_codegen::Error {
                kind: scope_codegen::ErrorKind::Io,
                file: out.clone(),
                item: String::new(),
                message: format!("cannot write the file: {e}"),
            })?;
        }
        Target::Crate { dir, name, runtime } => {
            scope_codegen::krate::write_crate(&generated.code, dir, name, runtime)?;
        }
    }
    let api = &generated.analysis.api;
    eprintln!(
        "wrote {} ({} operations, {} types, {} scopes)",
        out.display(),
        api.operations.len(),
        api.types.defs.len(),
        api.scopes.len()
    );
    Ok(true)
}

/// Prints the scope table the generator carries: as the JSON it is kept in, or as a list.
fn builtin_table(json: bool) {
    if json {
        print!("{}", load::CLOUD_ADMIN_TABLE);
        return;
    }
    let table = load::builtin_table();
    println!(
        "{}: {}",
        load::CLOUD_ADMIN_TABLE_NAME,
        table.source.as_deref().unwrap_or("Atlassian")
    );
    for scope in &table.scopes {
        println!("{}  {}", scope.name, scope.summary);
        for row in &scope.operations {
            match row.operation_ids.as_slice() {
                [] => println!("    {} (matched by summary)", row.name),
                ids => println!("    {} ({})", row.name, ids.join(", ")),
            }
        }
    }
}

fn scopes(input: &InputArgs, json: bool) -> Result<(), scope_codegen::Error> {
    let analysis = scope_codegen::analyze(&input.inputs()?)?;
    print_diagnostics(&analysis, true);
    let api = &analysis.api;
    if json {
        let operations: Vec<serde_json::Value> = api
            .operations
            .iter()
            .map(|op| {
                serde_json::json!({
                    "operationId": op.id,
                    "method": op.method,
                    "path": op.path,
                    "requirement": requirement_json(&op.scopes.requirement),
                    "source": op.scopes.chosen.map(|s| format!("{s:?}").to_lowercase()),
                    "conflict": op.scopes.is_conflict(),
                    "stated": op.scopes.stated.iter().map(|(s, r)| serde_json::json!({
                        "source": format!("{s:?}").to_lowercase(),
                        "requirement": requirement_json(r),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let scopes: Vec<serde_json::Value> = api
            .scopes
            .iter()
            .map(|s| {
                serde_json::json!({
                    "name": s.name, "summary": s.summary, "inTable": s.in_table, "usedBy": s.used_by,
                })
            })
            .collect();
        let doc = serde_json::json!({ "operations": operations, "scopes": scopes });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return Ok(());
    }
    let width = api
        .operations
        .iter()
        .map(|o| o.id.len())
        .max()
        .unwrap_or(0)
        .max("OPERATION".len());
    let route_width = api
        .operations
        .iter()
        .map(|o| o.method.len() + 1 + o.path.len())
        .max()
        .unwrap_or(0)
        .max("METHOD PATH".len());
    println!(
        "{:width$}  {:route_width$}  SCOPES",
        "OPERATION", "METHOD PATH"
    );
    for op in &api.operations {
        let route = format!("{} {}", op.method, op.path);
        let mut scopes = match &op.scopes.requirement {
            Requirement::Unscoped => "UNSCOPED (only a key without scopes can call it)".to_owned(),
            req => req.to_string(),
        };
        if op.scopes.is_conflict() {
            scopes.push_str("  [sources disagree]");
        }
        println!("{:width$}  {route:route_width$}  {scopes}", op.id);
    }
    let unscoped = api
        .operations
        .iter()
        .filter(|o| o.scopes.requirement == Requirement::Unscoped)
        .count();
    println!(
        "\n{} operations: {} scoped, {unscoped} unscoped; {} scopes.",
        api.operations.len(),
        api.operations.len() - unscoped,
        api.scopes.len()
    );
    Ok(())
}

fn requirement_json(requirement: &Requirement) -> serde_json::Value {
    match requirement {
        Requirement::Unscoped => serde_json::json!({ "unscoped": true }),
        Requirement::AnyOf(alternatives) => serde_json::json!({ "anyOf": alternatives }),
    }
}

/// Runs the audit; returns whether any declaration differs from what its body needs.
fn audit(
    path: &std::path::Path,
    input: &InputArgs,
    options: &AuditOptions,
) -> Result<bool, scope_codegen::Error> {
    use scope_codegen::audit::location;
    let analysis = scope_codegen::analyze(&input.inputs()?)?;
    let settings = scope_codegen::audit::Settings {
        prefer: options.prefer,
        cfg: scope_codegen::audit::Cfg::for_package(
            path,
            &options.features,
            options.no_default_features,
        ),
    };
    let report = scope_codegen::audit::audit_with(path, &analysis.api, &settings)?;
    let incomplete = report.incomplete();
    if options.verify {
        return verify(path, &analysis.api, &settings, &report);
    }
    if let Some(file) = options.manifest.as_deref() {
        let io = |message: String| scope_codegen::Error {
            kind: scope_codegen::ErrorKind::Io,
            file: file.to_path_buf(),
            item: String::new(),
            message,
        };
        if !incomplete.is_empty() {
            return Err(io(format!(
                "not updated: the audit cannot follow {} use(s) of the client, so it cannot vouch for a set of scopes (run the audit for the list)",
                incomplete.len()
            )));
        }
        let before =
            std::fs::read_to_string(file).map_err(|e| io(format!("cannot read the file: {e}")))?;
        let known = analysis.api.scopes.iter().map(|s| s.name.clone()).collect();
        let after = scope_codegen::audit::update_manifest(&before, &report.crate_scopes(), &known)
            .map_err(io)?;
        if options.dry_run {
            let name = file.display().to_string();
            print!(
                "{}",
                similar::TextDiff::from_lines(&before, &after)
                    .unified_diff()
                    .header(&name, &name)
            );
        } else if after != before {
            std::fs::write(file, &after).map_err(|e| io(format!("cannot write the file: {e}")))?;
            eprintln!("updated {}", file.display());
        }
    }
    if options.settle {
        eprintln!("settling with cargo check in target/scope-audit-verify...");
        let settled = scope_codegen::audit::settle(path, &analysis.api, &settings)?;
        for change in &settled.changes {
            let verb = if change.added { "added" } else { "removed" };
            println!(
                "{verb} {} in {}: {}",
                change.scope, change.place, change.why
            );
        }
        for file in &settled.files {
            eprintln!("fixed {}", file.display());
        }
        println!(
            "{} cargo check runs in {:.1} s",
            settled.checks,
            settled.elapsed.as_secs_f64()
        );
        if !settled.unsettled.is_empty() {
            println!("NOT SETTLED: the compiler still reports errors no declaration can settle:");
            for e in &settled.unsettled {
                println!("  {e}");
            }
            return Ok(true);
        }
        println!("settled: every declaration and entry point's list compiles and is minimal");
        return Ok(false);
    }
    if options.fix {
        let fixes = scope_codegen::audit::fixes(&report)?;
        for change in &fixes {
            if options.dry_run {
                print!("{}", change.diff());
            } else {
                std::fs::write(&change.file, &change.after).map_err(|e| scope_codegen::Error {
                    kind: scope_codegen::ErrorKind::Io,
                    file: change.file.clone(),
                    item: String::new(),
                    message: format!("cannot write the file: {e}"),
                })?;
                eprintln!("fixed {}", change.file.display());
            }
        }
        let unvouched = report.unvouched();
        if fixes.is_empty() && unvouched.is_empty() {
            eprintln!("every declaration and entry point's list is exact; nothing to fix");
        }
        if !unvouched.is_empty() {
            eprintln!(
                "not vouched for: {} function(s) and entry point(s) reach uses of the client the audit cannot follow, and keep what they declare (they may need more):",
                unvouched.len()
            );
            for what in &unvouched {
                eprintln!("  {what}");
            }
        }
        return Ok(options.dry_run && report.has_findings());
    }
    let list = |set: &std::collections::BTreeSet<String>| {
        if set.is_empty() {
            "-".to_owned()
        } else {
            set.iter().cloned().collect::<Vec<_>>().join(", ")
        }
    };
    let all = report.crate_scopes();
    if options.json {
        let function = |f: &scope_codegen::audit::Function| {
            serde_json::json!({
                "function": f.name, "path": f.path, "file": f.file, "line": f.line,
                "annotated": f.annotated,
                "declared": f.declared, "needed": f.needed,
                "missing": f.missing(), "redundant": f.redundant(), "unresolved": f.unresolved,
                "problem": f.problem, "calls": f.calls,
                "alternatives": f.choices.iter().map(|c| serde_json::json!({
                    "operation": c.operation, "scopes": c.scopes,
                    "kind": c.kind.map(|k| k.to_string()), "why": c.describe(report.prefer),
                })).collect::<Vec<_>>(),
            })
        };
        let entry_points: Vec<serde_json::Value> = report
            .entry_points()
            .iter()
            .map(|e| {
                serde_json::json!({
                    "function": e.function, "file": e.file, "line": e.line,
                    "listed": e.listed, "unscopedKey": e.unscoped_key,
                    "allowUnneeded": e.allow_unneeded,
                    "scopes": e.needed, "tooBroad": e.too_broad(), "tooNarrow": e.too_narrow(),
                    "unresolved": e.unresolved,
                })
            })
            .collect();
        let unscoped: Vec<serde_json::Value> = report
            .unscoped_calls
            .iter()
            .map(|c| serde_json::json!({"operation": c.operation, "function": c.function, "file": c.file, "line": c.line}))
            .collect();
        let doc = serde_json::json!({
            "functions": report.functions.iter().map(function).collect::<Vec<_>>(),
            "helpers": report.helpers.iter().map(function).collect::<Vec<_>>(),
            "entryPoints": entry_points,
            "unscopedCalls": unscoped,
            "crate": all,
            "complete": incomplete.is_empty() && report.unvouched().is_empty(),
            "incomplete": incomplete,
            "unvouched": report.unvouched(),
        });
        println!("{}", serde_json::to_string_pretty(&doc).unwrap_or_default());
        return Ok(report.has_findings());
    }
    for f in &report.functions {
        let name = if f.path == f.name {
            f.name.clone()
        } else {
            format!("{} ({})", f.name, f.path)
        };
        println!("{name} at {}", location(&f.file, f.line));
        println!("  declared:  {}", list(&f.declared));
        println!("  needed:    {}", list(&f.needed));
        if let Some(problem) = &f.problem {
            println!("  DOES NOT COMPILE: {problem}");
        }
        if !f.missing().is_empty() {
            println!("  MISSING:   {}", list(&f.missing()));
        }
        if !f.redundant().is_empty() {
            println!("  REDUNDANT: {}", list(&f.redundant()));
        }
        for u in &f.unresolved {
            println!("  cannot follow: {u}");
        }
        for (why, operations) in scope_codegen::audit::choices_by_reason(f, report.prefer) {
            println!("  alternative: {why} for {}", operations.join(", "));
        }
    }
    if !report.helpers.is_empty() {
        println!("\nFunctions without #[requires_scope] that the client is handed to (followed):");
        for f in &report.helpers {
            println!(
                "  {} at {}: {}",
                f.path,
                location(&f.file, f.line),
                list(&f.needed)
            );
        }
    }
    println!("\nEntry points and the scopes each needs:");
    for e in report.entry_points() {
        let at = location(&e.file, e.line);
        match &e.listed {
            Some(listed) if e.unscoped_key => println!(
                "  {} at {at}: trusts a key created without scopes; needs {}",
                e.function,
                list(&e.needed)
            ),
            Some(listed) => println!(
                "  {} at {at}: trusts {}; needs {}",
                e.function,
                list(listed),
                list(&e.needed)
            ),
            None => println!("  {} at {at}: {}", e.function, list(&e.needed)),
        }
        if !e.too_broad().is_empty() {
            println!(
                "    TOO BROAD: {} (not needed by what follows; `allow_unneeded` in the list keeps them on purpose)",
                list(&e.too_broad())
            );
        }
        if !e.too_narrow().is_empty() {
            println!(
                "    TOO NARROW: {} (the compiler refuses this already)",
                list(&e.too_narrow())
            );
        }
        if e.unscoped_key_unneeded() {
            println!(
                "    TOO BROAD: a key created without scopes reaches every operation; a key with the scopes above is enough"
            );
        }
        for u in &e.unresolved {
            println!("    cannot follow: {u}");
        }
    }
    if !report.unscoped_calls.is_empty() {
        println!("\nUnscoped operations (only a key created without scopes can call them):");
        for c in &report.unscoped_calls {
            println!(
                "  {} in {} at {}",
                c.operation,
                c.function,
                location(&c.file, c.line)
            );
        }
    }
    let mut chosen: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        std::collections::BTreeMap::new();
    for f in &report.functions {
        for (why, operations) in scope_codegen::audit::choices_by_reason(f, report.prefer) {
            chosen.entry(why).or_default().extend(operations);
        }
    }
    println!("\nThe crate needs: {}", list(&all));
    for (why, operations) in &chosen {
        println!("Scope alternatives: {why} for {}", list(operations));
    }
    if !incomplete.is_empty() {
        println!(
            "\nINCOMPLETE: the audit cannot follow {} use(s) of the client (listed above as `cannot follow`), so it cannot recommend a key: one with the scopes above may get 403. Make those uses followable (hand the client to functions of this crate, or annotate what takes it), or check the key against the code by hand.",
            incomplete.len()
        );
        println!("At least these scopes: {}", list(&all));
        return Ok(true);
    }
    let unvouched = report.unvouched();
    if !unvouched.is_empty() {
        println!(
            "\nNOT VOUCHED FOR: {} function(s) reach uses of the client the audit cannot follow (listed above as `cannot follow`); what they declare may be too small, and `--check` fails:",
            unvouched.len()
        );
        for what in &unvouched {
            println!("  {what}");
        }
    }
    print!(
        "\nFor a Forge app's manifest.yml:\n{}",
        scope_codegen::audit::manifest_block(&all)
    );
    let key: Vec<&String> = all.iter().filter(|s| *s != "unscoped").collect();
    if all.contains("unscoped") {
        println!("It calls unscoped operations (above): create its API key without scopes.");
        println!("A Forge app cannot call them: its manifest lists scopes only.");
    } else {
        println!(
            "Select these scopes when creating its API key: {}",
            key.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(report.has_findings())
}

/// What `audit` was asked for besides its inputs.
struct AuditOptions {
    json: bool,
    fix: bool,
    dry_run: bool,
    manifest: Option<PathBuf>,
    prefer: scope_codegen::audit::Prefer,
    features: Vec<String>,
    no_default_features: bool,
    verify: bool,
    settle: bool,
}

/// `audit --verify`: what the compiler says of the audit's answer.
fn verify(
    path: &std::path::Path,
    api: &scope_codegen::Api,
    settings: &scope_codegen::audit::Settings,
    report: &scope_codegen::audit::Report,
) -> Result<bool, scope_codegen::Error> {
    eprintln!("verifying with cargo check in target/scope-audit-verify (one check a scope)...");
    let verdict = scope_codegen::audit::verify(path, api, settings)?;
    if !verdict.fix_compiles {
        println!("The audit's fix does NOT compile; the audit and the compiler disagree:");
        println!("{}", verdict.fix_errors);
    } else {
        println!(
            "The audit's fix compiles: every scope it removes is unneeded, every one it adds suffices."
        );
        println!(
            "Confirmed needed (removing any one alone fails to compile): {} scopes",
            verdict.confirmed.len()
        );
        for (place, scope) in &verdict.not_needed {
            println!("  NOT NEEDED after all: {scope} in {place} (the build passes without it)");
        }
    }
    let incomplete = report.incomplete();
    if !incomplete.is_empty() {
        println!(
            "Not verified: {} use(s) the audit cannot follow keep their declarations (see the audit's report).",
            incomplete.len()
        );
    }
    println!(
        "{} cargo check runs in {:.1} s",
        verdict.checks,
        verdict.elapsed.as_secs_f64()
    );
    Ok(!verdict.agrees() || !incomplete.is_empty())
}

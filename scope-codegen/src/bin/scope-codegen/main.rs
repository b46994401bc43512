//! `scope-codegen`: generate scope-checked clients, list the scopes operations need, audit a
//! crate's declarations, and say what a new version of Atlassian's documents changes. One
//! module per command; the work is the library's.

/// `print!` to standard output, ending the program quietly (with success) once the reader has
/// gone (`scope-codegen scopes | head`), where `print!` would panic.
macro_rules! out {
    ($($arg:tt)*) => {
        crate::write_out(::std::format_args!($($arg)*))
    };
}

/// `println!`, as [`out!`].
macro_rules! outln {
    () => {
        out!("\n")
    };
    ($($arg:tt)*) => {
        out!("{}\n", ::std::format_args!($($arg)*))
    };
}

mod args;
mod audit;
mod diff;
mod generate;
mod scopes;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use scope_codegen::krate::Runtime;
use scope_codegen::{Inputs, Options, Prefer};

use args::{AlternativeArg, InputArgs, PreferArg};
use audit::AuditOptions;
use generate::Target;

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
            match generate::generate(input, module.as_deref(), &target, *check) {
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
            scopes::builtin_table(*json);
            Ok(())
        }
        Command::Scopes { input, json, .. } => scopes::scopes(input, *json),
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
            match diff::diff(&old, &new, crate_path.as_deref(), *json) {
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
        } => match audit::run(
            path,
            input,
            &AuditOptions {
                json: *json,
                fix: *fix,
                dry_run: *dry_run,
                manifest: manifest.clone(),
                prefer: match alternative {
                    None => scope_codegen::audit::Alternative::Declared,
                    Some(AlternativeArg::Classic) => scope_codegen::audit::Alternative::Classic,
                    Some(AlternativeArg::Granular) => scope_codegen::audit::Alternative::Granular,
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

/// Writes to standard output; a reader that has gone (a closed pipe) ends the program with
/// success, as the other end no longer wants the rest.
fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(error) = stdout.write_fmt(args) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {error}");
        std::process::exit(1);
    }
}

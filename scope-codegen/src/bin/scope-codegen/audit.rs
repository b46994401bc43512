//! `scope-codegen audit`: the report (text or JSON), `--fix`, `--settle`, `--verify` and the
//! manifest update. Each is a function of its own; `run` picks one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use scope_codegen::audit::{
    Alternative, Cfg, Choice, EntryPoint, Function, Report, Settings, location,
};
use scope_codegen::{Analysis, Api, Error, ErrorKind};
use serde::Serialize;

use crate::args::InputArgs;

/// What `audit` was asked for besides its inputs.
pub struct AuditOptions {
    pub json: bool,
    pub fix: bool,
    pub dry_run: bool,
    pub manifest: Option<PathBuf>,
    pub prefer: Alternative,
    pub features: Vec<String>,
    pub no_default_features: bool,
    pub verify: bool,
    pub settle: bool,
}

/// Audits the crate at `path`; returns whether there are findings (what `--check` fails on).
pub fn run(path: &Path, input: &InputArgs, options: &AuditOptions) -> Result<bool, Error> {
    let analysis = scope_codegen::analyze(&input.inputs()?)?;
    let settings = Settings {
        prefer: options.prefer,
        cfg: Cfg::for_package(path, &options.features, options.no_default_features),
    };
    let report = scope_codegen::audit::audit(path, &analysis.api, &settings)?;
    if options.verify {
        return verify(path, &analysis.api, &settings, &report);
    }
    if let Some(file) = options.manifest.as_deref() {
        update_manifest(file, &analysis, &report, options.dry_run)?;
    }
    if options.settle {
        return settle(path, &analysis.api, &settings);
    }
    if options.fix {
        return fix(&report, options.dry_run);
    }
    if options.json {
        let json = serde_json::to_string_pretty(&JsonReport::of(&report)).unwrap_or_default();
        outln!("{json}");
        return Ok(report.has_findings());
    }
    Ok(print_report(&report))
}

fn io_error(file: &Path, message: String) -> Error {
    Error {
        kind: ErrorKind::Io,
        file: file.to_path_buf(),
        item: String::new(),
        message,
    }
}

/// `--manifest`: writes the crate's scopes into a Forge `manifest.yml` (or shows the diff with
/// `--dry-run`); refuses where the audit cannot vouch for a set of scopes.
fn update_manifest(
    file: &Path,
    analysis: &Analysis,
    report: &Report,
    dry_run: bool,
) -> Result<(), Error> {
    let incomplete = report.incomplete();
    if !incomplete.is_empty() {
        return Err(io_error(
            file,
            format!(
                "not updated: the audit cannot follow {} use(s) of the client, so it cannot vouch for a set of scopes (run the audit for the list)",
                incomplete.len()
            ),
        ));
    }
    let before = std::fs::read_to_string(file)
        .map_err(|e| io_error(file, format!("cannot read the file: {e}")))?;
    let known = analysis.api.scopes.iter().map(|s| s.name.clone()).collect();
    let after = scope_codegen::audit::update_manifest(&before, &report.crate_scopes(), &known)
        .map_err(|message| io_error(file, message))?;
    if dry_run {
        let name = file.display().to_string();
        out!(
            "{}",
            similar::TextDiff::from_lines(&before, &after)
                .unified_diff()
                .header(&name, &name)
        );
    } else if after != before {
        std::fs::write(file, &after)
            .map_err(|e| io_error(file, format!("cannot write the file: {e}")))?;
        eprintln!("updated {}", file.display());
    }
    Ok(())
}

/// `--settle`: fixes with the compiler's help until every declaration compiles and is minimal.
fn settle(path: &Path, api: &Api, settings: &Settings) -> Result<bool, Error> {
    eprintln!("settling with cargo check in target/scope-audit-verify...");
    let settled = scope_codegen::audit::settle(path, api, settings)?;
    for change in &settled.changes {
        let verb = if change.added { "added" } else { "removed" };
        outln!(
            "{verb} {} in {}: {}",
            change.scope,
            change.place,
            change.why
        );
    }
    for file in &settled.files {
        eprintln!("fixed {}", file.display());
    }
    outln!(
        "{} cargo check runs in {:.1} s",
        settled.checks,
        settled.elapsed.as_secs_f64()
    );
    if !settled.unsettled.is_empty() {
        outln!("NOT SETTLED: the compiler still reports errors no declaration can settle:");
        for e in &settled.unsettled {
            outln!("  {e}");
        }
        return Ok(true);
    }
    outln!("settled: every declaration and entry point's list compiles and is minimal");
    Ok(false)
}

/// `--fix`: rewrites declarations and entry points' lists to what the code needs (or shows
/// the diffs with `--dry-run`).
fn fix(report: &Report, dry_run: bool) -> Result<bool, Error> {
    let fixes = scope_codegen::audit::fixes(report)?;
    for change in &fixes {
        if dry_run {
            out!("{}", change.diff());
        } else {
            std::fs::write(&change.file, &change.after)
                .map_err(|e| io_error(&change.file, format!("cannot write the file: {e}")))?;
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
    Ok(dry_run && report.has_findings())
}

/// `--verify`: what the compiler says of the audit's answer.
fn verify(path: &Path, api: &Api, settings: &Settings, report: &Report) -> Result<bool, Error> {
    eprintln!("verifying with cargo check in target/scope-audit-verify (one check a scope)...");
    let verdict = scope_codegen::audit::verify(path, api, settings)?;
    if !verdict.fix_compiles {
        outln!("The audit's fix does NOT compile; the audit and the compiler disagree:");
        outln!("{}", verdict.fix_errors);
    } else {
        outln!(
            "The audit's fix compiles: every scope it removes is unneeded, every one it adds suffices."
        );
        outln!(
            "Confirmed needed (removing any one alone fails to compile): {} scopes",
            verdict.confirmed.len()
        );
        for (place, scope) in &verdict.not_needed {
            outln!("  NOT NEEDED after all: {scope} in {place} (the build passes without it)");
        }
    }
    let incomplete = report.incomplete();
    if !incomplete.is_empty() {
        outln!(
            "Not verified: {} use(s) the audit cannot follow keep their declarations (see the audit's report).",
            incomplete.len()
        );
    }
    outln!(
        "{} cargo check runs in {:.1} s",
        verdict.checks,
        verdict.elapsed.as_secs_f64()
    );
    Ok(!verdict.agrees() || !incomplete.is_empty())
}

/// The report as `--json` prints it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport<'a> {
    functions: Vec<JsonFunction<'a>>,
    helpers: Vec<JsonFunction<'a>>,
    entry_points: Vec<JsonEntryPoint<'a>>,
    unscoped_calls: Vec<JsonUnscopedCall<'a>>,
    #[serde(rename = "crate")]
    crate_scopes: BTreeSet<String>,
    complete: bool,
    incomplete: Vec<String>,
    unvouched: Vec<String>,
}

#[derive(Serialize)]
struct JsonFunction<'a> {
    function: &'a str,
    path: &'a str,
    file: &'a Path,
    line: usize,
    annotated: bool,
    declared: &'a BTreeSet<String>,
    needed: &'a BTreeSet<String>,
    missing: BTreeSet<String>,
    redundant: BTreeSet<String>,
    unresolved: &'a [String],
    problem: &'a Option<String>,
    calls: &'a BTreeSet<String>,
    alternatives: Vec<JsonChoice<'a>>,
}

#[derive(Serialize)]
struct JsonChoice<'a> {
    operation: &'a str,
    scopes: &'a BTreeSet<String>,
    kind: Option<String>,
    why: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonEntryPoint<'a> {
    function: &'a str,
    file: &'a Path,
    line: usize,
    listed: &'a Option<BTreeSet<String>>,
    unscoped_key: bool,
    allow_unneeded: bool,
    scopes: &'a BTreeSet<String>,
    too_broad: BTreeSet<String>,
    too_narrow: BTreeSet<String>,
    unresolved: &'a [String],
}

#[derive(Serialize)]
struct JsonUnscopedCall<'a> {
    operation: &'a str,
    function: &'a str,
    file: &'a Path,
    line: usize,
}

impl<'a> JsonReport<'a> {
    fn of(report: &'a Report) -> Self {
        let function = |f: &'a Function| JsonFunction {
            function: &f.name,
            path: &f.path,
            file: &f.file,
            line: f.line,
            annotated: f.annotated,
            declared: &f.declared,
            needed: &f.needed,
            missing: f.missing(),
            redundant: f.redundant(),
            unresolved: &f.unresolved,
            problem: &f.problem,
            calls: &f.calls,
            alternatives: f
                .choices
                .iter()
                .map(|c: &'a Choice| JsonChoice {
                    operation: &c.operation,
                    scopes: &c.scopes,
                    kind: c.kind.map(|k| k.to_string()),
                    why: c.describe(report.prefer),
                })
                .collect(),
        };
        let entry_point = |e: &'a EntryPoint| JsonEntryPoint {
            function: &e.function,
            file: &e.file,
            line: e.line,
            listed: &e.listed,
            unscoped_key: e.unscoped_key,
            allow_unneeded: e.allow_unneeded,
            scopes: &e.needed,
            too_broad: e.too_broad(),
            too_narrow: e.too_narrow(),
            unresolved: &e.unresolved,
        };
        let incomplete = report.incomplete();
        let unvouched = report.unvouched();
        JsonReport {
            functions: report.functions.iter().map(function).collect(),
            helpers: report.helpers.iter().map(function).collect(),
            entry_points: report.entry_points().iter().map(entry_point).collect(),
            unscoped_calls: report
                .unscoped_calls
                .iter()
                .map(|c| JsonUnscopedCall {
                    operation: &c.operation,
                    function: &c.function,
                    file: &c.file,
                    line: c.line,
                })
                .collect(),
            crate_scopes: report.crate_scopes(),
            complete: incomplete.is_empty() && unvouched.is_empty(),
            incomplete,
            unvouched,
        }
    }
}

/// `a, b`, or `-` for none.
fn list(set: &BTreeSet<String>) -> String {
    if set.is_empty() {
        "-".to_owned()
    } else {
        set.iter().cloned().collect::<Vec<_>>().join(", ")
    }
}

/// The report as text; returns whether there are findings.
fn print_report(report: &Report) -> bool {
    print_functions(report);
    print_entry_points(report);
    if !report.unscoped_calls.is_empty() {
        outln!("\nUnscoped operations (only a key created without scopes can call them):");
        for c in &report.unscoped_calls {
            outln!(
                "  {} in {} at {}",
                c.operation,
                c.function,
                location(&c.file, c.line)
            );
        }
    }
    print_key(report)
}

/// Each annotated function, then the helpers the client is handed to.
fn print_functions(report: &Report) {
    for f in &report.functions {
        let name = if f.path == f.name {
            f.name.clone()
        } else {
            format!("{} ({})", f.name, f.path)
        };
        outln!("{name} at {}", location(&f.file, f.line));
        outln!("  declared:  {}", list(&f.declared));
        outln!("  needed:    {}", list(&f.needed));
        if let Some(problem) = &f.problem {
            outln!("  DOES NOT COMPILE: {problem}");
        }
        if !f.missing().is_empty() {
            outln!("  MISSING:   {}", list(&f.missing()));
        }
        if !f.redundant().is_empty() {
            outln!("  REDUNDANT: {}", list(&f.redundant()));
        }
        for u in &f.unresolved {
            outln!("  cannot follow: {u}");
        }
        for (why, operations) in scope_codegen::audit::choices_by_reason(f, report.prefer) {
            outln!("  alternative: {why} for {}", operations.join(", "));
        }
    }
    if !report.helpers.is_empty() {
        outln!("\nFunctions without #[requires_scope] that the client is handed to (followed):");
        for f in &report.helpers {
            outln!(
                "  {} at {}: {}",
                f.path,
                location(&f.file, f.line),
                list(&f.needed)
            );
        }
    }
}

/// Each `trust_key_scopes!` entry point, with what it trusts and what it needs.
fn print_entry_points(report: &Report) {
    outln!("\nEntry points and the scopes each needs:");
    for e in report.entry_points() {
        let at = location(&e.file, e.line);
        match &e.listed {
            Some(_) if e.unscoped_key => outln!(
                "  {} at {at}: trusts a key created without scopes; needs {}",
                e.function,
                list(&e.needed)
            ),
            Some(listed) => outln!(
                "  {} at {at}: trusts {}; needs {}",
                e.function,
                list(listed),
                list(&e.needed)
            ),
            None => outln!("  {} at {at}: {}", e.function, list(&e.needed)),
        }
        if !e.too_broad().is_empty() {
            outln!(
                "    TOO BROAD: {} (not needed by what follows; `allow_unneeded` in the list keeps them on purpose)",
                list(&e.too_broad())
            );
        }
        if !e.too_narrow().is_empty() {
            outln!(
                "    TOO NARROW: {} (the compiler refuses this already)",
                list(&e.too_narrow())
            );
        }
        if e.unscoped_key_unneeded() {
            outln!(
                "    TOO BROAD: a key created without scopes reaches every operation; a key with the scopes above is enough"
            );
        }
        for u in &e.unresolved {
            outln!("    cannot follow: {u}");
        }
    }
}

/// The crate's scopes, the key to create (or why none can be recommended) and the Forge
/// manifest's block; returns whether there are findings.
fn print_key(report: &Report) -> bool {
    let all = report.crate_scopes();
    let mut chosen: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &report.functions {
        for (why, operations) in scope_codegen::audit::choices_by_reason(f, report.prefer) {
            chosen.entry(why).or_default().extend(operations);
        }
    }
    outln!("\nThe crate needs: {}", list(&all));
    for (why, operations) in &chosen {
        outln!("Scope alternatives: {why} for {}", list(operations));
    }
    let incomplete = report.incomplete();
    if !incomplete.is_empty() {
        outln!(
            "\nINCOMPLETE: the audit cannot follow {} use(s) of the client (listed above as `cannot follow`), so it cannot recommend a key: one with the scopes above may get 403. Make those uses followable (hand the client to functions of this crate, or annotate what takes it), or check the key against the code by hand.",
            incomplete.len()
        );
        outln!("At least these scopes: {}", list(&all));
        return true;
    }
    let unvouched = report.unvouched();
    if !unvouched.is_empty() {
        outln!(
            "\nNOT VOUCHED FOR: {} function(s) reach uses of the client the audit cannot follow (listed above as `cannot follow`); what they declare may be too small, and `--check` fails:",
            unvouched.len()
        );
        for what in &unvouched {
            outln!("  {what}");
        }
    }
    out!(
        "\nFor a Forge app's manifest.yml:\n{}",
        scope_codegen::audit::manifest_block(&all)
    );
    if all.contains("unscoped") {
        outln!("It calls unscoped operations (above): create its API key without scopes.");
        outln!("A Forge app cannot call them: its manifest lists scopes only.");
    } else {
        let key: Vec<&str> = all
            .iter()
            .filter(|s| *s != "unscoped")
            .map(String::as_str)
            .collect();
        outln!(
            "Select these scopes when creating its API key: {}",
            key.join(", ")
        );
    }
    report.has_findings()
}

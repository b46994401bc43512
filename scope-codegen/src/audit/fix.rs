//! `--fix`: each attribute made exactly what its function needs, and each entry point's
//! `trust_key_scopes!` list kept in step, so that the fixed crate compiles.
//!
//! Nothing is removed that the audit cannot prove unneeded (a function or entry point that
//! reaches a use it cannot follow keeps what it declares). Only the scopes' text changes; the
//! rest of each file is kept byte for byte, and where the file was formatted by rustfmt
//! before, the changed file is formatted by it again, so that `cargo fmt --check` still
//! passes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{EntryPoint, Function, Report};
use crate::error::{Error, ErrorKind};

/// One rewrite of one file.
#[derive(Debug, Clone)]
pub struct Fix {
    /// The file.
    pub file: PathBuf,
    /// Its text now.
    pub before: String,
    /// Its text with every attribute and list made exact.
    pub after: String,
}

impl Fix {
    /// A unified diff of the change.
    pub fn diff(&self) -> String {
        let name = self.file.display().to_string();
        similar::TextDiff::from_lines(&self.before, &self.after)
            .unified_diff()
            .context_radius(2)
            .header(&name, &name)
            .to_string()
    }
}

fn render(scope: &str) -> String {
    if scope == scope_core::UNSCOPED {
        scope_core::UNSCOPED.to_owned()
    } else {
        format!("{scope:?}")
    }
}

/// One edit: replace `range` of the file with `text`.
struct Edit {
    range: std::ops::Range<usize>,
    text: String,
}

/// The files `--fix` would change, with their new text. Idempotent: a second run on fixed
/// files finds nothing to change.
pub fn fixes(report: &Report) -> Result<Vec<Fix>, Error> {
    let mut edits: BTreeMap<PathBuf, Vec<Edit>> = BTreeMap::new();
    for f in &report.functions {
        if f.missing().is_empty() && f.redundant().is_empty() {
            continue;
        }
        let before = read(&f.file)?;
        let args = new_args(&before[f.args.clone()], f);
        edits.entry(f.file.clone()).or_default().push(Edit {
            range: f.args.clone(),
            text: args,
        });
    }
    for e in &report.entries {
        if let Some(edit) = list_edit(e) {
            edits.entry(e.list_file.clone()).or_default().push(edit);
        }
    }
    let mut out = Vec::new();
    for (file, mut edits) in edits {
        let before = read(&file)?;
        let mut after = before.clone();
        // From the end, so that earlier offsets stay valid; one edit per place.
        edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
        edits.dedup_by_key(|e| e.range.start);
        for edit in edits {
            after.replace_range(edit.range, &edit.text);
        }
        let after = reformat(&file, &before, after);
        if after != before {
            out.push(Fix {
                file,
                before,
                after,
            });
        }
    }
    Ok(out)
}

fn read(file: &Path) -> Result<String, Error> {
    std::fs::read_to_string(file).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            file,
            "",
            format!("cannot read the file: {e}"),
        )
    })
}

/// The new arguments of `f`'s attribute: `client = ...` if written, the scopes it keeps in
/// the order `written` has them, then the missing ones. Where the body reaches uses the audit
/// cannot follow, nothing is removed (`redundant` is empty then).
fn new_args(written: &str, f: &Function) -> String {
    let redundant = f.redundant();
    let mut kept: Vec<(usize, String)> = f
        .declared
        .iter()
        .filter(|s| !redundant.contains(*s))
        .map(|s| (written.find(&render(s)).unwrap_or(usize::MAX), s.clone()))
        .collect();
    kept.sort();
    let mut parts: Vec<String> = f.client_option.iter().cloned().collect();
    parts.extend(kept.into_iter().map(|(_, s)| render(&s)));
    parts.extend(f.missing().iter().map(|s| render(s)));
    if f.allow_unneeded {
        parts.push(scope_core::attr::ALLOW_UNNEEDED.to_owned());
    }
    parts.join(", ")
}

/// The edit that makes an entry point's list exact: the listed scopes from the first literal
/// to the last, rewritten as the kept ones in their order, then the missing ones.
fn list_edit(e: &EntryPoint) -> Option<Edit> {
    let listed = e.listed.as_ref()?;
    let (too_broad, too_narrow) = (e.too_broad(), e.too_narrow());
    if (too_broad.is_empty() && too_narrow.is_empty()) || e.list_spans.is_empty() {
        return None;
    }
    let text = std::fs::read_to_string(&e.list_file).ok()?;
    let mut kept: Vec<String> = Vec::new();
    for range in &e.list_spans {
        let literal = text.get(range.clone())?;
        let value: String = syn::parse_str::<syn::LitStr>(literal).ok()?.value();
        if listed.contains(&value) && !too_broad.contains(&value) && !kept.contains(&value) {
            kept.push(value);
        }
    }
    kept.extend(too_narrow.into_iter().filter(|s| s != scope_core::UNSCOPED));
    if kept.is_empty() {
        // Nothing left to list: the program calls nothing; keep the list for a person to read.
        return None;
    }
    let first = e.list_spans.first()?.start;
    let last = e.list_spans.last()?.end;
    Some(Edit {
        range: first..last,
        text: kept
            .iter()
            .map(|s| format!("{s:?}"))
            .collect::<Vec<_>>()
            .join(", "),
    })
}

/// The fixed text, formatted by rustfmt when the file was formatted by it before (so the
/// changed lines are laid out the way `cargo fmt --check` expects, and nothing else moves).
/// Without rustfmt, or for a file it would change anyway, the text as edited.
fn reformat(file: &Path, before: &str, after: String) -> String {
    let Some(formatted_before) = rustfmt(file, before) else {
        return after;
    };
    if formatted_before != before {
        return after;
    }
    rustfmt(file, &after).unwrap_or(after)
}

/// `text` formatted by rustfmt with the configuration that applies to `file`.
fn rustfmt(file: &Path, text: &str) -> Option<String> {
    use std::io::Write as _;
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut child = std::process::Command::new("rustfmt")
        .args(["--edition", "2024", "--emit", "stdout", "--quiet"])
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(text.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).ok())
        .flatten()
}

//! `--fix --settle`: the fix, settled by the compiler where the syntax cannot be read.
//!
//! In a copy of the workspace (as `--verify` makes it), the audit's fix is applied, then
//! `cargo check` runs; each of this project's "scope `X` is not declared for this call" errors
//! is read by its span back to the function that must declare `X`: the annotated function
//! around the call, or the entry point whose `trust_key_scopes!` list is in the function
//! around it. Every such scope is added at once (one check a round, however many functions),
//! and the rounds go on until the copy compiles. Declarations the audit cannot vouch for start
//! from what it sees used, so that every scope declared in the end is seen used or asked for
//! by the compiler: minimal, without a check per scope. The files that changed are written
//! back, with what changed and why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::verify::Workspace;
use super::{Report, Settings, audit, fixes};
use crate::error::{Error, ErrorKind};
use crate::model::Api;

/// At most this many rounds of adding what the compiler asks for.
const ROUNDS: usize = 8;

/// Scopes to take out of the attribute whose arguments are at a range of a file.
type Removal = (std::ops::Range<usize>, Vec<String>);

/// Scopes to add: a range of a file, replaced by a text.
type Addition = (std::ops::Range<usize>, String);

/// One change the settling made, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The function or entry point, and where.
    pub place: String,
    /// The scope.
    pub scope: String,
    /// Added (the compiler asked for it) or removed (nothing needs it).
    pub added: bool,
    /// Why: the compiler's words, or why it is not needed.
    pub why: String,
}

/// What settling did.
#[derive(Debug, Clone, Default)]
pub struct Settled {
    /// The files written back, as they are now.
    pub files: Vec<PathBuf>,
    /// Every scope added or removed beyond the audit's own fix.
    pub changes: Vec<Change>,
    /// Errors the compiler still reports that no declaration can settle (a generic helper's
    /// bounds, an alternative to choose, anything else), if the copy does not compile.
    pub unsettled: Vec<String>,
    /// How many `cargo check` runs, and how long they took.
    pub checks: usize,
    /// Their total time.
    pub elapsed: std::time::Duration,
}

fn io(path: &Path, message: String) -> Error {
    Error::new(ErrorKind::Io, path, "", message)
}

/// A missing scope the compiler reported: the scope, the file and the line of the call.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Missing {
    scope: String,
    file: PathBuf,
    line: usize,
    message: String,
}

/// This project's missing-scope errors in cargo's JSON messages.
fn missing_scopes(json: &str, root: &Path) -> (Vec<Missing>, Vec<String>) {
    let mut found = Vec::new();
    let mut other = Vec::new();
    for line in json.lines() {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if value["reason"] != "compiler-message" {
            continue;
        }
        let message = &value["message"];
        if message["level"] != "error" {
            continue;
        }
        let text = message["message"].as_str().unwrap_or_default();
        let scope = if let Some(rest) = text.strip_prefix("scope `") {
            rest.strip_suffix("` is not declared for this call")
                .map(str::to_owned)
        } else if text.starts_with("an unscoped operation is called, but `unscoped`") {
            Some(scope_core::UNSCOPED.to_owned())
        } else {
            None
        };
        let span = message["spans"]
            .as_array()
            .and_then(|spans| spans.iter().find(|s| s["is_primary"] == true));
        match (scope, span) {
            (Some(scope), Some(span)) => found.push(Missing {
                scope,
                file: root.join(span["file_name"].as_str().unwrap_or_default()),
                line: span["line_start"].as_u64().unwrap_or_default() as usize,
                message: text.to_owned(),
            }),
            // The repeats rustc adds for an async callee are settled with the call's own error.
            _ if text == "a scope this call needs is not declared for it" => {}
            _ if text.starts_with("aborting due to") || text.starts_with("could not compile") => {}
            _ => other.push(
                message["rendered"]
                    .as_str()
                    .unwrap_or(text)
                    .lines()
                    .take(3)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
        }
    }
    found.sort();
    found.dedup();
    (found, other)
}

/// The functions of a file, as line ranges from their first attribute to their body's end,
/// with their start line (the attribute's or the `fn`'s), innermost last.
fn function_ranges(text: &str) -> Vec<(usize, usize)> {
    struct Walk(Vec<(usize, usize)>);
    impl<'ast> syn::visit::Visit<'ast> for Walk {
        fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
            self.push(&f.attrs, f.sig.fn_token.span, &f.block.brace_token.span);
            syn::visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
            self.push(&f.attrs, f.sig.fn_token.span, &f.block.brace_token.span);
            syn::visit::visit_impl_item_fn(self, f);
        }
    }
    impl Walk {
        fn push(
            &mut self,
            attrs: &[syn::Attribute],
            fn_token: proc_macro2::Span,
            braces: &proc_macro2::extra::DelimSpan,
        ) {
            let start = attrs
                .iter()
                .find(|a| super::requires_scope(std::slice::from_ref(*a)).is_some())
                .map_or(fn_token.start().line, |a| a.pound_token.span.start().line);
            self.0.push((start, braces.close().end().line));
        }
    }
    let mut walk = Walk(Vec::new());
    if let Ok(file) = syn::parse_file(text) {
        syn::visit::Visit::visit_file(&mut walk, &file);
    }
    walk.0
}

/// Settles the audit's fix for the code at `path` with the compiler, in a copy, and writes the
/// files that changed back.
pub fn settle(path: &Path, api: &Api, settings: &Settings) -> Result<Settled, Error> {
    let workspace = Workspace::copy(path)?;
    let copied = workspace.in_copy(path);
    let mut settled = Settled::default();
    let report = audit(&copied, api, settings)?;
    for fix in fixes(&report)? {
        std::fs::write(&fix.file, &fix.after)
            .map_err(|e| io(&fix.file, format!("cannot write: {e}")))?;
    }
    // Where the audit cannot vouch for a declaration, it keeps it whole; here it starts from
    // what the audit sees used instead (a lower bound), and the compiler adds the rest. Every
    // scope that ends up declared is then either seen used or asked for by an error that
    // naming it silenced: the result is minimal without a check per scope.
    let report = audit(&copied, api, settings)?;
    let mut dropped: Vec<(String, PathBuf, usize, String)> = Vec::new();
    let mut by_file: BTreeMap<PathBuf, Vec<Removal>> = BTreeMap::new();
    for f in report
        .functions
        .iter()
        .filter(|f| !f.unresolved.is_empty() && f.problem.is_none() && !f.allow_unneeded)
    {
        let mut keep: Vec<String> = f.declared.intersection(&f.needed).cloned().collect();
        if keep.is_empty() {
            // A declaration cannot be empty: its first scope stays.
            keep.extend(f.declared.iter().next().cloned());
        }
        let remove: Vec<String> = f
            .declared
            .iter()
            .filter(|s| !keep.contains(s))
            .cloned()
            .collect();
        for scope in &remove {
            dropped.push((f.path.clone(), f.file.clone(), f.line, scope.clone()));
        }
        if !remove.is_empty() {
            by_file
                .entry(f.file.clone())
                .or_default()
                .push((f.args.clone(), remove));
        }
    }
    for (file, mut edits) in by_file {
        let mut text = std::fs::read_to_string(&file).map_err(|e| io(&file, format!("{e}")))?;
        edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
        for (range, remove) in edits {
            let mut args = text[range.clone()].to_owned();
            for scope in &remove {
                args = edit_args(&args, None, Some(scope));
            }
            text.replace_range(range, &args);
        }
        std::fs::write(&file, text).map_err(|e| io(&file, format!("{e}")))?;
    }
    // What to add, round by round.
    let mut compiles = false;
    for _ in 0..ROUNDS {
        let (ok, json) = workspace.check(settings, true, &mut settled.checks, &mut settled.elapsed);
        if ok {
            compiles = true;
            break;
        }
        let (missing, other) = missing_scopes(&json, workspace.copy_root());
        if missing.is_empty() {
            settled.unsettled = other;
            break;
        }
        let report = audit(&copied, api, settings)?;
        let mut additions: BTreeMap<PathBuf, Vec<Addition>> = BTreeMap::new();
        let mut progress = false;
        let mut unsettled = other;
        for m in &missing {
            match place_of(&report, m, &workspace)? {
                Some((file, range, text, place)) => {
                    let entry = additions.entry(file).or_default();
                    if !entry.iter().any(|(r, t)| *r == range && *t == text) {
                        entry.push((range, text));
                        settled.changes.push(Change {
                            place,
                            scope: m.scope.clone(),
                            added: true,
                            why: format!("{} ({})", m.message, super::at(&workspace.original(&m.file), m.line)),
                        });
                        progress = true;
                    }
                }
                None => unsettled.push(format!(
                    "{}: {} (no declaration or list around the call to add it to: a function generic over the grant needs it in its bounds)",
                    super::at(&workspace.original(&m.file), m.line),
                    m.message
                )),
            }
        }
        for (file, mut edits) in additions {
            let mut text = std::fs::read_to_string(&file).map_err(|e| io(&file, format!("{e}")))?;
            edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
            for (range, insert) in edits {
                text.replace_range(range, &insert);
            }
            std::fs::write(&file, text).map_err(|e| io(&file, format!("{e}")))?;
        }
        if !progress {
            settled.unsettled = unsettled;
            break;
        }
    }
    if !compiles {
        if settled.unsettled.is_empty() {
            settled.unsettled.push(format!(
                "the copy still does not compile after {ROUNDS} rounds"
            ));
        }
        return Ok(settled);
    }
    // What was dropped and not asked for again: not needed.
    let report = audit(&copied, api, settings)?;
    for (path, file, line, scope) in dropped {
        let now = report
            .functions
            .iter()
            .find(|f| f.file == file && f.line == line);
        if now.is_some_and(|f| !f.declared.contains(&scope)) {
            settled.changes.push(Change {
                place: format!("{path} ({})", super::at(&workspace.original(&file), line)),
                scope,
                added: false,
                why: "the audit cannot see it used, and the compiler does not ask for it"
                    .to_owned(),
            });
        }
    }
    settled.files = workspace.write_back()?;
    Ok(settled)
}

/// An attribute's arguments as written (`client = x, "a", "b", allow_unneeded`), with `add`
/// put after the last scope and `remove` taken out; the rest as it was, in its order.
fn edit_args(written: &str, add: Option<&str>, remove: Option<&str>) -> String {
    let quoted = |s: &str| {
        if s == scope_core::UNSCOPED {
            s.to_owned()
        } else {
            format!("{s:?}")
        }
    };
    let mut parts: Vec<String> = written
        .split(',')
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if let Some(scope) = remove {
        parts.retain(|p| p.trim_matches('"') != scope);
    }
    if let Some(scope) = add {
        let at = parts
            .iter()
            .position(|p| p == scope_core::attr::ALLOW_UNNEEDED)
            .unwrap_or(parts.len());
        parts.insert(at, quoted(scope));
    }
    parts.join(", ")
}

/// Where to add a missing scope: the range to replace in which file, with what, and the place
/// it stands for; `None` where no declaration or list is around the call.
#[allow(clippy::type_complexity)]
fn place_of(
    report: &Report,
    m: &Missing,
    workspace: &Workspace,
) -> Result<Option<(PathBuf, std::ops::Range<usize>, String, String)>, Error> {
    let text = std::fs::read_to_string(&m.file).map_err(|e| io(&m.file, format!("{e}")))?;
    // The innermost function around the call.
    let Some((start, end)) = function_ranges(&text)
        .into_iter()
        .filter(|(s, e)| *s <= m.line && m.line <= *e)
        .max_by_key(|(s, _)| *s)
    else {
        return Ok(None);
    };
    let same_file = |f: &Path| f.canonicalize().ok() == m.file.canonicalize().ok();
    if let Some(f) = report
        .functions
        .iter()
        .find(|f| same_file(&f.file) && f.line == start && f.problem.is_none())
    {
        if f.declared.contains(&m.scope) {
            return Ok(None);
        }
        return Ok(Some((
            f.file.clone(),
            f.args.clone(),
            edit_args(&text[f.args.clone()], Some(&m.scope), None),
            format!(
                "{} ({})",
                f.path,
                super::at(&workspace.original(&f.file), f.line)
            ),
        )));
    }
    // An entry point in that function: its list gets the scope.
    let entry = report.entry_points().iter().find(|e| {
        same_file(&e.list_file) && (start..=end).contains(&e.line) && !e.list_spans.is_empty()
    });
    if let Some(e) = entry {
        if e.listed.as_ref().is_some_and(|l| l.contains(&m.scope)) {
            return Ok(None);
        }
        let last = e.list_spans[e.list_spans.len() - 1].end;
        return Ok(Some((
            e.list_file.clone(),
            last..last,
            format!(", {:?}", m.scope),
            format!(
                "the list of {} ({})",
                e.function,
                super::at(&e.file, e.line)
            ),
        )));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projects_errors_are_read_from_cargos_messages() {
        let json = r#"{"reason":"compiler-message","message":{"level":"error","message":"scope `read:policies:admin` is not declared for this call","spans":[{"is_primary":true,"file_name":"src/lib.rs","line_start":12}],"rendered":"error"}}
{"reason":"compiler-message","message":{"level":"error","message":"a scope this call needs is not declared for it","spans":[{"is_primary":true,"file_name":"src/lib.rs","line_start":12}],"rendered":"error"}}
{"reason":"compiler-message","message":{"level":"error","message":"mismatched types","spans":[{"is_primary":true,"file_name":"src/lib.rs","line_start":3}],"rendered":"error[E0308]: mismatched types\n  --> src/lib.rs:3:1"}}
{"reason":"build-finished","success":false}"#;
        let (missing, other) = missing_scopes(json, Path::new("/w"));
        assert_eq!(missing.len(), 1);
        assert_eq!(missing[0].scope, "read:policies:admin");
        assert_eq!(missing[0].file, Path::new("/w/src/lib.rs"));
        assert_eq!(missing[0].line, 12);
        assert_eq!(other.len(), 1);
        assert!(other[0].starts_with("error[E0308]"));
    }

    #[test]
    fn arguments_keep_their_order() {
        assert_eq!(
            edit_args(
                "client = ::x, \"b:c:admin\", allow_unneeded",
                Some("a:c:admin"),
                None
            ),
            "client = ::x, \"b:c:admin\", \"a:c:admin\", allow_unneeded"
        );
        assert_eq!(
            edit_args("\"b:c:admin\", \"a:c:admin\"", None, Some("b:c:admin")),
            "\"a:c:admin\""
        );
    }

    #[test]
    fn functions_are_found_by_the_lines_they_span() {
        let text = "#[requires_scope(\"a:b:admin\")]\nasync fn f(client: &Client) {\n    x();\n}\n\nfn main() {\n    y();\n}\n";
        assert_eq!(function_ranges(text), vec![(1, 4), (6, 8)]);
    }
}

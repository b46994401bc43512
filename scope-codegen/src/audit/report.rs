//! The audit's findings: each function followed, each entry point, the calls of unscoped
//! operations, and the report that gathers them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::{Alternative, Choice, at};

/// One function the audit followed: annotated with `#[requires_scope]`, or a helper the
/// client is handed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// Its name.
    pub name: String,
    /// Its path from its crate's root (`policies::cleanup`, `Service::run`).
    pub path: String,
    /// The file.
    pub file: PathBuf,
    /// 1-based line of its attribute (or of its `fn` for a helper).
    pub line: usize,
    /// Whether it has `#[requires_scope]`.
    pub annotated: bool,
    /// What `#[requires_scope]` declares (`unscoped` included).
    pub declared: BTreeSet<String>,
    /// What the body needs, transitively.
    pub needed: BTreeSet<String>,
    /// Uses of the client the audit cannot follow, in it or in what it calls: where, and what.
    pub unresolved: Vec<String>,
    /// The functions it hands the client to (paths).
    pub calls: BTreeSet<String>,
    /// For each call of an operation with several alternatives, the one proposed and why.
    pub choices: Vec<Choice>,
    /// Byte range of the attribute's arguments (between its parentheses) in the file.
    pub args: std::ops::Range<usize>,
    /// The `client = path` option, as written, if any.
    pub client_option: Option<String>,
    /// Whether the attribute says `allow_unneeded`: its extra scopes are kept on purpose.
    pub allow_unneeded: bool,
    /// Why the attribute does not compile on it, if it does not (no `&Client` parameter).
    pub problem: Option<String>,
    /// Whether its body, as the attribute sees it (its own tokens, no helper followed and no
    /// macro expanded), uses the client only in operation calls: then the attribute warns
    /// about exactly the scopes the audit calls redundant. Elsewhere only the audit, which
    /// follows the rest, can tell.
    pub attribute_sees_all: bool,
}

impl Function {
    /// Needed but not declared.
    pub fn missing(&self) -> BTreeSet<String> {
        if !self.annotated || self.problem.is_some() {
            return BTreeSet::new();
        }
        self.needed.difference(&self.declared).cloned().collect()
    }

    /// Declared but not needed. Empty when it reaches uses the audit cannot follow, since
    /// those may need anything, and when the attribute keeps extra scopes on purpose
    /// (`allow_unneeded`).
    pub fn redundant(&self) -> BTreeSet<String> {
        if !self.unresolved.is_empty() || self.allow_unneeded || self.problem.is_some() {
            return BTreeSet::new();
        }
        self.declared.difference(&self.needed).cloned().collect()
    }

    /// What the compiler demands of its callers: what it will declare once fixed.
    pub(super) fn passes_up(&self) -> BTreeSet<String> {
        let mut out = self.needed.clone();
        if self.annotated {
            let redundant = self.redundant();
            out.extend(self.declared.difference(&redundant).cloned());
        } else {
            // A helper's bounds: the compiler checks them, not its body.
            out.extend(self.declared.iter().cloned());
        }
        out
    }
}

/// Where a program vouches for its key: a `trust_key_scopes!` (directly or through the
/// crate's own macro), or, in a crate without one, an annotated function nothing calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPoint {
    /// The function it is in (path from the crate's root).
    pub function: String,
    /// The file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// The key's scopes as listed, for a `trust_key_scopes!`.
    pub listed: Option<BTreeSet<String>>,
    /// `unscoped_key`: a key created without scopes.
    pub unscoped_key: bool,
    /// `allow_unneeded` in the list.
    pub allow_unneeded: bool,
    /// What the code after it needs.
    pub needed: BTreeSet<String>,
    /// Uses it reaches that the audit cannot follow.
    pub unresolved: Vec<String>,
    /// Byte ranges of the listed scope literals, in order, for `--fix` (empty when the list
    /// cannot be edited in place).
    pub list_spans: Vec<std::ops::Range<usize>>,
    /// The file the literals are in (the invocation's, through a macro too).
    pub list_file: PathBuf,
}

impl EntryPoint {
    /// Listed scopes the code does not need: empty where it reaches what the audit cannot
    /// follow, or the list says `allow_unneeded`.
    pub fn too_broad(&self) -> BTreeSet<String> {
        match &self.listed {
            Some(listed) if self.unresolved.is_empty() && !self.allow_unneeded => {
                listed.difference(&self.needed).cloned().collect()
            }
            _ => BTreeSet::new(),
        }
    }

    /// Needed scopes the list lacks (the compiler refuses those already).
    pub fn too_narrow(&self) -> BTreeSet<String> {
        match &self.listed {
            Some(_) if self.unscoped_key => BTreeSet::new(),
            Some(listed) => self.needed.difference(listed).cloned().collect(),
            None => BTreeSet::new(),
        }
    }

    /// The scopes its key must hold: what the code needs, and what the list keeps on
    /// purpose (`allow_unneeded`: a key that mints keys holds the scopes it hands on).
    pub fn key(&self) -> BTreeSet<String> {
        let mut out = self.needed.clone();
        if self.allow_unneeded {
            out.extend(self.listed.iter().flatten().cloned());
        }
        out
    }

    /// A key created without scopes where a scoped one would do.
    pub fn unscoped_key_unneeded(&self) -> bool {
        self.unscoped_key
            && self.unresolved.is_empty()
            && !self.allow_unneeded
            && !self.needed.contains(scope_core::UNSCOPED)
    }
}

/// A call of an operation no scoped key can make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnscopedCall {
    /// The operation's method.
    pub operation: String,
    /// The function that calls it.
    pub function: String,
    /// Where.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
}

/// The audit of a crate (or of several, such as a folder of examples).
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every annotated function, by file and line.
    pub functions: Vec<Function>,
    /// Functions without the attribute that the client is handed to, followed.
    pub helpers: Vec<Function>,
    /// The entry points.
    pub entries: Vec<EntryPoint>,
    /// Every call of an unscoped operation.
    pub unscoped_calls: Vec<UnscopedCall>,
    /// Which alternatives were asked for.
    pub prefer: Alternative,
}

impl Report {
    /// The entry points.
    pub fn entry_points(&self) -> &[EntryPoint] {
        &self.entries
    }

    /// The scopes the whole program needs: what its entry points' keys must hold.
    pub fn crate_scopes(&self) -> BTreeSet<String> {
        self.entries.iter().flat_map(EntryPoint::key).collect()
    }

    /// Why the scopes above may be too few, if they may: every use an entry point reaches
    /// that the audit cannot follow.
    pub fn incomplete(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in &self.entries {
            for u in &e.unresolved {
                if !out.contains(u) {
                    out.push(u.clone());
                }
            }
        }
        out
    }

    /// Whether anything is to be fixed or cannot be vouched for: a declaration that lacks or
    /// exceeds what it needs, an attribute that does not compile, an entry point's list that
    /// is too broad or too narrow, or a key the audit cannot prove enough.
    pub fn has_findings(&self) -> bool {
        self.functions
            .iter()
            .any(|f| !f.missing().is_empty() || !f.redundant().is_empty() || f.problem.is_some())
            || self.entries.iter().any(|e| {
                !e.too_broad().is_empty() || !e.too_narrow().is_empty() || e.unscoped_key_unneeded()
            })
            || !self.incomplete().is_empty()
            || !self.unvouched().is_empty()
    }

    /// Every function (annotated or a helper) and entry point the audit cannot vouch for,
    /// with where it is: it reaches a use of the client the audit cannot follow, so its
    /// declaration or list may be too small. Reachable from an entry point or not.
    pub fn unvouched(&self) -> Vec<String> {
        let functions = self.functions.iter().chain(&self.helpers);
        let mut out: Vec<String> = functions
            .filter(|f| !f.unresolved.is_empty())
            .map(|f| format!("{} ({})", f.path, location(&f.file, f.line)))
            .collect();
        out.extend(
            self.entries
                .iter()
                .filter(|e| !e.unresolved.is_empty())
                .map(|e| {
                    format!(
                        "the entry point in {} ({})",
                        e.function,
                        location(&e.file, e.line)
                    )
                }),
        );
        out
    }
}

/// A report's text for `file:line`.
pub fn location(file: &Path, line: usize) -> String {
    at(file, line)
}

/// A function's choices grouped by what the report says of them ("granular (asked for)"),
/// each with the operations it was made for, once each.
pub fn choices_by_reason(f: &Function, prefer: Alternative) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for choice in &f.choices {
        let operations = out.entry(choice.describe(prefer)).or_default();
        if !operations.contains(&choice.operation) {
            operations.push(choice.operation.clone());
        }
    }
    out
}

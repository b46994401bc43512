//! Least privilege: what each function of a crate needs, read from its sources (no build
//! needed), against what its `#[requires_scope]` declares and what its entry points'
//! `trust_key_scopes!` lists hold.
//!
//! The body analysis is `scope_core::analysis`, the attribute's own, and the choice between
//! an operation's alternatives is `scope_core::choice`, also the attribute's: a scope the
//! attribute warns about is a scope the audit calls redundant. On top of it the audit follows
//! what the attribute cannot see: the client handed to the crate's functions and methods
//! (resolved by path, module, `impl` type and imports, never by bare name), through the
//! crate's own `macro_rules!`, and from each `trust_key_scopes!` entry point onwards.
//!
//! Where it cannot follow a use, it says so at the use (file and line), at every function and
//! entry point that reaches it, in the key it recommends and in `--check`; it then never calls
//! a declared scope redundant, and `--fix` removes nothing there.

mod body;
mod fix;
mod impact;
mod macros;
mod manifest;
mod settle;
mod source;
mod verify;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Ident, TokenStream, TokenTree};
use scope_core::Registry;
use scope_core::analysis::{Callee, Usage};

pub use fix::{Fix, fixes};
pub use impact::{Affected, CrateImpact, crate_impact, render_impact};
pub use manifest::{manifest_block, update_manifest};
pub use scope_core::choice::{Alternative, Choice, Reason};
pub use settle::{Change, Settled, settle};
pub use source::Cfg;
pub use verify::{Verdict, verify};

use crate::error::Error;
use crate::model::Api;
use source::{Crate, Files, Item, is_client};

/// How deep the audit follows macros that expand to macros.
const MACRO_DEPTH: usize = 8;

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
    fn passes_up(&self) -> BTreeSet<String> {
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

/// The audit's settings.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Which alternatives to propose.
    pub prefer: Alternative,
    /// Which `#[cfg]`s hold.
    pub cfg: Cfg,
}

/// Audits every `.rs` file under `path` (a file or a directory; `target` directories are
/// skipped) against the operations of `api`, as `settings` say (`Settings::default()`: keep
/// the alternatives declarations satisfy, every `#[cfg]` as in a default build).
pub fn audit(path: &Path, api: &Api, settings: &Settings) -> Result<Report, Error> {
    let registry = crate::emit::registry(api);
    let mut files = Vec::new();
    source::collect_files(path, &mut files)?;
    files.sort();
    let mut files = Files::read(&files)?;
    let crates = files.crates(&settings.cfg)?;
    let mut report = Report {
        prefer: settings.prefer,
        ..Report::default()
    };
    let mut seen: BTreeSet<(PathBuf, usize)> = BTreeSet::new();
    for krate in &crates {
        let audited = CrateAudit::new(krate, &registry, settings).run();
        for f in audited.functions {
            // A module shared by several crates (an examples' `common`) is reported once.
            if seen.insert((f.file.clone(), f.line)) {
                if f.annotated {
                    report.functions.push(f);
                } else {
                    report.helpers.push(f);
                }
            }
        }
        report.entries.extend(audited.entries);
        for call in audited.unscoped_calls {
            if !report.unscoped_calls.contains(&call) {
                report.unscoped_calls.push(call);
            }
        }
    }
    report
        .functions
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    report
        .helpers
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    report
        .entries
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    report.entries.dedup();
    Ok(report)
}

/// `file:line`.
fn at(file: &Path, line: usize) -> String {
    format!("{}:{line}", file.display())
}

/// The byte offset of a line/column position (proc-macro2 columns count characters).
pub(crate) fn byte_offset(text: &str, at: proc_macro2::LineColumn) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(at.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start.min(text.len())..];
    line_start
        + line
            .char_indices()
            .nth(at.column)
            .map_or(line.len(), |(i, _)| i)
}

/// The `#[requires_scope]` attribute among `attrs`.
fn requires_scope(attrs: &[syn::Attribute]) -> Option<&syn::Attribute> {
    attrs.iter().find(|a| {
        a.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == "requires_scope")
    })
}

/// One function's own findings, before following calls.
struct Node {
    usage: Usage,
    /// Callees, resolved.
    callees: BTreeSet<usize>,
    /// Uses it cannot follow, said with where they are.
    unresolved: Vec<String>,
    function: Function,
}

/// A `trust_key_scopes!` entry point found in a body.
struct Trust {
    item: usize,
    line: usize,
    listed: BTreeSet<String>,
    unscoped_key: bool,
    allow_unneeded: bool,
    list_spans: Vec<std::ops::Range<usize>>,
    list_file: PathBuf,
    /// What the code after it does with the trusted client.
    usage: Usage,
    callees: BTreeSet<usize>,
    unresolved: Vec<String>,
}

struct Audited {
    functions: Vec<Function>,
    entries: Vec<EntryPoint>,
    unscoped_calls: Vec<UnscopedCall>,
}

/// The audit of one crate.
struct CrateAudit<'a> {
    krate: &'a Crate,
    registry: &'a Registry,
    settings: &'a Settings,
}

impl<'a> CrateAudit<'a> {
    fn new(krate: &'a Crate, registry: &'a Registry, settings: &'a Settings) -> Self {
        CrateAudit {
            krate,
            registry,
            settings,
        }
    }

    fn item(&self, id: usize) -> &'a Item {
        &self.krate.items[id]
    }

    fn line_of(span: proc_macro2::Span) -> usize {
        span.start().line
    }

    fn run(&self) -> Audited {
        let mut nodes: BTreeMap<usize, Node> = BTreeMap::new();
        let mut trusts: Vec<Trust> = Vec::new();
        let mut untraced_trusts: Vec<(usize, usize)> = Vec::new();
        for (id, item) in self.krate.items.iter().enumerate() {
            let attr = requires_scope(&item.attrs);
            let roots = self.roots(item);
            if attr.is_some() || !roots.clients.is_empty() || !roots.holders.is_empty() {
                nodes.insert(id, self.node(id, attr, roots));
            }
            let (found, untraced) = self.trusts(id);
            trusts.extend(found);
            untraced_trusts.extend(untraced.into_iter().map(|line| (id, line)));
        }
        // Uses nobody can follow, passed up from callee to caller (cycles included).
        let reach = |start: &BTreeSet<usize>, nodes: &BTreeMap<usize, Node>| {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<usize> = start.iter().copied().collect();
            while let Some(n) = stack.pop() {
                if seen.insert(n) {
                    if let Some(node) = nodes.get(&n) {
                        stack.extend(node.callees.iter().copied());
                    }
                }
            }
            seen
        };
        let reached: BTreeMap<usize, BTreeSet<usize>> = nodes
            .iter()
            .map(|(id, node)| (*id, reach(&node.callees, &nodes)))
            .collect();
        let unresolved_of = |start: &[String], reached: &BTreeSet<usize>| {
            let mut out: Vec<String> = start.to_vec();
            for r in reached {
                if let Some(node) = nodes.get(r) {
                    for u in &node.unresolved {
                        let said = format!("in `{}`: {u}", node.function.path);
                        if !out.contains(&said) && !out.contains(u) {
                            out.push(said);
                        }
                    }
                }
            }
            out
        };
        let mut functions: BTreeMap<usize, Function> = nodes
            .iter()
            .map(|(id, node)| {
                let mut f = node.function.clone();
                f.unresolved = unresolved_of(&node.unresolved, &reached[id]);
                f.calls = node
                    .callees
                    .iter()
                    .map(|c| self.item(*c).display_path(&self.krate.modules))
                    .collect();
                (*id, f)
            })
            .collect();

        // What each needs, to a fixed point: its operations' scopes and what its callees pass
        // up (cycles included; the sets only grow).
        loop {
            let mut changed = false;
            for (id, node) in &nodes {
                let mut already = BTreeSet::new();
                for callee in &node.callees {
                    if let Some(f) = functions.get(callee) {
                        already.extend(f.passes_up());
                    }
                }
                let f = &functions[id];
                let (direct, choices) = scope_core::choice::needs(
                    node.usage.requirements(self.registry),
                    &f.declared,
                    &already,
                    self.settings.prefer,
                );
                let mut needed = f.needed.clone();
                needed.extend(already);
                needed.extend(direct);
                let f = functions.get_mut(id).expect("a node's function");
                if needed != f.needed {
                    f.needed = needed;
                    changed = true;
                }
                f.choices = choices;
            }
            if !changed {
                break;
            }
        }

        let mut entries: Vec<EntryPoint> = Vec::new();
        for trust in &trusts {
            let mut already = BTreeSet::new();
            for callee in &trust.callees {
                if let Some(f) = functions.get(callee) {
                    already.extend(f.passes_up());
                }
            }
            let (direct, _) = scope_core::choice::needs(
                trust.usage.requirements(self.registry),
                &trust.listed,
                &already,
                self.settings.prefer,
            );
            let mut needed = already;
            needed.extend(direct);
            let item = self.item(trust.item);
            entries.push(EntryPoint {
                function: item.display_path(&self.krate.modules),
                file: item.file.clone(),
                line: trust.line,
                listed: Some(trust.listed.clone()),
                unscoped_key: trust.unscoped_key,
                allow_unneeded: trust.allow_unneeded,
                needed,
                unresolved: unresolved_of(&trust.unresolved, &reach(&trust.callees, &nodes)),
                list_spans: trust.list_spans.clone(),
                list_file: trust.list_file.clone(),
            });
        }
        for (id, line) in untraced_trusts {
            let item = self.item(id);
            entries.push(EntryPoint {
                function: item.display_path(&self.krate.modules),
                file: item.file.clone(),
                line,
                listed: None,
                unscoped_key: false,
                allow_unneeded: false,
                needed: BTreeSet::new(),
                unresolved: vec![format!(
                    "{}: a `trust_key_scopes!` whose client the audit cannot follow (write it as `let client = trust_key_scopes!(..);`)",
                    at(&item.file, line)
                )],
                list_spans: Vec::new(),
                list_file: item.file.clone(),
            });
        }
        // A crate without an entry point of its own (a library): its annotated functions that
        // nothing in it calls.
        if trusts.is_empty() && entries.is_empty() {
            let called: BTreeSet<usize> = nodes.values().flat_map(|n| n.callees.clone()).collect();
            for (id, f) in &functions {
                if f.annotated && !called.contains(id) {
                    entries.push(EntryPoint {
                        function: f.path.clone(),
                        file: f.file.clone(),
                        line: f.line,
                        listed: None,
                        unscoped_key: false,
                        allow_unneeded: false,
                        needed: f.passes_up(),
                        unresolved: f.unresolved.clone(),
                        list_spans: Vec::new(),
                        list_file: f.file.clone(),
                    });
                }
            }
        }

        let mut unscoped_calls = Vec::new();
        let trusted = trusts.iter().map(|t| (t.item, &t.usage));
        let followed = nodes.iter().map(|(id, n)| (*id, &n.usage));
        for (id, usage) in followed.chain(trusted) {
            let item = self.item(id);
            for call in &usage.operations {
                let unscoped = self
                    .registry
                    .operation(&call.method)
                    .is_some_and(|op| op.requirement == scope_core::Requirement::Unscoped);
                let found = UnscopedCall {
                    operation: call.method.clone(),
                    function: item.display_path(&self.krate.modules),
                    file: item.file.clone(),
                    line: Self::line_of(call.span),
                };
                if unscoped && !unscoped_calls.contains(&found) {
                    unscoped_calls.push(found);
                }
            }
        }
        Audited {
            functions: functions.into_values().collect(),
            entries,
            unscoped_calls,
        }
    }

    /// A function's own findings.
    /// What a function's analysis starts from: its client parameters, and its parameters
    /// (`self` included) of the crate's types that hold a client.
    fn roots(&self, item: &Item) -> scope_core::analysis::Roots {
        let holder_types = &self.krate.holder_types;
        let mut holders = Vec::new();
        for input in &item.sig.inputs {
            match input {
                syn::FnArg::Receiver(_) => {
                    if let Some((ty, fields)) = item
                        .self_type
                        .as_ref()
                        .and_then(|ty| holder_types.get(ty).map(|f| (ty, f)))
                    {
                        holders.push((
                            Ident::new("self", proc_macro2::Span::call_site()),
                            ty.clone(),
                            fields.clone(),
                        ));
                    }
                }
                syn::FnArg::Typed(pat) => {
                    let Some(ty) = source::type_name(&pat.ty) else {
                        continue;
                    };
                    if let (syn::Pat::Ident(name), Some(fields)) =
                        (&*pat.pat, holder_types.get(&ty))
                    {
                        holders.push((name.ident.clone(), ty, fields.clone()));
                    }
                }
            }
        }
        scope_core::analysis::Roots {
            clients: client_params(&item.sig),
            holders,
            holder_types: holder_types.clone(),
            local_macros: self.krate.macros.keys().cloned().collect(),
        }
    }

    fn node(
        &self,
        id: usize,
        attr: Option<&syn::Attribute>,
        roots: scope_core::analysis::Roots,
    ) -> Node {
        let item = self.item(id);
        let clients = roots.clients.clone();
        let (declared, args, client_option, allow_unneeded, line) = match attr {
            Some(attr) => {
                let parsed = match &attr.meta {
                    syn::Meta::List(list) => {
                        syn::parse2::<scope_core::attr::Args>(list.tokens.clone()).ok()
                    }
                    _ => None,
                };
                let (args, client_option) = match &attr.meta {
                    syn::Meta::List(list) => {
                        let span = list.delimiter.span();
                        let open = byte_offset(&item.text, span.open().end());
                        let close = byte_offset(&item.text, span.close().start());
                        let option = parsed.as_ref().and_then(|p| p.client.as_ref()).map(|c| {
                            format!("client = {}", quote::ToTokens::to_token_stream(c))
                                .replace(" :: ", "::")
                                .replace(":: ", "::")
                        });
                        (open..close, option)
                    }
                    _ => (0..0, None),
                };
                (
                    parsed.as_ref().map(|p| p.names()).unwrap_or_default(),
                    args,
                    client_option,
                    parsed.as_ref().is_some_and(|p| p.allow_unneeded.is_some()),
                    attr.pound_token.span.start().line,
                )
            }
            // A helper's bounds on its client's grant are what its callers must prove,
            // whatever its body uses.
            None => (
                grant_bounds(&item.sig, self.registry),
                0..0,
                None,
                false,
                item.sig.fn_token.span.start().line,
            ),
        };
        let problem = (attr.is_some() && clients.is_empty()).then(|| {
            let hint = if item.sig.receiver().is_some() {
                scope_core::attr::CLIENT_IN_SELF
            } else {
                "write its type as `&Client`, without a grant"
            };
            format!(
                "the attribute refuses it: {}",
                scope_core::attr::no_client_parameter(&item.name, hint)
            )
        });
        // A client parameter bound by a pattern (`(other): &Client`) has no name to follow.
        let mut pattern_bound: Vec<String> = Vec::new();
        for input in &item.sig.inputs {
            if let syn::FnArg::Typed(pat) = input {
                if is_client(&pat.ty) && !matches!(&*pat.pat, syn::Pat::Ident(_)) {
                    pattern_bound.push(format!(
                        "{}: a client parameter bound by a pattern, not a name",
                        at(&item.file, item.sig.fn_token.span.start().line)
                    ));
                }
            }
        }
        let attribute_sees_all =
            scope_core::analysis::analyze(item.body.clone(), &clients, self.registry).is_closed()
                && pattern_bound.is_empty();
        let local_macros = body::Declared::of(&item.body).macros;
        let usage = self.usage(item.body.clone(), &roots, &local_macros, 0);
        let (callees, mut unresolved) = self.follow(id, &usage);
        unresolved.extend(pattern_bound);
        Node {
            unresolved,
            callees,
            function: Function {
                name: item.name.clone(),
                path: item.display_path(&self.krate.modules),
                file: item.file.clone(),
                line,
                annotated: attr.is_some(),
                declared,
                needed: BTreeSet::new(),
                unresolved: Vec::new(),
                calls: BTreeSet::new(),
                choices: Vec::new(),
                args,
                client_option,
                allow_unneeded,
                problem,
                attribute_sees_all,
            },
            usage,
        }
    }

    /// The analysis of `body`, with the crate's own macros that take the client expanded.
    /// `local_macros` are the `macro_rules!` the enclosing function's body defines: a macro
    /// of one of those names may be the body's, not the crate's, so it is not expanded.
    fn usage(
        &self,
        body: TokenStream,
        roots: &scope_core::analysis::Roots,
        local_macros: &BTreeSet<String>,
        depth: usize,
    ) -> Usage {
        let body = self.settings.cfg.strip(body);
        let mut usage = scope_core::analysis::analyze_roots(body, roots, self.registry);
        let macros = std::mem::take(&mut usage.macros);
        for m in macros {
            let shadowed = m
                .path
                .last()
                .is_some_and(|name| local_macros.contains(name));
            match self.expand(&m.path, &m.tokens).filter(|_| !shadowed) {
                Some(expanded) if depth < MACRO_DEPTH => {
                    let inner = self.usage(expanded, roots, local_macros, depth + 1);
                    usage.operations.extend(inner.operations);
                    usage.passes.extend(inner.passes);
                    usage.macros.extend(inner.macros);
                    usage.opaque.extend(inner.opaque);
                }
                _ => usage.macros.push(m),
            }
        }
        usage
    }

    /// The expansion of the crate's own `macro_rules!` named by `path`, if there is exactly
    /// one of that name and the audit can match it.
    fn expand(&self, path: &[String], tokens: &TokenStream) -> Option<TokenStream> {
        let name = path.last()?;
        let defs = self.krate.macros.get(name)?;
        let [def] = defs.as_slice() else {
            return None;
        };
        macros::Rules::parse(&def.tokens)?.expand(tokens)
    }

    /// Resolves the body's passes to the crate's functions; what cannot be followed, said.
    fn follow(&self, id: usize, usage: &Usage) -> (BTreeSet<usize>, Vec<String>) {
        let item = self.item(id);
        let mut callees = BTreeSet::new();
        let mut unresolved = Vec::new();
        for pass in &usage.passes {
            let line = Self::line_of(pass.span);
            match self.resolve(item, &pass.callee) {
                Ok(callee) if !self.takes(callee, pass) => {
                    let what = match &pass.holder {
                        Some(ty) => format!("a `{ty}` holding the client"),
                        None => "the client".to_owned(),
                    };
                    unresolved.push(format!(
                        "{}: {what} is handed to `{}`, which takes it as no parameter the audit can follow",
                        at(&item.file, line),
                        self.item(callee).display_path(&self.krate.modules)
                    ));
                }
                Ok(callee) => {
                    callees.insert(callee);
                }
                Err(why) => unresolved.push(format!("{}: {why}", at(&item.file, line))),
            }
        }
        for m in &usage.macros {
            unresolved.push(format!(
                "{}: `{}!(..)` takes the client, and the audit cannot read its expansion (not a `macro_rules!` of this crate it can match)",
                at(&item.file, Self::line_of(m.span)),
                m.path.join("::")
            ));
        }
        for o in &usage.opaque {
            unresolved.push(format!(
                "{}: {}",
                at(&item.file, Self::line_of(o.span)),
                o.what
            ));
        }
        (callees, unresolved)
    }

    /// Whether `callee` takes what is handed to it, at the place it is handed: a client
    /// parameter bound by a name for the client, a parameter (or `self`) of the holder's type
    /// for a value holding it. The parameter is found by the argument's position (after the
    /// receiver, for a method call): a client handed to a generic parameter beside a client
    /// one (`helper(&client, &client)` with `real: C`) is not followed.
    fn takes(&self, callee: usize, pass: &scope_core::analysis::Pass) -> bool {
        let item = self.item(callee);
        let has_receiver = matches!(item.sig.inputs.first(), Some(syn::FnArg::Receiver(_)));
        let index = match (&pass.callee, pass.position) {
            (_, None) => 0,
            (Callee::Method { .. }, Some(k)) if has_receiver => k + 1,
            (Callee::Method { .. }, Some(_)) => return false,
            (Callee::Path(_), Some(k)) => k,
        };
        let Some(input) = item.sig.inputs.iter().nth(index) else {
            return false;
        };
        let named = |pat: &syn::PatType| matches!(&*pat.pat, syn::Pat::Ident(_));
        match (pass.holder.as_deref(), input) {
            (None, syn::FnArg::Typed(pat)) => {
                pass.position.is_some() && is_client(&pat.ty) && named(pat)
            }
            (Some(ty), syn::FnArg::Receiver(_)) => {
                item.self_type.as_deref() == Some(ty) && self.krate.holder_types.contains_key(ty)
            }
            (Some(ty), syn::FnArg::Typed(pat)) => {
                pass.position.is_some()
                    && named(pat)
                    && source::type_name(&pat.ty).as_deref() == Some(ty)
                    && self.krate.holder_types.contains_key(ty)
            }
            (None, syn::FnArg::Receiver(_)) => false,
        }
    }

    /// The function of the crate a call hands the client to.
    fn resolve(&self, from: &Item, callee: &Callee) -> Result<usize, String> {
        let not_ours = |what: &str| {
            format!(
                "the client is handed to `{what}`, which this crate does not define, so the audit cannot see what it calls"
            )
        };
        match callee {
            Callee::Method { name, receiver } => {
                // What it is called on decides which method it is: `self` in an `impl`, or a
                // local or parameter whose type the body or signature states. A method is
                // never picked by its name alone (`list.push(client)` is no call of a `push`
                // of this crate).
                let ty = match receiver.as_deref() {
                    Some("self") => from.self_type.clone(),
                    Some(local) => local_type(from, local, &|ty, f| self.returns_self(ty, f)),
                    None => None,
                };
                if let Some(why) = body::Declared::of(&from.body).affects_method(ty.as_deref()) {
                    return Err(format!(
                        "the client is handed to `.{name}(..)`, and {why}, which may change which method that is (declare it outside the function)"
                    ));
                }
                match ty.as_deref().and_then(|ty| self.method_of(ty, name)) {
                    Some(id) => Ok(id),
                    None => Err(match (receiver, ty) {
                        (Some(r), Some(ty)) => format!(
                            "the client is handed to `{r}.{name}(..)`, and this crate defines no method `{name}` of `{ty}`, or more than one (an inherent one and a trait's, or on two types of that name)"
                        ),
                        (Some(r), None) => format!(
                            "the client is handed to `{r}.{name}(..)`, and the audit cannot tell the type of `{r}` (give it one: `let {r}: Type = ..`, or call `Type::{name}({r}, ..)`)"
                        ),
                        (None, _) => format!(
                            "the client is handed to `.{name}(..)` on a value the audit cannot name (call it as `Type::{name}(..)`)"
                        ),
                    }),
                }
            }
            Callee::Path(segments) => {
                let shown = segments.join("::");
                let modules = &self.krate.modules;
                if let Some(m) = modules[from.module].item_macros.first() {
                    return Err(format!(
                        "the client is handed to `{shown}`, and this module invokes `{m}!` where items go, which may define functions the audit cannot see"
                    ));
                }
                if let Some(why) = body::Declared::of(&from.body).affects_path(segments) {
                    return Err(format!(
                        "the client is handed to `{shown}`, and {why}, which may change what that path names (declare it outside the function)"
                    ));
                }
                if let [name] = segments.as_slice() {
                    if shadows(from, name) {
                        return Err(format!(
                            "the client is handed to `{name}`, a closure or function declared inside the body, which the audit does not follow"
                        ));
                    }
                }
                let resolved = self.resolve_path(from, segments);
                resolved.ok_or_else(|| not_ours(&shown))
            }
        }
    }

    /// Whether `ty::f(..)` returns a `ty`: the crate's method says `Self` or `ty` (or
    /// `Self<..>`), or it is `default` and the crate defines none (a derived `Default`).
    fn returns_self(&self, ty: &str, f: &str) -> bool {
        match self.method_of(ty, f) {
            Some(id) => match &self.item(id).sig.output {
                syn::ReturnType::Type(_, out) => {
                    source::type_name(out).is_some_and(|name| name == "Self" || name == ty)
                }
                syn::ReturnType::Default => false,
            },
            None => {
                f == "default"
                    && self.krate.modules.iter().all(|m| {
                        m.impls
                            .get(ty)
                            .is_none_or(|methods| !methods.contains_key(f))
                    })
            }
        }
    }

    /// The method `name` of the type named `ty`, if there is exactly one: not where two types
    /// of that name have one, nor where a type has two (an inherent method and a trait's).
    fn method_of(&self, ty: &str, name: &str) -> Option<usize> {
        let found: Vec<usize> = self
            .krate
            .modules
            .iter()
            .filter_map(|m| m.impls.get(ty).and_then(|methods| methods.get(name)))
            .flatten()
            .copied()
            .collect();
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// A path to a function or method, as written in `from`'s module.
    fn resolve_path(&self, from: &Item, segments: &[String]) -> Option<usize> {
        let (last, prefix) = segments.split_last()?;
        if prefix.is_empty() {
            return self.lookup_fn(from.module, last, 0);
        }
        if prefix.len() == 1 && prefix[0] == "Self" {
            return self.method_of(from.self_type.as_ref()?, last);
        }
        // `module::f`, `crate::module::f`, `super::f`; or `Type::f`, `module::Type::f`.
        // Through the module's imports too: a facade's `pub use a::b as c;` or `pub use a::*;`.
        if let Some(module) = self.resolve_module(from.module, prefix, 0) {
            return self.lookup_fn(module, last, 0);
        }
        let (ty, _) = prefix.split_last()?;
        self.method_of(ty, last)
    }

    /// A function named `name` in scope in `module`: defined there or imported.
    fn lookup_fn(&self, module: usize, name: &str, depth: usize) -> Option<usize> {
        if depth > 16 {
            return None;
        }
        let m = &self.krate.modules[module];
        if let Some(id) = m.functions.get(name) {
            return Some(*id);
        }
        for (alias, path) in &m.uses {
            if alias == name {
                let (last, prefix) = path.split_last()?;
                let target = self.resolve_module(module, prefix, depth + 1)?;
                return self.lookup_fn(target, last, depth + 1);
            }
        }
        for (alias, path) in &m.uses {
            if alias == "*" {
                if let Some(target) = self.resolve_module(module, path, depth + 1) {
                    // What the glob's module defines or itself imports (nested facades).
                    if let Some(id) = self.lookup_fn(target, name, depth + 1) {
                        return Some(id);
                    }
                }
            }
        }
        None
    }

    /// The module a path (relative to `module`) names.
    fn resolve_module(&self, module: usize, path: &[String], depth: usize) -> Option<usize> {
        if depth > 16 {
            return None;
        }
        let modules = &self.krate.modules;
        let mut at = module;
        for (i, segment) in path.iter().enumerate() {
            at = match segment.as_str() {
                "crate" if i == 0 => 0,
                "self" if i == 0 => module,
                "super" => {
                    let parent = &modules[at].path;
                    let parent = &parent[..parent.len().checked_sub(1)?];
                    modules.iter().position(|m| m.path == parent)?
                }
                name => match modules[at].children.get(name) {
                    Some(child) => *child,
                    // An imported module: `use crate::services;` then `services::f`, or a
                    // facade's `pub use other as v1;` then `api::v1::f`.
                    None => {
                        let (_, target) =
                            modules[at].uses.iter().find(|(alias, _)| alias == name)?;
                        self.resolve_module(at, target, depth + 1)?
                    }
                },
            };
        }
        Some(at)
    }

    /// The `trust_key_scopes!` entry points in a function's body: those written
    /// `let name = trust_key_scopes!(..);` (directly or through the crate's own macro) with
    /// what follows them, and the lines of any other.
    fn trusts(&self, id: usize) -> (Vec<Trust>, Vec<usize>) {
        let item = self.item(id);
        let mut found = Vec::new();
        let mut lines = Vec::new();
        let local_macros = body::Declared::of(&item.body).macros;
        self.trusts_in(id, item.body.clone(), &local_macros, &mut found, &mut lines);
        (found, lines)
    }

    fn trusts_in(
        &self,
        id: usize,
        stream: TokenStream,
        local_macros: &BTreeSet<String>,
        found: &mut Vec<Trust>,
        untraced: &mut Vec<usize>,
    ) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let mut i = 0;
        while i < tokens.len() {
            // `let [mut] name = path!(..);`
            if let Some((name, args, mac, end)) = let_macro(&tokens, i) {
                let expanded = self.trust_args(&mac, &args, local_macros, 0);
                if let Some(args) = expanded {
                    let rest: TokenStream = tokens[end..].iter().cloned().collect();
                    found.push(self.trust(id, name, &args, rest));
                    i = end;
                    continue;
                }
            }
            match &tokens[i] {
                TokenTree::Group(g) => {
                    self.trusts_in(id, g.stream(), local_macros, found, untraced);
                }
                // A trust the audit cannot read: not in the `let` form, or the hidden method
                // `trust_key_scopes!` expands to, called by hand.
                TokenTree::Ident(name)
                    if name == "trust_key_scopes" || name == "__trust_key_scopes" =>
                {
                    let followed = found.iter().any(|t| t.line == name.span().start().line);
                    if !followed {
                        untraced.push(name.span().start().line);
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// The arguments of the `trust_key_scopes!` a macro call is or expands to.
    fn trust_args(
        &self,
        path: &[String],
        args: &TokenStream,
        local_macros: &BTreeSet<String>,
        depth: usize,
    ) -> Option<TokenStream> {
        if local_macros.contains(path.last()?) {
            // The body's own macro of that name: not the one the audit would read.
            return None;
        }
        if path.last()? == "trust_key_scopes" {
            return Some(args.clone());
        }
        if depth >= MACRO_DEPTH {
            return None;
        }
        let expanded: Vec<TokenTree> = self.expand(path, args)?.into_iter().collect();
        let (mac, inner, end) = macro_call(&expanded, 0)?;
        (end == expanded.len()
            || end + 1 == expanded.len()
                && matches!(&expanded[end], TokenTree::Punct(p) if p.as_char() == ';'))
        .then_some(())?;
        self.trust_args(&mac, &inner, local_macros, depth + 1)
    }

    fn trust(&self, id: usize, name: Ident, args: &TokenStream, rest: TokenStream) -> Trust {
        let item = self.item(id);
        let parsed = syn::parse2::<scope_core::attr::TrustArgs>(args.clone()).ok();
        let mut listed = BTreeSet::new();
        let mut unscoped_key = false;
        let mut list_spans = Vec::new();
        let mut in_place = true;
        let line = name.span().start().line;
        if let Some(parsed) = &parsed {
            for scope in &parsed.scopes {
                match scope {
                    scope_core::attr::KeyScope::Scope(lit) => {
                        listed.insert(lit.value());
                        let span = lit.span();
                        let range = byte_offset(&item.text, span.start())
                            ..byte_offset(&item.text, span.end());
                        // Through a macro, the literal may be the macro's own, elsewhere.
                        in_place &= item.text.get(range.clone()) == Some(&lit.token().to_string());
                        list_spans.push(range);
                    }
                    scope_core::attr::KeyScope::UnscopedKey(_) => unscoped_key = true,
                }
            }
        }
        let roots = scope_core::analysis::Roots {
            clients: vec![name],
            holders: Vec::new(),
            holder_types: self.krate.holder_types.clone(),
            local_macros: self.krate.macros.keys().cloned().collect(),
        };
        let local_macros = body::Declared::of(&item.body).macros;
        let usage = self.usage(rest, &roots, &local_macros, 0);
        let (callees, mut unresolved) = self.follow(id, &usage);
        if parsed.is_none() {
            unresolved.push(format!(
                "{}: a `trust_key_scopes!` list the audit cannot read",
                at(&item.file, line)
            ));
        }
        // The literals must be the invocation's own, in order, for `--fix` to edit them.
        if !in_place || !list_spans.windows(2).all(|w| w[0].end <= w[1].start) {
            list_spans.clear();
        }
        Trust {
            item: id,
            line,
            listed,
            unscoped_key,
            allow_unneeded: parsed.as_ref().is_some_and(|p| p.allow_unneeded.is_some()),
            list_spans,
            list_file: item.file.clone(),
            usage,
            callees,
            unresolved,
        }
    }
}

/// The type a local or parameter of `item` is declared with, by the last segment of its path:
/// `x: &Type<..>` in the signature, or `let x = Type { .. }`, `let x = Type::f(..);` (where
/// `returns_self(Type, f)`: a constructor, not `Builder::new().build()`), `let x = Type;`,
/// `let x: Type = ..` in the body. `None` when it says none, or more than one, or the name is
/// also bound another way (`for x in ..`, a pattern, a closure's parameter).
fn local_type(
    item: &Item,
    name: &str,
    returns_self: &dyn Fn(&str, &str) -> bool,
) -> Option<String> {
    if body::bound_otherwise(&item.body, name) {
        return None;
    }
    let mut found: BTreeSet<String> = BTreeSet::new();
    for input in &item.sig.inputs {
        if let syn::FnArg::Typed(pat) = input {
            if matches!(&*pat.pat, syn::Pat::Ident(i) if i.ident == name) {
                found.extend(source::type_name(&pat.ty));
            }
        }
    }
    fn scan(
        stream: TokenStream,
        name: &str,
        found: &mut BTreeSet<String>,
        unknown: &mut bool,
        returns_self: &dyn Fn(&str, &str) -> bool,
    ) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        for i in 0..tokens.len() {
            if let TokenTree::Group(g) = &tokens[i] {
                scan(g.stream(), name, found, unknown, returns_self);
            }
            let is = |k: usize, word: &str| matches!(tokens.get(k), Some(TokenTree::Ident(x)) if x == word);
            let punct = |k: usize, c: char| matches!(tokens.get(k), Some(TokenTree::Punct(p)) if p.as_char() == c);
            if !is(i, "let") {
                continue;
            }
            let at = if is(i + 1, "mut") { i + 2 } else { i + 1 };
            if !is(at, name) {
                continue;
            }
            // `let x: Type`, or `let x = Path {` / `let x = Path::f(`.
            let mut path: Vec<String> = Vec::new();
            let mut k = at + 2;
            let typed = punct(at + 1, ':') && !punct(at + 2, ':');
            if !typed && !punct(at + 1, '=') {
                *unknown = true;
                continue;
            }
            while let Some(TokenTree::Ident(segment)) = tokens.get(k) {
                path.push(segment.to_string());
                if punct(k + 1, ':') && punct(k + 2, ':') {
                    k += 3;
                } else {
                    k += 1;
                    break;
                }
            }
            let ty = if typed {
                path.last().cloned()
            } else {
                match tokens.get(k) {
                    Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Brace => {
                        path.last().cloned()
                    }
                    // `Type::f(..);` alone, with `f` a constructor: what follows a call
                    // (`.build()`, `?`) could give the local another type.
                    Some(TokenTree::Group(g))
                        if g.delimiter() == proc_macro2::Delimiter::Parenthesis
                            && path.len() >= 2
                            && punct(k + 1, ';') =>
                    {
                        let ty = &path[path.len() - 2];
                        returns_self(ty, &path[path.len() - 1]).then(|| ty.clone())
                    }
                    // A unit struct: `let x = Type;`.
                    Some(TokenTree::Punct(p)) if p.as_char() == ';' => path.last().cloned(),
                    _ => None,
                }
            };
            match ty {
                Some(ty) if ty.chars().next().is_some_and(char::is_uppercase) => {
                    found.insert(ty);
                }
                _ => *unknown = true,
            }
        }
    }
    let mut unknown = false;
    scan(
        item.body.clone(),
        name,
        &mut found,
        &mut unknown,
        returns_self,
    );
    match found.len() {
        1 if !unknown => found.into_iter().next(),
        _ => None,
    }
}

/// Whether the body of `item` binds a name (`let name`, a closure's parameter) that a call
/// `name(..)` would mean instead of an item of the module. (A function declared in the body is
/// one of `body::Declared`'s names.)
fn shadows(item: &Item, name: &str) -> bool {
    fn scan(stream: TokenStream, name: &str) -> bool {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        tokens.iter().enumerate().any(|(i, t)| match t {
            TokenTree::Group(g) => scan(g.stream(), name),
            TokenTree::Ident(x) if x == name => {
                let before = |k: usize| i.checked_sub(k).and_then(|j| tokens.get(j));
                let word = |t: Option<&TokenTree>, w: &str| matches!(t, Some(TokenTree::Ident(x)) if x == w);
                let bar = |t: Option<&TokenTree>| matches!(t, Some(TokenTree::Punct(p)) if p.as_char() == '|' || p.as_char() == ',');
                word(before(1), "let")
                    || word(before(1), "mut") && word(before(2), "let")
                    || bar(before(1)) && tokens[i..].iter().any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '|'))
            }
            _ => false,
        })
    }
    scan(item.body.clone(), name)
}

/// The names of a signature's client parameters.
/// The scopes a hand-written function's bounds on its clients' grants demand of its callers:
/// `fn f<G: ReadTokensAdmin + DeleteTokensAdmin>(client: &Client<G>)`, a `where` clause, or
/// `&Client<impl ReadTokensAdmin>`. Proof traits only (a bound by an operation's alternatives
/// trait names no one scope, so it adds none here; the body's call of it counts).
fn grant_bounds(sig: &syn::Signature, registry: &Registry) -> BTreeSet<String> {
    let scope_of = |bound: &syn::TypeParamBound| -> Option<String> {
        let syn::TypeParamBound::Trait(t) = bound else {
            return None;
        };
        let name = t.path.segments.last()?.ident.to_string();
        if registry.unscoped_trait.as_deref() == Some(name.as_str()) {
            return Some(scope_core::UNSCOPED.to_owned());
        }
        registry
            .scopes
            .iter()
            .find(|s| s.trait_name == name)
            .map(|s| s.name.clone())
    };
    let mut grants: BTreeSet<String> = BTreeSet::new();
    let mut out = BTreeSet::new();
    for input in &sig.inputs {
        let syn::FnArg::Typed(pat) = input else {
            continue;
        };
        let mut ty = &*pat.ty;
        while let syn::Type::Reference(r) = ty {
            ty = &r.elem;
        }
        let syn::Type::Path(p) = ty else { continue };
        let Some(last) = p.path.segments.last().filter(|s| s.ident == "Client") else {
            continue;
        };
        let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
            continue;
        };
        for arg in &args.args {
            match arg {
                syn::GenericArgument::Type(syn::Type::ImplTrait(i)) => {
                    out.extend(i.bounds.iter().filter_map(scope_of));
                }
                syn::GenericArgument::Type(syn::Type::Path(g)) if g.path.segments.len() == 1 => {
                    grants.insert(g.path.segments[0].ident.to_string());
                }
                _ => {}
            }
        }
    }
    for param in &sig.generics.params {
        if let syn::GenericParam::Type(tp) = param {
            if grants.contains(&tp.ident.to_string()) {
                out.extend(tp.bounds.iter().filter_map(scope_of));
            }
        }
    }
    for predicate in sig.generics.where_clause.iter().flat_map(|w| &w.predicates) {
        if let syn::WherePredicate::Type(pt) = predicate {
            let bounded = quote::ToTokens::to_token_stream(&pt.bounded_ty).to_string();
            if grants.contains(&bounded) {
                out.extend(pt.bounds.iter().filter_map(scope_of));
            }
        }
    }
    out
}

fn client_params(sig: &syn::Signature) -> Vec<Ident> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(pat) if is_client(&pat.ty) => match &*pat.pat {
                syn::Pat::Ident(i) => Some(i.ident.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// `path ! (group)` at `tokens[at]`: the path, the group's tokens and where it ends.
fn macro_call(tokens: &[TokenTree], at: usize) -> Option<(Vec<String>, TokenStream, usize)> {
    let mut path = Vec::new();
    let mut i = at;
    loop {
        match tokens.get(i)? {
            TokenTree::Ident(ident) => path.push(ident.to_string()),
            _ => return None,
        }
        i += 1;
        match (tokens.get(i), tokens.get(i + 1)) {
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && b.as_char() == ':' =>
            {
                i += 2;
            }
            _ => break,
        }
    }
    match (tokens.get(i), tokens.get(i + 1)) {
        (Some(TokenTree::Punct(bang)), Some(TokenTree::Group(g))) if bang.as_char() == '!' => {
            Some((path, g.stream(), i + 2))
        }
        _ => None,
    }
}

/// `let [mut] name = path!(..)` at `tokens[at]`, followed by `;`: the name, the macro's
/// arguments and path, and where the statement ends.
fn let_macro(tokens: &[TokenTree], at: usize) -> Option<(Ident, TokenStream, Vec<String>, usize)> {
    let is = |i: usize, word: &str| matches!(tokens.get(i), Some(TokenTree::Ident(x)) if x == word);
    if !is(at, "let") {
        return None;
    }
    let mut i = at + 1;
    if is(i, "mut") {
        i += 1;
    }
    let Some(TokenTree::Ident(name)) = tokens.get(i) else {
        return None;
    };
    if !matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=') {
        return None;
    }
    let (path, args, end) = macro_call(tokens, i + 2)?;
    matches!(tokens.get(end), Some(TokenTree::Punct(p)) if p.as_char() == ';').then_some(())?;
    Some((name.clone(), args, path, end + 1))
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

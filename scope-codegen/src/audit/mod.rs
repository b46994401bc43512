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
mod names;
mod report;
mod settle;
mod source;
mod trust;
mod verify;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Ident, TokenStream, TokenTree};
use scope_core::Registry;
use scope_core::analysis::{Callee, Usage};

pub use fix::{Fix, fixes};
pub use impact::{Affected, CrateImpact, crate_impact, render_impact};
pub use manifest::{manifest_block, update_manifest};
pub use report::{EntryPoint, Function, Report, UnscopedCall, choices_by_reason, location};
pub use scope_core::choice::{Alternative, Choice, Reason};
pub use settle::{Change, Settled, settle};
pub use source::Cfg;
pub use verify::{Verdict, verify};

use crate::error::Error;
use crate::model::Api;
use source::{Crate, Files, Item, is_client};

/// How deep the audit follows macros that expand to macros.
const MACRO_DEPTH: usize = 8;

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
    /// The names `trust_key_scopes!` goes by in the crate: its own, and any a `use … as`
    /// gives it (`use admin::trust_key_scopes as grant;`), in any module.
    trust_names: BTreeSet<String>,
    /// The names the crate's own macros may go by: their `macro_rules!` names, and every name a
    /// `use … as` gives (`use purge as info;`), so that no macro of the crate's is taken for a
    /// formatting one of the same name.
    local_macros: BTreeSet<String>,
}

impl<'a> CrateAudit<'a> {
    fn new(krate: &'a Crate, registry: &'a Registry, settings: &'a Settings) -> Self {
        let mut trust_names = BTreeSet::from(["trust_key_scopes".to_owned()]);
        // An alias of an alias, in another module: to a fixed point.
        loop {
            let before = trust_names.len();
            for module in &krate.modules {
                for (name, path) in &module.uses {
                    if path.last().is_some_and(|last| trust_names.contains(last)) {
                        trust_names.insert(name.clone());
                    }
                }
            }
            if trust_names.len() == before {
                break;
            }
        }
        let mut local_macros: BTreeSet<String> = krate.macros.keys().cloned().collect();
        for module in &krate.modules {
            for (name, path) in &module.uses {
                if path.last() != Some(name) && name != "*" {
                    local_macros.insert(name.clone());
                }
            }
        }
        CrateAudit {
            krate,
            registry,
            settings,
            trust_names,
            local_macros,
        }
    }

    /// Whether a macro or name is `trust_key_scopes!` by one of its names (`r#` or not).
    fn is_trust(&self, name: &str) -> bool {
        self.trust_names
            .contains(name.strip_prefix("r#").unwrap_or(name))
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
            local_macros: self.local_macros.clone(),
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

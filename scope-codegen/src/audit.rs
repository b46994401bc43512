//! Least privilege: what each `#[requires_scope]` function of a crate needs, read from its
//! sources with syn (no build needed), against what it declares.
//!
//! A function needs the scopes of the generated operations its body calls and, transitively,
//! what the annotated functions it calls need. That is also what the compiler demands of a
//! declaration once every callee's declaration is exact, so declaring exactly the audit's set
//! compiles. Uses of the client the audit cannot follow (passed to an unannotated function,
//! used inside a macro) are listed, never silently ignored.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::{self, Visit};

use crate::error::{Error, ErrorKind};
use crate::model::Api;
use crate::resolve::{Requirement, ScopeKind};

/// Which alternative the audit proposes where an operation accepts several (Jira's and
/// Confluence's classic scope, or a set of granular ones).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Prefer {
    /// Keep what the declaration already satisfies; otherwise the alternative closest to it
    /// (most scopes in common, then fewest scopes).
    #[default]
    Declared,
    /// The classic alternative where there is one.
    Classic,
    /// The granular alternative where there is one (Atlassian recommends these for new apps).
    Granular,
}

/// Why the audit proposed an alternative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The declaration already satisfies it.
    Declared,
    /// It is of the kind asked for.
    Asked,
    /// No alternative is of the kind asked for, and none is satisfied: the closest one.
    NoneOfKind,
    /// Nothing declared satisfies any alternative and no kind was asked for: the closest one.
    Closest,
}

/// The alternative proposed for one call of an operation that accepts several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The operation method.
    pub operation: String,
    /// The scopes proposed.
    pub scopes: BTreeSet<String>,
    /// Classic or granular, where the scopes say.
    pub kind: Option<ScopeKind>,
    /// Why these.
    pub reason: Reason,
}

impl Choice {
    /// "granular (asked for)", "classic (declared)", ...: what the report prints.
    pub fn describe(&self, prefer: Prefer) -> String {
        let kind = self
            .kind
            .map_or_else(|| "alternative".to_owned(), |k| k.to_string());
        let why = match (self.reason, prefer) {
            (Reason::Declared, _) => "the declaration's".to_owned(),
            (Reason::Asked, _) => "asked for".to_owned(),
            (Reason::NoneOfKind, Prefer::Granular) => {
                "the operation has no granular one".to_owned()
            }
            (Reason::NoneOfKind, _) => "the operation has no classic one".to_owned(),
            (Reason::Closest, _) => "closest to the declaration".to_owned(),
        };
        format!("{kind} ({why})")
    }
}

/// An annotated function as read from its file: the function, the operations its body calls
/// (method name and requirement), and the functions the client is passed to.
type Found = (Function, Vec<(String, Requirement)>, BTreeSet<String>);

/// One annotated function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// Its name.
    pub name: String,
    /// The file and line of its attribute.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What `#[requires_scope]` declares (`unscoped` included).
    pub declared: BTreeSet<String>,
    /// What the body needs, transitively.
    pub needed: BTreeSet<String>,
    /// Uses of the client the audit cannot follow.
    pub unresolved: Vec<String>,
    /// Annotated functions it calls.
    pub calls: BTreeSet<String>,
    /// For each call of an operation with several alternatives, the one proposed and why.
    pub choices: Vec<Choice>,
    /// Byte range of the attribute's arguments (between its parentheses) in the file.
    pub args: std::ops::Range<usize>,
    /// The `client = path` option, as written, if any.
    pub client_option: Option<String>,
    /// Whether the attribute says `allow_unneeded`: its extra scopes are kept on purpose.
    pub allow_unneeded: bool,
}

impl Function {
    /// Needed but not declared.
    pub fn missing(&self) -> BTreeSet<String> {
        self.needed.difference(&self.declared).cloned().collect()
    }

    /// Declared but not needed. Empty when the body has uses the audit cannot follow, since
    /// those may need anything, and when the attribute keeps extra scopes on purpose
    /// (`allow_unneeded`).
    pub fn redundant(&self) -> BTreeSet<String> {
        if !self.unresolved.is_empty() || self.allow_unneeded {
            return BTreeSet::new();
        }
        self.declared.difference(&self.needed).cloned().collect()
    }
}

/// The audit of a crate.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every annotated function, by file and line.
    pub functions: Vec<Function>,
    /// Which alternatives were asked for.
    pub prefer: Prefer,
}

impl Report {
    /// Annotated functions no other annotated function calls: the program's entry points.
    pub fn entry_points(&self) -> Vec<&Function> {
        let called: BTreeSet<&str> = self
            .functions
            .iter()
            .flat_map(|f| f.calls.iter().map(String::as_str))
            .collect();
        self.functions
            .iter()
            .filter(|f| !called.contains(f.name.as_str()))
            .collect()
    }

    /// The scopes the whole crate needs: what its entry points need.
    pub fn crate_scopes(&self) -> BTreeSet<String> {
        self.entry_points()
            .into_iter()
            .flat_map(|f| f.needed.iter().cloned())
            .collect()
    }

    /// Whether any declaration is incomplete or larger than needed.
    pub fn has_findings(&self) -> bool {
        self.functions
            .iter()
            .any(|f| !f.missing().is_empty() || !f.redundant().is_empty())
    }
}

/// What one operation method needs, for the audit.
fn requirements(api: &Api) -> BTreeMap<String, Requirement> {
    api.operations
        .iter()
        .map(|op| {
            (
                op.fn_name.trim_start_matches("r#").to_owned(),
                op.scopes.requirement.clone(),
            )
        })
        .collect()
}

/// Audits every `.rs` file under `path` (a file or a directory; `target` directories are
/// skipped) against the operations of `api`, keeping the alternatives declarations satisfy.
pub fn audit(path: &Path, api: &Api) -> Result<Report, Error> {
    audit_preferring(path, api, Prefer::Declared)
}

/// [`audit`], proposing the alternatives `prefer` asks for.
pub fn audit_preferring(path: &Path, api: &Api, prefer: Prefer) -> Result<Report, Error> {
    let mut files = Vec::new();
    collect_files(path, &mut files)?;
    files.sort();
    let ops = requirements(api);
    let mut raw: Vec<Found> = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                file,
                "",
                format!("cannot read the file: {e}"),
            )
        })?;
        let parsed = syn::parse_file(&text).map_err(|e| {
            let at = e.span().start();
            Error::new(
                ErrorKind::Syntax,
                file,
                format!("line {}, column {}", at.line, at.column + 1),
                format!("not valid Rust: {e}"),
            )
        })?;
        let mut finder = Finder {
            file,
            text: &text,
            ops: &ops,
            found: Vec::new(),
        };
        finder.visit_file(&parsed);
        raw.extend(finder.found);
    }
    // Transitive needs: iterate to a fixed point (annotated functions may call each other in
    // cycles).
    let names: BTreeSet<String> = raw.iter().map(|(f, _, _)| f.name.clone()).collect();
    let mut functions: Vec<Function> = raw
        .iter()
        .map(|(f, requirements, passed)| {
            let mut f = f.clone();
            f.calls.retain(|c| names.contains(c));
            // The client passed to an annotated function is followed; to anything else, not.
            let mut unresolved: Vec<String> = passed
                .iter()
                .filter(|p| !names.contains(*p))
                .map(|p| format!("the client is passed to `{p}`, which has no #[requires_scope]"))
                .collect();
            unresolved.append(&mut f.unresolved);
            f.unresolved = unresolved;
            for (operation, requirement) in requirements {
                let (scopes, choice) = pick(operation, requirement, &f.declared, prefer);
                f.needed.extend(scopes);
                f.choices.extend(choice);
            }
            f
        })
        .collect();
    loop {
        let snapshot: BTreeMap<String, BTreeSet<String>> = functions
            .iter()
            .map(|f| (f.name.clone(), f.needed.clone()))
            .collect();
        let mut changed = false;
        for f in &mut functions {
            for callee in f.calls.clone() {
                for scope in snapshot.get(&callee).into_iter().flatten() {
                    changed |= f.needed.insert(scope.clone());
                }
            }
        }
        if !changed {
            break;
        }
    }
    Ok(Report { functions, prefer })
}

/// A function's choices grouped by what the report says of them ("granular (asked for)"),
/// each with the operations it was made for, once each.
pub fn choices_by_reason(f: &Function, prefer: Prefer) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for choice in &f.choices {
        let operations = out.entry(choice.describe(prefer)).or_default();
        if !operations.contains(&choice.operation) {
            operations.push(choice.operation.clone());
        }
    }
    out
}

/// The scopes a call of `operation` adds: `unscoped`, the only alternative, or the
/// alternative `prefer` picks (see [`Prefer`]), with the choice when there was one to make.
fn pick(
    operation: &str,
    requirement: &Requirement,
    declared: &BTreeSet<String>,
    prefer: Prefer,
) -> (BTreeSet<String>, Option<Choice>) {
    let alts = match requirement {
        Requirement::Unscoped => return (["unscoped".to_owned()].into(), None),
        Requirement::AnyOf(alts) if alts.len() == 1 => {
            return (alts.iter().next().cloned().unwrap_or_default(), None);
        }
        Requirement::AnyOf(alts) => alts,
    };
    // Most scopes in common with the declaration, then fewest scopes, then the first listed.
    let closest = |candidates: &mut dyn Iterator<Item = &BTreeSet<String>>| {
        candidates
            .min_by_key(|alt| {
                (
                    std::cmp::Reverse(alt.intersection(declared).count()),
                    alt.len(),
                )
            })
            .cloned()
    };
    let wanted = match prefer {
        Prefer::Declared => None,
        Prefer::Classic => Some(ScopeKind::Classic),
        Prefer::Granular => Some(ScopeKind::Granular),
    };
    let satisfied = alts.iter().find(|alt| alt.is_subset(declared));
    let of_kind = wanted.and_then(|kind| {
        let satisfied_of_kind =
            satisfied.filter(|alt| ScopeKind::of_alternative(*alt) == Some(kind));
        satisfied_of_kind.cloned().or_else(|| {
            closest(
                &mut alts
                    .iter()
                    .filter(|alt| ScopeKind::of_alternative(*alt) == Some(kind)),
            )
        })
    });
    let fallback = if wanted.is_some() {
        Reason::NoneOfKind
    } else {
        Reason::Declared
    };
    let (scopes, reason) = if let Some(alt) = of_kind {
        (alt, Reason::Asked)
    } else if let Some(alt) = satisfied {
        (alt.clone(), fallback)
    } else {
        let reason = if wanted.is_some() {
            Reason::NoneOfKind
        } else {
            Reason::Closest
        };
        (closest(&mut alts.iter()).unwrap_or_default(), reason)
    };
    let choice = Choice {
        operation: operation.to_owned(),
        kind: ScopeKind::of_alternative(&scopes),
        scopes: scopes.clone(),
        reason,
    };
    (scopes, Some(choice))
}

fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Error::new(ErrorKind::Io, path, "", format!("cannot read: {e}")))?;
    if meta.is_file() {
        if path.extension().is_some_and(|e| e == "rs") {
            out.push(path.to_path_buf());
        }
        return Ok(());
    }
    let entries = std::fs::read_dir(path)
        .map_err(|e| Error::new(ErrorKind::Io, path, "", format!("cannot list: {e}")))?;
    for entry in entries.flatten() {
        let p = entry.path();
        let skip = p
            .file_name()
            .is_some_and(|n| n == "target" || n.to_string_lossy().starts_with('.'));
        if !skip {
            collect_files(&p, out)?;
        }
    }
    Ok(())
}

/// Finds annotated functions in one file.
struct Finder<'a> {
    file: &'a Path,
    text: &'a str,
    ops: &'a BTreeMap<String, Requirement>,
    found: Vec<Found>,
}

impl Finder<'_> {
    fn function(&mut self, attrs: &[syn::Attribute], sig: &syn::Signature, block: &syn::Block) {
        let Some(attr) = attrs.iter().find(|a| {
            a.path()
                .segments
                .last()
                .is_some_and(|s| s.ident == "requires_scope")
        }) else {
            return;
        };
        let declared = declared_scopes(attr);
        let (args, client_option) = match &attr.meta {
            syn::Meta::List(list) => {
                let span = list.delimiter.span();
                let open = byte_offset(self.text, span.open().end());
                let close = byte_offset(self.text, span.close().start());
                (open..close, client_option(&self.text[open..close]))
            }
            _ => (0..0, None),
        };
        let clients: Vec<syn::Ident> = sig
            .inputs
            .iter()
            .filter_map(|input| match input {
                syn::FnArg::Typed(pat) if is_client(&pat.ty) => match &*pat.pat {
                    syn::Pat::Ident(i) => Some(i.ident.clone()),
                    _ => None,
                },
                _ => None,
            })
            .collect();
        let mut body = Body {
            ops: self.ops,
            clients: &clients,
            requirements: Vec::new(),
            calls: BTreeSet::new(),
            passed: BTreeSet::new(),
            unresolved: Vec::new(),
        };
        body.visit_block(block);
        let name = sig.ident.to_string().trim_start_matches("r#").to_owned();
        self.found.push((
            Function {
                name,
                file: self.file.to_path_buf(),
                line: attr.pound_token.span.start().line,
                declared,
                needed: BTreeSet::new(),
                unresolved: body.unresolved,
                calls: body.calls,
                choices: Vec::new(),
                args,
                client_option,
                allow_unneeded: allows_unneeded(attr),
            },
            body.requirements,
            body.passed,
        ));
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.function(&f.attrs, &f.sig, &f.block);
        visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        self.function(&f.attrs, &f.sig, &f.block);
        visit::visit_impl_item_fn(self, f);
    }
}

/// Whether a `#[requires_scope(...)]` says `allow_unneeded`.
fn allows_unneeded(attr: &syn::Attribute) -> bool {
    match &attr.meta {
        syn::Meta::List(list) => list.tokens.clone().into_iter().any(|t| {
            matches!(t, proc_macro2::TokenTree::Ident(i) if i == scope_core::attr::ALLOW_UNNEEDED)
        }),
        _ => false,
    }
}

/// The scope literals and `unscoped` of a `#[requires_scope(...)]`.
fn declared_scopes(attr: &syn::Attribute) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let syn::Meta::List(list) = &attr.meta {
        let mut skip_value = false;
        for token in list.tokens.clone() {
            match token {
                proc_macro2::TokenTree::Literal(lit) if !skip_value => {
                    if let Ok(s) = syn::parse_str::<syn::LitStr>(&lit.to_string()) {
                        out.insert(s.value());
                    }
                }
                proc_macro2::TokenTree::Ident(i) if i == "unscoped" && !skip_value => {
                    out.insert("unscoped".to_owned());
                }
                proc_macro2::TokenTree::Ident(i) if i == "client" => skip_value = true,
                proc_macro2::TokenTree::Punct(p) if p.as_char() == ',' => skip_value = false,
                _ => {}
            }
        }
    }
    out
}

fn is_client(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Reference(r) => is_client(&r.elem),
        syn::Type::Paren(p) => is_client(&p.elem),
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == "Client"),
        _ => false,
    }
}

/// What one body calls.
struct Body<'a> {
    ops: &'a BTreeMap<String, Requirement>,
    clients: &'a [syn::Ident],
    requirements: Vec<(String, Requirement)>,
    calls: BTreeSet<String>,
    /// Functions and methods the client is passed to (followed if they are annotated).
    passed: BTreeSet<String>,
    /// Macros that use the client.
    unresolved: Vec<String>,
}

impl Body<'_> {
    fn mentions_client(&self, expr: &syn::Expr) -> bool {
        struct Mentions<'c>(&'c [syn::Ident], bool);
        impl<'ast> Visit<'ast> for Mentions<'_> {
            fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
                self.1 |= p.path.get_ident().is_some_and(|i| self.0.contains(i));
            }
        }
        let mut m = Mentions(self.clients, false);
        m.visit_expr(expr);
        m.1
    }
}

impl<'ast> Visit<'ast> for Body<'_> {
    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        let name = call.method.to_string();
        let base = name
            .strip_suffix("_pages")
            .filter(|b| self.ops.contains_key(*b))
            .unwrap_or(&name);
        if let Some(requirement) = self.ops.get(base) {
            self.requirements
                .push((base.to_owned(), requirement.clone()));
        } else {
            self.calls.insert(name.clone());
            if call.args.iter().any(|a| self.mentions_client(a)) {
                self.passed.insert(name);
            }
        }
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*call.func {
            if let Some(last) = p.path.segments.last() {
                let name = last.ident.to_string();
                self.calls.insert(name.clone());
                if call.args.iter().any(|a| self.mentions_client(a)) {
                    self.passed.insert(name);
                }
            }
        }
        visit::visit_expr_call(self, call);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        fn mentions(tokens: proc_macro2::TokenStream, idents: &[syn::Ident]) -> bool {
            tokens.into_iter().any(|t| match t {
                proc_macro2::TokenTree::Ident(i) => idents.contains(&i),
                proc_macro2::TokenTree::Group(g) => mentions(g.stream(), idents),
                _ => false,
            })
        }
        if !mentions(mac.tokens.clone(), self.clients) {
            return;
        }
        // Most macros that take the client (`println!`, `format!`, `assert!`, `vec!`) take
        // expressions separated by commas: those are followed like any other code.
        let parser = syn::punctuated::Punctuated::<syn::Expr, syn::Token![,]>::parse_terminated;
        match syn::parse::Parser::parse2(parser, mac.tokens.clone()) {
            Ok(args) => args.iter().for_each(|arg| self.visit_expr(arg)),
            Err(_) => {
                let name = mac
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                self.unresolved.push(format!(
                    "`{name}!(..)` uses the client in a form the audit cannot read"
                ));
            }
        }
    }
}

/// The byte offset of a line/column position (proc-macro2 columns count characters).
fn byte_offset(text: &str, at: proc_macro2::LineColumn) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(at.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start..];
    line_start
        + line
            .char_indices()
            .nth(at.column)
            .map_or(line.len(), |(i, _)| i)
}

/// `client = path` as written in the arguments, if present.
fn client_option(args: &str) -> Option<String> {
    args.split(',')
        .map(str::trim)
        .find(|a| a.starts_with("client"))
        .map(str::to_owned)
}

/// One rewrite of one file.
#[derive(Debug, Clone)]
pub struct Fix {
    /// The file.
    pub file: PathBuf,
    /// Its text now.
    pub before: String,
    /// Its text with every attribute made exact.
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
    if scope == "unscoped" {
        "unscoped".to_owned()
    } else {
        format!("{scope:?}")
    }
}

/// The files whose attributes `--fix` would change, with their new text. Idempotent: a
/// second run on fixed files finds nothing to change.
pub fn fixes(report: &Report) -> Result<Vec<Fix>, Error> {
    let mut by_file: BTreeMap<&Path, Vec<&Function>> = BTreeMap::new();
    for f in report
        .functions
        .iter()
        .filter(|f| !f.missing().is_empty() || !f.redundant().is_empty())
    {
        by_file.entry(&f.file).or_default().push(f);
    }
    let mut out = Vec::new();
    for (file, mut functions) in by_file {
        let before = std::fs::read_to_string(file).map_err(|e| {
            Error::new(
                ErrorKind::Io,
                file,
                "",
                format!("cannot read the file: {e}"),
            )
        })?;
        let mut after = before.clone();
        // From the end, so that earlier offsets stay valid.
        functions.sort_by_key(|f| std::cmp::Reverse(f.args.start));
        for f in functions {
            let args = new_args(&before[f.args.clone()], f);
            after.replace_range(f.args.clone(), &args);
        }
        out.push(Fix {
            file: file.to_path_buf(),
            before,
            after,
        });
    }
    Ok(out)
}

/// The new arguments of `f`'s attribute: `client = ...` if written, the scopes it keeps in
/// the order `written` has them, then the missing ones. Where the body has uses the audit
/// cannot follow, nothing is removed (`redundant` is empty then).
fn new_args(written: &str, f: &Function) -> String {
    let mut kept: Vec<(usize, String)> = f
        .declared
        .iter()
        .filter(|s| !f.redundant().contains(*s))
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

/// A Forge `manifest.yml` `permissions.scopes` block listing `scopes`.
pub fn manifest_block(scopes: &BTreeSet<String>) -> String {
    let mut out = String::from("permissions:\n  scopes:\n");
    for scope in scopes.iter().filter(|s| *s != "unscoped") {
        out.push_str(&format!("    - '{scope}'\n"));
    }
    out
}

/// Updates the `permissions.scopes` list of a Forge manifest: adds the `needed` scopes it
/// lacks, removes the scopes of this client (`known`) that are not needed, keeps every other
/// line (other products' scopes, comments, the rest of the file) byte for byte. Block-style
/// lists only; a manifest without the block gets one at the end.
pub fn update_manifest(
    text: &str,
    needed: &BTreeSet<String>,
    known: &BTreeSet<String>,
) -> Result<String, String> {
    let needed: BTreeSet<&str> = needed
        .iter()
        .map(String::as_str)
        .filter(|s| *s != "unscoped")
        .collect();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(permissions) = lines
        .iter()
        .position(|l| l.trim_end() == "permissions:" && indent(l) == 0)
    else {
        let mut out = text.to_owned();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&manifest_block(
            &needed.iter().map(|s| (*s).to_owned()).collect(),
        ));
        return Ok(out);
    };
    let block_end = lines[permissions + 1..]
        .iter()
        .position(|l| !l.trim().is_empty() && indent(l) == 0)
        .map_or(lines.len(), |p| permissions + 1 + p);
    let scopes_line =
        (permissions + 1..block_end).find(|&i| lines[i].trim_start().starts_with("scopes:"));
    let Some(scopes_line) = scopes_line else {
        // `permissions:` without `scopes:`: add the list right under it.
        let mut out: String = lines[..=permissions].concat();
        out.push_str("  scopes:\n");
        for scope in &needed {
            out.push_str(&format!("    - '{scope}'\n"));
        }
        out.push_str(&lines[permissions + 1..].concat());
        return Ok(out);
    };
    if !lines[scopes_line].trim_end().ends_with("scopes:") {
        return Err("`permissions.scopes` is written as a flow list (`[...]`); write it as a block list (`- scope` lines) to update it".to_owned());
    }
    let key_indent = indent(lines[scopes_line]);
    let items_end = (scopes_line + 1..block_end)
        .find(|&i| {
            !lines[i].trim().is_empty()
                && (indent(lines[i]) <= key_indent && !lines[i].trim_start().starts_with('-'))
        })
        .unwrap_or(block_end);
    let value = |l: &str| {
        l.trim()
            .strip_prefix('-')
            .map(|v| v.trim().trim_matches(['\'', '"']).to_owned())
    };
    let present: BTreeSet<String> = lines[scopes_line + 1..items_end]
        .iter()
        .filter_map(|l| value(l))
        .collect();
    // Match the style of the first item (indentation and quotes).
    let sample = lines[scopes_line + 1..items_end]
        .iter()
        .find(|l| l.trim_start().starts_with('-'));
    let (item_indent, quote) = match sample {
        Some(l) => {
            let rest = l.trim_start().trim_start_matches('-').trim_start();
            (
                " ".repeat(indent(l)),
                rest.chars()
                    .next()
                    .filter(|c| *c == '\'' || *c == '"')
                    .map(String::from)
                    .unwrap_or_default(),
            )
        }
        None => (" ".repeat(key_indent + 2), "'".to_owned()),
    };
    let mut out: String = lines[..=scopes_line].concat();
    for line in &lines[scopes_line + 1..items_end] {
        let redundant =
            value(line).is_some_and(|v| known.contains(&v) && !needed.contains(v.as_str()));
        if !redundant {
            out.push_str(line);
        }
    }
    for scope in needed.iter().filter(|s| !present.contains(**s)) {
        out.push_str(&format!("{item_indent}- {quote}{scope}{quote}\n"));
    }
    out.push_str(&lines[items_end..].concat());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    const MANIFEST: &str = "modules:\n  function:\n    - key: main\npermissions:\n  # what the app may do\n  scopes:\n    - 'read:jira-work'\n    - 'read:domains:admin'\n    - 'delete:policies:admin'\n  external:\n    fetch: []\napp:\n  id: x\n";

    #[test]
    fn manifest_scopes_are_added_and_removed_and_the_rest_is_kept() {
        let known = set(&[
            "read:domains:admin",
            "delete:policies:admin",
            "read:policies:admin",
        ]);
        let needed = set(&["read:domains:admin", "read:policies:admin"]);
        let updated = update_manifest(MANIFEST, &needed, &known).unwrap();
        assert_eq!(
            updated,
            "modules:\n  function:\n    - key: main\npermissions:\n  # what the app may do\n  scopes:\n    - 'read:jira-work'\n    - 'read:domains:admin'\n    - 'read:policies:admin'\n  external:\n    fetch: []\napp:\n  id: x\n"
        );
        assert_eq!(
            update_manifest(&updated, &needed, &known).unwrap(),
            updated,
            "idempotent"
        );
    }

    #[test]
    fn a_manifest_without_the_block_gets_one() {
        let updated = update_manifest(
            "app:\n  id: x",
            &set(&["read:a:admin", "unscoped"]),
            &BTreeSet::new(),
        )
        .unwrap();
        assert_eq!(
            updated,
            "app:\n  id: x\npermissions:\n  scopes:\n    - 'read:a:admin'\n"
        );
        let flow = update_manifest(
            "permissions:\n  scopes: [a]\n",
            &set(&["b"]),
            &BTreeSet::new(),
        );
        assert!(flow.is_err());
    }
}

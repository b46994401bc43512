//! The crate as the audit reads it: files, the crates they make up, modules, and the items
//! the audit resolves calls to (functions, methods with their `impl` type, `use` imports,
//! `macro_rules!`), with items whose `#[cfg]` is off left out.
//!
//! A file that no other file declares as a module (`mod x;`) is the root of a crate: `src/lib.rs`,
//! `src/main.rs`, each example and each integration test. Modules shared by several roots (an
//! examples' `common`) belong to each. Items are keyed by their path from their crate's root,
//! so two functions of the same name in two modules are two functions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, ErrorKind};

/// Which `#[cfg(...)]` predicates hold: `test` does not (the audit reads the program, not its
/// tests), `feature = "x"` does for the features given; `debug_assertions` may or may not (a
/// debug build or a release one). Any other
/// predicate (`unix`, `target_os = ...`) is taken as holding: reading an item that may be
/// compiled errs on the side of a larger key, never a smaller one. So does a feature that may
/// be set another way than the manifest's features: one the manifest does not declare, or any
/// where the package's build script sets cfgs (`cargo::rustc-cfg`) or its cargo configuration
/// passes `--cfg` (see [`Cfg::for_package`]).
#[derive(Debug, Clone, Default)]
pub struct Cfg {
    /// Enabled features.
    pub features: BTreeSet<String>,
    /// The features the package's manifest declares, where known; a feature it does not
    /// declare can only be set another way, and is taken as holding. `None`: every feature
    /// not in `features` is off.
    pub declared: Option<BTreeSet<String>>,
    /// Whether the package's build script or cargo configuration sets cfgs of its own: then no
    /// feature is certain to be off.
    pub set_elsewhere: bool,
}

impl Cfg {
    /// The configuration of a build of the package that holds `path`: the features given,
    /// plus its `default` features (and those they enable) unless `no_default`.
    pub fn for_package(path: &Path, features: &[String], no_default: bool) -> Cfg {
        let mut enabled: BTreeSet<String> = features.iter().cloned().collect();
        let table = manifest_features(path);
        if !no_default {
            enabled.insert("default".to_owned());
        }
        // Features enable features: follow them to a fixed point.
        let mut queue: Vec<String> = enabled.iter().cloned().collect();
        while let Some(feature) = queue.pop() {
            for implied in table.get(&feature).into_iter().flatten() {
                if !implied.contains(':')
                    && !implied.contains('/')
                    && enabled.insert(implied.clone())
                {
                    queue.push(implied.clone());
                }
            }
        }
        Cfg {
            features: enabled,
            declared: Some(table.keys().cloned().collect()),
            set_elsewhere: sets_cfgs_elsewhere(path),
        }
    }

    /// Whether `feature = "name"` may hold in the build: enabled, or possibly set another way.
    fn feature_may_hold(&self, name: &str) -> bool {
        self.features.contains(name)
            || self.set_elsewhere
            || self.declared.as_ref().is_some_and(|d| !d.contains(name))
    }

    /// Whether the item with these attributes is compiled.
    pub fn enabled(&self, attrs: &[syn::Attribute]) -> bool {
        attrs
            .iter()
            .filter(|a| a.path().is_ident("cfg"))
            .all(|a| match &a.meta {
                syn::Meta::List(list) => syn::parse2::<syn::Meta>(list.tokens.clone())
                    .map_or(true, |meta| self.holds(&meta)),
                _ => true,
            })
    }

    /// Whether the item behind `meta` may be compiled: not certainly off.
    pub(crate) fn holds(&self, meta: &syn::Meta) -> bool {
        self.eval(meta) != Some(false)
    }

    /// What a predicate is certain to be in the build: `Some(true)` or `Some(false)`, or
    /// `None` where it depends on what the audit cannot know (the target, `debug_assertions`
    /// in a debug build or a release one, a feature set outside the manifest). `not`, `all`
    /// and `any` combine these as three-valued logic, so that `not(any(windows))` is unknown,
    /// never certainly off.
    fn eval(&self, meta: &syn::Meta) -> Option<bool> {
        let list = |list: &syn::MetaList| {
            list.parse_args_with(
                syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
            )
            .map(|p| p.into_iter().collect::<Vec<_>>())
            .ok()
        };
        match meta {
            syn::Meta::Path(p) if p.is_ident("test") => Some(false),
            syn::Meta::Path(_) => None,
            syn::Meta::NameValue(nv) if nv.path.is_ident("feature") => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => {
                    let name = s.value();
                    if self.features.contains(&name) {
                        Some(true)
                    } else if self.feature_may_hold(&name) {
                        None
                    } else {
                        Some(false)
                    }
                }
                _ => None,
            },
            syn::Meta::NameValue(_) => None,
            syn::Meta::List(l) if l.path.is_ident("not") => match list(l)?.as_slice() {
                [one] => self.eval(one).map(|v| !v),
                _ => None,
            },
            syn::Meta::List(l) if l.path.is_ident("all") => {
                let values: Vec<Option<bool>> = list(l)?.iter().map(|m| self.eval(m)).collect();
                if values.contains(&Some(false)) {
                    Some(false)
                } else if values.iter().all(|v| *v == Some(true)) {
                    Some(true)
                } else {
                    None
                }
            }
            syn::Meta::List(l) if l.path.is_ident("any") => {
                let values: Vec<Option<bool>> = list(l)?.iter().map(|m| self.eval(m)).collect();
                if values.contains(&Some(true)) {
                    Some(true)
                } else if values.iter().all(|v| *v == Some(false)) {
                    Some(false)
                } else {
                    None
                }
            }
            syn::Meta::List(_) => None,
        }
    }

    /// A body without its statements whose `#[cfg(..)]` is off. A statement is left out only
    /// where its end is certain (a `;` with no block before it); otherwise it is kept, which
    /// can only make the key larger.
    pub fn strip(&self, stream: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
        use proc_macro2::{Delimiter, Group, TokenTree};
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let mut out: Vec<TokenTree> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            if let (TokenTree::Punct(hash), Some(TokenTree::Group(attr))) =
                (&tokens[i], tokens.get(i + 1))
            {
                let off = hash.as_char() == '#'
                    && attr.delimiter() == Delimiter::Bracket
                    && syn::parse2::<syn::Meta>(attr.stream()).is_ok_and(|meta| match &meta {
                        syn::Meta::List(list) if list.path.is_ident("cfg") => {
                            syn::parse2::<syn::Meta>(list.tokens.clone())
                                .is_ok_and(|predicate| !self.holds(&predicate))
                        }
                        _ => false,
                    });
                if off {
                    let rest = &tokens[i + 2..];
                    // A block statement, `#[cfg(test)] { .. }`: the block, and a `;` after it.
                    if let Some(TokenTree::Group(block)) = rest.first() {
                        if block.delimiter() == Delimiter::Brace {
                            let semi = matches!(rest.get(1), Some(TokenTree::Punct(p)) if p.as_char() == ';');
                            i += 3 + usize::from(semi);
                            continue;
                        }
                    }
                    let end = rest
                        .iter()
                        .position(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ';'));
                    let block_before = end.is_some_and(|end| {
                        rest[..end].iter().any(|t| matches!(t, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace))
                    });
                    if let (Some(end), false) = (end, block_before) {
                        i += 2 + end + 1;
                        continue;
                    }
                }
            }
            match &tokens[i] {
                TokenTree::Group(g) => {
                    let mut group = Group::new(g.delimiter(), self.strip(g.stream()));
                    group.set_span(g.span());
                    out.push(TokenTree::Group(group));
                }
                other => out.push(other.clone()),
            }
            i += 1;
        }
        out.into_iter().collect()
    }

    /// Whether the predicate certainly holds in the build (a `cfg_attr` the audit follows).
    pub(crate) fn holds_strictly(&self, meta: &syn::Meta) -> bool {
        self.eval(meta) == Some(true)
    }
}

/// Whether the package that holds `path` may set cfgs the manifest does not say: its build
/// script prints `rustc-cfg`, or a `.cargo/config.toml` (or `config`) in its directory or
/// above passes `--cfg`. (`RUSTFLAGS` in the environment of the build is outside what the
/// audit can read.)
fn sets_cfgs_elsewhere(path: &Path) -> bool {
    let mut dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    let mut package = None;
    loop {
        if package.is_none() && dir.join("Cargo.toml").is_file() {
            package = Some(dir.clone());
        }
        for config in [".cargo/config.toml", ".cargo/config"] {
            if std::fs::read_to_string(dir.join(config)).is_ok_and(|t| t.contains("--cfg")) {
                return true;
            }
        }
        if !dir.pop() {
            break;
        }
    }
    let Some(package) = package else {
        return false;
    };
    let build = std::fs::read_to_string(package.join("Cargo.toml"))
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| {
            t.get("package")
                .and_then(|p| p.get("build"))
                .and_then(|b| b.as_str())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "build.rs".to_owned());
    std::fs::read_to_string(package.join(build)).is_ok_and(|t| t.contains("rustc-cfg"))
}

/// The `[features]` table of the nearest `Cargo.toml` above `path`.
fn manifest_features(path: &Path) -> BTreeMap<String, Vec<String>> {
    let mut dir = if path.is_dir() {
        path.to_path_buf()
    } else {
        path.parent().unwrap_or(Path::new(".")).to_path_buf()
    };
    loop {
        if let Ok(text) = std::fs::read_to_string(dir.join("Cargo.toml")) {
            let table = text.parse::<toml::Table>().ok();
            return table
                .as_ref()
                .and_then(|t| t.get("features"))
                .and_then(|f| f.as_table())
                .map(|f| {
                    f.iter()
                        .map(|(name, list)| {
                            let implied = list
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|v| v.as_str().map(str::to_owned))
                                .collect();
                            (name.clone(), implied)
                        })
                        .collect()
                })
                .unwrap_or_default();
        }
        if !dir.pop() {
            return BTreeMap::new();
        }
    }
}

/// A module of one crate.
#[derive(Debug, Default)]
pub struct Module {
    /// Its path from the crate's root (empty for the root).
    pub path: Vec<String>,
    /// Child modules by name.
    pub children: BTreeMap<String, usize>,
    /// Functions by name.
    pub functions: BTreeMap<String, usize>,
    /// Names of the types its `impl` blocks implement, with their methods by name.
    /// A type may have several of one name (an inherent method and a trait's): the audit then
    /// cannot tell which a call means.
    pub impls: BTreeMap<String, BTreeMap<String, Vec<usize>>>,
    /// `use` imports: the name in scope (or `*` for a glob) and the path it stands for.
    pub uses: Vec<(String, Vec<String>)>,
    /// Macros invoked where items go (other than `macro_rules!`): they may define functions
    /// the audit does not see, so a name looked up here is not certain.
    pub item_macros: Vec<String>,
}

/// A function or method of a crate.
pub struct Item {
    /// The module it is in.
    pub module: usize,
    /// The type of its `impl` block, for methods.
    pub self_type: Option<String>,
    /// Its name.
    pub name: String,
    /// The file.
    pub file: PathBuf,
    /// The file's text, shared with the other items of the file.
    pub text: std::rc::Rc<str>,
    /// Its attributes.
    pub attrs: Vec<syn::Attribute>,
    /// Its signature.
    pub sig: syn::Signature,
    /// Its body.
    pub body: proc_macro2::TokenStream,
}

impl Item {
    /// `module::name` or `module::Type::name`, from the crate's root.
    pub fn display_path(&self, modules: &[Module]) -> String {
        let mut parts = modules[self.module].path.clone();
        parts.extend(self.self_type.iter().cloned());
        parts.push(self.name.clone());
        parts.join("::")
    }
}

/// A `macro_rules!` definition.
#[derive(Debug, Clone)]
pub struct MacroDef {
    /// Its rules, as written.
    pub tokens: proc_macro2::TokenStream,
}

/// One crate: its modules and items.
#[derive(Default)]
pub struct Crate {
    /// Modules; the root is the first.
    pub modules: Vec<Module>,
    /// Functions and methods.
    pub items: Vec<Item>,
    /// `macro_rules!` definitions by name (a name defined twice is kept once per definition).
    pub macros: BTreeMap<String, Vec<MacroDef>>,
    /// Structs that hold a client in some named fields (context structs), with those fields,
    /// by name (two structs of one name: the fields of both).
    pub holder_types: BTreeMap<String, BTreeSet<String>>,
}

/// Whether a type is the client: `Client`, `&Client`, `Client<G>`, `&'a admin::Client<G>`.
pub fn is_client(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Reference(r) => is_client(&r.elem),
        syn::Type::Paren(p) => is_client(&p.elem),
        syn::Type::Path(p) => p
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident.to_string().trim_start_matches("r#") == "Client"),
        _ => false,
    }
}

/// Every `.rs` file under `path` (a file or a directory; `target` and hidden directories are
/// skipped).
pub fn collect_files(path: &Path, out: &mut Vec<PathBuf>) -> Result<(), Error> {
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

/// The parsed files, by path.
pub struct Files {
    parsed: BTreeMap<PathBuf, (std::rc::Rc<str>, syn::File)>,
}

impl Files {
    /// Reads and parses `files`.
    pub fn read(files: &[PathBuf]) -> Result<Files, Error> {
        let mut parsed = BTreeMap::new();
        for file in files {
            parsed.insert(file.clone(), read_one(file)?);
        }
        Ok(Files { parsed })
    }

    /// The crates the files make up: a file no other file declares as a module is a root.
    pub fn crates(&mut self, cfg: &Cfg) -> Result<Vec<Crate>, Error> {
        let mut claimed: BTreeSet<PathBuf> = BTreeSet::new();
        let paths: Vec<PathBuf> = self.parsed.keys().cloned().collect();
        for path in &paths {
            let (_, file) = &self.parsed[path];
            let mut children = Vec::new();
            module_files(path, &file.items, &mut Vec::new(), &mut children, cfg);
            claimed.extend(children.into_iter().map(|c| normalize(&c)));
        }
        let roots: Vec<PathBuf> = paths
            .iter()
            .filter(|p| !claimed.contains(&normalize(p)))
            .cloned()
            .collect();
        let mut crates = Vec::new();
        for root in roots {
            let mut krate = Crate::default();
            let (text, file) = self.parsed[&root].clone();
            self.add_module(
                &mut krate,
                Vec::new(),
                &root,
                text,
                &file.items,
                &[],
                cfg,
                0,
            )?;
            crates.push(krate);
        }
        Ok(crates)
    }

    #[allow(clippy::too_many_arguments)]
    fn add_module(
        &mut self,
        krate: &mut Crate,
        path: Vec<String>,
        file: &Path,
        text: std::rc::Rc<str>,
        items: &[syn::Item],
        inline_dirs: &[String],
        cfg: &Cfg,
        depth: usize,
    ) -> Result<usize, Error> {
        let index = krate.modules.len();
        krate.modules.push(Module {
            path: path.clone(),
            ..Module::default()
        });
        if depth > 64 {
            return Ok(index);
        }
        for item in items {
            match item {
                syn::Item::Fn(f) if cfg.enabled(&f.attrs) => {
                    let at = (index, None, file, &text);
                    let id = push_item(krate, at, &f.attrs, &f.sig, &f.block);
                    krate.modules[index]
                        .functions
                        .insert(unraw(&f.sig.ident), id);
                }
                syn::Item::Impl(block) if cfg.enabled(&block.attrs) => {
                    let Some(type_name) = type_name(&block.self_ty) else {
                        continue;
                    };
                    for impl_item in &block.items {
                        let syn::ImplItem::Fn(f) = impl_item else {
                            continue;
                        };
                        if !cfg.enabled(&f.attrs) {
                            continue;
                        }
                        let at = (index, Some(type_name.clone()), file, &text);
                        let id = push_item(krate, at, &f.attrs, &f.sig, &f.block);
                        krate.modules[index]
                            .impls
                            .entry(type_name.clone())
                            .or_default()
                            .entry(unraw(&f.sig.ident))
                            .or_default()
                            .push(id);
                    }
                }
                syn::Item::Struct(st) if cfg.enabled(&st.attrs) => {
                    let fields: BTreeSet<String> = st
                        .fields
                        .iter()
                        .filter(|f| cfg.enabled(&f.attrs) && is_client(&f.ty))
                        .filter_map(|f| f.ident.as_ref().map(unraw))
                        .collect();
                    if !fields.is_empty() {
                        krate
                            .holder_types
                            .entry(unraw(&st.ident))
                            .or_default()
                            .extend(fields);
                    }
                }
                syn::Item::Use(u) if cfg.enabled(&u.attrs) => {
                    let mut out = Vec::new();
                    use_tree(&u.tree, &mut Vec::new(), &mut out);
                    krate.modules[index].uses.extend(out);
                }
                syn::Item::Macro(m)
                    if cfg.enabled(&m.attrs) && m.mac.path.is_ident("macro_rules") =>
                {
                    if let Some(name) = &m.ident {
                        krate
                            .macros
                            .entry(name.to_string())
                            .or_default()
                            .push(MacroDef {
                                tokens: m.mac.tokens.clone(),
                            });
                    }
                }
                syn::Item::Macro(m)
                    if cfg.enabled(&m.attrs) && !m.mac.path.is_ident("macro_rules") =>
                {
                    let name = m
                        .mac
                        .path
                        .segments
                        .iter()
                        .map(|s| unraw(&s.ident))
                        .collect::<Vec<_>>()
                        .join("::");
                    krate.modules[index].item_macros.push(name);
                }
                syn::Item::Mod(m) if cfg.enabled(&m.attrs) => {
                    let name = unraw(&m.ident);
                    let mut child_path = path.clone();
                    child_path.push(name.clone());
                    let child = match &m.content {
                        Some((_, items)) => {
                            let mut dirs = inline_dirs.to_vec();
                            dirs.push(name.clone());
                            self.add_module(
                                krate,
                                child_path,
                                file,
                                text.clone(),
                                items,
                                &dirs,
                                cfg,
                                depth + 1,
                            )?
                        }
                        None => {
                            let Some(child_file) = child_file(file, inline_dirs, m, cfg) else {
                                continue;
                            };
                            let Some((child_text, parsed)) = self
                                .parsed
                                .iter()
                                .find(|(p, _)| normalize(p) == normalize(&child_file))
                                .map(|(_, v)| v.clone())
                                .or_else(|| read_one(&child_file).ok())
                            else {
                                continue;
                            };
                            self.add_module(
                                krate,
                                child_path,
                                &child_file,
                                child_text,
                                &parsed.items,
                                &[],
                                cfg,
                                depth + 1,
                            )?
                        }
                    };
                    krate.modules[index].children.insert(name, child);
                }
                _ => {}
            }
        }
        Ok(index)
    }
}

/// Where an item is: its module, its `impl` type, its file and the file's text.
type At<'a> = (usize, Option<String>, &'a Path, &'a std::rc::Rc<str>);

/// Adds a function or method to the crate; its index.
fn push_item(
    krate: &mut Crate,
    (module, self_type, file, text): At<'_>,
    attrs: &[syn::Attribute],
    sig: &syn::Signature,
    block: &syn::Block,
) -> usize {
    krate.items.push(Item {
        module,
        self_type,
        name: unraw(&sig.ident),
        file: file.to_path_buf(),
        text: text.clone(),
        attrs: attrs.to_vec(),
        sig: sig.clone(),
        body: quote::ToTokens::to_token_stream(block),
    });
    krate.items.len() - 1
}

fn read_one(file: &Path) -> Result<(std::rc::Rc<str>, syn::File), Error> {
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
    Ok((text.into(), parsed))
}

fn normalize(path: &Path) -> PathBuf {
    path.canonicalize().unwrap_or_else(|_| path.to_path_buf())
}

/// A name without its `r#`.
pub fn unraw(ident: &syn::Ident) -> String {
    let name = ident.to_string();
    name.strip_prefix("r#").unwrap_or(&name).to_owned()
}

/// The name of an `impl` block's type: the last segment of its path (`Service<G>` is
/// `Service`).
pub fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| unraw(&s.ident)),
        syn::Type::Reference(r) => type_name(&r.elem),
        syn::Type::Paren(p) => type_name(&p.elem),
        _ => None,
    }
}

/// The file of `mod name;` declared in `file` (inside inline modules `dirs`): `#[path]`, or
/// `name.rs` / `name/mod.rs` in the folder the file's modules live in. That folder is the
/// file's own for `mod.rs`, `lib.rs` and `main.rs`, and a folder named after the file for
/// others; a crate root of another name (an example, an integration test) is tried both ways,
/// since which files are roots is known only once every file is read.
fn child_file(file: &Path, dirs: &[String], m: &syn::ItemMod, cfg: &Cfg) -> Option<PathBuf> {
    let parent = file.parent()?;
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    let own = parent.to_path_buf();
    let named = parent.join(&stem);
    let bases: Vec<PathBuf> = if matches!(stem.as_str(), "mod" | "lib" | "main") {
        vec![own]
    } else {
        vec![named, own]
    };
    let name = unraw(&m.ident);
    let path_attr = path_attribute(m, cfg)?;
    for base in bases {
        let mut base = base;
        for dir in dirs {
            base.push(dir);
        }
        let candidates = match &path_attr {
            Some(path) if dirs.is_empty() => vec![parent.join(path)],
            Some(path) => vec![base.join(path)],
            None => vec![
                base.join(format!("{name}.rs")),
                base.join(&name).join("mod.rs"),
            ],
        };
        if let Some(found) = candidates.into_iter().find(|c| c.exists()) {
            return Some(found);
        }
    }
    None
}

/// The `#[path = ".."]` of a `mod x;`, also through `#[cfg_attr(predicate, path = "..")]`:
/// `Some(None)` for none, `None` where it depends on a predicate the audit cannot decide
/// (the module is then left out, and a call into it is one the audit cannot follow).
fn path_attribute(m: &syn::ItemMod, cfg: &Cfg) -> Option<Option<String>> {
    let literal = |value: &syn::Expr| match value {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Some(s.value()),
        _ => None,
    };
    let mut found = None;
    for attr in &m.attrs {
        match &attr.meta {
            syn::Meta::NameValue(nv) if attr.path().is_ident("path") => {
                found = literal(&nv.value);
            }
            syn::Meta::List(list) if attr.path().is_ident("cfg_attr") => {
                let Ok(parts) = list.parse_args_with(
                    syn::punctuated::Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated,
                ) else {
                    return None;
                };
                let mut parts = parts.into_iter();
                let predicate = parts.next()?;
                let sets_path: Vec<Option<String>> = parts
                    .filter_map(|meta| match meta {
                        syn::Meta::NameValue(nv) if nv.path.is_ident("path") => {
                            Some(literal(&nv.value))
                        }
                        _ => None,
                    })
                    .collect();
                if sets_path.is_empty() {
                    continue;
                }
                if cfg.holds_strictly(&predicate) {
                    found = sets_path.into_iter().last().flatten();
                } else if cfg.holds(&predicate) {
                    // Neither certainly on nor certainly off.
                    return None;
                }
            }
            _ => {}
        }
    }
    Some(found)
}

/// The files `mod x;` declarations in `items` name, for finding crate roots.
fn module_files(
    file: &Path,
    items: &[syn::Item],
    dirs: &mut Vec<String>,
    out: &mut Vec<PathBuf>,
    cfg: &Cfg,
) {
    for item in items {
        if let syn::Item::Mod(m) = item {
            match &m.content {
                Some((_, inner)) => {
                    dirs.push(unraw(&m.ident));
                    module_files(file, inner, dirs, out, cfg);
                    dirs.pop();
                }
                None => out.extend(child_file(file, dirs, m, cfg)),
            }
        }
    }
}

/// The names a `use` tree brings into scope, with the paths they stand for.
fn use_tree(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(unraw(&p.ident));
            use_tree(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut path = prefix.clone();
            path.push(unraw(&n.ident));
            out.push((unraw(&n.ident), path));
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            path.push(unraw(&r.ident));
            out.push((unraw(&r.rename), path));
        }
        syn::UseTree::Glob(_) => out.push(("*".to_owned(), prefix.clone())),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                use_tree(tree, prefix, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cfg;

    fn enabled(cfg: &Cfg, attr: &str) -> bool {
        let item: syn::ItemFn = syn::parse_str(&format!("{attr} fn f() {{}}")).unwrap();
        cfg.enabled(&item.attrs)
    }

    #[test]
    fn cfg_reads_the_program_with_its_features_and_errs_towards_compiled() {
        let cfg = Cfg {
            features: ["audit".to_owned()].into(),
            ..Cfg::default()
        };
        assert!(!enabled(&cfg, "#[cfg(test)]"));
        assert!(enabled(&cfg, "#[cfg(not(test))]"));
        assert!(enabled(&cfg, "#[cfg(feature = \"audit\")]"));
        assert!(!enabled(&cfg, "#[cfg(feature = \"other\")]"));
        assert!(enabled(&cfg, "#[cfg(any(test, feature = \"audit\"))]"));
        assert!(!enabled(&cfg, "#[cfg(all(unix, test))]"));
        assert!(enabled(&cfg, "#[cfg(unix)]"));
        assert!(enabled(&cfg, "#[cfg(not(unix))]"));
        // A release build compiles it.
        assert!(enabled(&cfg, "#[cfg(not(debug_assertions))]"));
        // Three-valued: what depends on the target is never certainly off.
        assert!(enabled(&cfg, "#[cfg(not(any(windows)))]"));
        assert!(enabled(&cfg, "#[cfg(not(all(unix, windows)))]"));
        assert!(enabled(&cfg, "#[cfg(not(not(debug_assertions)))]"));
        assert!(!enabled(
            &cfg,
            "#[cfg(not(any(test, feature = \"audit\")))]"
        ));
        // A feature the manifest does not declare can only be set another way (a build
        // script's `rustc-cfg`): it may hold; so may any where the build sets cfgs itself.
        let declared = Cfg {
            declared: Some(["audit".to_owned(), "other".to_owned()].into()),
            ..cfg.clone()
        };
        assert!(!enabled(&declared, "#[cfg(feature = \"other\")]"));
        assert!(enabled(&declared, "#[cfg(feature = \"hidden\")]"));
        assert!(enabled(&declared, "#[cfg(not(feature = \"hidden\"))]"));
        let elsewhere = Cfg {
            set_elsewhere: true,
            ..declared
        };
        assert!(enabled(&elsewhere, "#[cfg(feature = \"other\")]"));
        assert!(enabled(&elsewhere, "#[cfg(not(feature = \"other\"))]"));
    }

    #[test]
    fn statements_and_blocks_that_are_off_are_left_out() {
        let cfg = Cfg::default();
        let body: proc_macro2::TokenStream =
            "{ a(); #[cfg(test)] { b(); } #[cfg(test)] c(); #[cfg(unix)] { d(); } e() }"
                .parse()
                .unwrap();
        let stripped = cfg.strip(body).to_string();
        assert!(
            !stripped.contains('b') && !stripped.contains("c ()"),
            "{stripped}"
        );
        for kept in ["a ()", "d ()", "e ()"] {
            assert!(stripped.contains(kept), "{kept} in {stripped}");
        }
    }
}

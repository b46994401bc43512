//! Name resolution: which function of the crate a call or a handed-on client reaches, by path,
//! module, `impl` type and imports (never by bare name), and the types of locals.

use super::*;

impl CrateAudit<'_> {
    /// Whether `callee` takes what is handed to it, at the place it is handed: a client
    /// parameter bound by a name for the client, a parameter (or `self`) of the holder's type
    /// for a value holding it. The parameter is found by the argument's position (after the
    /// receiver, for a method call): a client handed to a generic parameter beside a client
    /// one (`helper(&client, &client)` with `real: C`) is not followed.
    pub(super) fn takes(&self, callee: usize, pass: &scope_core::analysis::Pass) -> bool {
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
    pub(super) fn resolve(&self, from: &Item, callee: &Callee) -> Result<usize, String> {
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
    pub(super) fn returns_self(&self, ty: &str, f: &str) -> bool {
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
    pub(super) fn method_of(&self, ty: &str, name: &str) -> Option<usize> {
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
    pub(super) fn resolve_path(&self, from: &Item, segments: &[String]) -> Option<usize> {
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
    pub(super) fn lookup_fn(&self, module: usize, name: &str, depth: usize) -> Option<usize> {
        if depth > 16 {
            return None;
        }
        let m = &self.krate.modules[module];
        if let Some(id) = m.functions.get(name) {
            return Some(*id);
        }
        // Two imports of one name (each behind a `#[cfg]` the audit cannot settle, such as
        // `unix` and `not(unix)`) that mean two functions: the call is not followed.
        let one = |found: &mut Option<usize>, id: usize| match found {
            Some(other) if *other != id => false,
            _ => {
                *found = Some(id);
                true
            }
        };
        let mut found = None;
        for (alias, path) in &m.uses {
            if alias == name {
                let (last, prefix) = path.split_last()?;
                let target = self.resolve_module(module, prefix, depth + 1)?;
                let id = self.lookup_fn(target, last, depth + 1)?;
                if !one(&mut found, id) {
                    return None;
                }
            }
        }
        if found.is_some() {
            return found;
        }
        for (alias, path) in &m.uses {
            if alias == "*" {
                if let Some(target) = self.resolve_module(module, path, depth + 1) {
                    // What the glob's module defines or itself imports (nested facades).
                    if let Some(id) = self.lookup_fn(target, name, depth + 1) {
                        if !one(&mut found, id) {
                            return None;
                        }
                    }
                }
            }
        }
        found
    }

    /// The module a path (relative to `module`) names.
    pub(super) fn resolve_module(
        &self,
        module: usize,
        path: &[String],
        depth: usize,
    ) -> Option<usize> {
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
                        // Two imports of the name that mean two modules: not followed.
                        let mut targets = modules[at]
                            .uses
                            .iter()
                            .filter(|(alias, _)| alias == name)
                            .map(|(_, target)| self.resolve_module(at, target, depth + 1));
                        let first = targets.next()??;
                        if targets.any(|other| other != Some(first)) {
                            return None;
                        }
                        first
                    }
                },
            };
        }
        Some(at)
    }
}

/// The type a local or parameter of `item` is declared with, by the last segment of its path:
/// `x: &Type<..>` in the signature, or `let x = Type { .. }`, `let x = Type::f(..);` (where
/// `returns_self(Type, f)`: a constructor, not `Builder::new().build()`), `let x = Type;`,
/// `let x: Type = ..` in the body. `None` when it says none, or more than one, or the name is
/// also bound another way (`for x in ..`, a pattern, a closure's parameter).
pub(super) fn local_type(
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
pub(super) fn shadows(item: &Item, name: &str) -> bool {
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
    // A parameter of the function itself (`helper: F` beside a module's `fn helper`).
    let parameter = item.sig.inputs.iter().any(|input| match input {
        syn::FnArg::Typed(typed) => binds(&typed.pat, name),
        syn::FnArg::Receiver(_) => false,
    });
    parameter || scan(item.body.clone(), name)
}

/// Whether a pattern binds `name` anywhere in it.
fn binds(pat: &syn::Pat, name: &str) -> bool {
    match pat {
        syn::Pat::Ident(p) => {
            p.ident.to_string().trim_start_matches("r#") == name
                || p.subpat.as_ref().is_some_and(|(_, sub)| binds(sub, name))
        }
        syn::Pat::Reference(r) => binds(&r.pat, name),
        syn::Pat::Tuple(t) => t.elems.iter().any(|p| binds(p, name)),
        syn::Pat::TupleStruct(t) => t.elems.iter().any(|p| binds(p, name)),
        syn::Pat::Struct(s) => s.fields.iter().any(|f| binds(&f.pat, name)),
        syn::Pat::Slice(s) => s.elems.iter().any(|p| binds(p, name)),
        syn::Pat::Paren(p) => binds(&p.pat, name),
        syn::Pat::Type(t) => binds(&t.pat, name),
        syn::Pat::Or(o) => o.cases.iter().any(|p| binds(p, name)),
        _ => false,
    }
}

//! Entry points: the `trust_key_scopes!` calls in a function's body (directly or through the
//! crate's own macros), each with what the code after it does with the trusted client.

use super::*;

impl CrateAudit<'_> {
    /// The `trust_key_scopes!` entry points in a function's body: those written
    /// `let name = trust_key_scopes!(..);` (directly or through the crate's own macro) with
    /// what follows them, and the lines of any other.
    pub(super) fn trusts(&self, id: usize) -> (Vec<Trust>, Vec<usize>) {
        let item = self.item(id);
        let mut found = Vec::new();
        let mut lines = Vec::new();
        let local_macros = body::Declared::of(&item.body).macros;
        self.trusts_in(id, item.body.clone(), &local_macros, &mut found, &mut lines);
        (found, lines)
    }

    pub(super) fn trusts_in(
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
            // A macro handed a new client or a scope list that is no trust the audit can read
            // (a macro of another crate that re-exports `trust_key_scopes!` under a name of
            // its own): it may make a grant.
            if let Some((_, args, end)) = macro_call(&tokens, i) {
                let line = tokens[i].span().start().line;
                let may_trust = makes_client(&args) || self.names_a_scope(&args);
                if may_trust && !found.iter().any(|t| t.line == line) {
                    if !untraced.contains(&line) {
                        untraced.push(line);
                    }
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
                    if self.is_trust(&name.to_string()) || name == "__trust_key_scopes" =>
                {
                    let line = name.span().start().line;
                    let followed = found.iter().any(|t| t.line == line);
                    if !followed && !untraced.contains(&line) {
                        untraced.push(line);
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// Whether `tokens` hold a scope of the client's, as a string literal of its own
    /// (`"delete:policies:admin"`), or `unscoped_key`: what a trust list is made of.
    pub(super) fn names_a_scope(&self, tokens: &TokenStream) -> bool {
        tokens.clone().into_iter().any(|t| match t {
            TokenTree::Group(g) => self.names_a_scope(&g.stream()),
            TokenTree::Ident(i) => i == "unscoped_key",
            TokenTree::Literal(lit) => {
                let text = lit.to_string();
                text.strip_prefix('"')
                    .and_then(|t| t.strip_suffix('"'))
                    .is_some_and(|scope| {
                        self.registry.scope_index(scope).is_some()
                            || self.registry.alias_of(scope).is_some()
                    })
            }
            TokenTree::Punct(_) => false,
        })
    }

    /// The arguments of the `trust_key_scopes!` a macro call is or expands to.
    pub(super) fn trust_args(
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
        if self.is_trust(path.last()?) {
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

    pub(super) fn trust(
        &self,
        id: usize,
        name: Ident,
        args: &TokenStream,
        rest: TokenStream,
    ) -> Trust {
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
            local_macros: self.local_macros.clone(),
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

/// `path ! (group)` at `tokens[at]`: the path, the group's tokens and where it ends.
pub(super) fn macro_call(
    tokens: &[TokenTree],
    at: usize,
) -> Option<(Vec<String>, TokenStream, usize)> {
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
pub(super) fn let_macro(
    tokens: &[TokenTree],
    at: usize,
) -> Option<(Ident, TokenStream, Vec<String>, usize)> {
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

/// Whether `tokens` build a new client: `Client::new(..)` (by any path), anywhere inside.
pub(super) fn makes_client(tokens: &TokenStream) -> bool {
    let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
    tokens.iter().enumerate().any(|(i, t)| match t {
        TokenTree::Group(g) => makes_client(&g.stream()),
        TokenTree::Ident(client) => {
            client.to_string().trim_start_matches("r#") == "Client"
                && matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                && matches!(tokens.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                && matches!(tokens.get(i + 3), Some(TokenTree::Ident(new)) if new == "new")
        }
        _ => false,
    })
}

//! What a function body declares that changes what its names mean: items (`fn`, `mod`,
//! `struct`, `use`, ...), `impl` blocks, `macro_rules!`, and bindings other than a plain `let`.
//!
//! The audit resolves a call by the crate's modules and types, as rustc would outside the
//! body. An item, import or macro declared inside the body can make the same path mean
//! something else (`{ use danger::run; run(&client) }`, `mod inner { .. }` in `main`, an `impl`
//! adding a method), so a call that such a declaration may affect is one the audit says it
//! cannot follow, rather than resolve to the wrong function.

use std::collections::BTreeSet;

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The declarations of one body, nested blocks and closures included.
#[derive(Debug, Default)]
pub struct Declared {
    /// Names of items declared in it, and every name a `use` in it mentions.
    pub names: BTreeSet<String>,
    /// Names of `macro_rules!` defined in it.
    pub macros: BTreeSet<String>,
    /// Whether it has an `impl` block (which adds methods to types the audit resolves).
    pub has_impl: bool,
    /// Whether a `use` in it imports with a glob (which can bring any name).
    pub has_glob: bool,
}

const ITEM_KEYWORDS: &[&str] = &["fn", "mod", "struct", "enum", "union", "trait", "type"];

impl Declared {
    pub fn of(body: &TokenStream) -> Declared {
        let mut out = Declared::default();
        out.scan(body.clone());
        out
    }

    fn scan(&mut self, stream: TokenStream) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let ident = |k: usize| match tokens.get(k) {
            Some(TokenTree::Ident(i)) => Some(i.to_string()),
            _ => None,
        };
        let punct = |k: usize, c: char| matches!(tokens.get(k), Some(TokenTree::Punct(p)) if p.as_char() == c);
        let mut i = 0;
        while i < tokens.len() {
            match &tokens[i] {
                TokenTree::Group(g) => self.scan(g.stream()),
                TokenTree::Ident(word) => {
                    let word = word.to_string();
                    if word == "macro_rules" && punct(i + 1, '!') {
                        self.macros.extend(ident(i + 2));
                    } else if word == "impl" {
                        self.has_impl = true;
                    } else if word == "use" {
                        // Every name the import mentions, up to its `;`.
                        let mut k = i + 1;
                        while k < tokens.len() && !punct(k, ';') {
                            self.use_names(&tokens[k]);
                            k += 1;
                        }
                        i = k;
                        continue;
                    } else if ITEM_KEYWORDS.contains(&word.as_str()) {
                        // `fn(..)` as a type names nothing.
                        self.names.extend(ident(i + 1));
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn use_names(&mut self, token: &TokenTree) {
        match token {
            TokenTree::Ident(i) => {
                self.names
                    .insert(i.to_string().trim_start_matches("r#").to_owned());
            }
            TokenTree::Punct(p) if p.as_char() == '*' => self.has_glob = true,
            TokenTree::Group(g) => {
                for t in g.stream() {
                    self.use_names(&t);
                }
            }
            _ => {}
        }
    }

    /// Why a call of `segments` (a path call) may not mean what the module says, if it may.
    pub fn affects_path(&self, segments: &[String]) -> Option<String> {
        if self.has_glob {
            return Some("the body imports with a glob (`use ..::*`)".to_owned());
        }
        if let Some(name) = segments.iter().find(|s| self.names.contains(*s)) {
            return Some(format!("the body declares or imports `{name}`"));
        }
        (self.has_impl && segments.len() > 1).then(|| "the body has an `impl` block".to_owned())
    }

    /// Why a method call on a value of type `ty` may not mean what the crate's `impl`s say.
    pub fn affects_method(&self, ty: Option<&str>) -> Option<String> {
        if self.has_impl {
            return Some("the body has an `impl` block".to_owned());
        }
        ty.filter(|ty| self.names.contains(*ty) || self.has_glob)
            .map(|ty| format!("the body declares or imports a `{ty}` of its own"))
    }
}

/// Whether `name` is bound in `body` other than by a plain `let name` / `let mut name`: in a
/// pattern (`let (a, name)`, `if let Some(name)`, a `match` arm), by `for`, as a closure's or
/// a nested function's parameter. The type a plain `let` gives it then may not be the type
/// the name has where it is used.
pub fn bound_otherwise(body: &TokenStream, name: &str) -> bool {
    fn mentions(token: &TokenTree, name: &str) -> bool {
        match token {
            TokenTree::Ident(i) => i == name,
            TokenTree::Group(g) => g.stream().into_iter().any(|t| mentions(&t, name)),
            _ => false,
        }
    }
    fn scan(stream: TokenStream, name: &str) -> bool {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        let word = |k: usize, w: &str| matches!(tokens.get(k), Some(TokenTree::Ident(x)) if x == w);
        let punct = |k: usize, c: char| matches!(tokens.get(k), Some(TokenTree::Punct(p)) if p.as_char() == c);
        let is_stop = |k: usize| {
            punct(k, ';')
                || punct(k, ',')
                || matches!(tokens.get(k), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
        };
        for (i, token) in tokens.iter().enumerate() {
            if let TokenTree::Group(g) = token {
                if scan(g.stream(), name) {
                    return true;
                }
                // A nested function's parameters: `fn f(name: T)`.
                if g.delimiter() == Delimiter::Parenthesis
                    && i >= 2
                    && word(i - 2, "fn")
                    && mentions(token, name)
                {
                    return true;
                }
            }
            if !mentions(token, name) {
                continue;
            }
            // Backwards in this list, to the start of the statement or argument.
            let mut k = i;
            while k > 0 && !punct(k - 1, ';') && !is_stop(k - 1) {
                k -= 1;
                if word(k, "for") {
                    return true;
                }
                if word(k, "let") {
                    let plain = matches!(token, TokenTree::Ident(_))
                        && (k + 1 == i || word(k + 1, "mut") && k + 2 == i);
                    let in_pattern = !(k + 1..i).any(|j| punct(j, '=') || punct(j, ':'));
                    if in_pattern && !plain {
                        return true;
                    }
                    break;
                }
                if punct(k, '|') {
                    // A closure's parameters, `|a, name|`: another `|` follows.
                    if tokens[i + 1..]
                        .iter()
                        .any(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == '|'))
                    {
                        return true;
                    }
                }
            }
            // Forwards, to `=>` before the arm's end: a `match` arm's pattern.
            let mut k = i + 1;
            while k < tokens.len() && !is_stop(k) {
                if punct(k, '=') && punct(k + 1, '>') {
                    return true;
                }
                k += 1;
            }
        }
        false
    }
    scan(body.clone(), name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> TokenStream {
        text.parse().unwrap()
    }

    #[test]
    fn items_imports_impls_and_macros_in_a_body_are_seen() {
        let d = Declared::of(&body(
            "let x = 1; { use danger::{run, other as o}; run(&c); } mod inner {} impl S { } macro_rules! call { () => {} } let f: fn() = g;",
        ));
        assert!(d.names.contains("run") && d.names.contains("o") && d.names.contains("inner"));
        assert!(d.has_impl && d.macros.contains("call") && !d.has_glob);
        assert!(!d.names.contains("x"));
        assert!(d.affects_path(&["run".into()]).is_some());
        assert!(d.affects_path(&["safe".into(), "go".into()]).is_some());
        assert!(d.affects_method(Some("Svc")).is_some());
        let plain = Declared::of(&body("let svc = Svc; svc.run(&client).await;"));
        assert!(plain.affects_path(&["safe".into(), "go".into()]).is_none());
        assert!(plain.affects_method(Some("Svc")).is_none());
    }

    #[test]
    fn bindings_other_than_a_plain_let_are_found() {
        let plain = "let svc = Harmless; svc.run(&client).await;";
        assert!(!bound_otherwise(&body(plain), "svc"));
        for other in [
            "for svc in [Danger] { svc.run(&client).await; }",
            "if let Some(svc) = pick() { svc.run(&client).await; }",
            "let (a, svc) = (1, Danger);",
            "match x { svc => svc.run(&client), }",
            "match x { Some(svc) => svc.run(&client), _ => {} }",
            "xs.iter().for_each(|svc| svc.run(&client));",
            "fn inner(svc: Danger) {}",
        ] {
            assert!(
                bound_otherwise(&body(&format!("{plain} {other}")), "svc"),
                "{other}"
            );
        }
    }
}

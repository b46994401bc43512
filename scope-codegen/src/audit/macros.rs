//! Expanding the crate's own `macro_rules!` where a call hands them the client, so that the
//! calls and the `trust_key_scopes!` lists they wrap are read like any other code.
//!
//! A small, careful subset of `macro_rules!`: literal tokens, groups, the fragments `tt`,
//! `ident`, `literal`, `lifetime`, `block`, `vis` and the expression-like ones (`expr`, `ty`,
//! `path`, `pat`, `pat_param`, `stmt`, `item`, `meta`), which take the tokens up to the next
//! token the rule expects (or a `,`, `;` or `=>`), and repetitions `$(...) sep op` at any depth.
//! A macro it cannot match is reported as one the audit cannot read, never guessed at.
//! Substituted tokens keep their spans, so what the expansion reads points into the
//! invocation's own text, where `--fix` edits it.

use std::collections::BTreeMap;

use proc_macro2::{Delimiter, Group, Ident, TokenStream, TokenTree};

/// One element of a rule's matcher.
#[derive(Debug, Clone)]
enum Matcher {
    /// A token that must be there as written.
    Token(String),
    /// A delimited group and what it must hold.
    Group(Delimiter, Vec<Matcher>),
    /// `$name:kind`.
    Fragment(String, String),
    /// `$( ... ) sep op`.
    Repeat(Vec<Matcher>, Option<String>, char),
}

/// What a fragment bound to.
#[derive(Debug, Clone)]
enum Binding {
    One(Vec<TokenTree>),
    Many(Vec<BTreeMap<String, Binding>>),
}

/// A `macro_rules!` definition's rules: (matcher, transcriber).
pub struct Rules(Vec<(Vec<Matcher>, TokenStream)>);

impl Rules {
    /// Reads the rules of a definition; `None` when they are not of the supported subset.
    pub fn parse(tokens: &TokenStream) -> Option<Rules> {
        let tokens: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let mut rules = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let TokenTree::Group(matcher) = &tokens[i] else {
                return None;
            };
            let arrow = (tokens.get(i + 1), tokens.get(i + 2));
            let is_arrow = matches!(arrow, (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == '=' && b.as_char() == '>');
            let Some(TokenTree::Group(body)) = tokens.get(i + 3) else {
                return None;
            };
            if !is_arrow {
                return None;
            }
            rules.push((parse_matcher(matcher.stream())?, body.stream()));
            i += 4;
            if matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == ';') {
                i += 1;
            }
        }
        Some(Rules(rules))
    }

    /// The expansion of an invocation with these arguments, by the first rule that matches.
    pub fn expand(&self, input: &TokenStream) -> Option<TokenStream> {
        let input: Vec<TokenTree> = input.clone().into_iter().collect();
        for (matcher, transcriber) in &self.0 {
            let mut bindings = BTreeMap::new();
            if let Some(used) = match_seq(matcher, &input, &mut bindings) {
                if used == input.len() {
                    return transcribe(transcriber.clone(), &bindings, &[]);
                }
            }
        }
        None
    }
}

fn parse_matcher(stream: TokenStream) -> Option<Vec<Matcher>> {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Punct(p) if p.as_char() == '$' => match tokens.get(i + 1) {
                Some(TokenTree::Ident(name)) => {
                    let colon = matches!(tokens.get(i + 2), Some(TokenTree::Punct(c)) if c.as_char() == ':');
                    let Some(TokenTree::Ident(kind)) = tokens.get(i + 3) else {
                        return None;
                    };
                    if !colon {
                        return None;
                    }
                    out.push(Matcher::Fragment(name.to_string(), kind.to_string()));
                    i += 4;
                }
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                    let inner = parse_matcher(g.stream())?;
                    let op_of = |t: Option<&TokenTree>| match t {
                        Some(TokenTree::Punct(p)) if matches!(p.as_char(), '*' | '+' | '?') => {
                            Some(p.as_char())
                        }
                        _ => None,
                    };
                    if let Some(op) = op_of(tokens.get(i + 2)) {
                        out.push(Matcher::Repeat(inner, None, op));
                        i += 3;
                    } else if let Some(op) = op_of(tokens.get(i + 3)) {
                        let sep = tokens.get(i + 2)?.to_string();
                        out.push(Matcher::Repeat(inner, Some(sep), op));
                        i += 4;
                    } else {
                        return None;
                    }
                }
                _ => return None,
            },
            TokenTree::Group(g) => {
                out.push(Matcher::Group(g.delimiter(), parse_matcher(g.stream())?));
                i += 1;
            }
            other => {
                out.push(Matcher::Token(other.to_string()));
                i += 1;
            }
        }
    }
    Some(out)
}

/// Whether a token is `text` (punctuation compared by character, the rest as written).
fn token_is(token: &TokenTree, text: &str) -> bool {
    match token {
        TokenTree::Punct(p) => text.len() == 1 && text.starts_with(p.as_char()),
        TokenTree::Group(_) => false,
        other => other.to_string() == text,
    }
}

/// The first token a matcher element can start with, when it is a fixed one.
fn first_token(m: &Matcher) -> Option<&str> {
    match m {
        Matcher::Token(t) => Some(t),
        _ => None,
    }
}

/// Matches `matcher` against the start of `input`; how many tokens it took.
fn match_seq(
    matcher: &[Matcher],
    input: &[TokenTree],
    bindings: &mut BTreeMap<String, Binding>,
) -> Option<usize> {
    let mut at = 0;
    for (k, element) in matcher.iter().enumerate() {
        // The token that ends an expression-like fragment: the next fixed token of the rule.
        let follow = matcher.get(k + 1).and_then(first_token);
        match element {
            Matcher::Token(text) => {
                if !token_is(input.get(at)?, text) {
                    return None;
                }
                at += 1;
            }
            Matcher::Group(delimiter, inner) => {
                let TokenTree::Group(g) = input.get(at)? else {
                    return None;
                };
                if g.delimiter() != *delimiter {
                    return None;
                }
                let tokens: Vec<TokenTree> = g.stream().into_iter().collect();
                if match_seq(inner, &tokens, bindings)? != tokens.len() {
                    return None;
                }
                at += 1;
            }
            Matcher::Fragment(name, kind) => {
                let taken = fragment(kind, &input[at..], follow)?;
                bindings.insert(name.clone(), Binding::One(input[at..at + taken].to_vec()));
                at += taken;
            }
            Matcher::Repeat(inner, sep, op) => {
                let mut iterations = Vec::new();
                loop {
                    let mut start = at;
                    if !iterations.is_empty() {
                        match sep {
                            Some(sep) if input.get(at).is_some_and(|t| token_is(t, sep)) => {
                                start = at + 1;
                            }
                            Some(_) => break,
                            None => {}
                        }
                    }
                    let mut b = BTreeMap::new();
                    match match_seq(inner, &input[start.min(input.len())..], &mut b) {
                        Some(taken) if taken > 0 => {
                            iterations.push(b);
                            at = start + taken;
                        }
                        _ => break,
                    }
                    if *op == '?' {
                        break;
                    }
                }
                if *op == '+' && iterations.is_empty() {
                    return None;
                }
                // A trailing separator after the last iteration, if the rule allows one next.
                for name in fragment_names(inner) {
                    bindings.insert(name, Binding::Many(iterations.clone()));
                }
            }
        }
    }
    Some(at)
}

fn fragment_names(matcher: &[Matcher]) -> Vec<String> {
    let mut out = Vec::new();
    for m in matcher {
        match m {
            Matcher::Fragment(name, _) => out.push(name.clone()),
            Matcher::Group(_, inner) | Matcher::Repeat(inner, _, _) => {
                out.extend(fragment_names(inner));
            }
            Matcher::Token(_) => {}
        }
    }
    out
}

/// How many tokens a fragment of `kind` takes from the start of `input`.
fn fragment(kind: &str, input: &[TokenTree], follow: Option<&str>) -> Option<usize> {
    match kind {
        "tt" => input.first().map(|_| 1),
        "ident" => matches!(input.first(), Some(TokenTree::Ident(_))).then_some(1),
        "lifetime" => matches!(
            (input.first(), input.get(1)),
            (Some(TokenTree::Punct(p)), Some(TokenTree::Ident(_))) if p.as_char() == '\''
        )
        .then_some(2),
        "literal" => match (input.first(), input.get(1)) {
            (Some(TokenTree::Literal(_)), _) => Some(1),
            (Some(TokenTree::Punct(p)), Some(TokenTree::Literal(_))) if p.as_char() == '-' => {
                Some(2)
            }
            (Some(TokenTree::Ident(i)), _) if i == "true" || i == "false" => Some(1),
            _ => None,
        },
        "block" => {
            matches!(input.first(), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Brace)
                .then_some(1)
        }
        "vis" => Some(match input.first() {
            Some(TokenTree::Ident(i)) if i == "pub" => {
                1 + usize::from(
                    matches!(input.get(1), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis),
                )
            }
            _ => 0,
        }),
        "expr" | "ty" | "path" | "pat" | "pat_param" | "stmt" | "item" | "meta" => {
            let end = input
                .iter()
                .position(|t| {
                    follow.is_some_and(|f| token_is(t, f))
                        || matches!(t, TokenTree::Punct(p) if p.as_char() == ',' || p.as_char() == ';')
                })
                .unwrap_or(input.len());
            let end = arrow_before(input, end);
            let tokens: TokenStream = input[..end].iter().cloned().collect();
            let parses = match kind {
                "expr" => syn::parse2::<syn::Expr>(tokens).is_ok(),
                "ty" => syn::parse2::<syn::Type>(tokens).is_ok(),
                "path" => syn::parse2::<syn::Path>(tokens).is_ok(),
                _ => end > 0,
            };
            parses.then_some(end)
        }
        _ => None,
    }
}

/// `end`, or the position of a `=>` before it.
fn arrow_before(input: &[TokenTree], end: usize) -> usize {
    (0..end.saturating_sub(1))
        .find(|&i| {
            matches!((&input[i], &input[i + 1]), (TokenTree::Punct(a), TokenTree::Punct(b))
                if a.as_char() == '=' && b.as_char() == '>')
        })
        .unwrap_or(end)
}

/// The transcriber with the bindings substituted. `$crate` becomes `crate`.
fn transcribe(
    stream: TokenStream,
    bindings: &BTreeMap<String, Binding>,
    outer: &[&BTreeMap<String, Binding>],
) -> Option<TokenStream> {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut out: Vec<TokenTree> = Vec::new();
    let mut i = 0;
    let lookup = |name: &str| -> Option<&Binding> {
        bindings
            .get(name)
            .or_else(|| outer.iter().rev().find_map(|b| b.get(name)))
    };
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Punct(p) if p.as_char() == '$' => match tokens.get(i + 1) {
                Some(TokenTree::Ident(name)) if name == "crate" => {
                    out.push(TokenTree::Ident(Ident::new("crate", name.span())));
                    i += 2;
                }
                Some(TokenTree::Ident(name)) => {
                    match lookup(&name.to_string())? {
                        Binding::One(tokens) => out.extend(tokens.iter().cloned()),
                        Binding::Many(_) => return None,
                    }
                    i += 2;
                }
                Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis => {
                    let (sep, skip) = match (tokens.get(i + 2), tokens.get(i + 3)) {
                        (Some(TokenTree::Punct(op)), _)
                            if matches!(op.as_char(), '*' | '+' | '?') =>
                        {
                            (None, 3)
                        }
                        (Some(sep), Some(TokenTree::Punct(op)))
                            if matches!(op.as_char(), '*' | '+' | '?') =>
                        {
                            (Some(sep.clone()), 4)
                        }
                        _ => return None,
                    };
                    // The repetition runs over the iterations of the bindings it names.
                    let names = names_in(g.stream());
                    let iterations = names
                        .iter()
                        .find_map(|n| match lookup(n) {
                            Some(Binding::Many(its)) => Some(its.clone()),
                            _ => None,
                        })
                        .unwrap_or_default();
                    for (k, iteration) in iterations.iter().enumerate() {
                        if k > 0 {
                            out.extend(sep.clone());
                        }
                        let mut scopes: Vec<&BTreeMap<String, Binding>> = outer.to_vec();
                        scopes.push(bindings);
                        out.extend(transcribe(g.stream(), iteration, &scopes)?);
                    }
                    i += skip;
                }
                _ => {
                    out.push(tokens[i].clone());
                    i += 1;
                }
            },
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), transcribe(g.stream(), bindings, outer)?);
                group.set_span(g.span());
                out.push(TokenTree::Group(group));
                i += 1;
            }
            other => {
                out.push(other.clone());
                i += 1;
            }
        }
    }
    Some(out.into_iter().collect())
}

/// The `$name`s a transcriber part names.
fn names_in(stream: TokenStream) -> Vec<String> {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        match t {
            TokenTree::Punct(p) if p.as_char() == '$' => {
                if let Some(TokenTree::Ident(name)) = tokens.get(i + 1) {
                    out.push(name.to_string());
                }
            }
            TokenTree::Group(g) => out.extend(names_in(g.stream())),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(rules: &str, input: &str) -> Option<String> {
        let rules = Rules::parse(&rules.parse().unwrap())?;
        // Compared without white space: how tokens print their spacing is not the point.
        rules
            .expand(&input.parse().unwrap())
            .map(|t| t.to_string().replace(' ', ""))
    }

    #[test]
    fn the_examples_entry_macro_expands_to_its_trust_list() {
        let rules = "($session:expr, $($scope:literal),+ $(,)?) => { \
            cloud_admin::trust_key_scopes!(cloud_admin::Client::new($session.transport(&[$($scope),+])?), $($scope),+) };";
        let out = expand(rules, r#"session, "read:a", "write:b""#).unwrap();
        assert_eq!(
            out,
            r#"cloud_admin::trust_key_scopes!(cloud_admin::Client::new(session.transport(&["read:a","write:b"])?),"read:a","write:b")"#
        );
    }

    #[test]
    fn rules_are_tried_in_order_and_fragments_stop_at_what_follows() {
        let rules =
            "(list $c:expr) => { $c.get_a() }; ($c:expr => $org:expr) => { helper($c, $org) };";
        assert_eq!(expand(rules, "list client").unwrap(), "client.get_a()");
        assert_eq!(
            expand(rules, "client => org").unwrap(),
            "helper(client,org)"
        );
        assert_eq!(expand(rules, "nothing to match here ;"), None);
        assert!(Rules::parse(&"oops".parse().unwrap()).is_none());
    }

    #[test]
    fn crate_paths_and_nested_groups_come_through() {
        let rules = "($($c:ident)*) => { $( $crate::f(&$c); )* };";
        assert_eq!(expand(rules, "a b").unwrap(), "crate::f(&a);crate::f(&b);");
    }
}

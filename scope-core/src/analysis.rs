//! What a function body visibly needs: the generated operations it calls (their `*_pages`
//! methods included), and whether the client escapes to code this analysis cannot see into
//! (helpers, macros), in which case no declared scope can be called unneeded.

use std::collections::BTreeSet;

use proc_macro2::{Delimiter, Ident, TokenStream, TokenTree};

use crate::Registry;

/// The body's visible needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Usage {
    /// Scopes (and [`crate::UNSCOPED`]) that some visible operation call needs, counting every
    /// alternative of a requirement that the declaration satisfies.
    pub needed: BTreeSet<String>,
    /// The client is used in a way the analysis cannot follow.
    pub opaque: bool,
}

struct Scan<'a> {
    registry: &'a Registry,
    clients: &'a [Ident],
    declared: &'a BTreeSet<String>,
    needed: BTreeSet<String>,
    mentions: usize,
    receiver_mentions: usize,
}

/// The operation called at `tokens[at..]`, if they read `. method (` or `. method ::<`.
fn call_at<'r>(
    registry: &'r Registry,
    tokens: &[TokenTree],
    at: usize,
) -> Option<&'r crate::Operation> {
    match (tokens.get(at), tokens.get(at + 1), tokens.get(at + 2)) {
        (Some(TokenTree::Punct(dot)), Some(TokenTree::Ident(method)), next)
            if dot.as_char() == '.' =>
        {
            let called = match next {
                Some(TokenTree::Group(g)) => g.delimiter() == Delimiter::Parenthesis,
                Some(TokenTree::Punct(p)) => p.as_char() == ':',
                _ => false,
            };
            if called {
                registry.operation(&method.to_string())
            } else {
                None
            }
        }
        _ => None,
    }
}

impl Scan<'_> {
    fn scan(&mut self, stream: TokenStream) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        for (i, token) in tokens.iter().enumerate() {
            match token {
                TokenTree::Group(group) => self.scan(group.stream()),
                TokenTree::Ident(ident) if self.clients.contains(ident) => {
                    self.mentions += 1;
                    if call_at(self.registry, &tokens, i + 1).is_some() {
                        self.receiver_mentions += 1;
                    }
                }
                TokenTree::Punct(_) => {
                    if let Some(op) = call_at(self.registry, &tokens, i) {
                        self.needed.extend(op.requirement.used_from(self.declared));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Analyses a function body, in which `clients` are the client parameters and `declared` what
/// the function declares.
///
/// It reads tokens, not a syntax tree, so that the attribute need not parse the body (the
/// cost of `#[requires_scope]` is paid on every `cargo check`), and so that calls inside macro
/// arguments count too: `.method(` of an operation is a call, `client` followed by one is a use
/// of the client as a receiver, and any other mention of `client` is a use this analysis cannot
/// follow.
pub fn analyze(
    body: TokenStream,
    clients: &[Ident],
    declared: &BTreeSet<String>,
    registry: &Registry,
) -> Usage {
    let mut scan = Scan {
        registry,
        clients,
        declared,
        needed: BTreeSet::new(),
        mentions: 0,
        receiver_mentions: 0,
    };
    scan.scan(body);
    Usage {
        needed: scan.needed,
        opaque: scan.mentions > scan.receiver_mentions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry::parse(
            "scope-registry 1\nscope read:a ReadA\nscope write:b WriteB\nunscoped Unscoped\n\
             op get_a get_a_pages - read:a\nop put_b - - write:b\nop list - - unscoped\n\
             op both - Both read:a | write:b\n",
        )
        .unwrap()
    }

    fn usage(body: &str, declared: &[&str]) -> Usage {
        let body: TokenStream = body.parse().unwrap();
        let declared: BTreeSet<String> = declared.iter().map(|s| (*s).to_owned()).collect();
        analyze(
            body,
            &[Ident::new("client", proc_macro2::Span::call_site())],
            &declared,
            &registry(),
        )
    }

    #[test]
    fn operation_calls_anywhere_in_the_body_count() {
        let u = usage(
            "{ let f = || async { client.get_a().await }; for _ in 0..2 { client.list(); } }",
            &["read:a"],
        );
        assert!(!u.opaque);
        assert_eq!(
            u.needed,
            ["read:a".to_owned(), "unscoped".to_owned()].into()
        );
    }

    #[test]
    fn paging_methods_need_their_operations_scopes() {
        let u = usage("{ client.get_a_pages(&p) }", &["read:a"]);
        assert_eq!(u.needed, ["read:a".to_owned()].into());
    }

    #[test]
    fn every_declared_alternative_counts() {
        let u = usage("{ client.both() }", &["write:b"]);
        assert_eq!(u.needed, ["write:b".to_owned()].into());
        let u = usage("{ client.both() }", &["write:b", "read:a"]);
        assert_eq!(u.needed, ["read:a".to_owned(), "write:b".to_owned()].into());
    }

    #[test]
    fn a_client_passed_on_or_into_a_macro_is_opaque() {
        assert!(usage("{ helper(client) }", &[]).opaque);
        assert!(usage("{ let c = client; c.get_a() }", &[]).opaque);
        assert!(usage("{ my_macro!(client) }", &[]).opaque);
        assert!(!usage("{ client.get_a(); other.put_b() }", &[]).opaque);
    }

    #[test]
    fn calls_inside_macro_arguments_and_with_turbofish_count() {
        let u = usage("{ println!(\"{:?}\", client.get_a()) }", &["read:a"]);
        assert!(!u.opaque);
        assert_eq!(u.needed, ["read:a".to_owned()].into());
        let u = usage("{ client.put_b::<()>() }", &["write:b"]);
        assert_eq!(u.needed, ["write:b".to_owned()].into());
        assert!(usage("{ let f = client.get_a; }", &[]).opaque);
    }
}

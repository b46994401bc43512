//! What a function body visibly needs: the generated operations it calls (their `*_pages`
//! methods included), and whether the client escapes to code this analysis cannot see into
//! (helpers, macros), in which case no declared scope can be called unneeded.

use std::collections::BTreeSet;

use syn::visit::{self, Visit};
use syn::{Expr, ExprMethodCall, ExprPath, Ident, Macro};

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

struct Visitor<'a> {
    registry: &'a Registry,
    clients: &'a [Ident],
    declared: &'a BTreeSet<String>,
    needed: BTreeSet<String>,
    mentions: usize,
    receiver_mentions: usize,
}

impl Visitor<'_> {
    fn is_client(&self, expr: &Expr) -> bool {
        match expr {
            Expr::Path(p) => p.path.get_ident().is_some_and(|i| self.clients.contains(i)),
            Expr::Paren(p) => self.is_client(&p.expr),
            Expr::Reference(r) => self.is_client(&r.expr),
            _ => false,
        }
    }
}

impl<'ast> Visit<'ast> for Visitor<'_> {
    fn visit_expr_method_call(&mut self, call: &'ast ExprMethodCall) {
        let method = call.method.to_string();
        if let Some(op) = self.registry.operation(&method) {
            if self.is_client(&call.receiver) {
                self.receiver_mentions += 1;
            }
            self.needed.extend(op.requirement.used_from(self.declared));
        }
        visit::visit_expr_method_call(self, call);
    }

    fn visit_expr_path(&mut self, path: &'ast ExprPath) {
        if path
            .path
            .get_ident()
            .is_some_and(|i| self.clients.contains(i))
        {
            self.mentions += 1;
        }
        visit::visit_expr_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast Macro) {
        // Macro arguments are tokens, not parsed code: a client mentioned there is a use this
        // analysis cannot follow.
        if contains_ident(mac.tokens.clone(), self.clients) {
            self.mentions += 1;
        }
    }
}

fn contains_ident(tokens: proc_macro2::TokenStream, idents: &[Ident]) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => idents.contains(&i),
        proc_macro2::TokenTree::Group(g) => contains_ident(g.stream(), idents),
        _ => false,
    })
}

/// Analyses `block`, in which `clients` are the client parameters and `declared` what the
/// function declares.
pub fn analyze(
    block: &syn::Block,
    clients: &[Ident],
    declared: &BTreeSet<String>,
    registry: &Registry,
) -> Usage {
    let mut visitor = Visitor {
        registry,
        clients,
        declared,
        needed: BTreeSet::new(),
        mentions: 0,
        receiver_mentions: 0,
    };
    visitor.visit_block(block);
    Usage {
        needed: visitor.needed,
        opaque: visitor.mentions > visitor.receiver_mentions,
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
        let block: syn::Block = syn::parse_str(body).unwrap();
        let declared: BTreeSet<String> = declared.iter().map(|s| (*s).to_owned()).collect();
        analyze(
            &block,
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
        assert!(usage("{ println!(\"{:?}\", client.get_a()) }", &[]).opaque);
        assert!(!usage("{ client.get_a(); other.put_b() }", &[]).opaque);
    }
}

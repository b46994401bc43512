//! What an operation needs from the caller's key or token.

use std::collections::BTreeSet;
use std::fmt;

/// A set of alternatives, each a set of scopes that are all needed (OpenAPI's OR of ANDs).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Requirement {
    /// No source documents a scope: only a key created without scopes can call it. This is
    /// never "needs nothing": a key created *with* scopes cannot call such an operation.
    Unscoped,
    /// Any one alternative suffices. Never empty, and no alternative is empty.
    AnyOf(BTreeSet<BTreeSet<String>>),
}

impl Requirement {
    /// Builds a requirement from alternatives, dropping empty ones and any alternative that
    /// another alternative makes redundant (`{a} or {a, b}` is just `{a}`); `None` when
    /// nothing is left.
    pub fn any_of<I, A, S>(alternatives: I) -> Option<Self>
    where
        I: IntoIterator<Item = A>,
        A: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let all: BTreeSet<BTreeSet<String>> = alternatives
            .into_iter()
            .map(|alt| alt.into_iter().map(Into::into).collect::<BTreeSet<_>>())
            .filter(|alt| !alt.is_empty())
            .collect();
        let minimal: BTreeSet<BTreeSet<String>> = all
            .iter()
            .filter(|alt| {
                !all.iter()
                    .any(|other| other != *alt && other.is_subset(alt))
            })
            .cloned()
            .collect();
        (!minimal.is_empty()).then_some(Requirement::AnyOf(minimal))
    }

    /// Every scope that appears in any alternative.
    pub fn scopes(&self) -> BTreeSet<&str> {
        match self {
            Requirement::Unscoped => BTreeSet::new(),
            Requirement::AnyOf(alts) => alts.iter().flatten().map(String::as_str).collect(),
        }
    }

    /// Whether a declaration of `declared` scopes (with [`crate::UNSCOPED`] for `unscoped`)
    /// proves it.
    pub fn is_satisfied_by(&self, declared: &BTreeSet<String>) -> bool {
        match self {
            Requirement::Unscoped => declared.contains(crate::UNSCOPED),
            Requirement::AnyOf(alts) => alts.iter().any(|alt| alt.is_subset(declared)),
        }
    }

    /// The scopes of `declared` that this requirement uses: every alternative the declaration
    /// satisfies counts (the compiler accepts any of them, so removing one that another
    /// satisfied alternative covers still compiles only if that other one stays). When none is
    /// satisfied, the declared scopes of every alternative count: the call fails to compile
    /// anyway, and they are the start of an alternative, not scopes nothing needs.
    pub fn used_from(&self, declared: &BTreeSet<String>) -> BTreeSet<String> {
        match self {
            Requirement::Unscoped => [crate::UNSCOPED.to_owned()].into(),
            Requirement::AnyOf(alts) => {
                let satisfied = alts.iter().any(|alt| alt.is_subset(declared));
                alts.iter()
                    .filter(|alt| !satisfied || alt.is_subset(declared))
                    .flatten()
                    .filter(|scope| declared.contains(*scope))
                    .cloned()
                    .collect()
            }
        }
    }
}

impl fmt::Display for Requirement {
    /// `a`, `a and b`, `a or (b and c)`, or `unscoped`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Requirement::AnyOf(alts) = self else {
            return f.write_str(crate::UNSCOPED);
        };
        for (i, alt) in alts.iter().enumerate() {
            if i > 0 {
                f.write_str(" or ")?;
            }
            let group = alts.len() > 1 && alt.len() > 1;
            if group {
                f.write_str("(")?;
            }
            for (j, scope) in alt.iter().enumerate() {
                if j > 0 {
                    f.write_str(" and ")?;
                }
                f.write_str(scope)?;
            }
            if group {
                f.write_str(")")?;
            }
        }
        Ok(())
    }
}

/// Atlassian's two kinds of OAuth 2.0 scope for its product APIs. Jira's and Confluence's
/// documents accept either for most operations: a classic scope (`read:jira-work`,
/// `write:confluence-content`: an action and an area of a product, two parts) or a set of
/// granular ones (`read:issue:jira`, `read:comment:confluence`: an action, a resource and the
/// product, three parts), which Atlassian recommends for new apps. Admin API scopes
/// (`read:orgs:admin`) are neither: they come alone, with no alternative to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScopeKind {
    /// `action:area`, such as `read:jira-work`.
    Classic,
    /// `action:resource:product`, such as `read:issue:jira`.
    Granular,
}

impl ScopeKind {
    /// The kind of one scope, by its shape; `None` for an admin scope or another shape.
    pub fn of(scope: &str) -> Option<Self> {
        let parts: Vec<&str> = scope.split(':').collect();
        match parts.as_slice() {
            [action, area] if !action.is_empty() && !area.is_empty() => Some(ScopeKind::Classic),
            [action, resource, product]
                if !action.is_empty() && !resource.is_empty() && !product.is_empty() =>
            {
                (*product != "admin").then_some(ScopeKind::Granular)
            }
            _ => None,
        }
    }

    /// The kind every scope of an alternative has; `None` if they differ or any has none.
    pub fn of_alternative<'a, I>(alternative: I) -> Option<Self>
    where
        I: IntoIterator<Item = &'a String>,
    {
        let mut kinds = alternative.into_iter().map(|scope| Self::of(scope));
        let first = kinds.next()??;
        kinds.all(|kind| kind == Some(first)).then_some(first)
    }
}

impl fmt::Display for ScopeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScopeKind::Classic => "classic",
            ScopeKind::Granular => "granular",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn redundant_and_empty_alternatives_are_dropped() {
        let req = Requirement::any_of([vec!["a"], vec!["a", "b"], vec![]]).unwrap();
        assert_eq!(req, Requirement::AnyOf([set(&["a"])].into()));
        assert_eq!(Requirement::any_of(Vec::<Vec<&str>>::new()), None);
    }

    #[test]
    fn satisfied_by_any_alternative_and_unscoped_only_by_unscoped() {
        let req = Requirement::any_of([vec!["a"], vec!["b", "c"]]).unwrap();
        assert!(req.is_satisfied_by(&set(&["a"])));
        assert!(req.is_satisfied_by(&set(&["c", "b"])));
        assert!(!req.is_satisfied_by(&set(&["b"])));
        assert!(!Requirement::Unscoped.is_satisfied_by(&set(&["a"])));
        assert!(Requirement::Unscoped.is_satisfied_by(&set(&["unscoped"])));
        assert_eq!(req.used_from(&set(&["a", "b", "c"])), set(&["a", "b", "c"]));
        assert_eq!(req.used_from(&set(&["b", "c", "x"])), set(&["b", "c"]));
        assert_eq!(req.used_from(&set(&["b", "x"])), set(&["b"]));
    }

    #[test]
    fn display_groups_only_when_needed() {
        let req = Requirement::any_of([vec!["a"], vec!["b", "c"]]).unwrap();
        assert_eq!(req.to_string(), "a or (b and c)");
        assert_eq!(Requirement::Unscoped.to_string(), "unscoped");
    }

    #[test]
    fn scope_kinds_follow_atlassians_naming() {
        assert_eq!(ScopeKind::of("read:jira-work"), Some(ScopeKind::Classic));
        assert_eq!(
            ScopeKind::of("read:confluence-content.summary"),
            Some(ScopeKind::Classic)
        );
        assert_eq!(ScopeKind::of("read:issue:jira"), Some(ScopeKind::Granular));
        assert_eq!(ScopeKind::of("read:orgs:admin"), None);
        assert_eq!(ScopeKind::of("read"), None);
        assert_eq!(ScopeKind::of("read::jira"), None);
        let alt = |scopes: &[&str]| scopes.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            ScopeKind::of_alternative(&alt(&["read:issue:jira", "read:user:jira"])),
            Some(ScopeKind::Granular)
        );
        assert_eq!(
            ScopeKind::of_alternative(&alt(&["read:issue:jira", "read:jira-user"])),
            None
        );
        assert_eq!(ScopeKind::of_alternative(&alt(&[])), None);
    }
}

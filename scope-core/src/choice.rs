//! Which alternative of each called operation a function needs: the one rule the attribute's
//! unneeded-scope warning and the audit's verdict share, so that a scope the one calls
//! unneeded is the scope the other removes.
//!
//! A function's needs are the scopes of one alternative per call. Calls with one alternative
//! come first (their scopes are needed whatever else is chosen); then, for each call with
//! several, the alternative that adds the fewest scopes to what is already needed, among those
//! the declaration satisfies, so that a declaration holding two alternatives keeps the one the
//! rest of the function already pays for, and the other is unneeded.

use std::collections::BTreeSet;

use crate::{Requirement, ScopeKind, UNSCOPED};

/// Which alternative to propose where an operation accepts several (Jira's and Confluence's
/// classic scope, or a set of granular ones).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Alternative {
    /// Keep what the declaration already satisfies; otherwise the alternative closest to it
    /// (most scopes in common, then fewest scopes).
    #[default]
    Declared,
    /// The classic alternative where there is one.
    Classic,
    /// The granular alternative where there is one (Atlassian recommends these for new apps).
    Granular,
}

/// Why an alternative was proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The declaration already satisfies it.
    Declared,
    /// It is of the kind asked for.
    Asked,
    /// No alternative is of the kind asked for: the declaration's, or the closest one.
    NoneOfKind,
    /// Nothing declared satisfies any alternative and no kind was asked for: the closest one.
    Closest,
}

/// The alternative chosen for one call of an operation that accepts several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The operation method.
    pub operation: String,
    /// The scopes chosen.
    pub scopes: BTreeSet<String>,
    /// Classic or granular, where the scopes say.
    pub kind: Option<ScopeKind>,
    /// Why these.
    pub reason: Reason,
}

impl Choice {
    /// "granular (asked for)", "classic (the declaration's)", ...: what reports print.
    pub fn describe(&self, prefer: Alternative) -> String {
        let kind = self
            .kind
            .map_or_else(|| "alternative".to_owned(), |k| k.to_string());
        let why = match (self.reason, prefer) {
            (Reason::Declared, _) => "the declaration's",
            (Reason::Asked, _) => "asked for",
            (Reason::NoneOfKind, Alternative::Granular) => "the operation has no granular one",
            (Reason::NoneOfKind, _) => "the operation has no classic one",
            (Reason::Closest, _) => "closest to the declaration",
        };
        format!("{kind} ({why})")
    }
}

/// What calls of operations with these requirements need, given the declaration and what the
/// function needs already for other reasons (its callees): the scopes, and a [`Choice`] per
/// call that had alternatives to choose from.
pub fn needs<'r>(
    operations: impl IntoIterator<Item = (&'r str, &'r Requirement)>,
    declared: &BTreeSet<String>,
    already: &BTreeSet<String>,
    prefer: Alternative,
) -> (BTreeSet<String>, Vec<Choice>) {
    let mut needed = already.clone();
    let mut several = Vec::new();
    for (operation, requirement) in operations {
        match requirement {
            Requirement::Unscoped => {
                needed.insert(UNSCOPED.to_owned());
            }
            Requirement::AnyOf(alts) if alts.len() == 1 => {
                needed.extend(alts.iter().flatten().cloned());
            }
            Requirement::AnyOf(alts) => several.push((operation, alts)),
        }
    }
    let mut choices = Vec::new();
    for (operation, alts) in several {
        let (scopes, reason) = choose(alts, declared, &needed, prefer);
        needed.extend(scopes.iter().cloned());
        choices.push(Choice {
            operation: operation.to_owned(),
            kind: ScopeKind::of_alternative(&scopes),
            scopes,
            reason,
        });
    }
    let needed = needed.difference(already).cloned().collect();
    (needed, choices)
}

/// One alternative of `alts`: of the kind asked for if there is one (the declaration's
/// among them, else the closest); else one the declaration satisfies, adding the fewest
/// scopes to `needed`; else the closest to the declaration.
fn choose(
    alts: &BTreeSet<BTreeSet<String>>,
    declared: &BTreeSet<String>,
    needed: &BTreeSet<String>,
    prefer: Alternative,
) -> (BTreeSet<String>, Reason) {
    // Fewest scopes beyond what is needed already, then fewest scopes, then the first listed.
    let cheapest = |candidates: &mut dyn Iterator<Item = &BTreeSet<String>>| {
        candidates
            .min_by_key(|alt| (alt.difference(needed).count(), alt.len()))
            .cloned()
    };
    // Most scopes in common with the declaration, then fewest scopes, then the first listed.
    let closest = |candidates: &mut dyn Iterator<Item = &BTreeSet<String>>| {
        candidates
            .min_by_key(|alt| {
                (
                    std::cmp::Reverse(alt.intersection(declared).count()),
                    alt.difference(needed).count(),
                    alt.len(),
                )
            })
            .cloned()
    };
    let wanted = match prefer {
        Alternative::Declared => None,
        Alternative::Classic => Some(ScopeKind::Classic),
        Alternative::Granular => Some(ScopeKind::Granular),
    };
    if let Some(kind) = wanted {
        let of_kind = |alt: &&BTreeSet<String>| ScopeKind::of_alternative(*alt) == Some(kind);
        let satisfied = cheapest(
            &mut alts
                .iter()
                .filter(of_kind)
                .filter(|a| a.is_subset(declared)),
        );
        if let Some(alt) = satisfied.or_else(|| closest(&mut alts.iter().filter(of_kind))) {
            return (alt, Reason::Asked);
        }
    }
    let fallback = if wanted.is_some() {
        Reason::NoneOfKind
    } else {
        Reason::Declared
    };
    if let Some(alt) = cheapest(&mut alts.iter().filter(|a| a.is_subset(declared))) {
        return (alt, fallback);
    }
    let reason = if wanted.is_some() {
        Reason::NoneOfKind
    } else {
        Reason::Closest
    };
    (closest(&mut alts.iter()).unwrap_or_default(), reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn both() -> Requirement {
        Requirement::any_of([
            vec!["write:jira-work"],
            vec!["write:issue:jira", "read:issue:jira"],
        ])
        .unwrap()
    }

    #[test]
    fn a_declaration_holding_two_alternatives_keeps_the_one_already_paid_for() {
        let read = Requirement::any_of([vec!["read:issue:jira"]]).unwrap();
        let declared = set(&["write:jira-work", "write:issue:jira", "read:issue:jira"]);
        let (needed, choices) = needs(
            [("create", &both()), ("get", &read)],
            &declared,
            &BTreeSet::new(),
            Alternative::Declared,
        );
        // `read:issue:jira` is needed anyway: the classic scope adds one scope to it, and so
        // does the granular pair; the smaller alternative wins, so `write:issue:jira` is the
        // declared scope nothing needs.
        assert_eq!(choices.len(), 1);
        assert_eq!(choices[0].reason, Reason::Declared);
        assert_eq!(needed, set(&["read:issue:jira", "write:jira-work"]));
    }

    #[test]
    fn a_kind_asked_for_wins_and_the_reason_says_why() {
        let declared = set(&["write:jira-work"]);
        let (needed, choices) = needs(
            [("create", &both())],
            &declared,
            &BTreeSet::new(),
            Alternative::Granular,
        );
        assert_eq!(needed, set(&["write:issue:jira", "read:issue:jira"]));
        assert_eq!(
            choices[0].describe(Alternative::Granular),
            "granular (asked for)"
        );
        let (needed, choices) = needs(
            [("create", &both())],
            &declared,
            &BTreeSet::new(),
            Alternative::Declared,
        );
        assert_eq!(needed, set(&["write:jira-work"]));
        assert_eq!(
            choices[0].describe(Alternative::Declared),
            "classic (the declaration's)"
        );
    }

    #[test]
    fn unscoped_and_single_alternatives_need_what_they_say_and_callees_count_as_paid() {
        let admin = Requirement::any_of([vec!["read:orgs:admin"]]).unwrap();
        let (needed, choices) = needs(
            [
                ("orgs", &Requirement::Unscoped),
                ("org", &admin),
                ("create", &both()),
            ],
            &BTreeSet::new(),
            &set(&["write:jira-work"]),
            Alternative::Declared,
        );
        assert!(choices[0].reason == Reason::Closest);
        // The callee already needs the classic scope: nothing more for `create`.
        assert_eq!(needed, set(&["read:orgs:admin", "unscoped"]));
    }
}

//! Static descriptions of scopes and operations, emitted by the generator as `const` items so
//! that an application (or a test server) can inspect a client's scope table at run time.

use std::fmt;

/// An OAuth 2.0 / API-key scope as Atlassian's scope table describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Scope {
    /// The scope string, e.g. `read:policies:admin`.
    pub name: &'static str,
    /// The one-line summary shown on the consent screen, if the table gives one.
    pub summary: &'static str,
    /// The table's description (usually the operations the scope covers).
    pub description: &'static str,
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// What an operation needs from the caller's API key or OAuth token.
///
/// "Unscoped" is not the same as "needs nothing": Atlassian documents no scope for such an
/// operation, so a key created *with* scopes cannot call it at all; only an unscoped key can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Requirement {
    /// No scope is documented; only keys without scopes may call the operation.
    Unscoped,
    /// Any one of the alternatives suffices; an alternative needs all of its scopes.
    AnyOf(&'static [&'static [&'static str]]),
}

impl Requirement {
    /// Whether a key holding exactly `granted` satisfies this requirement.
    ///
    /// `None` stands for a key created without scopes, which reaches every operation.
    pub fn is_satisfied_by(&self, granted: Option<&[&str]>) -> bool {
        let Some(granted) = granted else {
            return true;
        };
        match self {
            Requirement::Unscoped => false,
            Requirement::AnyOf(alternatives) => alternatives
                .iter()
                .any(|all| all.iter().all(|scope| granted.contains(scope))),
        }
    }
}

impl fmt::Display for Requirement {
    /// Renders `a and b`, `a or (b and c)`, or `unscoped`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Requirement::Unscoped => {
                f.write_str("unscoped (only a key without scopes can call it)")
            }
            Requirement::AnyOf(alternatives) => {
                for (i, all) in alternatives.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" or ")?;
                    }
                    let group = alternatives.len() > 1 && all.len() > 1;
                    if group {
                        f.write_str("(")?;
                    }
                    for (j, scope) in all.iter().enumerate() {
                        if j > 0 {
                            f.write_str(" and ")?;
                        }
                        write!(f, "`{scope}`")?;
                    }
                    if group {
                        f.write_str(")")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// One operation of the generated client: enough to route, authorize and report on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OperationInfo {
    /// The document's `operationId`, or the name derived for an operation that has none.
    pub operation_id: &'static str,
    /// The HTTP method in upper case.
    pub method: &'static str,
    /// The full path template, including the document's base path, e.g.
    /// `/admin/v1/orgs/{orgId}/policies`.
    pub path: &'static str,
    /// The scopes the operation needs.
    pub requirement: Requirement,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_OR_TWO: Requirement = Requirement::AnyOf(&[&["a"], &["b", "c"]]);

    #[test]
    fn alternatives_are_or_and_scopes_within_are_and() {
        assert!(ONE_OR_TWO.is_satisfied_by(Some(&["a"])));
        assert!(ONE_OR_TWO.is_satisfied_by(Some(&["c", "b"])));
        assert!(!ONE_OR_TWO.is_satisfied_by(Some(&["b"])));
        assert!(!ONE_OR_TWO.is_satisfied_by(Some(&[])));
    }

    #[test]
    fn unscoped_operations_reject_every_scoped_key() {
        assert!(!Requirement::Unscoped.is_satisfied_by(Some(&["a"])));
        assert!(Requirement::Unscoped.is_satisfied_by(None));
        assert!(ONE_OR_TWO.is_satisfied_by(None));
    }

    #[test]
    fn requirement_display_groups_only_when_needed() {
        assert_eq!(ONE_OR_TWO.to_string(), "`a` or (`b` and `c`)");
        assert_eq!(
            Requirement::AnyOf(&[&["x", "y"]]).to_string(),
            "`x` and `y`"
        );
    }
}

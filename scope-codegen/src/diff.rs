//! What changed between two versions of a client's inputs (documents, scope table, or both):
//! per operation, added, removed, renamed (same method and path, new operationId), deprecated,
//! and every change of its requirement; and the scopes the table added or dropped.
//!
//! A requirement **grew** where a key that was enough before is not enough now: some old
//! alternative is no longer a superset of any new one, or the operation became unscoped (only
//! a key created without scopes can call it). That is the change that turns into a 403 for
//! code that calls the operation where the compiler does not see it, and what `diff`'s exit
//! code reports.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::model::Api;
use crate::resolve::Requirement;

/// The changes between two models, operations in the new model's order (removed ones after).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ApiDiff {
    /// One entry per operation that changed.
    pub operations: Vec<OperationChange>,
    /// Scopes the scope table lists now and did not before.
    pub table_added: Vec<String>,
    /// Scopes the scope table listed before and does not now.
    pub table_dropped: Vec<String>,
}

/// What changed about one operation.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct OperationChange {
    /// The operationId (the new one where it was renamed).
    pub operation: String,
    /// The HTTP method and path.
    pub method: String,
    /// The path.
    pub path: String,
    /// What happened to it.
    pub kind: ChangeKind,
    /// The operationId it had, where it was renamed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// Whether the document newly marks it deprecated.
    pub deprecated: bool,
    /// Its requirement before (`None` where it is new).
    pub before: Option<RequirementText>,
    /// Its requirement now (`None` where it was removed).
    pub after: Option<RequirementText>,
    /// How the requirement changed, one line each (`alternative {a} gained b`).
    pub requirement_changes: Vec<String>,
    /// Whether a key that was enough before is not enough now.
    pub grew: bool,
}

/// Whether an operation was added, removed or changed.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// Only in the new inputs.
    Added,
    /// Only in the old inputs.
    Removed,
    /// In both (renamed, deprecated, or its requirement changed).
    Changed,
}

/// A requirement as JSON: `"unscoped"`, or a list of alternatives, each a list of scopes.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum RequirementText {
    /// Only a key created without scopes can call it.
    Unscoped(&'static str),
    /// Any one of these sets of scopes.
    AnyOf(Vec<Vec<String>>),
}

impl From<&Requirement> for RequirementText {
    fn from(requirement: &Requirement) -> Self {
        match requirement {
            Requirement::Unscoped => RequirementText::Unscoped("unscoped"),
            Requirement::AnyOf(alts) => RequirementText::AnyOf(
                alts.iter()
                    .map(|alt| alt.iter().cloned().collect())
                    .collect(),
            ),
        }
    }
}

impl ApiDiff {
    /// Whether any operation's requirement grew.
    pub fn any_grew(&self) -> bool {
        self.operations.iter().any(|o| o.grew)
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty() && self.table_added.is_empty() && self.table_dropped.is_empty()
    }

    /// How many operations' requirements changed (added and removed operations not counted).
    pub fn requirements_changed(&self) -> usize {
        self.operations
            .iter()
            .filter(|o| o.kind == ChangeKind::Changed && !o.requirement_changes.is_empty())
            .count()
    }
}

/// Compares two models.
pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    let old_by_id: BTreeMap<&str, &crate::model::Operation> =
        old.operations.iter().map(|o| (o.id.as_str(), o)).collect();
    let new_ids: BTreeSet<&str> = new.operations.iter().map(|o| o.id.as_str()).collect();
    let old_by_route: BTreeMap<(String, &str), &crate::model::Operation> = old
        .operations
        .iter()
        .map(|o| ((o.method.to_ascii_uppercase(), o.path.as_str()), o))
        .collect();
    let mut matched_old: BTreeSet<&str> = BTreeSet::new();
    let mut operations = Vec::new();
    for op in &new.operations {
        let route = (op.method.to_ascii_uppercase(), op.path.as_str());
        let (before, renamed_from) = match old_by_id.get(op.id.as_str()) {
            Some(before) => (Some(*before), None),
            // The same method and path under an operationId that is gone: a rename.
            None => match old_by_route.get(&route) {
                Some(before) if !new_ids.contains(before.id.as_str()) => {
                    (Some(*before), Some(before.id.clone()))
                }
                _ => (None, None),
            },
        };
        let after_text = Some(RequirementText::from(&op.scopes.requirement));
        let Some(before) = before else {
            operations.push(OperationChange {
                operation: op.id.clone(),
                method: op.method.to_ascii_uppercase(),
                path: op.path.clone(),
                kind: ChangeKind::Added,
                renamed_from: None,
                deprecated: op.deprecated,
                before: None,
                after: after_text,
                requirement_changes: Vec::new(),
                grew: false,
            });
            continue;
        };
        matched_old.insert(before.id.as_str());
        let (requirement_changes, grew) =
            requirement_changes(&before.scopes.requirement, &op.scopes.requirement);
        let deprecated = op.deprecated && !before.deprecated;
        if requirement_changes.is_empty() && renamed_from.is_none() && !deprecated {
            continue;
        }
        operations.push(OperationChange {
            operation: op.id.clone(),
            method: op.method.to_ascii_uppercase(),
            path: op.path.clone(),
            kind: ChangeKind::Changed,
            renamed_from,
            deprecated,
            before: Some(RequirementText::from(&before.scopes.requirement)),
            after: after_text,
            requirement_changes,
            grew,
        });
    }
    for op in &old.operations {
        if !matched_old.contains(op.id.as_str()) {
            operations.push(OperationChange {
                operation: op.id.clone(),
                method: op.method.to_ascii_uppercase(),
                path: op.path.clone(),
                kind: ChangeKind::Removed,
                renamed_from: None,
                deprecated: false,
                before: Some(RequirementText::from(&op.scopes.requirement)),
                after: None,
                requirement_changes: Vec::new(),
                grew: false,
            });
        }
    }
    let table = |api: &Api| -> BTreeSet<String> {
        api.scopes
            .iter()
            .filter(|s| s.in_table)
            .map(|s| s.name.clone())
            .collect()
    };
    let (old_table, new_table) = (table(old), table(new));
    ApiDiff {
        operations,
        table_added: new_table.difference(&old_table).cloned().collect(),
        table_dropped: old_table.difference(&new_table).cloned().collect(),
    }
}

fn braces(alt: &BTreeSet<String>) -> String {
    let names: Vec<&str> = alt.iter().map(String::as_str).collect();
    format!("{{{}}}", names.join(", "))
}

/// How a requirement changed, and whether it grew (see the module's documentation).
pub fn requirement_changes(before: &Requirement, after: &Requirement) -> (Vec<String>, bool) {
    match (before, after) {
        (Requirement::Unscoped, Requirement::Unscoped) => (Vec::new(), false),
        (Requirement::Unscoped, Requirement::AnyOf(alts)) => {
            let listed: Vec<String> = alts.iter().map(braces).collect();
            (vec![format!("now scoped: {}", listed.join(" or "))], false)
        }
        (Requirement::AnyOf(_), Requirement::Unscoped) => (
            vec!["now unscoped: only a key created without scopes can call it".to_owned()],
            true,
        ),
        (Requirement::AnyOf(old), Requirement::AnyOf(new)) => {
            if old == new {
                return (Vec::new(), false);
            }
            // A key holding exactly an old alternative still works if some new alternative is
            // within it.
            let grew = old.iter().any(|o| !new.iter().any(|n| n.is_subset(o)));
            let dropped: Vec<&BTreeSet<String>> = old.difference(new).collect();
            let added: Vec<&BTreeSet<String>> = new.difference(old).collect();
            let mut lines = Vec::new();
            let mut paired_added: BTreeSet<usize> = BTreeSet::new();
            for d in &dropped {
                // The added alternative that shares the most scopes with this one, if any:
                // read as the same alternative with scopes added or removed.
                let best = added
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| !paired_added.contains(i))
                    .map(|(i, a)| (i, a.intersection(d).count()))
                    .filter(|(_, shared)| *shared > 0)
                    .max_by_key(|(_, shared)| *shared);
                match best {
                    Some((i, _)) => {
                        paired_added.insert(i);
                        let a = added[i];
                        let gained: Vec<&str> = a.difference(d).map(String::as_str).collect();
                        let lost: Vec<&str> = d.difference(a).map(String::as_str).collect();
                        let mut parts = Vec::new();
                        if !gained.is_empty() {
                            parts.push(format!("gained {}", gained.join(", ")));
                        }
                        if !lost.is_empty() {
                            parts.push(format!("lost {}", lost.join(", ")));
                        }
                        lines.push(format!("alternative {} {}", braces(d), parts.join(" and ")));
                    }
                    None => lines.push(format!("alternative {} dropped", braces(d))),
                }
            }
            for (i, a) in added.iter().enumerate() {
                if !paired_added.contains(&i) {
                    lines.push(format!("alternative {} added", braces(a)));
                }
            }
            (lines, grew)
        }
    }
}

/// The diff as text for people: one block per operation, then the table.
pub fn render(diff: &ApiDiff) -> String {
    let mut out = String::new();
    if diff.is_empty() {
        out.push_str("no operation, requirement or table scope changed\n");
        return out;
    }
    for op in &diff.operations {
        let head = match op.kind {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed if op.grew => "GREW",
            ChangeKind::Changed => "changed",
        };
        out.push_str(&format!(
            "{head:8} {} ({} {})\n",
            op.operation, op.method, op.path
        ));
        if let Some(old) = &op.renamed_from {
            out.push_str(&format!("         renamed from {old}\n"));
        }
        if op.deprecated {
            let now = if op.kind == ChangeKind::Added {
                ""
            } else {
                "now "
            };
            out.push_str(&format!("         {now}deprecated\n"));
        }
        match op.kind {
            ChangeKind::Added => {
                if let Some(after) = &op.after {
                    out.push_str(&format!("         needs {}\n", requirement_line(after)));
                }
            }
            ChangeKind::Removed => {
                if let Some(before) = &op.before {
                    out.push_str(&format!("         needed {}\n", requirement_line(before)));
                }
            }
            ChangeKind::Changed => {
                for line in &op.requirement_changes {
                    out.push_str(&format!("         {line}\n"));
                }
            }
        }
    }
    for scope in &diff.table_added {
        out.push_str(&format!("table    + {scope}\n"));
    }
    for scope in &diff.table_dropped {
        out.push_str(&format!("table    - {scope}\n"));
    }
    let grew = diff.operations.iter().filter(|o| o.grew).count();
    out.push_str(&format!(
        "{} operation(s) changed, {} requirement(s) changed, {grew} grew\n",
        diff.operations.len(),
        diff.requirements_changed()
    ));
    out
}

fn requirement_line(requirement: &RequirementText) -> String {
    match requirement {
        RequirementText::Unscoped(_) => "a key created without scopes (unscoped)".to_owned(),
        RequirementText::AnyOf(alts) => alts
            .iter()
            .map(|alt| format!("{{{}}}", alt.join(", ")))
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn any_of(alts: &[&[&str]]) -> Requirement {
        Requirement::AnyOf(
            alts.iter()
                .map(|a| a.iter().map(|s| (*s).to_owned()).collect())
                .collect(),
        )
    }

    #[test]
    fn a_requirement_grows_where_an_old_alternative_is_no_longer_enough() {
        // Granular alternative dropped: a key of granular scopes breaks.
        let (lines, grew) = requirement_changes(
            &any_of(&[&["read:jira-work"], &["read:issue:jira", "read:user:jira"]]),
            &any_of(&[&["read:jira-work"]]),
        );
        assert!(grew);
        assert_eq!(
            lines,
            ["alternative {read:issue:jira, read:user:jira} dropped"]
        );
        // An alternative added: nothing breaks.
        let (lines, grew) = requirement_changes(
            &any_of(&[&["read:jira-work"]]),
            &any_of(&[&["read:jira-work"], &["read:issue:jira"]]),
        );
        assert!(!grew);
        assert_eq!(lines, ["alternative {read:issue:jira} added"]);
        // A scope added to an alternative: grew.
        let (lines, grew) = requirement_changes(
            &any_of(&[&["read:a:admin"]]),
            &any_of(&[&["read:a:admin", "read:b:admin"]]),
        );
        assert!(grew);
        assert_eq!(lines, ["alternative {read:a:admin} gained read:b:admin"]);
        // A scope removed from an alternative: smaller, not grown.
        let (_, grew) = requirement_changes(
            &any_of(&[&["read:a:admin", "read:b:admin"]]),
            &any_of(&[&["read:a:admin"]]),
        );
        assert!(!grew);
        // Renamed scope: grew (a key with the old name lacks the new one).
        let (lines, grew) = requirement_changes(
            &any_of(&[&["read:tokens:admin"]]),
            &any_of(&[&["read:keys:admin"]]),
        );
        assert!(grew);
        assert_eq!(
            lines,
            [
                "alternative {read:tokens:admin} dropped",
                "alternative {read:keys:admin} added"
            ]
        );
        // Scoped ↔ unscoped.
        assert!(requirement_changes(&any_of(&[&["read:a:admin"]]), &Requirement::Unscoped).1);
        assert!(!requirement_changes(&Requirement::Unscoped, &any_of(&[&["read:a:admin"]])).1);
    }
}

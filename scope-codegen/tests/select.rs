//! Generating only some operations (`select`): by operationId, tag or path prefix, each with
//! the types it reaches and nothing else; selectors that select nothing are warned of, and
//! the scope table's rows for operations left out are not reported missing.

use scope_codegen::{Inputs, Select, Severity, analyze};

mod common;
use common::shared;

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn a_triage_tool_gets_its_operations_and_their_types_only() {
    let Some(jira) = shared("jira-platform-2022.json") else {
        return;
    };
    let inputs = |select: Select| Inputs {
        specs: vec![jira.clone()],
        select,
        ..Inputs::default()
    };
    let whole = analyze(&inputs(Select::default())).unwrap();
    let chosen = Select {
        operations: strings(&["searchForIssuesUsingJql", "addComment"]),
        tags: strings(&["Issue comment properties"]),
        paths: strings(&["/rest/api/3/issue/{issueIdOrKey}/transitions"]),
    };
    let some = analyze(&inputs(chosen)).unwrap();
    let ids: Vec<&str> = some.api.operations.iter().map(|o| o.id.as_str()).collect();
    assert!(ids.contains(&"searchForIssuesUsingJql") && ids.contains(&"addComment"));
    // The tag's operations, and both methods of the path (not `…/transitionsX`).
    assert!(ids.contains(&"getCommentPropertyKeys"), "{ids:?}");
    assert!(
        ids.contains(&"getTransitions") && ids.contains(&"doTransition"),
        "{ids:?}"
    );
    assert!(ids.len() < 15, "{ids:?}");
    // Every type an operation reaches is there (the search's `SearchResults` and the issue
    // it lists), and a type only other operations reach is not.
    let types: Vec<&str> = some
        .api
        .types
        .defs
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert!(types.contains(&"SearchResults") && types.contains(&"IssueBean"));
    assert!(!types.contains(&"Dashboard"));
    assert!(
        types.len() * 10 < whole.api.types.defs.len(),
        "{}",
        types.len()
    );
    assert!(
        !some
            .diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning && d.item.starts_with("select")),
        "every selector selected something"
    );
}

#[test]
fn selectors_that_select_nothing_are_warned_of_and_table_rows_left_out_are_not() {
    let Some(orgs) = shared("atlassian-organization.json") else {
        return;
    };
    let analysis = analyze(&Inputs {
        specs: vec![orgs],
        select: Select {
            operations: strings(&["getDomains", "getDomian"]),
            tags: strings(&["No such tag"]),
            paths: strings(&["/v1/orgs/{orgId}/policies"]),
        },
        ..Inputs::default()
    })
    .unwrap();
    let ids: Vec<&str> = analysis
        .api
        .operations
        .iter()
        .map(|o| o.id.as_str())
        .collect();
    assert!(
        ids.contains(&"getDomains") && ids.contains(&"deletePolicy"),
        "{ids:?}"
    );
    assert!(
        !ids.contains(&"getDomainById") && !ids.contains(&"getOrgs"),
        "{ids:?}"
    );
    let lines: Vec<String> = analysis
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    let warned = |text: &str| {
        lines
            .iter()
            .any(|l| l.starts_with("warning: ") && l.contains(text))
    };
    assert!(
        warned("select: getDomian: selects operationId `getDomian`, which no operation has"),
        "{lines:#?}"
    );
    assert!(
        warned("selects tag `No such tag`, which no operation has"),
        "{lines:#?}"
    );
    // The built-in table names `getDomainById` (left out): no note says no document has it.
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("`getDomainById`, which no document defines")),
        "{lines:#?}"
    );
    // Still noted: the table's rows for other APIs' operations.
    assert!(
        lines
            .iter()
            .any(|l| l.contains("`getClassificationLevels`, which no document defines"))
    );
}

//! The built-in Cloud Admin scope table: applied to Atlassian's Organizations document when no
//! table is given (its policy operations get their scopes), never to other documents, and
//! never over a table of the user's or where the configuration leaves it out.

use scope_codegen::{Inputs, Requirement, analyze};

mod common;
use common::shared;

fn requirement(inputs: &Inputs, id: &str) -> Requirement {
    let analysis = analyze(inputs).unwrap();
    let op = analysis.api.operations.iter().find(|o| o.id == id).unwrap();
    op.scopes.requirement.clone()
}

fn scoped(scope: &str) -> Requirement {
    Requirement::AnyOf([[scope.to_owned()].into()].into())
}

#[test]
fn the_organizations_document_gets_the_tables_scopes() {
    let Some(doc) = shared("atlassian-organization.json") else {
        return;
    };
    let alone = Inputs {
        specs: vec![doc.clone()],
        ..Inputs::default()
    };
    assert_eq!(
        requirement(&alone, "deletePolicy"),
        scoped("delete:policies:admin")
    );
    assert_eq!(
        requirement(&alone, "getPolicies"),
        scoped("read:policies:admin")
    );
    // Left out on request: the document alone names no scope for them.
    let without = Inputs {
        no_builtin_table: true,
        ..alone.clone()
    };
    assert_eq!(requirement(&without, "deletePolicy"), Requirement::Unscoped);
    // A table of the user's wins: here one that covers nothing of this document.
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("scopes.json");
    std::fs::write(&table, r#"{"scopes": [{"name": "read:other:admin", "summary": "", "description": "", "operations": []}]}"#).unwrap();
    let own = Inputs {
        scopes: Some(table),
        ..alone
    };
    assert_eq!(requirement(&own, "deletePolicy"), Requirement::Unscoped);
}

#[test]
fn other_documents_do_not_get_it() {
    let Some(doc) = shared("confluence.json") else {
        return;
    };
    let analysis = analyze(&Inputs {
        specs: vec![doc],
        ..Inputs::default()
    })
    .unwrap();
    assert!(
        !analysis
            .diagnostics
            .iter()
            .any(|d| d.to_string().contains("built-in Cloud Admin scope table")),
        "the Cloud Admin table applied to Confluence"
    );
}

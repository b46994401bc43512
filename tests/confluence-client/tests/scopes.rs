//! `#[requires_scope(...)]`, imported from `confluence`, on the client of Atlassian's published
//! Confluence document: a read compiles with `read:confluence-content.summary`, and a write
//! under it fails with the scope it needs named. Skipped where the document is absent.

#[test]
fn ui() {
    if cfg!(published_spec_absent) {
        eprintln!(
            "skipped: ../shared/specs/confluence.json is absent (test data kept beside the project, not in it)"
        );
        return;
    }
    let root = env!("CARGO_MANIFEST_DIR");
    scope_uitest::Suite::new(
        "confluence",
        format!("{root}/tests/ui"),
        &format!("confluence-client = {{ path = {root:?} }}"),
    )
    .run();
}

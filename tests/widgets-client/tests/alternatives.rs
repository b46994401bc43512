//! `#[requires_scope]` with a requirement that has alternatives, on a client other than
//! `cloud_admin`, imported from it (`use widgets::requires_scope`: no `client = …`).

#[test]
fn ui() {
    let root = env!("CARGO_MANIFEST_DIR");
    scope_uitest::Suite::new(
        "widgets",
        format!("{root}/tests/ui"),
        &format!("widgets-client = {{ path = {root:?} }}"),
    )
    .run();
}

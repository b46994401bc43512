//! Compile-time scope checking: every diagnostic `#[requires_scope]` and `trust_key_scopes!`
//! promise, each way a safe program might try to get a request out without a proof, and the
//! places where covered calls must compile and run. Each fixture in `tests/ui/fail` says next to
//! its code which of this project's messages it expects (see `scope-uitest`).

#[test]
fn ui() {
    let root = env!("CARGO_MANIFEST_DIR");
    scope_uitest::Suite::new(
        "cloud-admin",
        format!("{root}/tests/ui"),
        &format!(
            "cloud-admin = {{ path = {root:?} }}\ntokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }}"
        ),
    )
    .run();
}

//! Compile-time scope checking: every diagnostic `#[requires_scope]` promises, as trybuild UI
//! tests with `.stderr` snapshots (`TRYBUILD=overwrite cargo test --test ui` accepts changes),
//! and the places where covered calls must compile and run.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}

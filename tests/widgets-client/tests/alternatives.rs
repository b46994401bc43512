//! `#[requires_scope]` with a requirement that has alternatives, on a client other than
//! `cloud_admin` (`client = ::widgets`).

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/either_alternative.rs");
    t.compile_fail("tests/ui/incomplete_alternative.rs");
}

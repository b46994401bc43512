//! The one-crate layout under attack: fixtures that generate the Cloud Admin client into their
//! own `mod admin` (as `tests/admin-service` does) and try to get a request out without a proof
//! from beside it, or misplace it. Each fixture says next to its code which diagnostics it
//! expects (see `scope-uitest`).

/// This crate's folder, the workspace's, and the fixtures' `[dependencies]` (the runtime the
/// generated client needs, and tokio for `main`).
fn paths() -> (&'static str, String, String) {
    let root = env!("CARGO_MANIFEST_DIR");
    let workspace = format!("{root}/../..");
    let runtime = format!("{workspace}/scope-runtime");
    let attr = format!("{root}/tests/support/diagnostic-attr");
    let dependencies = format!(
        "scope-runtime = {{ path = {runtime:?} }}\ntokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\"] }}\ndiagnostic-attr = {{ path = {attr:?} }}"
    );
    (root, workspace, dependencies)
}

#[test]
fn ui() {
    let (root, workspace, dependencies) = paths();
    let codegen = format!("{workspace}/scope-codegen");
    let spec = format!("{workspace}/spec");
    scope_uitest::Suite::new("admin-service", format!("{root}/tests/ui"), &dependencies)
    .build_script(
        include_str!("../build.rs"),
        &format!(
            "[build-dependencies]\nscope-codegen = {{ path = {codegen:?}, default-features = false }}\n\n\
             [package.metadata.scope-codegen]\n\
             specs = [{:?}, {:?}, {:?}]\n\
             scopes = {:?}\n\
             prefer = \"table\"\n\
             out = \"admin.rs\"\n\
             module = \"admin\"\n",
            format!("{spec}/organizations.json"),
            format!("{spec}/dlp.json"),
            format!("{spec}/api-access.json"),
            format!("{spec}/scopes.json"),
        ),
    )
    .run();
}

/// A client of more than 24 scopes, whose keys are laid out as trees (Atlassian's synthetic
/// Jira-like document, 12 resources): keys of another shape than the client's are refused.
#[test]
fn tree_layout() {
    let (root, workspace, dependencies) = paths();
    let codegen = format!("{workspace}/scope-codegen");
    scope_uitest::Suite::new("big-client", format!("{root}/tests/ui-big"), &dependencies)
    .build_script(
        r#"fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap());
    let spec = out.join("big.json");
    let document = scope_codegen::synthetic::document(12);
    std::fs::write(&spec, serde_json::to_vec(&document).unwrap()).unwrap();
    let built = scope_codegen::Builder::new().spec(&spec).module("big").out_file("big.rs").run();
    if let Err(error) = built {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
"#,
        &format!(
            "[build-dependencies]\nscope-codegen = {{ path = {codegen:?}, default-features = false, features = [\"tools\"] }}\nserde_json = \"1\"\n"
        ),
    )
    .run();
}

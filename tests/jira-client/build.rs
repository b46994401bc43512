//! Generates the Jira platform client from Atlassian's published document, which is test data
//! kept beside the project (`../shared/specs`), not in it. Without it the crate is empty and
//! its tests say they were skipped.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(published_spec_absent)");
    let spec =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs/jira-platform-2022.json");
    println!("cargo::rerun-if-changed={}", spec.display());
    if !spec.exists() {
        println!("cargo::rustc-cfg=published_spec_absent");
        return;
    }
    let result = scope_codegen::Builder::new()
        .spec(&spec)
        .out_file("jira.rs")
        .run();
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

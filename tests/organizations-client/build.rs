//! Generates the Organizations client from Atlassian's published document, which is test data
//! kept beside the project (`../shared/specs`), not in it. Without it the crate is empty and
//! its tests say they were skipped. The document alone, without the scope table: what a team
//! starting from Atlassian's download gets.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(published_spec_absent)");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/specs/atlassian-organization.json");
    println!("cargo::rerun-if-changed={}", spec.display());
    if !spec.exists() {
        println!("cargo::rustc-cfg=published_spec_absent");
        return;
    }
    let result = scope_codegen::Builder::new()
        .spec(spec)
        .out_file("organizations.rs")
        .run();
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

//! Generates the Organizations client from Atlassian's published document, which is test data
//! kept beside the project (`../shared/specs`), not in it. Without it the crate is empty and
//! its tests say they were skipped. The document alone, without the scope table: what a team
//! starting from Atlassian's download gets, named and checked by `[package.metadata.scope-codegen]`
//! in Cargo.toml (warnings fail the build).

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
    // The inputs, the operation names and the expected warnings are in Cargo.toml.
    let result = scope_codegen::Builder::from_manifest().and_then(|builder| builder.run());
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

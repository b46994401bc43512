//! Generates the Confluence client from Atlassian's published document, which is test data
//! kept beside the project (`../shared/specs`), not in it. Without it the crate is empty and
//! its tests say they were skipped.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(published_spec_absent)");
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs/confluence.json");
    println!("cargo::rerun-if-changed={}", spec.display());
    if !spec.exists() {
        println!("cargo::rustc-cfg=published_spec_absent");
        return;
    }
    // The generator's warnings about the published document (colliding property names, for
    // one) show as cargo warnings when this crate builds.
    let result = scope_codegen::Builder::new()
        .spec(spec)
        .out_file("confluence.rs")
        .run();
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

//! Generates one Jira client from Atlassian's published Jira platform and Jira Software
//! documents, which are test data kept beside the project (`../shared/specs`), not in it.
//! Without them the crate is empty and its tests say they were skipped.

use std::path::Path;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(published_spec_absent)");
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/specs");
    let (platform, software) = (
        specs.join("jira-platform-2022.json"),
        specs.join("jira-software.json"),
    );
    for spec in [&platform, &software] {
        println!("cargo::rerun-if-changed={}", spec.display());
        if !spec.exists() {
            println!("cargo::rustc-cfg=published_spec_absent");
            return;
        }
    }
    // The two documents both name an operation `getIssue` and `getConfiguration`; Jira
    // Software's get names of their own.
    let result = scope_codegen::Builder::new()
        .spec(&platform)
        .spec(&software)
        .rename(
            "/paths/~1rest~1agile~11.0~1issue~1{issueIdOrKey}/get",
            "getAgileIssue",
        )
        .rename(
            "/paths/~1rest~1agile~11.0~1board~1{boardId}~1configuration/get",
            "getBoardConfiguration",
        )
        .out_file("jira.rs")
        .run();
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}

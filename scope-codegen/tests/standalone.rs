//! Generated clients compile as standalone crates (`scope-codegen generate --crate DIR`):
//! Atlassian's published Organizations document, and a synthetic document with the
//! constructs real documents contain (missing operationIds, non-identifier enum values,
//! classic and granular scope alternatives, allOf, oneOf, recursion, maps, deprecations), and
//! `tests/fixtures/odd.json`, which holds every odd construct the fuzzer injects, and
//! `tests/fixtures/hostile.json`, the reproducers of hostile input.
//!
//! The crates build with `cargo clippy -D warnings` in `target/standalone` (shared between
//! runs, so dependencies build once).

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn generate_crate(spec: &Path, dir: &Path) {
    let out = Command::new(env!("CARGO_BIN_EXE_scope-codegen"))
        .args([
            "generate",
            "--spec",
            spec.to_str().unwrap(),
            "--crate",
            dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn clippy(dir: &Path) {
    let out = Command::new(env!("CARGO"))
        .args(["clippy", "--quiet", "--", "-D", "warnings"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root().join("target/standalone"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} does not build:\n{}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn generated_crates_build_clean() {
    let work = root().join("target/standalone-crates");
    let synthetic = work.join("synthetic.json");
    std::fs::create_dir_all(&work).unwrap();
    std::fs::write(
        &synthetic,
        serde_json::to_string(&scope_codegen::synthetic::document(6)).unwrap(),
    )
    .unwrap();
    generate_crate(&synthetic, &work.join("synthetic"));
    clippy(&work.join("synthetic"));

    // Every odd construct the fuzzer injects, in one document: it must not only parse but build.
    let odd = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/odd.json");
    generate_crate(&odd, &work.join("odd"));
    clippy(&work.join("odd"));

    // Every reproducer of hostile input that once gave a client that did not compile: names
    // the runtime's macros used, keywords as values, `Self`, recursion through `allOf`
    // wrappers, nesting past rustc's limits, long alias chains.
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.json");
    generate_crate(&hostile, &work.join("hostile"));
    clippy(&work.join("hostile"));

    // And a document with no operations at all.
    let empty = work.join("empty.json");
    std::fs::write(
        &empty,
        r#"{"openapi": "3.0.3", "info": {"title": "empty", "version": "1"}, "paths": {}}"#,
    )
    .unwrap();
    generate_crate(&empty, &work.join("empty"));
    clippy(&work.join("empty"));

    let atlassian = root().join("../shared/specs/atlassian-organization.json");
    if atlassian.exists() {
        generate_crate(&atlassian, &work.join("atlassian-organization"));
        clippy(&work.join("atlassian-organization"));
    } else {
        eprintln!(
            "skipped Atlassian's document: {} is absent",
            atlassian.display()
        );
    }
}

//! The declared minimum Rust version (`rust-version` in the workspace's Cargo.toml) holds for
//! what users build: every package that the libraries (`scope-runtime`, `scope-macros`,
//! `scope-core`, `scope-codegen`) depend on, for building or running, declares no newer
//! one. (clippy's `incompatible_msrv`, denied by `scripts/test.sh`, checks our own code's use of
//! the standard library against the same version. Tests and benchmarks may need more: criterion
//! needs 1.86.) Only one toolchain is installed here, so this is what can be checked.

use std::collections::BTreeSet;
use std::process::Command;

fn version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

#[test]
fn the_libraries_dependencies_build_on_the_declared_rust_version() {
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let package = |id: &str| packages.iter().find(|p| p["id"] == id).unwrap();
    let declared = version(env!("CARGO_PKG_RUST_VERSION"));
    assert!(declared >= (1, 85, 0), "edition 2024 needs 1.85");
    let nodes = metadata["resolve"]["nodes"].as_array().unwrap();
    let mut stack: Vec<String> = packages
        .iter()
        .filter(|p| {
            [
                "scope-runtime",
                "scope-macros",
                "scope-core",
                "scope-codegen",
            ]
            .contains(&p["name"].as_str().unwrap())
        })
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(stack.len(), 4);
    let mut seen = BTreeSet::new();
    let mut newer = Vec::new();
    while let Some(id) = stack.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let p = package(&id);
        if let Some(needs) = p["rust_version"].as_str() {
            if version(needs) > declared {
                newer.push(format!("{} {} needs {needs}", p["name"], p["version"]));
            }
        }
        let node = nodes.iter().find(|n| n["id"] == id.as_str()).unwrap();
        for dep in node["deps"].as_array().unwrap() {
            let kinds = dep["dep_kinds"].as_array().unwrap();
            // Normal (`null`) and build dependencies; dev-dependencies are the tests' own.
            if kinds
                .iter()
                .any(|k| k["kind"].is_null() || k["kind"] == "build")
            {
                stack.push(dep["pkg"].as_str().unwrap().to_owned());
            }
        }
    }
    assert!(
        seen.len() > 50,
        "the graph was walked ({} packages)",
        seen.len()
    );
    assert!(
        newer.is_empty(),
        "newer than rust-version {}: {newer:?}",
        env!("CARGO_PKG_RUST_VERSION")
    );
}

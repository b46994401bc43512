//! The README's "Using it in your own crate", built and run as a new user would: every block the
//! README marks `<!-- readme crate: PATH -->` is written to PATH in a fresh folder outside this
//! workspace, with only the `<repository URL>` dependencies pointed at this checkout and
//! Atlassian's published document (test data beside the project) copied to `openapi/`. Each
//! program is built with cargo and run against the embedded server with a key of exactly the
//! scopes its entry point trusts, and must print what the server holds.
//!
//! Skipped, saying so, where `../shared/specs` is absent. The crates build in
//! `target/readme-crates` (dependencies once, then only the crates themselves).

use std::path::{Path, PathBuf};
use std::process::Command;

use cloud_admin_server::Server;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The README's marked blocks: (path, text).
fn readme_files() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let mut out = Vec::new();
    let mut lines = readme.lines();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .strip_prefix("<!-- readme crate: ")
            .and_then(|rest| rest.strip_suffix(" -->"))
        else {
            continue;
        };
        let fence = lines.next().unwrap_or_default();
        assert!(
            fence.starts_with("```"),
            "{path}: no code block after its marker"
        );
        let mut text = String::new();
        for line in lines.by_ref() {
            if line == "```" {
                break;
            }
            text.push_str(line);
            text.push('\n');
        }
        out.push((path.to_owned(), text));
    }
    out
}

/// `NAME = { git = "<repository URL>" ...` becomes a path dependency on this checkout's NAME.
fn local_dependencies(manifest: &str) -> String {
    manifest
        .lines()
        .map(
            |line| match line.split_once(" = { git = \"<repository URL>\"") {
                Some((name, rest)) => {
                    let path = root().join(name.trim());
                    assert!(
                        path.is_dir(),
                        "the README depends on `{name}`, not in this checkout"
                    );
                    format!("{name} = {{ path = {:?}{rest}", path.display().to_string())
                }
                None => line.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .env("CARGO_TARGET_DIR", root().join("target/readme-crates"))
        .env_remove("RUSTFLAGS")
        .current_dir(dir)
        .output()
        .expect("cargo runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_readme_crates_build_and_run_against_the_embedded_server() {
    let document = root().join("../shared/specs/atlassian-organization.json");
    if !document.exists() {
        eprintln!(
            "skipped: {} is absent (Atlassian's published document is test data beside the project)",
            document.display()
        );
        return;
    }
    let files = readme_files();
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for expected in [
        "one-crate/Cargo.toml",
        "one-crate/build.rs",
        "one-crate/src/main.rs",
        "two-crates/admin/Cargo.toml",
        "two-crates/admin/src/lib.rs",
        "two-crates/app/Cargo.toml",
        "two-crates/app/src/main.rs",
    ] {
        assert!(
            paths.contains(&expected),
            "the README lost {expected}: {paths:?}"
        );
    }
    // Outside the workspace: a folder of its own in the system's temporary directory.
    let fresh = std::env::temp_dir().join(format!("scope-readme-crates-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    for (path, text) in &files {
        let target = fresh.join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        let text = if path.ends_with("Cargo.toml") {
            local_dependencies(text)
        } else {
            text.clone()
        };
        std::fs::write(&target, text).unwrap();
        // The crates that generate a client read Atlassian's document from `openapi/`.
        if path.ends_with("build.rs") {
            let openapi = target.parent().unwrap().join("openapi");
            std::fs::create_dir_all(&openapi).unwrap();
            std::fs::copy(&document, openapi.join("atlassian-organization.json")).unwrap();
        }
    }

    let server = Server::start().await.expect("embedded server");
    let names: Vec<String> = server.snapshot()["domains"]
        .as_array()
        .expect("the server has domains")
        .iter()
        .filter_map(|d| d["attributes"]["name"].as_str().map(str::to_owned))
        .collect();
    assert!(!names.is_empty());
    // The org bot deletes these two, and no other policy.
    let policies_before = server.snapshot()["policies"].as_array().unwrap().len();
    server.add_policy("Temporary: contractor VPN", "ip-allowlist", "enabled");
    server.add_policy("Temporary: audit freeze", "data-security", "disabled");
    let org_bot = names
        .iter()
        .map(|name| format!("domain {name}\n"))
        .chain([
            "deleted Temporary: contractor VPN\n".to_owned(),
            "deleted Temporary: audit freeze\n".to_owned(),
        ])
        .collect::<String>();
    for (program, expected, scopes) in [
        (
            "one-crate",
            org_bot,
            &["read:domains:admin", "read:policies:admin", "delete:policies:admin"][..],
        ),
        (
            "two-crates/app",
            format!("{} domains\n", names.len()),
            &["read:domains:admin"][..],
        ),
    ] {
        let dir = fresh.join(program);
        // Cargo.lock from this workspace, so that the fresh crates build the versions tested
        // here; cargo adds the new packages to it.
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        let build = cargo(&dir, &["build", "--quiet"]);
        assert!(
            build.status.success(),
            "{program} does not build:\n{}",
            String::from_utf8_lossy(&build.stderr)
        );
        let key = server.create_key(program, scopes);
        let binary = root().join("target/readme-crates/debug").join(
            Path::new(program)
                .file_name()
                .map(|n| {
                    if n == "one-crate" {
                        "org-bot".into()
                    } else {
                        n.to_owned()
                    }
                })
                .unwrap(),
        );
        let run = Command::new(&binary)
            .env("ATLASSIAN_API_BASE_URL", server.url())
            .env("ATLASSIAN_ADMIN_API_KEY", key.expose())
            .env("ATLASSIAN_ORG_ID", server.org_id())
            .output()
            .expect("the program runs");
        assert!(
            run.status.success(),
            "{program} failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(String::from_utf8_lossy(&run.stdout), expected, "{program}");
    }
    let policies = server.snapshot()["policies"].as_array().unwrap().clone();
    assert_eq!(policies.len(), policies_before, "{policies:#?}");
    assert!(
        policies
            .iter()
            .all(|p| !p["attributes"]["name"].as_str().unwrap_or_default().starts_with("Temporary"))
    );
    let _ = std::fs::remove_dir_all(&fresh);
}

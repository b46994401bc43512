//! The recipes of docs/using-it.md ("Using it in your own crate"), built and run as a new user
//! would: every block that document marks `<!-- readme crate: PATH -->` is written to PATH in a
//! fresh folder outside this workspace, with only the `<repository URL>` dependencies pointed at
//! this checkout and Atlassian's published documents (test data beside the project) copied to
//! `openapi/`. Each program is built with cargo and run: the org bot and the two-crate program
//! against the embedded server with a key of exactly the scopes their entry points trust, the
//! Jira triage tool against a loopback server that answers as Jira does; each must print, and
//! leave behind, what the server says.
//!
//! Skipped, saying so, where `../shared/specs` is absent. The crates build in
//! `target/readme-crates` (dependencies once, then only the crates themselves).

use std::path::{Path, PathBuf};
use std::process::Command;

use cloud_admin_server::Server;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The marked blocks of docs/using-it.md: (path, text).
fn readme_files() -> Vec<(String, String)> {
    let readme =
        std::fs::read_to_string(root().join("docs/using-it.md")).expect("docs/using-it.md");
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
                        "docs/using-it.md depends on `{name}`, not in this checkout"
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
    let documents = [
        ("atlassian-organization.json", "atlassian-organization.json"),
        ("jira-platform-2022.json", "jira-platform.json"),
    ];
    for (shared, _) in documents {
        let document = root().join("../shared/specs").join(shared);
        if !document.exists() {
            eprintln!(
                "skipped: {} is absent (Atlassian's published documents are test data beside the project)",
                document.display()
            );
            return;
        }
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
        "jira-triage/Cargo.toml",
        "jira-triage/build.rs",
        "jira-triage/src/main.rs",
    ] {
        assert!(
            paths.contains(&expected),
            "docs/using-it.md lost {expected}: {paths:?}"
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
        // The crates that generate a client read Atlassian's documents from `openapi/`.
        if path.ends_with("build.rs") {
            let openapi = target.parent().unwrap().join("openapi");
            std::fs::create_dir_all(&openapi).unwrap();
            for (shared, name) in documents {
                let document = root().join("../shared/specs").join(shared);
                std::fs::copy(&document, openapi.join(name)).unwrap();
            }
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
            &[
                "read:domains:admin",
                "read:policies:admin",
                "delete:policies:admin",
            ][..],
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
    triage(&fresh).await;
    let policies = server.snapshot()["policies"].as_array().unwrap().clone();
    assert_eq!(policies.len(), policies_before, "{policies:#?}");
    assert!(policies.iter().all(|p| {
        !p["attributes"]["name"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Temporary")
    }));
    let _ = std::fs::remove_dir_all(&fresh);
}

/// The Jira triage tool against a loopback server that answers as Jira does: the search
/// capped at two issues a page, comments created, and 401 for the accessible-resources
/// question (a classic API token is no OAuth 2.0 token).
async fn triage(fresh: &Path) {
    let dir = fresh.join("jira-triage");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let build = cargo(&dir, &["build", "--quiet"]);
    assert!(
        build.status.success(),
        "jira-triage does not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    let (url, seen) = fake_jira().await;
    let run = tokio::task::spawn_blocking(move || {
        Command::new(root().join("target/readme-crates/debug/jira-triage"))
            .env("JIRA_BASE_URL", url)
            .env("JIRA_EMAIL", "bot@example.com")
            .env("JIRA_API_TOKEN", "classic-token")
            .env("JQL", "status = \"To Do\"")
            .output()
            .expect("the program runs")
    })
    .await
    .unwrap();
    assert!(
        run.status.success(),
        "jira-triage failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        "commented on T-1\ncommented on T-2\ncommented on T-3\n"
    );
    let seen = seen.lock().unwrap().clone();
    let lines: Vec<&str> = seen.iter().map(|(line, _)| line.as_str()).collect();
    assert_eq!(
        lines,
        [
            "GET /oauth/token/accessible-resources HTTP/1.1",
            "GET /rest/api/3/search?jql=status+%3D+%22To+Do%22&startAt=0&fields=summary HTTP/1.1",
            "GET /rest/api/3/search?jql=status+%3D+%22To+Do%22&startAt=2&fields=summary HTTP/1.1",
            "POST /rest/api/3/issue/T-1/comment HTTP/1.1",
            "POST /rest/api/3/issue/T-2/comment HTTP/1.1",
            "POST /rest/api/3/issue/T-3/comment HTTP/1.1",
        ]
    );
    let comment: serde_json::Value = serde_json::from_str(&seen[3].1).unwrap();
    assert_eq!(
        comment,
        serde_json::json!({"body": {"type": "doc", "version": 1, "content": [
            {"type": "paragraph", "content": [{"type": "text", "text": "Triaged: needs an owner."}]}
        ]}})
    );
}

type Seen = std::sync::Arc<std::sync::Mutex<Vec<(String, String)>>>;

/// A loopback Jira: answers each request as Jira would, and records (request line, body).
async fn fake_jira() -> (String, Seen) {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = Seen::default();
    let record = seen.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let mut reader = BufReader::new(socket);
            let mut line = String::new();
            reader.read_line(&mut line).await.unwrap();
            let mut length = 0;
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).await.unwrap();
                if header.trim().is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap();
                    }
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).await.unwrap();
            let line = line.trim_end().to_owned();
            let (status, answer) = if line.starts_with("GET /oauth/") {
                ("401 Unauthorized", String::new())
            } else if line.starts_with("GET /rest/api/3/search") {
                let at = if line.contains("startAt=2") { 2 } else { 0 };
                let keys: &[&str] = if at == 0 { &["T-1", "T-2"] } else { &["T-3"] };
                let issues: Vec<serde_json::Value> =
                    keys.iter().map(|k| serde_json::json!({"key": k})).collect();
                let page = serde_json::json!({"startAt": at, "maxResults": 2, "total": 3, "issues": issues});
                ("200 OK", page.to_string())
            } else {
                ("201 Created", r#"{"id":"10000"}"#.to_owned())
            };
            record
                .lock()
                .unwrap()
                .push((line, String::from_utf8_lossy(&body).into_owned()));
            let reply = format!(
                "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
            reader.get_mut().write_all(reply.as_bytes()).await.unwrap();
        }
    });
    (url, seen)
}

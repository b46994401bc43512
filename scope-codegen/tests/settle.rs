//! `audit --fix --settle` on a crate whose uses of the client the audit cannot follow: the
//! compiler settles them. One function's declaration is too small (its body calls through a
//! `Box` the audit cannot read), another's has a scope nothing needs behind such a use; the
//! result compiles and is minimal, and the report says what changed and why.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

const LIB: &str = r#"use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:domains:admin")]
pub async fn boxed(client: &Client, org: &str) -> Result<(), Error> {
    let held = Box::new(client.clone());
    held.get_domains(org, &Default::default()).await?;
    held.delete_policy(org, "p1").await
}

#[requires_scope("read:domains:admin", "read:events:admin")]
pub async fn extra(client: &Client, org: &str) -> Result<(), Error> {
    let held = Box::new(client.clone());
    held.get_domains(org, &Default::default()).await.map(drop)
}
"#;

#[test]
fn the_compiler_settles_what_the_audit_cannot_read() {
    let root = root();
    let dir = tempfile::tempdir().unwrap();
    let krate = dir.path().join("service");
    std::fs::create_dir_all(krate.join("src")).unwrap();
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"service\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n[dependencies]\ncloud-admin = {{ path = {:?} }}\n",
            root.display().to_string()
        ),
    )
    .unwrap();
    std::fs::write(krate.join("src/lib.rs"), LIB).unwrap();
    let spec = |f: &str| root.join("spec").join(f).display().to_string();
    let out = Command::new(env!("CARGO_BIN_EXE_scope-codegen"))
        .current_dir(&krate)
        .args([
            "audit", "src", "--fix", "--settle", "--prefer", "table", "--spec",
        ])
        .args([
            spec("organizations.json"),
            spec("dlp.json"),
            spec("api-access.json"),
        ])
        .args(["--scopes", &spec("scopes.json")])
        // The dependencies are built once, here, and kept for the next run.
        .env("CARGO_TARGET_DIR", root.join("target/settle-test"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("added delete:policies:admin in boxed (src/lib.rs:3): scope `delete:policies:admin` is not declared for this call (src/lib.rs:7)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "removed read:events:admin in extra (src/lib.rs:10): the audit cannot see it used, and the compiler does not ask for it"
        ),
        "{stdout}"
    );
    assert!(
        stdout
            .contains("settled: every declaration and entry point's list compiles and is minimal"),
        "{stdout}"
    );
    // One check to find what is missing, one to see that it compiles.
    assert!(stdout.contains("2 cargo check runs in"), "{stdout}");
    let fixed = std::fs::read_to_string(krate.join("src/lib.rs")).unwrap();
    assert!(
        fixed.contains(r#"#[requires_scope("read:domains:admin", "delete:policies:admin")]"#),
        "{fixed}"
    );
    assert!(
        fixed.contains("#[requires_scope(\"read:domains:admin\")]\npub async fn extra"),
        "{fixed}"
    );
}

//! The README's main job and the other examples run to the end against the embedded server
//! (cargo builds examples before integration tests; they are run from where it put them).

use std::process::Command;

fn run(example: &str) -> String {
    let debug = std::env::current_exe()
        .unwrap()
        .parent()
        .and_then(|deps| deps.parent())
        .unwrap()
        .to_path_buf();
    let out = Command::new(debug.join("examples").join(example))
        .env_remove("ATLASSIAN_ADMIN_API_KEY")
        .env_remove("ATLASSIAN_ORG_ID")
        .env_remove("ATLASSIAN_API_BASE_URL")
        .output()
        .unwrap_or_else(|e| panic!("{example}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{example} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn policy_audit_audits_every_policy() {
    let out = run("policy_audit");
    assert!(out.contains("5 policies audited."), "{out}");
    assert!(
        out.contains("failed (an IP allowlist needs at least one range)"),
        "{out}"
    );
}

#[test]
fn key_rotation_creates_and_revokes() {
    let out = run("key_rotation");
    assert!(
        out.contains("Revoked 1 older \"policy audit\" key(s)"),
        "{out}"
    );
}

#[test]
fn data_classification_runs_to_the_end() {
    run("data_classification");
}

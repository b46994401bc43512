//! The server binary's key file: created fresh with mode 600, never written through a symlink,
//! and an existing file replaced rather than reused with its permissions.
#![cfg(unix)]

use std::io::{BufRead, BufReader};
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs the server until it says where it listens (the key is written by then).
fn run_server(key_file: &Path) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cloud-admin-server"))
        .arg("127.0.0.1:0")
        .arg(key_file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        line.starts_with("Cloud Admin server at http://127.0.0.1:"),
        "{line:?} {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn mode(path: &Path) -> u32 {
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn the_key_file_is_private_fresh_and_never_followed() {
    let dir = tempfile::tempdir().unwrap();

    let fresh = dir.path().join("fresh.key");
    run_server(&fresh);
    assert_eq!(mode(&fresh), 0o600);
    assert_eq!(std::fs::read_to_string(&fresh).unwrap().len(), 32);

    // An existing world-readable file does not keep its mode.
    let existing = dir.path().join("existing.key");
    std::fs::write(&existing, "old").unwrap();
    std::fs::set_permissions(&existing, std::fs::Permissions::from_mode(0o644)).unwrap();
    run_server(&existing);
    assert_eq!(mode(&existing), 0o600);
    assert_ne!(std::fs::read_to_string(&existing).unwrap(), "old");

    // A symlink is replaced by the key file; what it pointed at is untouched.
    let target = dir.path().join("precious.txt");
    std::fs::write(&target, "keep me").unwrap();
    let link = dir.path().join("link.key");
    symlink(&target, &link).unwrap();
    run_server(&link);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(
        !std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(mode(&link), 0o600);

    // Nothing is left behind beside the files.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["existing.key", "fresh.key", "link.key", "precious.txt"]
    );
}

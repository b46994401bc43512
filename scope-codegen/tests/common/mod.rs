//! What several of this crate's tests share.

use std::path::{Path, PathBuf};

/// One of Atlassian's published documents (test data kept beside the project, in
/// `../shared/specs`), or `None`, saying the test was skipped, where it is absent.
pub fn shared(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/specs")
        .join(name);
    if path.exists() {
        Some(path)
    } else {
        eprintln!(
            "skipped: {} is absent (Atlassian's documents live in ../shared/specs)",
            path.display()
        );
        None
    }
}

//! Errors that stop generation, and diagnostics (warnings and notes) that do not.
//!
//! Both always name the file and the item inside it, a JSON pointer or an operationId, so that
//! a user can go straight to the line that needs fixing.

use std::fmt;
use std::path::{Path, PathBuf};

/// What kind of input problem stopped generation; lets callers and tests tell them apart
/// without matching on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be read or written.
    Io,
    /// The file is not well-formed JSON.
    Syntax,
    /// The JSON is not a valid OpenAPI 3.0 document or scope table.
    Schema,
    /// A `$ref` points at nothing, or somewhere this generator cannot follow.
    Reference,
    /// Two items would get the same name.
    Collision,
    /// A scope name is not a valid scope, or a scope-table row names no known operation.
    Scope,
    /// Warnings were turned into errors.
    DeniedWarnings,
    /// The generator itself failed; a bug to report.
    Internal,
}

/// A problem that stops generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong, for programmatic use.
    pub kind: ErrorKind,
    /// The file the problem is in.
    pub file: PathBuf,
    /// A JSON pointer (`/paths/~1v1~1orgs/get`) or an operationId; empty for whole-file problems.
    pub item: String,
    /// What is wrong and, where we can tell, how to fix it.
    pub message: String,
}

impl Error {
    pub(crate) fn new(
        kind: ErrorKind,
        file: &Path,
        item: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            file: file.to_path_buf(),
            item: item.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if !self.item.is_empty() {
            write!(f, ": {}", self.item)?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Error {}

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing (e.g. a scope the table lacks); shown by the CLI, recorded in the
    /// generated docs, never a build warning.
    Note,
    /// Something the generated client does differently from what the document says, or a
    /// disagreement between scope sources; a `cargo:warning` in build scripts.
    Warning,
}

/// A problem that generation worked around.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How much it matters.
    pub severity: Severity,
    /// The file it is in.
    pub file: PathBuf,
    /// A JSON pointer or an operationId.
    pub item: String,
    /// What happened and what the generator did about it.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Note => "note",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}", self.file.display())?;
        if !self.item.is_empty() {
            write!(f, ": {}", self.item)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Collects diagnostics while the pipeline runs.
#[derive(Debug, Default)]
pub struct Diagnostics {
    /// What was collected.
    pub list: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a warning.
    pub fn warn(&mut self, file: &Path, item: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, file, item.into(), message.into());
    }

    /// Records a note.
    pub fn note(&mut self, file: &Path, item: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Note, file, item.into(), message.into());
    }

    fn push(&mut self, severity: Severity, file: &Path, item: String, message: String) {
        self.list.push(Diagnostic {
            severity,
            file: file.to_path_buf(),
            item,
            message,
        });
    }
}

/// Escapes one JSON-pointer token (RFC 6901): `~` becomes `~0`, `/` becomes `~1`.
pub(crate) fn pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The names among `candidates` closest to `wanted`, best first, for "did you mean" hints.
pub(crate) fn closest<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let wanted_lower = wanted.to_ascii_lowercase();
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&wanted_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score > 0.7)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(3).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file_and_the_item() {
        let e = Error::new(
            ErrorKind::Reference,
            Path::new("a.json"),
            "/paths/~1x/get",
            "dangling",
        );
        assert_eq!(e.to_string(), "a.json: /paths/~1x/get: dangling");
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(pointer_token("/v1/orgs/{orgId}"), "~1v1~1orgs~1{orgId}");
        assert_eq!(pointer_token("a~b"), "a~0b");
    }

    #[test]
    fn closest_names_rank_by_similarity() {
        let got = closest(
            "getPolicy",
            ["getPolicies", "deletePolicy", "getOrgs", "zzz"],
        );
        assert_eq!(got.first(), Some(&"getPolicies"));
        assert!(!got.contains(&"zzz"));
    }
}

//! What a change of the inputs means for a crate's code: the audit of the same sources against
//! the old model and the new one, compared (`scope-codegen diff --crate`).

use std::collections::BTreeSet;

use serde::Serialize;

/// What a change of the inputs means for a crate's code, by the audit of its sources against
/// the old model and the new one.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct CrateImpact {
    /// Annotated functions and helpers whose needs change.
    pub functions: Vec<Affected>,
    /// Entry points (`trust_key_scopes!`) whose key must change.
    pub entry_points: Vec<Affected>,
    /// Scopes the program's API key (and a Forge manifest's `permissions.scopes`) must add.
    pub key_add: Vec<String>,
    /// Scopes it no longer needs.
    pub key_remove: Vec<String>,
    /// Uses of the client the audit cannot follow, which it cannot vouch for either way.
    pub unresolved: Vec<String>,
}

/// One function or entry point whose needs change.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Affected {
    /// Its path in the crate (a function), or the function it is in (an entry point).
    pub function: String,
    /// Where it is: `src/lib.rs:12`.
    pub at: String,
    /// What it declares or lists now.
    pub declared: Vec<String>,
    /// What it needs with the old inputs.
    pub before: Vec<String>,
    /// What it will need with the new inputs.
    pub after: Vec<String>,
    /// What its declaration or list must gain.
    pub add: Vec<String>,
    /// What it may then drop (least privilege).
    pub remove: Vec<String>,
}

/// Compares the audit of the same sources against the old model and the new one.
pub fn crate_impact(before: &super::Report, after: &super::Report) -> CrateImpact {
    let list = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>();
    let affected = |name: &str,
                    file: &std::path::Path,
                    line: usize,
                    declared: &BTreeSet<String>,
                    old: &BTreeSet<String>,
                    new: &BTreeSet<String>| {
        (old != new).then(|| Affected {
            function: name.to_owned(),
            at: super::location(file, line),
            declared: list(declared),
            before: list(old),
            after: list(new),
            add: list(&new.difference(declared).cloned().collect()),
            remove: list(&declared.difference(new).cloned().collect()),
        })
    };
    let mut functions = Vec::new();
    for f in after.functions.iter().chain(&after.helpers) {
        let old = before
            .functions
            .iter()
            .chain(&before.helpers)
            .find(|o| o.path == f.path && o.file == f.file && o.line == f.line);
        if let Some(old) = old {
            functions.extend(affected(
                &f.path,
                &f.file,
                f.line,
                &f.declared,
                &old.needed,
                &f.needed,
            ));
        }
    }
    let mut entry_points = Vec::new();
    for e in after.entry_points() {
        let old = before
            .entry_points()
            .iter()
            .find(|o| o.file == e.file && o.line == e.line);
        if let Some(old) = old {
            // What the key must hold: the needs, and a list's scopes kept on purpose
            // (`allow_unneeded`), which are never proposed for removal.
            let listed = e.listed.clone().unwrap_or_default();
            entry_points.extend(affected(
                &e.function,
                &e.file,
                e.line,
                &listed,
                &old.key(),
                &e.key(),
            ));
        }
    }
    let (old_key, new_key) = (before.crate_scopes(), after.crate_scopes());
    CrateImpact {
        functions,
        entry_points,
        key_add: list(&new_key.difference(&old_key).cloned().collect()),
        key_remove: list(&old_key.difference(&new_key).cloned().collect()),
        unresolved: after.incomplete(),
    }
}

/// The crate's part of the diff as text.
pub fn render_impact(impact: &CrateImpact) -> String {
    let mut out = String::new();
    let join = |v: &[String]| {
        if v.is_empty() {
            "-".to_owned()
        } else {
            v.join(", ")
        }
    };
    for (what, list) in [
        ("function", &impact.functions),
        ("entry point", &impact.entry_points),
    ] {
        for a in list {
            out.push_str(&format!(
                "{what} {} ({}): needs {} (was {})",
                a.function,
                a.at,
                join(&a.after),
                join(&a.before)
            ));
            if !a.add.is_empty() {
                out.push_str(&format!("; add {}", a.add.join(", ")));
            }
            if !a.remove.is_empty() {
                out.push_str(&format!("; drop {}", a.remove.join(", ")));
            }
            out.push('\n');
        }
    }
    if impact.key_add.is_empty() && impact.key_remove.is_empty() {
        out.push_str("the API key and the Forge manifest's scopes stay as they are\n");
    } else {
        out.push_str(&format!(
            "the API key and the Forge manifest's permissions.scopes must add {} and may drop {}\n",
            join(&impact.key_add),
            join(&impact.key_remove)
        ));
    }
    for use_ in &impact.unresolved {
        out.push_str(&format!("cannot follow: {use_}\n"));
    }
    out
}

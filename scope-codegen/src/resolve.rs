//! Stage 2: resolve each operation's scope requirement from every source that states one.
//!
//! Sources, and how each reads:
//! - the scope table: an operation listed under scopes A and B needs A *or* B;
//! - OpenAPI `security` (operation-level, else document-level): each requirement object is an
//!   alternative, and the scopes of its OAuth 2.0 / OpenID Connect schemes are all needed;
//!   objects that list no scope state nothing;
//! - Atlassian's `x-atlassian-oauth2-scopes` extension: each entry is an alternative
//!   (Jira documents classic and granular scopes this way);
//! - Atlassian's description convention, "Authorization scopes required: `read:domains:admin`":
//!   the scopes of one note are all needed, "or" separates alternatives.
//!
//! When sources disagree, one documented rule picks the winner ([`Prefer`]) and the
//! disagreement is reported. An operation that no source gives a scope is [`Requirement::Unscoped`].

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, SecurityRequirement, SecurityScheme};

use crate::load::check_scope_name;

/// What an operation needs: one definition, shared with the attribute and the audit.
pub use scope_core::{Requirement, ScopeKind};

/// Where a requirement was stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// The scope table (`scopes.json`).
    Table,
    /// The OpenAPI `security` requirements.
    Security,
    /// The `x-atlassian-oauth2-scopes` extension.
    Extension,
    /// `security` and the extension of one operation, read as one list of alternatives.
    SecurityAndExtension,
    /// A "scopes required" note in the operation's description.
    Description,
}

impl Source {
    /// Human-readable name, as used in reports and rustdoc.
    pub fn describe(self) -> &'static str {
        match self {
            Source::Table => "the scope table",
            Source::Security => "the `security` requirements",
            Source::Extension => "`x-atlassian-oauth2-scopes`",
            Source::SecurityAndExtension => {
                "the `security` requirements and `x-atlassian-oauth2-scopes` together"
            }
            Source::Description => "the description's scope note",
        }
    }
}

/// Which source wins when sources disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Prefer {
    /// The scope table wins over the document (the default): the table is Atlassian's
    /// published list of what each scope grants, and it is what a user selects scopes from.
    #[default]
    Table,
    /// The document wins over the table (`security`, then the extension, then the
    /// description): for documents newer than the table.
    Document,
}

impl Prefer {
    fn rank(self, source: Source) -> u8 {
        match (self, source) {
            (Prefer::Table, Source::Table)
            | (Prefer::Document, Source::Security | Source::SecurityAndExtension) => 0,
            (Prefer::Table, Source::Security | Source::SecurityAndExtension)
            | (Prefer::Document, Source::Extension) => 1,
            (Prefer::Table, Source::Extension) | (Prefer::Document, Source::Description) => 2,
            (Prefer::Table, Source::Description) | (Prefer::Document, Source::Table) => 3,
        }
    }
}

/// The outcome for one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// What the operation needs.
    pub requirement: Requirement,
    /// Which source it came from; `None` for an unscoped operation.
    pub chosen: Option<Source>,
    /// Every source that stated something, in precedence order.
    pub stated: Vec<(Source, Requirement)>,
}

impl Resolution {
    /// Whether the sources disagree.
    pub fn is_conflict(&self) -> bool {
        self.stated.windows(2).any(|w| w[0].1 != w[1].1)
    }
}

/// Picks the winning requirement among the sources that stated one.
///
/// An operation's `security` and its `x-atlassian-oauth2-scopes` are one statement, not two
/// rivals: Jira's documents list the classic scope in `security` and the classic *and* the
/// granular alternative in the extension, and Atlassian accepts either. They become one list
/// of alternatives. Only sources that say different things (the table against the document, or
/// a description note against either) disagree.
pub fn resolve(mut stated: Vec<(Source, Requirement)>, prefer: Prefer) -> Resolution {
    let position =
        |stated: &[(Source, Requirement)], source| stated.iter().position(|(s, _)| *s == source);
    if let (Some(security), Some(_)) = (
        position(&stated, Source::Security),
        position(&stated, Source::Extension),
    ) {
        let (_, security) = stated.remove(security);
        let extension = position(&stated, Source::Extension).expect("still there");
        let (_, extension) = stated.remove(extension);
        let alternatives = |r: Requirement| match r {
            Requirement::AnyOf(alternatives) => alternatives,
            Requirement::Unscoped => BTreeSet::new(),
        };
        let merged = Requirement::any_of(
            alternatives(security)
                .into_iter()
                .chain(alternatives(extension)),
        );
        if let Some(merged) = merged {
            stated.push((Source::SecurityAndExtension, merged));
        }
    }
    stated.sort_by_key(|(source, _)| prefer.rank(*source));
    match stated.first() {
        Some((source, requirement)) => Resolution {
            requirement: requirement.clone(),
            chosen: Some(*source),
            stated,
        },
        None => Resolution {
            requirement: Requirement::Unscoped,
            chosen: None,
            stated,
        },
    }
}

/// The names of the document's OAuth 2.0 and OpenID Connect security schemes: only their
/// scopes are scopes (OpenAPI 3.0 requires the lists of other schemes to be empty).
pub fn scope_bearing_schemes(api: &openapiv3::OpenAPI) -> BTreeSet<String> {
    let Some(components) = &api.components else {
        return BTreeSet::new();
    };
    components
        .security_schemes
        .iter()
        .filter(|(_, scheme)| {
            matches!(
                scheme,
                ReferenceOr::Item(
                    SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. }
                )
            )
        })
        .map(|(name, _)| name.clone())
        .collect()
}

/// Checks `security` requirements at `pointer` (`/security` or an operation's): every scheme
/// they name is defined in `components.securitySchemes`, and every scope is a scope. An
/// undefined scheme would otherwise drop its scopes without a word, making the operation
/// look unscoped. The error is the pointer of the entry at fault and why.
pub fn check_security(
    requirements: &[SecurityRequirement],
    api: &openapiv3::OpenAPI,
    pointer: &str,
) -> Result<(), (String, String)> {
    let defined = api.components.as_ref().map(|c| &c.security_schemes);
    for (i, requirement) in requirements.iter().enumerate() {
        for (scheme, scopes) in requirement {
            let at = format!("{pointer}/{i}/{}", crate::error::pointer_token(scheme));
            if !defined.is_some_and(|d| d.contains_key(scheme)) {
                let known: Vec<&str> = defined
                    .map(|d| d.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                let hint = if known.is_empty() {
                    "the document defines no security schemes".to_owned()
                } else {
                    format!("the document defines `{}`", known.join("`, `"))
                };
                return Err((
                    at,
                    format!(
                        "security scheme `{scheme}` is not defined in `components.securitySchemes` ({hint})"
                    ),
                ));
            }
            for (j, scope) in scopes.iter().enumerate() {
                check_scope_name(scope).map_err(|why| (format!("{at}/{j}"), why))?;
            }
        }
    }
    Ok(())
}

/// Reads OpenAPI `security` requirements; `None` when they name no scope.
pub fn from_security(
    requirements: &[SecurityRequirement],
    scope_bearing: &BTreeSet<String>,
) -> Option<Requirement> {
    Requirement::any_of(requirements.iter().map(|requirement| {
        requirement
            .iter()
            .filter(|(scheme, _)| scope_bearing.contains(*scheme))
            .flat_map(|(_, scopes)| scopes.iter().cloned())
            .collect::<Vec<_>>()
    }))
}

/// Reads `x-atlassian-oauth2-scopes`: a list of `{ "scopes": [...] }` objects (one alternative
/// each, as Atlassian publishes it) or a plain list of scopes (one alternative).
pub fn from_extension(value: &serde_json::Value) -> Result<Option<Requirement>, String> {
    let shape_error =
        || "expected a list of `{\"scopes\": [...]}` objects or a list of scope strings".to_owned();
    let items = value.as_array().ok_or_else(shape_error)?;
    let strings = |list: &[serde_json::Value]| -> Result<Vec<String>, String> {
        list.iter()
            .map(|s| s.as_str().map(str::to_owned).ok_or_else(shape_error))
            .collect()
    };
    if items.iter().all(serde_json::Value::is_string) {
        return Ok(Requirement::any_of([strings(items)?]));
    }
    let mut alternatives = Vec::new();
    for item in items {
        let scopes = item
            .get("scopes")
            .and_then(|s| s.as_array())
            .ok_or_else(shape_error)?;
        alternatives.push(strings(scopes)?);
    }
    Ok(Requirement::any_of(alternatives))
}

/// Reads Atlassian's "scopes required" notes from a description.
///
/// Both published phrasings are understood: ``**[Authorization scopes](...) required:**
/// `read:domains:admin` `` and `OAuth 2.0 scopes required: read:classification-levels:admin`.
/// A note runs to the end of its paragraph.
pub fn from_description(text: &str) -> Option<Requirement> {
    let mut alternatives: Vec<Vec<String>> = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let lower = line.to_ascii_lowercase();
        let Some(at) = lower.find("required") else {
            continue;
        };
        if !lower[..at].contains("scope") {
            continue;
        }
        let mut note = line[at + "required".len()..].to_owned();
        for more in lines.by_ref() {
            if more.trim().is_empty() {
                break;
            }
            note.push(' ');
            note.push_str(more);
        }
        let mut current = Vec::new();
        for word in note.split_whitespace() {
            let word = word.trim_matches(|c: char| "`*,;:.()[]'\"".contains(c));
            if word.eq_ignore_ascii_case("or") && !current.is_empty() {
                alternatives.push(std::mem::take(&mut current));
            } else if check_scope_name(word).is_ok() {
                current.push(word.to_owned());
            }
        }
        if !current.is_empty() {
            alternatives.push(current);
        }
    }
    Requirement::any_of(alternatives)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn req(alts: &[&[&str]]) -> Requirement {
        Requirement::any_of(alts.iter().map(|a| a.iter().copied())).unwrap()
    }

    #[test]
    fn redundant_and_empty_alternatives_are_dropped() {
        assert_eq!(req(&[&["a"], &["a", "b"], &[]]), req(&[&["a"]]));
        assert_eq!(Requirement::any_of(Vec::<Vec<String>>::new()), None);
        assert_eq!(req(&[&["b", "c"], &["a"]]).to_string(), "a or (b and c)");
    }

    #[test]
    fn description_notes_in_both_published_phrasings() {
        let bold = "Returns domains.\n\n**[Authorization scopes](/cloud/admin/scopes/) required:** `read:domains:admin`";
        assert_eq!(
            from_description(bold),
            Some(req(&[&["read:domains:admin"]]))
        );
        let plain = "OAuth 2.0 scopes required: read:classification-levels:admin";
        assert_eq!(
            from_description(plain),
            Some(req(&[&["read:classification-levels:admin"]]))
        );
    }

    #[test]
    fn description_notes_with_several_scopes_and_alternatives() {
        let and = "Scopes required: `read:a:admin`, `read:b:admin`.";
        assert_eq!(
            from_description(and),
            Some(req(&[&["read:a:admin", "read:b:admin"]]))
        );
        let or = "Scopes required: `read:a:admin` or `read:b:admin`";
        assert_eq!(
            from_description(or),
            Some(req(&[&["read:a:admin"], &["read:b:admin"]]))
        );
    }

    #[test]
    fn descriptions_without_a_note_state_nothing() {
        assert_eq!(
            from_description("Lists orgs. A key with scopes is required: read the docs."),
            None
        );
        assert_eq!(
            from_description("Required: `read:a:admin` (not a scope note)"),
            None
        );
        assert_eq!(from_description(""), None);
    }

    #[test]
    fn the_note_ends_with_its_paragraph() {
        let text = "Scopes required:\n`read:a:admin`\n\nSee also `read:b:admin`.";
        assert_eq!(from_description(text), Some(req(&[&["read:a:admin"]])));
    }

    #[test]
    fn extension_entries_are_alternatives() {
        let jira = json!([
            {"scheme": "OAuth2", "state": "Current", "scopes": ["read:jira-work"]},
            {"scheme": "OAuth2", "state": "Beta", "scopes": ["read:issue:jira", "read:user:jira"]}
        ]);
        assert_eq!(
            from_extension(&jira),
            Ok(Some(req(&[
                &["read:jira-work"],
                &["read:issue:jira", "read:user:jira"]
            ])))
        );
        assert_eq!(
            from_extension(&json!(["a:b", "c:d"])),
            Ok(Some(req(&[&["a:b", "c:d"]])))
        );
        assert!(from_extension(&json!({"scopes": []})).is_err());
        assert!(from_extension(&json!([{"scopes": [1]}])).is_err());
    }

    #[test]
    fn security_reads_only_oauth_schemes() {
        let oauth: BTreeSet<String> = ["oauth2".to_owned()].into();
        let reqs: Vec<SecurityRequirement> = serde_json::from_value(json!([
            {"bearerAuth": []},
            {"oauth2": ["read:a", "read:b"]},
            {"oauth2": ["write:c"]}
        ]))
        .unwrap();
        assert_eq!(
            from_security(&reqs, &oauth),
            Some(req(&[&["read:a", "read:b"], &["write:c"]]))
        );
        let none: Vec<SecurityRequirement> =
            serde_json::from_value(json!([{"bearerAuth": []}, {"oauth2": []}])).unwrap();
        assert_eq!(from_security(&none, &oauth), None);
    }

    #[test]
    fn precedence_picks_a_winner_and_reports_disagreement() {
        let table = (Source::Table, req(&[&["read:tokens:admin"]]));
        let doc = (Source::Description, req(&[&["read:keys:admin"]]));
        let by_table = resolve(vec![doc.clone(), table.clone()], Prefer::Table);
        assert_eq!(by_table.chosen, Some(Source::Table));
        assert_eq!(by_table.requirement, table.1);
        assert!(by_table.is_conflict());
        let by_doc = resolve(vec![table.clone(), doc.clone()], Prefer::Document);
        assert_eq!(by_doc.requirement, doc.1);
        let agree = resolve(
            vec![table.clone(), (Source::Description, table.1.clone())],
            Prefer::Table,
        );
        assert!(!agree.is_conflict());
    }

    #[test]
    fn security_and_the_extension_are_one_list_of_alternatives() {
        // Jira's shape: the classic scope in `security`, classic and granular in the extension.
        let classic = &["read:jira-work"][..];
        let granular = &["read:issue-meta:jira", "read:issue:jira", "read:user:jira"][..];
        let r = resolve(
            vec![
                (Source::Security, req(&[classic])),
                (Source::Extension, req(&[classic, granular])),
            ],
            Prefer::Table,
        );
        assert!(!r.is_conflict(), "{r:?}");
        assert_eq!(r.chosen, Some(Source::SecurityAndExtension));
        assert_eq!(r.requirement, req(&[classic, granular]));
        // Alternatives only one of them names still count.
        let r = resolve(
            vec![
                (Source::Security, req(&[&["read:a:x"]])),
                (Source::Extension, req(&[&["read:b:x"]])),
            ],
            Prefer::Document,
        );
        assert_eq!(r.requirement, req(&[&["read:a:x"], &["read:b:x"]]));
        // The table against the document is still a disagreement.
        let r = resolve(
            vec![
                (Source::Table, req(&[&["read:t:x"]])),
                (Source::Security, req(&[classic])),
                (Source::Extension, req(&[classic, granular])),
            ],
            Prefer::Table,
        );
        assert!(r.is_conflict());
        assert_eq!(r.requirement, req(&[&["read:t:x"]]));
    }

    #[test]
    fn no_source_means_unscoped_not_free() {
        let r = resolve(Vec::new(), Prefer::Table);
        assert_eq!(r.requirement, Requirement::Unscoped);
        assert_eq!(r.chosen, None);
    }
}

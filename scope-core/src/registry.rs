//! The registry: a generated client's scope table as `#[requires_scope]` and
//! `trust_key_scopes!` need it, and its text form.
//!
//! The generator writes it with [`Registry::write`] into one string literal inside the
//! client's `__scope_registry!` macro; the attribute receives that literal and reads it with
//! [`Registry::parse`]. One literal is one token, so handing the table to each expansion costs
//! the same whatever the size of the client, and the attribute parses a given table once per
//! compiler process.
//!
//! The format is one item a line, fields separated by single spaces:
//!
//! ```text
//! scope-registry 1
//! scope read:policies:admin ReadPoliciesAdmin
//! alias read:keys:admin read:tokens:admin
//! unscoped Unscoped
//! op get_policies get_policies_pages - read:policies:admin
//! op create_widget - CreateWidget read:a | write:b write:c
//! op get_orgs - - unscoped
//! by ReadA read:a
//! by WriteBAndWriteC write:b write:c
//! ```
//!
//! `op` lines give the method, its paging method (or `-`), the trait that proves a requirement
//! with alternatives (or `-`), then the requirement: `unscoped`, or alternatives separated by
//! `|`, each a list of scopes. `by` lines name the traits in `scopes::by`: one per set of
//! scopes that is an alternative of some requirement, implied by those scopes' traits and
//! implying the alternatives trait of every operation it is an alternative of. The attribute
//! bounds a grant by the `by` traits of the sets its declaration contains, so that one bound
//! carries every operation a set proves, however many.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::Requirement;

const HEADER: &str = "scope-registry 1";

/// One scope of the client and the trait that proves it (in the client's `scopes` module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeEntry {
    /// The scope string, e.g. `read:policies:admin`.
    pub name: String,
    /// Its proof trait, e.g. `ReadPoliciesAdmin`.
    pub trait_name: String,
}

/// One operation method of the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The method's name (`get_policies`; `r#type` for a raw identifier).
    pub method: String,
    /// The `*_pages` method that pages through it, if any.
    pub pages: Option<String>,
    /// The trait in `scopes::alternatives` that proves a requirement with alternatives.
    pub alternatives_trait: Option<String>,
    /// What it needs.
    pub requirement: Requirement,
}

/// A trait of `scopes::by`: implied by holding all of `scopes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ByTrait {
    /// Its name.
    pub name: String,
    /// The set of scopes, an alternative of some operation's requirement.
    pub scopes: BTreeSet<String>,
}

/// A client's scopes and operations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    /// The scopes, in the table's order: also the order of `TrustedKey`'s parameters.
    pub scopes: Vec<ScopeEntry>,
    /// Other spellings of scopes: (written, what the scope table calls it). From documents
    /// that name a scope differently than the table which wins (`read:keys:admin` for
    /// `read:tokens:admin`).
    pub aliases: Vec<(String, String)>,
    /// The trait that proves `unscoped`, if the client has unscoped operations.
    pub unscoped_trait: Option<String>,
    /// The operations.
    pub operations: Vec<Operation>,
    /// The traits of `scopes::by`.
    pub by: Vec<ByTrait>,
    scope_index: HashMap<String, usize>,
    method_index: HashMap<String, usize>,
    /// Every proof trait's name: the attribute asks of each path in a signature.
    proof_traits: HashSet<String>,
    /// For each scope, the `by` traits whose sets contain it.
    by_index: HashMap<String, Vec<usize>>,
}

impl Registry {
    /// A registry of these parts (the lookup tables are built here).
    pub fn new(
        scopes: Vec<ScopeEntry>,
        aliases: Vec<(String, String)>,
        unscoped_trait: Option<String>,
        operations: Vec<Operation>,
        by: Vec<ByTrait>,
    ) -> Self {
        let scope_index = scopes
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        let mut method_index = HashMap::new();
        for (i, op) in operations.iter().enumerate() {
            method_index.insert(op.method.clone(), i);
            if let Some(pages) = &op.pages {
                method_index.insert(pages.clone(), i);
            }
        }
        let proof_traits = std::iter::once("Grant".to_owned())
            .chain(unscoped_trait.clone())
            .chain(scopes.iter().map(|s| s.trait_name.clone()))
            .chain(
                operations
                    .iter()
                    .filter_map(|o| o.alternatives_trait.clone()),
            )
            .chain(by.iter().map(|b| b.name.clone()))
            .collect();
        let mut by_index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, b) in by.iter().enumerate() {
            for scope in &b.scopes {
                by_index.entry(scope.clone()).or_default().push(i);
            }
        }
        Registry {
            scopes,
            aliases,
            unscoped_trait,
            operations,
            by,
            scope_index,
            method_index,
            proof_traits,
            by_index,
        }
    }

    /// The position of `scope` among [`Registry::scopes`].
    pub fn scope_index(&self, scope: &str) -> Option<usize> {
        self.scope_index.get(scope).copied()
    }

    /// The proof trait of `scope`.
    pub fn trait_of(&self, scope: &str) -> Option<&str> {
        self.scope_index(scope)
            .map(|i| self.scopes[i].trait_name.as_str())
    }

    /// The operation a method (or its `*_pages` method) belongs to.
    pub fn operation(&self, method: &str) -> Option<&Operation> {
        self.method_index.get(method).map(|&i| &self.operations[i])
    }

    /// What the table calls a scope written as `alias`.
    pub fn alias_of(&self, alias: &str) -> Option<&str> {
        self.aliases
            .iter()
            .find(|(written, _)| written == alias)
            .map(|(_, scope)| scope.as_str())
    }

    /// Whether a trait name is one of this client's proof traits (or its `Grant`).
    pub fn is_proof_trait(&self, name: &str) -> bool {
        self.proof_traits.contains(name)
    }

    /// The `by` traits of the sets of scopes that `declared` contains, in the registry's order.
    pub fn by_traits_of(&self, declared: &BTreeSet<String>) -> Vec<&ByTrait> {
        let mut found: Vec<usize> = declared
            .iter()
            .filter_map(|scope| self.by_index.get(scope))
            .flatten()
            .copied()
            .filter(|&i| self.by[i].scopes.is_subset(declared))
            .collect();
        found.sort_unstable();
        found.dedup();
        found.into_iter().map(|i| &self.by[i]).collect()
    }

    /// The text form (see the module documentation). The first line ends with a hash of the
    /// rest, so that a reader can tell registries apart by their first line alone.
    pub fn write(&self) -> String {
        let mut out = String::new();
        for s in &self.scopes {
            out.push_str(&format!("scope {} {}\n", s.name, s.trait_name));
        }
        for (alias, scope) in &self.aliases {
            out.push_str(&format!("alias {alias} {scope}\n"));
        }
        if let Some(name) = &self.unscoped_trait {
            out.push_str(&format!("unscoped {name}\n"));
        }
        for op in &self.operations {
            let requirement = match &op.requirement {
                Requirement::Unscoped => crate::UNSCOPED.to_owned(),
                Requirement::AnyOf(alts) => alts
                    .iter()
                    .map(|alt| alt.iter().cloned().collect::<Vec<_>>().join(" "))
                    .collect::<Vec<_>>()
                    .join(" | "),
            };
            out.push_str(&format!(
                "op {} {} {} {requirement}\n",
                op.method,
                op.pages.as_deref().unwrap_or("-"),
                op.alternatives_trait.as_deref().unwrap_or("-"),
            ));
        }
        for by in &self.by {
            let scopes: Vec<&str> = by.scopes.iter().map(String::as_str).collect();
            out.push_str(&format!("by {} {}\n", by.name, scopes.join(" ")));
        }
        format!("{HEADER} {}\n{out}", crate::sha256::hex(out.as_bytes()))
    }

    /// The first line of a text form: what tells one registry from another.
    pub fn identity(text: &str) -> &str {
        text.split('\n').next().unwrap_or_default()
    }

    /// The module of a generated client's `scopes` through which everything an expansion for
    /// the registry of this identity names is reached: `__registry_` and the identity's hash.
    /// Only the client whose table this is has it, so an expansion that read another table
    /// (a forged one, under any path) names nothing that exists.
    pub fn identity_module(identity: &str) -> String {
        let hash = identity.rsplit(' ').next().unwrap_or_default();
        format!("__registry_{}", hash.to_lowercase())
    }

    /// Whether `identity` is the first line of `text` and its hash is that of the rest: the
    /// check that lets a reader keep registries by their identity alone.
    pub fn is_identity_of(identity: &str, text: &str) -> bool {
        let Some((first, rest)) = text.split_once('\n') else {
            return false;
        };
        first == identity && first == format!("{HEADER} {}", crate::sha256::hex(rest.as_bytes()))
    }

    /// Reads the text form. The error names the line.
    pub fn parse(text: &str) -> Result<Registry, String> {
        let mut lines = text.lines().enumerate();
        match lines.next() {
            Some((_, first))
                if first == HEADER
                    || first
                        .strip_prefix(HEADER)
                        .is_some_and(|r| r.starts_with(' ')) => {}
            _ => {
                return Err(format!(
                    "not a scope registry of this version (expected `{HEADER}`): the client was generated by another version of scope-codegen than this scope-macros"
                ));
            }
        }
        let mut scopes = Vec::new();
        let mut aliases = Vec::new();
        let mut unscoped_trait = None;
        let mut operations = Vec::new();
        let mut by = Vec::new();
        for (number, line) in lines {
            let bad = |what: &str| format!("registry line {}: {what}: `{line}`", number + 1);
            let mut fields = line.split(' ');
            match fields.next() {
                Some("scope") => match (fields.next(), fields.next(), fields.next()) {
                    (Some(name), Some(trait_name), None) => scopes.push(ScopeEntry {
                        name: name.to_owned(),
                        trait_name: trait_name.to_owned(),
                    }),
                    _ => return Err(bad("expected `scope NAME TRAIT`")),
                },
                Some("alias") => match (fields.next(), fields.next(), fields.next()) {
                    (Some(alias), Some(scope), None) => {
                        aliases.push((alias.to_owned(), scope.to_owned()));
                    }
                    _ => return Err(bad("expected `alias WRITTEN SCOPE`")),
                },
                Some("unscoped") => match (fields.next(), fields.next()) {
                    (Some(name), None) => unscoped_trait = Some(name.to_owned()),
                    _ => return Err(bad("expected `unscoped TRAIT`")),
                },
                Some("op") => {
                    let (Some(method), Some(pages), Some(alternatives)) =
                        (fields.next(), fields.next(), fields.next())
                    else {
                        return Err(bad("expected `op METHOD PAGES TRAIT REQUIREMENT`"));
                    };
                    let rest: Vec<&str> = fields.collect();
                    if rest.contains(&"") {
                        return Err(bad("an empty field"));
                    }
                    let requirement = if rest == [crate::UNSCOPED] {
                        Requirement::Unscoped
                    } else {
                        let alts: Vec<Vec<&str>> =
                            rest.split(|f| *f == "|").map(<[&str]>::to_vec).collect();
                        if alts.iter().any(Vec::is_empty) {
                            return Err(bad("an empty alternative"));
                        }
                        Requirement::any_of(alts).ok_or_else(|| bad("no requirement"))?
                    };
                    let optional = |f: &str| (f != "-").then(|| f.to_owned());
                    operations.push(Operation {
                        method: method.to_owned(),
                        pages: optional(pages),
                        alternatives_trait: optional(alternatives),
                        requirement,
                    });
                }
                Some("by") => {
                    let Some(name) = fields.next() else {
                        return Err(bad("expected `by TRAIT SCOPE...`"));
                    };
                    let scopes: BTreeSet<String> = fields.map(str::to_owned).collect();
                    if scopes.is_empty() || scopes.contains("") {
                        return Err(bad("expected `by TRAIT SCOPE...`"));
                    }
                    by.push(ByTrait {
                        name: name.to_owned(),
                        scopes,
                    });
                }
                Some("") if line.is_empty() => {}
                _ => return Err(bad("unknown item")),
            }
        }
        Ok(Registry::new(
            scopes,
            aliases,
            unscoped_trait,
            operations,
            by,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Registry {
        Registry::new(
            vec![
                ScopeEntry {
                    name: "read:a".into(),
                    trait_name: "ReadA".into(),
                },
                ScopeEntry {
                    name: "write:b".into(),
                    trait_name: "WriteB".into(),
                },
            ],
            vec![("read:aa".into(), "read:a".into())],
            Some("Unscoped".into()),
            vec![
                Operation {
                    method: "get_a".into(),
                    pages: Some("get_a_pages".into()),
                    alternatives_trait: None,
                    requirement: Requirement::any_of([["read:a"]]).unwrap(),
                },
                Operation {
                    method: "r#both".into(),
                    pages: None,
                    alternatives_trait: Some("Both".into()),
                    requirement: Requirement::any_of([vec!["read:a"], vec!["write:b", "read:c"]])
                        .unwrap(),
                },
                Operation {
                    method: "list".into(),
                    pages: None,
                    alternatives_trait: None,
                    requirement: Requirement::Unscoped,
                },
            ],
            vec![ByTrait {
                name: "WriteBAndReadC".into(),
                scopes: ["write:b".to_owned(), "read:c".to_owned()].into(),
            }],
        )
    }

    #[test]
    fn the_text_form_round_trips() {
        let registry = sample();
        let text = registry.write();
        assert_eq!(Registry::parse(&text).unwrap(), registry);
        assert_eq!(Registry::parse(&text).unwrap().write(), text);
        let mut other = registry.clone();
        other.aliases.clear();
        assert_ne!(
            Registry::identity(&other.write()),
            Registry::identity(&text)
        );
        assert!(Registry::is_identity_of(Registry::identity(&text), &text));
        let forged = text.replace("read:aa", "read:ab");
        assert!(!Registry::is_identity_of(
            Registry::identity(&text),
            &forged
        ));
    }

    #[test]
    fn lookups_cover_paging_methods_aliases_and_traits() {
        let registry = sample();
        assert_eq!(registry.operation("get_a_pages").unwrap().method, "get_a");
        assert_eq!(registry.trait_of("write:b"), Some("WriteB"));
        assert_eq!(registry.alias_of("read:aa"), Some("read:a"));
        assert!(registry.is_proof_trait("Both") && registry.is_proof_trait("Grant"));
        assert!(registry.is_proof_trait("WriteBAndReadC"));
        assert!(!registry.is_proof_trait("Clone"));
        let declared: BTreeSet<String> =
            ["read:c".to_owned(), "write:b".to_owned(), "x:y".to_owned()].into();
        let by: Vec<&str> = registry
            .by_traits_of(&declared)
            .into_iter()
            .map(|b| b.name.as_str())
            .collect();
        assert_eq!(by, ["WriteBAndReadC"]);
        assert!(
            registry
                .by_traits_of(&["read:c".to_owned()].into())
                .is_empty()
        );
    }

    #[test]
    fn bad_text_is_an_error_naming_the_line() {
        assert!(
            Registry::parse("scope-registry 0\n")
                .unwrap_err()
                .contains("version")
        );
        let error = Registry::parse("scope-registry 1\nscope a\n").unwrap_err();
        assert!(error.contains("line 2"), "{error}");
        let error = Registry::parse("scope-registry 1\nop m - - a | \n").unwrap_err();
        assert!(error.contains("line 2"), "{error}");
    }
}

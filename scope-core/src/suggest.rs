//! What to say about a scope name that a client does not know: the exact scope when only the
//! case differs, the table's name when the name is another source's spelling of a scope, the
//! nearest scope when it is a slip, and the list otherwise.

use crate::Registry;

/// The error message for `wanted`, a scope `registry` does not have.
pub fn unknown_scope(registry: &Registry, wanted: &str) -> String {
    let lower = wanted.to_lowercase();
    if let Some(scope) = registry.scopes.iter().find(|s| s.name == lower) {
        return format!(
            "unknown scope `{wanted}`; did you mean `{}`? (scopes are lower case)",
            scope.name
        );
    }
    if let Some(scope) = registry.alias_of(&lower) {
        return format!(
            "unknown scope `{wanted}`: the scope table calls it `{scope}`; write \"{scope}\" (the name an API key is created with)"
        );
    }
    let best = registry
        .scopes
        .iter()
        .map(|s| (strsim::jaro_winkler(&lower, &s.name), &s.name))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, s)) => format!("unknown scope `{wanted}`; did you mean `{s}`?"),
        None => {
            let known: Vec<&str> = registry.scopes.iter().map(|s| s.name.as_str()).collect();
            format!(
                "unknown scope `{wanted}`; this client's scopes are: {}",
                known.join(", ")
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry::parse(
            "scope-registry 1\nscope read:policies:admin ReadPoliciesAdmin\nscope read:tokens:admin ReadTokensAdmin\nscope read:orgs:admin ReadOrgsAdmin\nalias read:keys:admin read:tokens:admin\n",
        )
        .unwrap()
    }

    #[test]
    fn a_case_slip_gets_the_exact_scope() {
        assert_eq!(
            unknown_scope(&registry(), "READ:POLICIES:ADMIN"),
            "unknown scope `READ:POLICIES:ADMIN`; did you mean `read:policies:admin`? (scopes are lower case)"
        );
    }

    #[test]
    fn another_sources_spelling_gets_the_tables_name() {
        let message = unknown_scope(&registry(), "read:keys:admin");
        assert!(
            message.contains("the scope table calls it `read:tokens:admin`"),
            "{message}"
        );
        assert!(!message.contains("read:orgs:admin"));
    }

    #[test]
    fn slips_get_the_nearest_and_strangers_the_list() {
        assert!(
            unknown_scope(&registry(), "read:polices:admin")
                .contains("did you mean `read:policies:admin`?")
        );
        assert!(
            unknown_scope(&registry(), "zzz")
                .contains("this client's scopes are: read:policies:admin")
        );
    }
}

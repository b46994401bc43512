//! The Forge manifest's `permissions.scopes` block: written for the crate's scopes, or updated
//! in place.

use std::collections::BTreeSet;

/// A Forge `manifest.yml` `permissions.scopes` block listing `scopes`.
pub fn manifest_block(scopes: &BTreeSet<String>) -> String {
    let mut out = String::from("permissions:\n  scopes:\n");
    for scope in scopes.iter().filter(|s| *s != "unscoped") {
        out.push_str(&format!("    - '{scope}'\n"));
    }
    out
}

/// Updates the `permissions.scopes` list of a Forge manifest: adds the `needed` scopes it
/// lacks, removes the scopes of this client (`known`) that are not needed, keeps every other
/// line (other products' scopes, comments, the rest of the file) byte for byte. Block-style
/// lists only; a manifest without the block gets one at the end.
pub fn update_manifest(
    text: &str,
    needed: &BTreeSet<String>,
    known: &BTreeSet<String>,
) -> Result<String, String> {
    let needed: BTreeSet<&str> = needed
        .iter()
        .map(String::as_str)
        .filter(|s| *s != "unscoped")
        .collect();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(permissions) = lines
        .iter()
        .position(|l| l.trim_end() == "permissions:" && indent(l) == 0)
    else {
        let mut out = text.to_owned();
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&manifest_block(
            &needed.iter().map(|s| (*s).to_owned()).collect(),
        ));
        return Ok(out);
    };
    let block_end = lines[permissions + 1..]
        .iter()
        .position(|l| !l.trim().is_empty() && indent(l) == 0)
        .map_or(lines.len(), |p| permissions + 1 + p);
    let scopes_line =
        (permissions + 1..block_end).find(|&i| lines[i].trim_start().starts_with("scopes:"));
    let Some(scopes_line) = scopes_line else {
        // `permissions:` without `scopes:`: add the list right under it.
        let mut out: String = lines[..=permissions].concat();
        out.push_str("  scopes:\n");
        for scope in &needed {
            out.push_str(&format!("    - '{scope}'\n"));
        }
        out.push_str(&lines[permissions + 1..].concat());
        return Ok(out);
    };
    if !lines[scopes_line].trim_end().ends_with("scopes:") {
        return Err("`permissions.scopes` is written as a flow list (`[...]`); write it as a block list (`- scope` lines) to update it".to_owned());
    }
    let key_indent = indent(lines[scopes_line]);
    let items_end = (scopes_line + 1..block_end)
        .find(|&i| {
            !lines[i].trim().is_empty()
                && (indent(lines[i]) <= key_indent && !lines[i].trim_start().starts_with('-'))
        })
        .unwrap_or(block_end);
    let value = |l: &str| {
        l.trim()
            .strip_prefix('-')
            .map(|v| v.trim().trim_matches(['\'', '"']).to_owned())
    };
    let present: BTreeSet<String> = lines[scopes_line + 1..items_end]
        .iter()
        .filter_map(|l| value(l))
        .collect();
    // Match the style of the first item (indentation and quotes).
    let sample = lines[scopes_line + 1..items_end]
        .iter()
        .find(|l| l.trim_start().starts_with('-'));
    let (item_indent, quote) = match sample {
        Some(l) => {
            let rest = l.trim_start().trim_start_matches('-').trim_start();
            (
                " ".repeat(indent(l)),
                rest.chars()
                    .next()
                    .filter(|c| *c == '\'' || *c == '"')
                    .map(String::from)
                    .unwrap_or_default(),
            )
        }
        None => (" ".repeat(key_indent + 2), "'".to_owned()),
    };
    let mut out: String = lines[..=scopes_line].concat();
    for line in &lines[scopes_line + 1..items_end] {
        let redundant =
            value(line).is_some_and(|v| known.contains(&v) && !needed.contains(v.as_str()));
        if !redundant {
            out.push_str(line);
        }
    }
    for scope in needed.iter().filter(|s| !present.contains(**s)) {
        out.push_str(&format!("{item_indent}- {quote}{scope}{quote}\n"));
    }
    out.push_str(&lines[items_end..].concat());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    const MANIFEST: &str = "modules:\n  function:\n    - key: main\npermissions:\n  # what the app may do\n  scopes:\n    - 'read:jira-work'\n    - 'read:domains:admin'\n    - 'delete:policies:admin'\n  external:\n    fetch: []\napp:\n  id: x\n";

    #[test]
    fn manifest_scopes_are_added_and_removed_and_the_rest_is_kept() {
        let known = set(&[
            "read:domains:admin",
            "delete:policies:admin",
            "read:policies:admin",
        ]);
        let needed = set(&["read:domains:admin", "read:policies:admin"]);
        let updated = update_manifest(MANIFEST, &needed, &known).unwrap();
        assert_eq!(
            updated,
            "modules:\n  function:\n    - key: main\npermissions:\n  # what the app may do\n  scopes:\n    - 'read:jira-work'\n    - 'read:domains:admin'\n    - 'read:policies:admin'\n  external:\n    fetch: []\napp:\n  id: x\n"
        );
        assert_eq!(
            update_manifest(&updated, &needed, &known).unwrap(),
            updated,
            "idempotent"
        );
    }

    #[test]
    fn a_manifest_without_the_block_gets_one() {
        let updated = update_manifest(
            "app:\n  id: x",
            &set(&["read:a:admin", "unscoped"]),
            &BTreeSet::new(),
        )
        .unwrap();
        assert_eq!(
            updated,
            "app:\n  id: x\npermissions:\n  scopes:\n    - 'read:a:admin'\n"
        );
        let flow = update_manifest(
            "permissions:\n  scopes: [a]\n",
            &set(&["b"]),
            &BTreeSet::new(),
        );
        assert!(flow.is_err());
    }
}

//! Turning document names into Rust identifiers that compile: case conversion, keywords,
//! symbols, and collisions.

use std::collections::HashSet;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

/// Rust keywords (strict and reserved, all editions up to 2024).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names that generated code relies on inside the `types` module; a schema with one of
/// these names would shadow it.
const RESERVED_TYPES: &[&str] = &[
    "Box",
    "Clone",
    "Debug",
    "Default",
    "Deserialize",
    "Err",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Self",
    "Serialize",
    "Some",
    "String",
    "Vec",
    "BTreeMap",
];

/// Words for symbols, so that enum values such as `=` and `!=` get readable variant names.
fn symbol_word(c: char) -> Option<&'static str> {
    Some(match c {
        '=' => "Eq",
        '!' => "Not",
        '<' => "Lt",
        '>' => "Gt",
        '~' => "Tilde",
        '+' => "Plus",
        '-' => "Minus",
        '*' => "Star",
        '/' => "Slash",
        '.' => "Dot",
        '%' => "Percent",
        '&' => "And",
        '|' => "Or",
        '@' => "At",
        '#' => "Hash",
        '$' => "Dollar",
        '^' => "Caret",
        '?' => "Question",
        ':' => "Colon",
        ',' => "Comma",
        _ => return None,
    })
}

/// `UpperCamelCase` for types and variants; never empty, never starting with a digit.
pub fn upper_camel(raw: &str) -> String {
    let mut name = raw.to_upper_camel_case();
    if name.is_empty() {
        name = raw.chars().filter_map(symbol_word).collect();
    }
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    // `Self` is a keyword that cannot be raw; `self` and `Self` in documents are values.
    if name == "Self" {
        name.push_str("Value");
    }
    name
}

/// A type name: `UpperCamelCase`, kept clear of the names generated code relies on.
pub fn type_name(raw: &str) -> String {
    let name = upper_camel(raw);
    if RESERVED_TYPES.contains(&name.as_str()) {
        format!("{name}Model")
    } else {
        name
    }
}

/// `snake_case` for functions, fields and parameters, as it must be written in source:
/// keywords become raw identifiers (`r#type`), or get a trailing `_` where that is impossible.
pub fn snake(raw: &str) -> String {
    let mut name = raw.to_snake_case();
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "n_");
    }
    escape_keyword(name)
}

/// `SHOUTY_SNAKE_CASE` for constants.
pub fn shouty(raw: &str) -> String {
    let mut name = raw.to_shouty_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'N');
    }
    name
}

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The identifier without a raw prefix, to compare with the document's name.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Hands out names, making each unique within its namespace.
#[derive(Debug, Default)]
pub struct UsedNames {
    used: HashSet<String>,
}

impl UsedNames {
    /// Reserves `want`, or `want2`, `want3`, … if taken. Returns the name and whether it had
    /// to change.
    pub fn claim(&mut self, want: &str) -> (String, bool) {
        if self.used.insert(want.to_owned()) {
            return (want.to_owned(), false);
        }
        let (stem, raw) = match want.strip_prefix("r#") {
            Some(stem) => (stem, true),
            None => (want, false),
        };
        for n in 2.. {
            let candidate = format!(
                "{stem}{}{n}",
                if stem.ends_with(char::is_numeric) {
                    "_"
                } else {
                    ""
                }
            );
            let candidate = if raw {
                escape_keyword(candidate)
            } else {
                candidate
            };
            if self.used.insert(candidate.clone()) {
                return (candidate, true);
            }
        }
        unreachable!("an unbounded range always yields a free name")
    }

    /// Marks `name` as taken without claiming it for anything.
    pub fn reserve(&mut self, name: &str) {
        self.used.insert(name.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_become_raw_or_get_an_underscore() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("in"), "r#in");
        assert_eq!(snake("pageSize"), "page_size");
        assert_eq!(snake("2fa"), "n_2fa");
    }

    #[test]
    fn symbols_get_words_and_digits_a_prefix() {
        assert_eq!(upper_camel("!="), "NotEq");
        assert_eq!(upper_camel("="), "Eq");
        assert_eq!(upper_camel("ip-allowlist"), "IpAllowlist");
        assert_eq!(upper_camel("3des"), "V3des");
        assert_eq!(upper_camel(""), "Empty");
    }

    #[test]
    fn reserved_type_names_are_moved_aside() {
        assert_eq!(type_name("Option"), "OptionModel");
        assert_eq!(type_name("Error.NoPerms.Model"), "ErrorNoPermsModel");
    }

    #[test]
    fn registry_makes_names_unique() {
        let mut r = UsedNames::default();
        assert_eq!(r.claim("Foo"), ("Foo".to_owned(), false));
        assert_eq!(r.claim("Foo"), ("Foo2".to_owned(), true));
        assert_eq!(r.claim("r#type"), ("r#type".to_owned(), false));
        assert_eq!(r.claim("r#type"), ("type2".to_owned(), true));
        assert_eq!(r.claim("v1"), ("v1".to_owned(), false));
        assert_eq!(r.claim("v1"), ("v1_2".to_owned(), true));
    }
}

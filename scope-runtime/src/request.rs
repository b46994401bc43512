//! Pieces of a request that generated code assembles: path segments and query strings.

use std::fmt::{self, Display, Write as _};

/// Percent-encodes one path parameter so that a `/`, `?` or `#` in a value cannot change which
/// resource a request addresses.
pub fn encode_segment(value: &dyn Display) -> String {
    let raw = value.to_string();
    let mut out = String::with_capacity(raw.len());
    for byte in raw.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Finds `value` among a string enum's declared values: an exact match first, then one that
/// differs only in ASCII case, because Atlassian's own examples spell one status both
/// `PUBLISHED` and `Published`.
pub fn string_enum_index(value: &str, declared: &[&str]) -> Option<usize> {
    declared
        .iter()
        .position(|d| *d == value)
        .or_else(|| declared.iter().position(|d| d.eq_ignore_ascii_case(value)))
}

/// Query parameters in the order the operation declares them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(&'static str, String)>,
}

impl Query {
    /// An empty query string.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a required parameter.
    pub fn push(&mut self, name: &'static str, value: &dyn Display) -> &mut Self {
        self.pairs.push((name, value.to_string()));
        self
    }

    /// Adds an optional parameter if it is set.
    pub fn push_opt<T: Display>(&mut self, name: &'static str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.push(name, value);
        }
        self
    }

    /// Adds an array in OpenAPI's `form` style with `explode: true` (the default):
    /// `name=a&name=b`.
    pub fn push_each<T: Display>(&mut self, name: &'static str, values: &[T]) -> &mut Self {
        for value in values {
            self.push(name, value);
        }
        self
    }

    /// Adds an array in `form` style with `explode: false`: `name=a,b`.
    pub fn push_joined<T: Display>(&mut self, name: &'static str, values: &[T]) -> &mut Self {
        if !values.is_empty() {
            self.pairs.push((name, Joined(values).to_string()));
        }
        self
    }

    /// The parameters as name/value pairs, unencoded.
    pub fn pairs(&self) -> &[(&'static str, String)] {
        &self.pairs
    }
}

struct Joined<'a, T>(&'a [T]);

impl<T: Display> Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, value) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char(',')?;
            }
            value.fmt(f)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_cannot_escape_their_place_in_the_path() {
        assert_eq!(encode_segment(&"a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_segment(&"Az09-._~"), "Az09-._~");
        assert_eq!(encode_segment(&42), "42");
    }

    #[test]
    fn enum_lookup_prefers_exact_then_ignores_case() {
        let declared = ["published", "PUBLISHED", "DRAFT"];
        assert_eq!(string_enum_index("PUBLISHED", &declared), Some(1));
        assert_eq!(string_enum_index("Draft", &declared), Some(2));
        assert_eq!(string_enum_index("gone", &declared), None);
    }

    #[test]
    fn arrays_follow_their_explode_style() {
        let mut q = Query::new();
        q.push_each("s", &["a", "b"])
            .push_joined("j", &[1, 2])
            .push_joined("empty", &[] as &[u8])
            .push_opt("unset", None::<&u8>)
            .push_opt("set", Some(&true));
        let pairs: Vec<(&str, &str)> = q.pairs().iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            pairs,
            [("s", "a"), ("s", "b"), ("j", "1,2"), ("set", "true")]
        );
    }
}

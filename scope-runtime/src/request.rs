//! Pieces of a request that generated code assembles: path segments and query strings.

use std::borrow::Cow;
use std::fmt::{self, Display, Write as _};

use serde::Serialize;
use serde_json::Value;

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

/// The parameters of a request that travel outside its path: query parameters in the order
/// the operation declares them, and header parameters (such as Confluence's
/// `X-Atlassian-Token`).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Query {
    pairs: Vec<(Cow<'static, str>, String)>,
    headers: Vec<(&'static str, String)>,
}

/// How an object query parameter is written: OpenAPI's `style` and `explode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectStyle {
    /// `deepObject`: `name[key]=value` for each property (`name[key][inner]=…` for nested
    /// objects, `name[key]=a&name[key]=b` for arrays).
    DeepObject,
    /// `form` with `explode: true` (the default): each property as its own parameter,
    /// `key=value`.
    FormExploded,
    /// `form`, `spaceDelimited` or `pipeDelimited` without explode: `name=key<d>value<d>…` with
    /// this delimiter (`,`, ` ` or `|`).
    Delimited(char),
}

impl Query {
    /// An empty query string.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a required parameter.
    pub fn push(&mut self, name: &'static str, value: &dyn Display) -> &mut Self {
        self.pairs.push((Cow::Borrowed(name), value.to_string()));
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
        self.push_delimited(name, values, ',')
    }

    /// Adds an array joined by `delimiter`: `spaceDelimited` (`' '`) or `pipeDelimited`
    /// (`'|'`) style without explode.
    pub fn push_delimited<T: Display>(
        &mut self,
        name: &'static str,
        values: &[T],
        delimiter: char,
    ) -> &mut Self {
        if !values.is_empty() {
            let joined = Joined(values, delimiter).to_string();
            self.pairs.push((Cow::Borrowed(name), joined));
        }
        self
    }

    /// Adds an object parameter, if set, in `style`. Properties that are `null` or left out
    /// are not sent. A value that does not serialize as an object is sent as JSON text.
    pub fn push_object<T: Serialize>(
        &mut self,
        name: &'static str,
        value: Option<&T>,
        style: ObjectStyle,
    ) -> &mut Self {
        let Some(value) = value else {
            return self;
        };
        let value = match serde_json::to_value(value) {
            Ok(Value::Object(object)) => object,
            Ok(other) => {
                self.pairs.push((Cow::Borrowed(name), other.to_string()));
                return self;
            }
            // Generated parameter types always serialize; keep the request well-formed anyway.
            Err(_) => return self,
        };
        match style {
            ObjectStyle::DeepObject => {
                for (key, value) in &value {
                    self.push_deep(format!("{name}[{key}]"), value);
                }
            }
            ObjectStyle::FormExploded => {
                for (key, value) in value {
                    if !value.is_null() {
                        self.pairs.push((Cow::Owned(key), plain_text(&value)));
                    }
                }
            }
            ObjectStyle::Delimited(delimiter) => {
                let mut text = String::new();
                for (key, value) in value.iter().filter(|(_, v)| !v.is_null()) {
                    if !text.is_empty() {
                        text.push(delimiter);
                    }
                    text.push_str(key);
                    text.push(delimiter);
                    text.push_str(&plain_text(value));
                }
                if !text.is_empty() {
                    self.pairs.push((Cow::Borrowed(name), text));
                }
            }
        }
        self
    }

    fn push_deep(&mut self, name: String, value: &Value) {
        match value {
            Value::Null => {}
            Value::Object(object) => {
                for (key, value) in object {
                    self.push_deep(format!("{name}[{key}]"), value);
                }
            }
            Value::Array(items) => {
                for item in items.iter().filter(|v| !v.is_null()) {
                    self.pairs
                        .push((Cow::Owned(name.clone()), plain_text(item)));
                }
            }
            scalar => self.pairs.push((Cow::Owned(name), plain_text(scalar))),
        }
    }

    /// The parameters as name/value pairs, unencoded.
    pub fn pairs(&self) -> &[(Cow<'static, str>, String)] {
        &self.pairs
    }

    /// Adds a required header parameter.
    pub fn header(&mut self, name: &'static str, value: &dyn Display) -> &mut Self {
        self.headers.push((name, value.to_string()));
        self
    }

    /// Adds an optional header parameter if it is set.
    pub fn header_opt<T: Display>(&mut self, name: &'static str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.header(name, value);
        }
        self
    }

    /// Adds an array header parameter in OpenAPI's `simple` style, `a,b`; nothing when empty.
    pub fn header_joined<T: Display>(&mut self, name: &'static str, values: &[T]) -> &mut Self {
        if !values.is_empty() {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.headers.push((name, joined.join(",")));
        }
        self
    }

    /// The header parameters, in order.
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }
}

/// A value as query text: strings as they are, numbers and booleans printed, arrays joined by
/// commas, objects as JSON.
fn plain_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(plain_text).collect::<Vec<_>>().join(","),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

struct Joined<'a, T>(&'a [T], char);

impl<T: Display> Display for Joined<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, value) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_char(self.1)?;
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
        assert_eq!(
            pairs(&q),
            [("s", "a"), ("s", "b"), ("j", "1,2"), ("set", "true")]
        );
        let mut q = Query::new();
        q.push_delimited("space", &["a", "b"], ' ')
            .push_delimited("pipe", &[1, 2, 3], '|');
        assert_eq!(pairs(&q), [("space", "a b"), ("pipe", "1|2|3")]);
    }

    fn pairs(q: &Query) -> Vec<(&str, &str)> {
        q.pairs()
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_str()))
            .collect()
    }

    #[derive(serde::Serialize)]
    struct Filter {
        status: &'static str,
        owner: Option<&'static str>,
        ids: Vec<u32>,
        range: Range,
    }

    #[derive(serde::Serialize)]
    struct Range {
        from: u32,
        to: Option<u32>,
    }

    fn filter() -> Filter {
        Filter {
            status: "open",
            owner: None,
            ids: vec![1, 2],
            range: Range { from: 3, to: None },
        }
    }

    #[test]
    fn objects_follow_their_style() {
        let mut q = Query::new();
        q.push_object("filter", Some(&filter()), ObjectStyle::DeepObject);
        assert_eq!(
            pairs(&q),
            [
                ("filter[status]", "open"),
                ("filter[ids]", "1"),
                ("filter[ids]", "2"),
                ("filter[range][from]", "3"),
            ]
        );
        let mut q = Query::new();
        q.push_object("filter", Some(&filter()), ObjectStyle::FormExploded);
        assert_eq!(
            pairs(&q),
            [
                ("status", "open"),
                ("ids", "1,2"),
                ("range", r#"{"from":3,"to":null}"#)
            ]
        );
        let mut q = Query::new();
        q.push_object("filter", Some(&filter()), ObjectStyle::Delimited(','));
        assert_eq!(
            pairs(&q),
            [(
                "filter",
                r#"status,open,ids,1,2,range,{"from":3,"to":null}"#
            )]
        );
        let mut q = Query::new();
        q.push_object("filter", None::<&Filter>, ObjectStyle::DeepObject)
            .push_object(
                "map",
                Some(
                    &[("k", 1)]
                        .into_iter()
                        .collect::<std::collections::BTreeMap<_, _>>(),
                ),
                ObjectStyle::Delimited('|'),
            )
            .push_object("not_an_object", Some(&[1, 2]), ObjectStyle::DeepObject);
        assert_eq!(pairs(&q), [("map", "k|1"), ("not_an_object", "[1,2]")]);
    }
}

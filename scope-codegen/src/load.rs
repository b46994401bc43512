//! Stage 1: load the OpenAPI documents and the scope table, with errors that point into them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostics, Error, ErrorKind, pointer_token};

/// One OpenAPI document, parsed, with its raw JSON kept for `$ref`s that point outside
/// `components` and for extensions.
#[derive(Debug)]
pub struct Document {
    /// Where it was read from; every error and warning about it names this path.
    pub path: PathBuf,
    /// The typed document.
    pub api: openapiv3::OpenAPI,
    /// The same document as plain JSON.
    pub raw: serde_json::Value,
}

impl Document {
    /// Follows a local `$ref` (through any chain of references) to the value it names.
    /// Returns the target's JSON pointer and the value; `at` is where the `$ref` is, for
    /// errors: external references, dangling ones, and cycles.
    pub fn follow(&self, reference: &str, at: &str) -> Result<(String, &serde_json::Value), Error> {
        // Every pointer on the way is remembered: a chain of any length ends or comes back to
        // one of them, and only the second is a cycle.
        let mut seen = std::collections::HashSet::new();
        let mut reference = reference.to_owned();
        loop {
            let Some(fragment) = reference.strip_prefix('#') else {
                return Err(Error::new(
                    ErrorKind::Reference,
                    &self.path,
                    at,
                    format!(
                        "`$ref: {reference}` points into another file; only references within the document (`#/...`) are supported"
                    ),
                ));
            };
            let pointer = percent_decode(fragment);
            let value = self.raw.pointer(&pointer).ok_or_else(|| {
                Error::new(
                    ErrorKind::Reference,
                    &self.path,
                    at,
                    format!("`$ref: {reference}` points at nothing in this document"),
                )
            })?;
            let Some(next) = value.get("$ref").and_then(|r| r.as_str()) else {
                return Ok((pointer, value));
            };
            if !seen.insert(pointer) {
                return Err(Error::new(
                    ErrorKind::Reference,
                    &self.path,
                    at,
                    format!("`$ref: {reference}` is part of a cycle of references"),
                ));
            }
            reference = next.to_owned();
        }
    }
}

/// Decodes `%XX` escapes in a URI fragment (`+` stays `+` there).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if let [b'%', hi, lo, ..] = bytes[i..] {
            if let (Some(hi), Some(lo)) = (hex(hi), hex(lo)) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Atlassian's scope table: every scope with its summary, its description and the operations
/// it covers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeTable {
    /// Where the table comes from (page title and date).
    #[serde(default)]
    pub source: Option<String>,
    /// The scopes, in the table's order.
    pub scopes: Vec<TableScope>,
    /// The file it was read from (set by `load_scope_table`).
    #[serde(skip)]
    pub path: PathBuf,
}

/// One row group of the scope table: a scope and the operations it covers.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableScope {
    /// The scope string, e.g. `read:policies:admin`.
    pub name: String,
    /// The table's one-line summary.
    #[serde(default)]
    pub summary: String,
    /// The table's description.
    #[serde(default)]
    pub description: String,
    /// The operations the table says this scope covers.
    #[serde(default)]
    pub operations: Vec<TableRow>,
}

/// One operation as the table names it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableRow {
    /// The table's own name for it, e.g. "Get list of policies".
    pub name: String,
    /// The operationIds the name stands for. When empty, the name is matched against the
    /// documents' operation summaries.
    #[serde(default, rename = "operationIds")]
    pub operation_ids: Vec<String>,
}

/// Reads and parses one OpenAPI document.
pub fn load_document(path: &Path, diags: &mut Diagnostics) -> Result<Document, Error> {
    let text = read(path)?;
    parse_document(path, &text, diags)
}

/// Parses one OpenAPI document from text; `path` is used only to name it in messages.
pub fn parse_document(path: &Path, text: &str, diags: &mut Diagnostics) -> Result<Document, Error> {
    // Editors on Windows write a byte-order mark; JSON itself forbids one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The document is read twice at once: as a `Value`, for JSON pointers and extensions, and
    // as OpenAPI. Reading the OpenAPI from the `Value` instead took as long as both together.
    let (raw, typed) = std::thread::scope(|threads| {
        let typed = threads.spawn(|| serde_json::from_str::<openapiv3::OpenAPI>(text));
        let raw = serde_json::from_str::<serde_json::Value>(text);
        (raw, crate::join(typed))
    });
    let raw = raw.map_err(|e| syntax_error(path, text, &e))?;
    if raw.get("swagger").is_some() {
        return Err(Error::new(
            ErrorKind::Schema,
            path,
            "/swagger",
            "this is a Swagger 2.0 document; convert it to OpenAPI 3.0 first",
        ));
    }
    match raw.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0") => {}
        Some(v) => diags.warn(
            path,
            "/openapi",
            format!(
                "OpenAPI {v} is read as OpenAPI 3.0; constructs that 3.0 lacks may be rejected"
            ),
        ),
        None => {
            return Err(Error::new(
                ErrorKind::Schema,
                path,
                "/openapi",
                "missing the `openapi` version field; is this an OpenAPI document?",
            ));
        }
    }
    // On an error, read again from the `Value` with the path tracked, to say where (this also
    // accepts what only the `Value` tolerates, such as a key given twice).
    let api = match typed {
        Ok(api) => Ok(api),
        Err(_) => serde_path_to_error::deserialize(&raw),
    }
    .map_err(|e| {
        let (pointer, message) =
            narrow_down(&raw).unwrap_or_else(|| (pointer_of(e.path()), e.inner().to_string()));
        Error::new(
            ErrorKind::Schema,
            path,
            pointer,
            format!("not valid OpenAPI 3.0: {message}"),
        )
    })?;
    Ok(Document {
        path: path.to_path_buf(),
        api,
        raw,
    })
}

/// Atlassian's Cloud Admin scope table (the page "Cloud Admin scopes for OAuth 2.0 (3LO), Forge
/// apps, and API keys", with its date in `source`), carried by the generator: applied to Cloud
/// Admin documents when no table is given (see `builtin_table_applies`). The same file is
/// this repository's `spec/scopes.json`.
pub const CLOUD_ADMIN_TABLE: &str = include_str!("../../spec/scopes.json");

/// The name the built-in table goes by in messages.
pub const CLOUD_ADMIN_TABLE_NAME: &str = "the built-in Cloud Admin scope table";

/// The built-in Cloud Admin scope table, parsed.
pub fn builtin_table() -> ScopeTable {
    parse_scope_table(Path::new(CLOUD_ADMIN_TABLE_NAME), CLOUD_ADMIN_TABLE)
        .expect("the built-in table is valid (tested)")
}

/// Whether the built-in table is for these documents: some operation of theirs (by its
/// operationId, or the name a rename gives it) is one the table lists.
pub fn builtin_table_applies(table: &ScopeTable, docs: &[Document], renamed_to: &[String]) -> bool {
    let listed: std::collections::BTreeSet<&str> = table
        .scopes
        .iter()
        .flat_map(|s| &s.operations)
        .flat_map(|o| o.operation_ids.iter().map(String::as_str))
        .collect();
    let ids = docs.iter().flat_map(|d| {
        d.raw["paths"]
            .as_object()
            .into_iter()
            .flat_map(|paths| paths.values())
            .filter_map(|item| item.as_object())
            .flat_map(|item| item.values())
            .filter_map(|op| op["operationId"].as_str())
    });
    ids.chain(renamed_to.iter().map(String::as_str))
        .any(|id| listed.contains(id))
}

/// Reads and checks a scope table.
pub fn load_scope_table(path: &Path) -> Result<ScopeTable, Error> {
    let text = read(path)?;
    parse_scope_table(path, &text)
}

/// Parses and checks a scope table from text.
pub fn parse_scope_table(path: &Path, text: &str) -> Result<ScopeTable, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut de = serde_json::Deserializer::from_str(text);
    let mut table: ScopeTable = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let pointer = pointer_of(e.path());
        Error::new(
            ErrorKind::Schema,
            path,
            pointer,
            format!("not a valid scope table: {}", e.inner()),
        )
    })?;
    table.path = path.to_path_buf();
    let mut seen = std::collections::BTreeMap::new();
    for (i, scope) in table.scopes.iter().enumerate() {
        let pointer = format!("/scopes/{i}/name");
        if let Err(why) = check_scope_name(&scope.name) {
            return Err(Error::new(ErrorKind::Scope, path, pointer, why));
        }
        if let Some(first) = seen.insert(scope.name.as_str(), i) {
            return Err(Error::new(
                ErrorKind::Collision,
                path,
                pointer,
                format!(
                    "scope `{}` is listed twice (first at /scopes/{first})",
                    scope.name
                ),
            ));
        }
    }
    Ok(table)
}

/// Checks the shape of a scope string: `action:resource[:qualifier]`, lower case, such as
/// `read:policies:admin` or `read:issue.property:jira`.
pub fn check_scope_name(name: &str) -> Result<(), String> {
    let valid_part = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_.".contains(&b))
    };
    if name.contains(':') && name.split(':').all(valid_part) {
        Ok(())
    } else {
        Err(format!(
            "`{name}` is not a scope: scopes look like `read:policies:admin` (lower-case words separated by `:`)"
        ))
    }
}

fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::new(
            ErrorKind::Io,
            path,
            "",
            format!("cannot read the file: {e}"),
        )
    })
}

fn syntax_error(path: &Path, text: &str, e: &serde_json::Error) -> Error {
    let at = format!("line {}, column {}", e.line(), e.column());
    if looks_like_yaml(text) {
        return Error::new(
            ErrorKind::Syntax,
            path,
            at,
            "this looks like a YAML document; scope-codegen reads OpenAPI documents as JSON \
             (convert it first, for example with `yq -o json`)",
        );
    }
    Error::new(
        ErrorKind::Syntax,
        path,
        at,
        format!("not well-formed JSON: {e}"),
    )
}

/// A document whose first meaningful line is a YAML key such as `openapi: 3.0.3`.
fn looks_like_yaml(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#') && *line != "---")
        .is_some_and(|line| {
            !line.starts_with(['{', '['])
                && line
                    .split_once(':')
                    .is_some_and(|(key, _)| !key.is_empty() && !key.contains(['"', ' ', '{']))
        })
}

/// openapiv3's hand-written deserializers lose track of where they are below `/paths` and
/// `/components`, so after a failure each path item and component is parsed on its own to
/// find the one at fault.
fn narrow_down(raw: &serde_json::Value) -> Option<(String, String)> {
    fn first_error<T: serde::de::DeserializeOwned>(
        section: &str,
        map: Option<&serde_json::Map<String, serde_json::Value>>,
    ) -> Option<(String, String)> {
        map?.iter().find_map(|(key, value)| {
            serde_path_to_error::deserialize::<_, T>(value)
                .err()
                .map(|e| {
                    let inner = pointer_of(e.path());
                    let inner = if inner == "/" { String::new() } else { inner };
                    (
                        format!("{section}/{}{inner}", pointer_token(key)),
                        e.inner().to_string(),
                    )
                })
        })
    }
    let components = |name: &str| raw.get("components")?.get(name)?.as_object();
    first_error::<openapiv3::PathItem>("/paths", raw.get("paths").and_then(|p| p.as_object()))
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::Schema>>(
                "/components/schemas",
                components("schemas"),
            )
        })
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::Parameter>>(
                "/components/parameters",
                components("parameters"),
            )
        })
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::Response>>(
                "/components/responses",
                components("responses"),
            )
        })
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(
                "/components/requestBodies",
                components("requestBodies"),
            )
        })
        .or_else(|| {
            first_error::<openapiv3::ReferenceOr<openapiv3::SecurityScheme>>(
                "/components/securitySchemes",
                components("securitySchemes"),
            )
        })
}

/// Turns serde_path_to_error's path into a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("/{index}")),
            Segment::Map { key } => {
                out.push('/');
                out.push_str(&pointer_token(key));
            }
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    if out.is_empty() { "/".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Document, Error> {
        parse_document(Path::new("t.json"), text, &mut Diagnostics::default())
    }

    #[test]
    fn malformed_json_names_the_line() {
        let err = parse("{\"openapi\": \"3.0.0\",\n  oops}").unwrap_err();
        assert_eq!(err.kind, ErrorKind::Syntax);
        assert!(
            err.to_string().starts_with("t.json: line 2, column 3"),
            "{err}"
        );
    }

    #[test]
    fn invalid_openapi_names_the_pointer() {
        let err = parse(
            r#"{"openapi":"3.0.0","info":{"title":"t","version":"1"},
               "paths":{"/x":{"get":{"responses":{"200":{"description":"ok"}},"parameters":[{"in":"query"}]}}}}"#,
        )
        .unwrap_err();
        assert_eq!(err.kind, ErrorKind::Schema);
        assert!(err.item.starts_with("/paths/~1x/get"), "{err}");
    }

    #[test]
    fn yaml_is_named_and_a_byte_order_mark_is_tolerated() {
        let err = parse("# Organizations\nopenapi: 3.0.1\ninfo:\n  title: t\n").unwrap_err();
        assert!(err.message.contains("looks like a YAML document"), "{err}");
        assert!(err.message.contains("as JSON"), "{err}");
        let doc = parse(
            "\u{feff}{\"openapi\":\"3.0.0\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{}}",
        );
        assert!(doc.is_ok(), "{:?}", doc.err());
        // Not every syntax error is YAML.
        let err = parse("{\"openapi\": 3.0.0,}").unwrap_err();
        assert!(err.message.starts_with("not well-formed JSON"), "{err}");
    }

    #[test]
    fn long_reference_chains_are_followed_and_only_true_cycles_are_cycles() {
        let mut schemas = serde_json::Map::new();
        for i in 0..200 {
            schemas.insert(
                format!("L{i}"),
                serde_json::json!({"$ref": format!("#/components/schemas/L{}", i + 1)}),
            );
        }
        schemas.insert("L200".into(), serde_json::json!({"type": "string"}));
        schemas.insert(
            "Loop".into(),
            serde_json::json!({"$ref": "#/components/schemas/Loop2"}),
        );
        schemas.insert(
            "Loop2".into(),
            serde_json::json!({"$ref": "#/components/schemas/Loop"}),
        );
        let text = serde_json::json!({"openapi": "3.0.0", "info": {"title": "t", "version": "1"},
            "paths": {}, "components": {"schemas": schemas}})
        .to_string();
        let doc = parse(&text).unwrap();
        let (target, _) = doc.follow("#/components/schemas/L0", "/x").unwrap();
        assert_eq!(target, "/components/schemas/L200");
        let err = doc.follow("#/components/schemas/Loop", "/x").unwrap_err();
        assert!(err.message.contains("cycle"), "{err}");
        // A `%` before something that is not two hex digits (or before a multi-byte
        // character) is kept as it is.
        assert_eq!(percent_decode("a%2Fb%zz%é%4"), "a/b%zz%é%4");
    }

    #[test]
    fn swagger_2_is_refused_with_a_hint() {
        let err = parse(r#"{"swagger":"2.0"}"#).unwrap_err();
        assert!(err.message.contains("convert it to OpenAPI 3.0"), "{err}");
    }

    #[test]
    fn scope_tables_reject_bad_and_duplicate_names() {
        let bad = parse_scope_table(
            Path::new("s.json"),
            r#"{"scopes":[{"name":"Read Policies"}]}"#,
        )
        .unwrap_err();
        assert_eq!(
            (bad.kind, bad.item.as_str()),
            (ErrorKind::Scope, "/scopes/0/name")
        );
        let dup = parse_scope_table(
            Path::new("s.json"),
            r#"{"scopes":[{"name":"read:a:admin"},{"name":"read:a:admin"}]}"#,
        )
        .unwrap_err();
        assert_eq!(dup.kind, ErrorKind::Collision);
        let unknown_field = parse_scope_table(
            Path::new("s.json"),
            r#"{"scopes":[{"name":"read:a","opertions":[]}]}"#,
        )
        .unwrap_err();
        assert_eq!(unknown_field.item, "/scopes/0/opertions", "{unknown_field}");
    }

    #[test]
    fn references_are_followed_through_chains_and_percent_decoded() {
        let doc = parse(
            r##"{"openapi":"3.0.0","info":{"title":"t","version":"1"},"paths":{},
               "components":{"schemas":{"{A}":{"$ref":"#/components/schemas/B"},"B":{"type":"string"},
               "C":{"$ref":"#/components/schemas/C"}}}}"##,
        )
        .unwrap();
        let (target, value) = doc.follow("#/components/schemas/%7BA%7D", "/x").unwrap();
        assert_eq!(
            (target.as_str(), &value["type"]),
            ("/components/schemas/B", &serde_json::json!("string"))
        );
        assert!(
            doc.follow("#/components/schemas/C", "/x")
                .unwrap_err()
                .message
                .contains("cycle")
        );
        assert!(
            doc.follow("other.json#/a", "/x")
                .unwrap_err()
                .message
                .contains("another file")
        );
        assert!(
            doc.follow("#/nope", "/x")
                .unwrap_err()
                .message
                .contains("points at nothing")
        );
    }

    #[test]
    fn scope_names_follow_atlassians_shape() {
        assert!(check_scope_name("read:classification-levels:admin").is_ok());
        assert!(check_scope_name("read:issue.property:jira").is_ok());
        assert!(check_scope_name("read").is_err());
        assert!(check_scope_name("read::admin").is_err());
        assert!(check_scope_name("Read:Policies").is_err());
    }
}

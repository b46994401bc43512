//! Routing by the generated operation table: a request matches the operation whose method is
//! the same and whose path template matches segment by segment.

use std::collections::HashMap;

use axum::http::Method;
use cloud_admin::{OperationInfo, operations};
use scope_runtime::decode_query_component as decode;

/// The operation for `method` and `path`, with its path parameters (percent-decoded).
pub fn find(
    method: &Method,
    path: &str,
) -> Option<(&'static OperationInfo, HashMap<String, String>)> {
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    // Literal segments beat parameters: `/classification-levels/publish` is not a level ID.
    let mut best: Option<(usize, &'static OperationInfo, HashMap<String, String>)> = None;
    for op in operations::ALL {
        if op.method != method.as_str() {
            continue;
        }
        let template: Vec<&str> = op.path.split('/').collect();
        if template.len() != segments.len() {
            continue;
        }
        let mut params = HashMap::new();
        let mut literals = 0;
        let matched = template.iter().zip(&segments).all(|(t, s)| {
            match t.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
                Some(name) => {
                    params.insert(name.to_owned(), decode(s));
                    !s.is_empty()
                }
                None => {
                    literals += 1;
                    t == s
                }
            }
        });
        if matched && best.as_ref().is_none_or(|(l, _, _)| literals > *l) {
            best = Some((literals, op, params));
        }
    }
    best.map(|(_, op, params)| (op, params))
}

/// The methods of the operations whose path template matches `path`, for 405's `Allow`.
pub fn allowed(path: &str) -> Vec<&'static str> {
    let mut methods: Vec<&'static str> = operations::ALL
        .iter()
        .filter(|op| {
            Method::from_bytes(op.method.as_bytes()).is_ok_and(|m| find(&m, path).is_some())
        })
        .map(|op| op.method)
        .collect();
    methods.sort_unstable();
    methods.dedup();
    methods
}

/// Decodes `a=1&b=x%20y&b=z` into pairs, in order.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_segments_win_over_parameters() {
        let (op, params) = find(
            &Method::POST,
            "/admin/dlp/v1/orgs/o/classification-levels/publish",
        )
        .unwrap();
        assert_eq!(op.operation_id, "publishClassificationLevels");
        assert_eq!(params["orgId"], "o");
        let (op, params) = find(&Method::GET, "/admin/v1/orgs/o%2F1/policies/p1").unwrap();
        assert_eq!(
            (op.operation_id, params["orgId"].as_str()),
            ("getPolicyById", "o/1")
        );
        assert!(find(&Method::GET, "/admin/v1/nothing").is_none());
        assert_eq!(
            allowed("/admin/v1/orgs/o/policies/p1"),
            ["DELETE", "GET", "PUT"]
        );
        assert!(allowed("/admin/v1/nothing").is_empty());
    }

    #[test]
    fn queries_keep_repeated_keys() {
        assert_eq!(
            parse_query("s=a&s=b+c&x=%3A"),
            [
                ("s".into(), "a".into()),
                ("s".into(), "b c".into()),
                ("x".into(), ":".into())
            ]
        );
    }
}

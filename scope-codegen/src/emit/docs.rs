//! Rustdoc from document prose. Descriptions are Markdown written for Atlassian's site, not for
//! rustdoc: fenced and indented code would become doctests, `[x]` would become broken
//! intra-doc links, and `<tag>` and bare URLs draw rustdoc warnings. This keeps the text and
//! defuses those.

use proc_macro2::TokenStream;
use quote::quote;

/// `line` without the characters a `///` comment cannot carry: control characters (a bare
/// CR is an error) and the text-direction characters rustc denies in comments.
pub fn comment_safe(line: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if line.contains(unsafe_char) {
        line.replace(unsafe_char, "").into()
    } else {
        line.into()
    }
}

/// `text` as an inline code span for doc prose: a name or path from the document (an
/// operationId, a parameter name, a JSON pointer), which may hold anything. Line breaks and
/// other control characters become spaces and backticks become `'`, so that the value stays on
/// its line and inside its span: a line break followed by a fence would otherwise open a
/// doctest, code that `cargo test` runs.
pub fn code(text: &str) -> String {
    let inner: String = text
        .chars()
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    format!("`{inner}`")
}

/// Appends a schema's `default` (JSON text) to a field's or parameter's doc text.
pub fn with_default(mut text: String, default: Option<&str>) -> String {
    if let Some(default) = default {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!("Default: `{default}`."));
    }
    text
}

/// `#[doc = "..."]` attributes, one per line of `text` (printed as `///` comments).
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = comment_safe(line);
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Makes document prose safe for rustdoc.
pub fn sanitize(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            in_fence = !in_fence;
            // An opened fence with no language, or any language, is shown as text.
            out.push(if in_fence {
                "```text".to_owned()
            } else {
                "```".to_owned()
            });
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        // Four leading spaces would start an indented code block, i.e. a doctest.
        let line = if line.starts_with("    ") || line.starts_with('\t') {
            trimmed
        } else {
            line
        };
        // A line that continues a list item is indented under the item's text, as Markdown
        // (and clippy's `doc_lazy_continuation`) wants; a blank line ends the item.
        let marker = list_marker(line);
        let line = match (marker, list_indent) {
            (None, Some(indent)) if !line.trim().is_empty() => {
                format!("{}{}", " ".repeat(indent), line.trim_start())
            }
            _ => line.to_owned(),
        };
        if line.trim().is_empty() {
            list_indent = None;
        } else if marker.is_some() {
            list_indent = marker;
        }
        out.push(escape_inline(line.trim_end()));
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// The width of a list item's marker with its indentation (`- `, `* `, `+ `, `1. `), so that
/// continuation lines can be indented under the item's text.
fn list_marker(line: &str) -> Option<usize> {
    let text = line.trim_start();
    let lead = line.len() - text.len();
    let spaces = |rest: &str| rest.len() - rest.trim_start_matches(' ').len();
    if let Some(rest) = text.strip_prefix(['-', '*', '+']) {
        return (spaces(rest) > 0).then(|| lead + 1 + spaces(rest));
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let rest = text[digits..].strip_prefix('.')?;
    (digits > 0 && spaces(rest) > 0).then(|| lead + digits + 1 + spaces(rest))
}

/// Escapes brackets that are not links, angle brackets, and wraps bare URLs, outside inline
/// code spans.
fn escape_inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            i += 1;
            continue;
        }
        if in_code {
            out.push(c);
            i += 1;
            continue;
        }
        match c {
            '[' => {
                // A link `[text](url)` keeps an absolute URL, and gets one for a path on
                // Atlassian's developer site; a link to an anchor of Atlassian's page (or any
                // other relative link) would be dead in rustdoc, and becomes its text.
                // Anything else is escaped.
                let close = chars[i..].iter().position(|&c| c == ']').map(|p| p + i);
                let end = close
                    .filter(|p| chars.get(p + 1) == Some(&'('))
                    .and_then(|p| {
                        chars[p..]
                            .iter()
                            .position(|&c| c == ')')
                            .map(|e| (p, e + p))
                    });
                let Some((close, end)) = end else {
                    out.push_str("\\[");
                    i += 1;
                    continue;
                };
                let text: String = chars[i + 1..close].iter().collect();
                let target: String = chars[close + 2..end].iter().collect();
                match absolute_link(target.trim()) {
                    Some(url) => out.push_str(&format!("[{}]({url})", escape_inline(&text))),
                    None => out.push_str(&escape_inline(&text)),
                }
                i = end + 1;
                continue;
            }
            // Whole links were taken at their `[`: this one closes a link whose text began on
            // an earlier line (which Markdown does not join here), or is no link at all.
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            'h' if starts_url(&chars[i..]) => {
                let end = chars[i..]
                    .iter()
                    .position(|c| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '`'))
                    .map_or(chars.len(), |p| p + i);
                let mut url: String = chars[i..end].iter().collect();
                let mut trailing = String::new();
                while url.ends_with(['.', ',', ';', ':']) {
                    trailing.insert(0, url.pop().unwrap_or_default());
                }
                out.push('<');
                out.push_str(&url);
                out.push('>');
                out.push_str(&trailing);
                i = end;
                continue;
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The absolute URL a link in Atlassian's prose stands for: itself where it has a scheme, on
/// `https://developer.atlassian.com` where it is a path of that site (`/cloud/admin/scopes/`),
/// and `None` where rustdoc could not follow it (`#permissions`, `api-group-x/#y`).
fn absolute_link(target: &str) -> Option<String> {
    let scheme = target.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphabetic())
    });
    if scheme {
        Some(target.to_owned())
    } else if let Some(rest) = target.strip_prefix("//") {
        Some(format!("https://{rest}"))
    } else if target.starts_with('/') {
        Some(format!("https://developer.atlassian.com{target}"))
    } else {
        None
    }
}

fn starts_url(chars: &[char]) -> bool {
    let s: String = chars.iter().take(8).collect();
    s.starts_with("https://") || s.starts_with("http://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_item_continuations_are_indented_under_the_item() {
        assert_eq!(
            sanitize(
                "Returns:\n- `id`, the ID\nof the page\n10. last\nline\n-   wide\nmarker\n\nafter"
            ),
            "Returns:\n- `id`, the ID\n  of the page\n10. last\n    line\n-   wide\n    marker\n\nafter"
        );
    }

    #[test]
    fn doc_attributes_carry_no_characters_rustc_rejects_in_comments() {
        let attrs = doc_attrs("a\u{2066}b\rc\n\td").to_string();
        assert_eq!(attrs, r#"# [doc = " abc"] # [doc = " \td"]"#);
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        assert_eq!(sanitize("a\n```\nlet x;\n```"), "a\n```text\nlet x;\n```");
        assert_eq!(sanitize("a\n\n    indented"), "a\n\nindented");
        assert_eq!(sanitize("```json\n{}"), "```text\n{}\n```");
    }

    #[test]
    fn links_stay_and_other_brackets_are_escaped() {
        assert_eq!(
            sanitize("[Scopes](https://x.test/cloud) and [a] and `[b]`"),
            "[Scopes](https://x.test/cloud) and \\[a\\] and `[b]`"
        );
        assert_eq!(sanitize("List<String> `<b>`"), "List&lt;String&gt; `<b>`");
    }

    #[test]
    fn links_rustdoc_could_not_follow_become_absolute_or_text() {
        assert_eq!(
            sanitize("Use [POST](#api-rest-api-3-search-post) with [Permissions](#permissions)."),
            "Use POST with Permissions."
        );
        assert_eq!(
            sanitize("See [scopes](/cloud/admin/scopes/) or [other](api-group-x/#y)."),
            "See [scopes](https://developer.atlassian.com/cloud/admin/scopes/) or other."
        );
        assert_eq!(
            sanitize("[x](https://a.test/p) [m](mailto:a@b.test) [s](//cdn.test/a) [`code`](#c)"),
            "[x](https://a.test/p) [m](mailto:a@b.test) [s](https://cdn.test/a) `code`"
        );
        assert_eq!(sanitize("[a] (b) [c](d"), "\\[a\\] (b) \\[c\\](d");
        // Link text that began on the line before: the URL is wrapped, not left bare.
        assert_eq!(
            sanitize("see [API\nkeys](https://a.test/x)."),
            "see \\[API\nkeys\\](<https://a.test/x>)."
        );
    }

    #[test]
    fn bare_urls_are_wrapped() {
        assert_eq!(sanitize("See https://a.test/x."), "See <https://a.test/x>.");
        assert_eq!(sanitize("[x](https://a.test)"), "[x](https://a.test)");
    }
}

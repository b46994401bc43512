//! Atlassian Document Format: the JSON that Jira's v3 API takes for comments, descriptions
//! and other rich text (the generated client types those fields as `serde_json::Value`).
//! A small builder for the nodes most programs write, which gives that JSON:
//!
//! ```
//! use scope_runtime::adf::{self, Doc};
//!
//! let body = Doc::new()
//!     .paragraph([adf::text("Triaged by "), adf::mention("5b10a2844c20165700ede21g")])
//!     .paragraph([adf::text("See "), adf::link("the runbook", "https://example.test/runbook")])
//!     .code_block(Some("sh"), "cargo run --example triage")
//!     .into_value();
//! assert_eq!(body["type"], "doc");
//! assert_eq!(body["content"][0]["content"][1]["attrs"]["id"], "5b10a2844c20165700ede21g");
//! ```
//!
//! Anything else ADF has (tables, panels, media) is JSON of the same shape, written with
//! `scope_runtime::serde_json::json!` and added with [`Doc::block`].

use serde_json::{Value, json};

/// An ADF document (`{"type": "doc", "version": 1, "content": [...]}`), built block by block.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    content: Vec<Value>,
}

/// A piece of inline content: text (plain, strong, emphasized, code, linked), a mention, a
/// line break.
#[derive(Debug, Clone, PartialEq)]
pub struct Inline(Value);

/// Plain text.
pub fn text(text: impl Into<String>) -> Inline {
    Inline(json!({"type": "text", "text": text.into()}))
}

fn marked(text: impl Into<String>, mark: Value) -> Inline {
    Inline(json!({"type": "text", "text": text.into(), "marks": [mark]}))
}

/// Bold text.
pub fn strong(text: impl Into<String>) -> Inline {
    marked(text, json!({"type": "strong"}))
}

/// Italic text.
pub fn em(text: impl Into<String>) -> Inline {
    marked(text, json!({"type": "em"}))
}

/// Inline code.
pub fn code(text: impl Into<String>) -> Inline {
    marked(text, json!({"type": "code"}))
}

/// Text linking to `href`.
pub fn link(text: impl Into<String>, href: impl Into<String>) -> Inline {
    marked(
        text,
        json!({"type": "link", "attrs": {"href": href.into()}}),
    )
}

/// A mention of the user with this Atlassian account ID.
pub fn mention(account_id: impl Into<String>) -> Inline {
    Inline(json!({"type": "mention", "attrs": {"id": account_id.into()}}))
}

/// A line break inside a paragraph.
pub fn hard_break() -> Inline {
    Inline(json!({"type": "hardBreak"}))
}

fn inline_content(inlines: impl IntoIterator<Item = Inline>) -> Vec<Value> {
    inlines.into_iter().map(|Inline(value)| value).collect()
}

impl Doc {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// A document of one paragraph of plain text: the shortest comment.
    pub fn plain(text: impl Into<String>) -> Self {
        Self::new().paragraph([self::text(text)])
    }

    /// Adds a paragraph.
    pub fn paragraph(self, inlines: impl IntoIterator<Item = Inline>) -> Self {
        self.block(json!({"type": "paragraph", "content": inline_content(inlines)}))
    }

    /// Adds a heading of `level` (1 to 6; others are clamped to that range).
    pub fn heading(self, level: u8, inlines: impl IntoIterator<Item = Inline>) -> Self {
        self.block(json!({
            "type": "heading",
            "attrs": {"level": level.clamp(1, 6)},
            "content": inline_content(inlines),
        }))
    }

    /// Adds a bulleted list, one paragraph per item.
    pub fn bullet_list<I: IntoIterator<Item = Inline>>(
        self,
        items: impl IntoIterator<Item = I>,
    ) -> Self {
        let items: Vec<Value> = items
            .into_iter()
            .map(|item| {
                json!({"type": "listItem", "content": [
                    {"type": "paragraph", "content": inline_content(item)}
                ]})
            })
            .collect();
        self.block(json!({"type": "bulletList", "content": items}))
    }

    /// Adds a code block, with its language if given.
    pub fn code_block(self, language: Option<&str>, code: impl Into<String>) -> Self {
        let code = code.into();
        // ADF allows no empty text node.
        let content = if code.is_empty() {
            json!([])
        } else {
            json!([{"type": "text", "text": code}])
        };
        let mut block = json!({"type": "codeBlock", "content": content});
        if let Some(language) = language {
            block["attrs"] = json!({"language": language});
        }
        self.block(block)
    }

    /// Adds any block node, as ADF JSON.
    pub fn block(mut self, node: Value) -> Self {
        self.content.push(node);
        self
    }

    /// The document as the JSON the API takes.
    pub fn into_value(self) -> Value {
        json!({"type": "doc", "version": 1, "content": self.content})
    }
}

impl From<Doc> for Value {
    fn from(doc: Doc) -> Value {
        doc.into_value()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_the_json_jira_takes() {
        let doc = Doc::new()
            .heading(9, [text("Title")])
            .paragraph([
                strong("a"),
                em("b"),
                code("c"),
                hard_break(),
                link("d", "https://x.test"),
            ])
            .bullet_list([[text("one")], [text("two")]])
            .code_block(None, "")
            .into_value();
        assert_eq!(
            doc,
            json!({"type": "doc", "version": 1, "content": [
                {"type": "heading", "attrs": {"level": 6}, "content": [{"type": "text", "text": "Title"}]},
                {"type": "paragraph", "content": [
                    {"type": "text", "text": "a", "marks": [{"type": "strong"}]},
                    {"type": "text", "text": "b", "marks": [{"type": "em"}]},
                    {"type": "text", "text": "c", "marks": [{"type": "code"}]},
                    {"type": "hardBreak"},
                    {"type": "text", "text": "d", "marks": [{"type": "link", "attrs": {"href": "https://x.test"}}]},
                ]},
                {"type": "bulletList", "content": [
                    {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "one"}]}]},
                    {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "two"}]}]},
                ]},
                {"type": "codeBlock", "content": []},
            ]})
        );
        assert_eq!(
            Value::from(Doc::plain("hi")),
            json!({"type": "doc", "version": 1, "content": [
                {"type": "paragraph", "content": [{"type": "text", "text": "hi"}]}
            ]})
        );
    }
}

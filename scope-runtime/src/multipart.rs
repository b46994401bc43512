//! `multipart/form-data` request bodies (attachments): what generated methods build from a
//! typed form struct, encoded once so that a retry sends the very same bytes.

use std::fmt::{Display, Write as _};

use serde::Serialize;

/// A file sent as one part of a multipart form: its bytes, the file name the server sees and
/// its media type (default `application/octet-stream`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    /// The file name sent in `Content-Disposition`.
    pub file_name: String,
    /// The part's `Content-Type`.
    pub content_type: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

impl FilePart {
    /// A file of `bytes` named `file_name`, sent as `application/octet-stream`.
    pub fn new(file_name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            file_name: file_name.into(),
            content_type: "application/octet-stream".to_owned(),
            bytes: bytes.into(),
        }
    }

    /// A text value in a part the document calls binary. Atlassian's attachment forms mark
    /// `comment` and `minorEdit` `format: binary`; servers read a part without a file name as
    /// a plain field, which is what these are.
    pub fn text(value: impl Into<String>) -> Self {
        Self {
            file_name: String::new(),
            content_type: "text/plain; charset=utf-8".to_owned(),
            bytes: value.into().into_bytes(),
        }
    }

    /// Sends the file as `content_type` (e.g. `image/png`).
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = content_type.into();
        self
    }
}

struct Part {
    name: &'static str,
    file: Option<(String, String)>,
    bytes: Vec<u8>,
}

/// The parts of a `multipart/form-data` body, in order.
#[derive(Default)]
pub struct Multipart {
    parts: Vec<Part>,
    error: Option<String>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(&mut self, name: &'static str, value: &dyn Display) -> &mut Self {
        self.parts.push(Part {
            name,
            file: None,
            bytes: value.to_string().into_bytes(),
        });
        self
    }

    /// Adds a text field if it is set.
    pub fn text_opt<T: Display>(&mut self, name: &'static str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.text(name, value);
        }
        self
    }

    /// Adds an array of text values as one part each, all with the same name (OpenAPI's
    /// encoding of arrays in a form).
    pub fn text_each<T: Display>(&mut self, name: &'static str, values: &[T]) -> &mut Self {
        for value in values {
            self.text(name, value);
        }
        self
    }

    /// Adds a field whose value has no text form, as JSON.
    pub fn json<T: Serialize>(&mut self, name: &'static str, value: &T) -> &mut Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => self.parts.push(Part {
                name,
                file: None,
                bytes,
            }),
            Err(e) => self.error = Some(format!("form field `{name}`: {e}")),
        }
        self
    }

    /// Adds a JSON field if it is set.
    pub fn json_opt<T: Serialize>(&mut self, name: &'static str, value: Option<&T>) -> &mut Self {
        if let Some(value) = value {
            self.json(name, value);
        }
        self
    }

    /// Adds a file.
    pub fn file(&mut self, name: &'static str, file: &FilePart) -> &mut Self {
        self.parts.push(Part {
            name,
            file: Some((file.file_name.clone(), file.content_type.clone())),
            bytes: file.bytes.clone(),
        });
        self
    }

    /// Adds a file if it is set.
    pub fn file_opt(&mut self, name: &'static str, file: Option<&FilePart>) -> &mut Self {
        if let Some(file) = file {
            self.file(name, file);
        }
        self
    }

    /// The encoded body and its `Content-Type` (with the boundary), or why it cannot be sent.
    pub(crate) fn encode(self) -> Result<(Vec<u8>, String), String> {
        if let Some(error) = self.error {
            return Err(error);
        }
        // A boundary that occurs in no part: start from a random one and change it until so.
        let mut seed = crate::transport::random_u64();
        let boundary = loop {
            let candidate = format!("scope-runtime-{seed:016x}");
            if !self
                .parts
                .iter()
                .any(|p| contains(&p.bytes, candidate.as_bytes()))
            {
                break candidate;
            }
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        };
        let quoted = |s: &str| {
            s.replace('\\', "\\\\")
                .replace('"', "\\\"")
                .replace(['\r', '\n'], " ")
        };
        let mut out = Vec::new();
        for part in &self.parts {
            let mut head = format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
                quoted(part.name)
            );
            if let Some((file_name, content_type)) = &part.file {
                if !file_name.is_empty() {
                    let _ = write!(head, "; filename=\"{}\"", quoted(file_name));
                }
                let _ = write!(
                    head,
                    "\r\nContent-Type: {}",
                    content_type.replace(['\r', '\n'], "")
                );
            }
            head.push_str("\r\n\r\n");
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(&part.bytes);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Ok((out, format!("multipart/form-data; boundary={boundary}")))
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_encoded_in_order_with_a_boundary_they_do_not_contain() {
        let mut form = Multipart::new();
        form.file(
            "file",
            &FilePart::new("a \"b\".txt", b"hello".to_vec()).with_content_type("text/plain"),
        )
        .text("minorEdit", &true)
        .text_opt::<String>("comment", None)
        .json("meta", &serde_json::json!({"k": 1}));
        let (bytes, content_type) = form.encode().unwrap();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"minorEdit\"\r\n\r\ntrue\r\n\
                 --{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{{\"k\":1}}\r\n\
                 --{boundary}--\r\n"
            )
        );
    }
}

//! An indenting line writer, for the parts of the output that are written as text rather than
//! built as tokens and pretty-printed: they are most of a large client and regular enough that
//! syn and prettyplease were most of the generator's time.

use super::docs::comment_safe;

/// Lines of Rust at a nesting depth (four spaces a level).
#[derive(Default)]
pub struct Writer {
    pub text: String,
    depth: usize,
}

impl Writer {
    /// A writer whose lines start `depth` levels in (for text spliced into a module).
    pub fn at_depth(depth: usize) -> Self {
        Writer {
            text: String::new(),
            depth,
        }
    }

    pub fn line(&mut self, line: &str) {
        for _ in 0..self.depth {
            self.text.push_str("    ");
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    pub fn open(&mut self, line: &str) {
        self.line(line);
        self.depth += 1;
    }

    pub fn close(&mut self, line: &str) {
        self.depth -= 1;
        self.line(line);
    }

    /// Doc comment lines (see [`comment_safe`] for what they leave out).
    pub fn doc(&mut self, text: &str) {
        for line in text.lines() {
            let line = comment_safe(line);
            if line.is_empty() {
                self.line("///");
            } else {
                self.line(&format!("/// {line}"));
            }
        }
    }

    /// `#[diagnostic::on_unimplemented(...)]` with the given `key = "value"` pairs.
    pub fn on_unimplemented(&mut self, pairs: &[(&str, &str)]) {
        self.open("#[diagnostic::on_unimplemented(");
        for (key, value) in pairs {
            self.line(&format!("{key} = {},", string_literal(value)));
        }
        self.close(")]");
    }
}

/// A Rust string literal for `value`.
pub fn string_literal(value: &str) -> String {
    proc_macro2::Literal::string(value).to_string()
}

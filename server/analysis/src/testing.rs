//! Test helpers: fixtures with a `$0` cursor marker, and rule checks rendered as
//! `line:col-line:col message` (1-based, columns in characters).

use crate::text::TextRange;
use crate::{Analysis, BuildConfig};

pub(crate) struct Fixture {
    pub(crate) analysis: Analysis,
    pub(crate) cursor: usize,
}

/// Analyses `src` with its `$0` marker removed; the cursor is where the marker was.
pub(crate) fn fixture(src: &str) -> Fixture {
    let cursor = src.find("$0").unwrap_or(0);
    let text = src.replacen("$0", "", 1);
    Fixture {
        analysis: Analysis::from_text(&text, &BuildConfig::default()),
        cursor,
    }
}

/// `line:col` of a byte offset, 1-based, the column counted in chars.
pub(crate) fn line_col(a: &Analysis, offset: usize) -> String {
    let rope = a.text();
    let line = rope.byte_to_line(offset);
    let col = rope.byte_to_char(offset) - rope.line_to_char(line);
    format!("{}:{}", line + 1, col + 1)
}

pub(crate) fn render_range(a: &Analysis, r: TextRange) -> String {
    format!("{}-{}", line_col(a, r.start), line_col(a, r.end))
}

/// Asserts the findings of rule `id` on `text`.
pub(crate) fn check_rule(id: &str, text: &str, expected: &[&str]) {
    let a = Analysis::from_text(text, &BuildConfig::default());
    let got: Vec<String> = a
        .diagnostics()
        .into_iter()
        .filter(|d| d.rule == id)
        .map(|d| format!("{} {}", render_range(&a, d.range), d.message))
        .collect();
    assert_eq!(got, expected, "findings of {id} on:\n{text}");
}

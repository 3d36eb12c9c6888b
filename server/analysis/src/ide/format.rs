//! The formatter: instruction keywords (and `AS`) in upper case, one continuation indent,
//! `["a", "b"]` spacing in JSON-form arrays written on one line, no trailing white space.
//! Here-document bodies, comments and anything inside quotes are left exactly as they are,
//! so formatting never changes what BuildKit reads beyond white space between words.

use crate::Analysis;
use crate::syntax::{Instruction, Keyword};
use crate::text::TextEdit;
use crate::text::TextRange;

/// How continuation lines are indented.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Indent {
    /// Each instruction's indented continuation lines are shifted so that the least indented
    /// one starts with this text; deeper lines keep their extra indentation. Lines at the
    /// margin are left there (they may continue the word on the line before).
    Relative(String),
    /// Left as they are.
    Preserve,
}

/// Formatting options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatOptions {
    /// How continuation lines are indented.
    pub indent: Indent,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            indent: Indent::Relative("    ".to_owned()),
        }
    }
}

/// The edits that format the whole document.
#[must_use]
pub fn format(analysis: &Analysis, options: &FormatOptions) -> Vec<TextEdit> {
    format_range(
        analysis,
        options,
        TextRange::new(0, analysis.text().len_bytes()),
    )
}

/// The edits that format the instructions and lines touching `range`.
#[must_use]
pub fn format_range(
    analysis: &Analysis,
    options: &FormatOptions,
    range: TextRange,
) -> Vec<TextEdit> {
    let parsed = analysis.parsed();
    let ins = &parsed.instructions;
    let mut edits: Vec<TextEdit> = Vec::new();
    let first = ins.partition_point(|i| i.range.end < range.start);
    let last = ins.partition_point(|i| i.range.start <= range.end);
    let in_range = ins.get(first..last).unwrap_or_default();
    // The here-document bodies and their terminator lines belong to the script or file:
    // sorted and merged, so that whether a line is in one is a binary search.
    let mut protected: Vec<TextRange> = Vec::new();
    for i in in_range {
        for h in i
            .heredocs
            .iter()
            .chain(i.trigger.iter().flat_map(|t| t.heredocs.iter()))
        {
            let end = super::symbol_at::heredoc_terminator(analysis, h)
                .map_or(h.body_range.end, |t| t.end);
            protected.push(TextRange::new(
                h.body_range.start,
                end.max(h.body_range.start + 1),
            ));
        }
    }
    protected.sort_by_key(|r| r.start);
    let mut merged: Vec<TextRange> = Vec::with_capacity(protected.len());
    for r in protected {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    let protected = Protected(merged);
    for i in in_range {
        keyword(i, &mut edits);
        if let Some(t) = &i.trigger {
            keyword(t, &mut edits);
        }
        if i.kind == Keyword::From
            && let Some(w) = i
                .args
                .get(1)
                .filter(|w| w.text.eq_ignore_ascii_case("as") && w.text != "AS")
        {
            edits.push(TextEdit::replace(w.range, "AS"));
        }
        json_array(analysis, i, &mut edits);
        if let Indent::Relative(indent) = &options.indent {
            continuation_indent(analysis, i, indent, &protected, &mut edits);
        }
    }
    trailing_whitespace(analysis, range, &protected, &mut edits);
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits.dedup_by(|b, a| a.range.start < b.range.end && b.range.start < a.range.end);
    edits
}

/// Sorted, disjoint ranges no edit may touch (here-document bodies and terminators).
struct Protected(Vec<TextRange>);

impl Protected {
    /// Whether the line starting at `start` is inside one.
    fn holds(&self, start: usize) -> bool {
        let k = self.0.partition_point(|p| p.start <= start);
        k.checked_sub(1)
            .and_then(|k| self.0.get(k))
            .is_some_and(|p| start < p.end)
    }
}

fn keyword(i: &Instruction, edits: &mut Vec<TextEdit>) {
    if i.kind != Keyword::Unknown && i.keyword != i.kind.as_str() {
        edits.push(TextEdit::replace(i.keyword_range, i.kind.as_str()));
    }
}

/// `["a","b"]` → `["a", "b"]` for an array written on one line (its values unchanged: each
/// element is written back exactly as it was, only the separators change).
fn json_array(analysis: &Analysis, i: &Instruction, edits: &mut Vec<TextEdit>) {
    let targets = [i].into_iter().chain(i.trigger.as_deref());
    for i in targets {
        let Some(r) = i.args_range.filter(|_| i.json) else {
            continue;
        };
        let text = crate::text::slice(analysis.text(), r);
        let t = text.trim_end();
        if t.contains(['\n', '\r']) || !t.starts_with('[') || !t.ends_with(']') {
            continue;
        }
        let Some(elements) = split_json_strings(t) else {
            continue;
        };
        let formatted = format!("[{}]", elements.join(", "));
        if formatted != t {
            edits.push(TextEdit::replace(
                TextRange::new(r.start, r.start + t.len()),
                formatted,
            ));
        }
    }
}

/// The string elements of a one-line JSON array, each exactly as written (quotes and escapes
/// kept); None if it holds anything but strings.
fn split_json_strings(t: &str) -> Option<Vec<&str>> {
    let inner = t.strip_prefix('[')?.strip_suffix(']')?;
    let b = inner.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let start = i;
        i += 1;
        loop {
            match b.get(i)? {
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        i += 1;
        out.push(inner.get(start..i)?);
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match b.get(i) {
            Some(b',') => i += 1,
            None => break,
            Some(_) => return None,
        }
    }
    Some(out)
}

/// Whether each physical line of `i` after its first starts inside quotes, as the shell and
/// BuildKit read them (the escape character escapes outside single quotes).
fn lines_inside_quotes(analysis: &Analysis, i: &Instruction) -> Vec<(usize, bool)> {
    let rope = analysis.text();
    let escape = analysis.parsed().escape;
    let text = crate::text::slice(rope, i.range);
    let mut out = Vec::new();
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut offset = i.range.start;
    for c in text.chars() {
        offset += c.len_utf8();
        if escaped {
            escaped = false;
            if c == '\n' {
                out.push((offset, single || double));
            }
            continue;
        }
        match c {
            '\n' => out.push((offset, single || double)),
            _ if c == escape && !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            _ => {}
        }
    }
    out
}

fn continuation_indent(
    analysis: &Analysis,
    i: &Instruction,
    indent: &str,
    protected: &Protected,
    edits: &mut Vec<TextEdit>,
) {
    if i.start_line == i.end_line {
        return; // one line: nothing continues it
    }
    let rope = analysis.text();
    // Eligible lines: continuation lines that start outside quotes, are not comments, not
    // blank, not in a here-document, and are indented with spaces only.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    for (start, quoted) in lines_inside_quotes(analysis, i) {
        if quoted || start >= i.range.end || protected.holds(start) {
            continue;
        }
        let line = crate::text::line_range(rope, start);
        let text = crate::text::slice(rope, line);
        let body = text.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start_matches([' ', '\t']).len();
        let rest = body.get(lead..).unwrap_or_default();
        if rest.is_empty()
            || rest.starts_with('#')
            || body.get(..lead).is_some_and(|w| w.contains('\t'))
        {
            continue;
        }
        // BuildKit joins continued lines without adding a space: a line that starts at the
        // margin may continue the word before it (`ab\` then `cd` is `abcd`), and indenting
        // it would split the word. Only lines already indented are re-indented, which also
        // keeps the result stable (formatting twice changes nothing more).
        if lead == 0 {
            continue;
        }
        lines.push((start, lead));
    }
    let Some(min) = lines.iter().map(|(_, l)| *l).min() else {
        return;
    };
    for (start, lead) in lines {
        let want = format!("{indent}{}", " ".repeat(lead - min));
        if want.len() != lead
            || crate::text::slice(rope, TextRange::new(start, start + lead)) != want
        {
            edits.push(TextEdit::replace(TextRange::new(start, start + lead), want));
        }
    }
}

fn trailing_whitespace(
    analysis: &Analysis,
    range: TextRange,
    protected: &Protected,
    edits: &mut Vec<TextEdit>,
) {
    let rope = analysis.text();
    let (a, b) = (
        rope.byte_to_line(range.start.min(rope.len_bytes())),
        rope.byte_to_line(range.end.min(rope.len_bytes())),
    );
    for (n, start, line) in crate::text::lines_from(rope, a) {
        if n > b {
            break;
        }
        // Most lines end without white space: no copy of them.
        let mut end = line.len_bytes();
        while end > 0 && matches!(line.get_byte(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        if !matches!(
            end.checked_sub(1).and_then(|e| line.get_byte(e)),
            Some(b' ' | b'\t')
        ) {
            continue;
        }
        if protected.holds(start) {
            continue;
        }
        let text = line.to_string();
        let body = text.trim_end_matches(['\n', '\r']);
        if body.trim_start().starts_with('#') {
            continue; // comments are left as written
        }
        let kept = body.trim_end_matches([' ', '\t']);
        // A line of white space alone after a lone CR stays: emptied, the CR and the next
        // line break would become one CRLF, one line break where there were two.
        let after_lone_cr = kept.is_empty() && start > 0 && rope.get_byte(start - 1) == Some(b'\r');
        if kept.len() < body.len() && !after_lone_cr {
            edits.push(TextEdit::delete(TextRange::new(
                start + kept.len(),
                start + body.len(),
            )));
        }
    }
}

/// After a line break typed at `offset`: the indentation of the new line when it continues
/// an instruction (the edit that sets it), else nothing.
#[must_use]
pub fn on_new_line(analysis: &Analysis, options: &FormatOptions, offset: usize) -> Vec<TextEdit> {
    let Indent::Relative(indent) = &options.indent else {
        return Vec::new();
    };
    let rope = analysis.text();
    let line = crate::text::line_range(rope, offset);
    if line.start == 0 {
        return Vec::new();
    }
    let prev = crate::text::line_range(rope, line.start - 1);
    let prev_text = crate::text::slice(rope, prev);
    let continues = prev_text.trim_end().ends_with(analysis.parsed().escape);
    let Some(ins) = analysis
        .instruction_at(prev.start)
        .and_then(|i| analysis.parsed().instructions.get(i))
        .filter(|_| continues)
    else {
        return Vec::new();
    };
    // A here-document's body is text the build copies or runs as written: a `\` there
    // continues nothing BuildKit reads, and the full formatter leaves it alone too.
    let in_body = |at: usize| {
        ins.heredocs
            .iter()
            .any(|h| h.body_range.start <= at && at <= h.body_range.end)
    };
    if in_body(prev.start) || in_body(line.start) {
        return Vec::new();
    }
    let text = crate::text::slice(rope, line);
    let lead = text.len() - text.trim_start_matches([' ', '\t']).len();
    let current = crate::text::slice(rope, TextRange::new(line.start, line.start + lead));
    if current == indent.as_str() {
        return Vec::new();
    }
    vec![TextEdit::replace(
        TextRange::new(line.start, line.start + lead),
        indent.clone(),
    )]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BuildConfig;
    use crate::fix::apply_edits;

    fn fmt(text: &str) -> String {
        let a = Analysis::from_text(text, &BuildConfig::default());
        apply_edits(text, &format(&a, &FormatOptions::default())).0
    }

    #[test]
    fn formats_keywords_indent_arrays_and_trailing_space() {
        assert_eq!(
            fmt(
                "from alpine:3.22 as build  \nrun apk add \\\n  curl \\\n      git\ncmd [\"a\",\"b\"  ,  \"c\"]\n"
            ),
            "FROM alpine:3.22 AS build\nRUN apk add \\\n    curl \\\n        git\nCMD [\"a\", \"b\", \"c\"]\n"
        );
    }

    /// Issue #25, item 6: a line break typed inside a here-document's body after a `\`
    /// indents nothing.
    #[test]
    fn a_new_line_in_a_heredoc_body_is_left_alone() {
        let text = "FROM a\nCOPY <<EOF /etc/x.conf\nfoo \\\nbar\nEOF\nRUN a \\\nb\n";
        let a = Analysis::from_text(text, &BuildConfig::default());
        let options = FormatOptions::default();
        let bar = text.find("bar").unwrap_or(0);
        assert_eq!(on_new_line(&a, &options, bar), Vec::new());
        // A continued instruction is still indented.
        let b = text.rfind("b\n").unwrap_or(0);
        assert_eq!(on_new_line(&a, &options, b).len(), 1);
    }

    #[test]
    fn leaves_heredocs_comments_and_quotes_alone() {
        let text = "FROM a\nRUN <<EOF\n  echo hi   \nEOF\n# comment   \nRUN echo \"a \\\n  b\"\n";
        assert_eq!(fmt(text), text);
    }
}

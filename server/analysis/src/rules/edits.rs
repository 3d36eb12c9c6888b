//! The edits fixes are made of: an instruction's lines, a line inserted after one, a word
//! removed, a keyword written in the file's own casing.

use crate::Analysis;
use crate::syntax::Instruction;
use crate::text::{TextEdit, TextRange};

/// The start of the line holding `offset`.
pub(super) fn line_start(analysis: &Analysis, offset: usize) -> usize {
    crate::text::line_range(analysis.text(), offset).start
}

/// The whole lines of an instruction, line break included: what to delete to remove it.
pub(super) fn instruction_lines(analysis: &Analysis, ins: &Instruction) -> TextRange {
    let end = ins
        .next_line
        .max(ins.range.end)
        .min(analysis.text().len_bytes());
    TextRange::new(line_start(analysis, ins.range.start), end)
}

/// The edits that add `line` (a whole line, without its break) right after instruction
/// `ins`; see [`append_lines`].
pub(super) fn insert_line_after(
    analysis: &Analysis,
    ins: &Instruction,
    line: &str,
) -> Option<Vec<TextEdit>> {
    let at = instruction_lines(analysis, ins).end;
    append_lines(analysis, Some(ins), at, &[line])
}

/// The edits that add `lines` (whole lines, without their breaks) at `at`, the end of
/// instruction `last`'s lines or a later line start (`last` is the instruction before `at`,
/// if any), so that each added line starts an instruction of its own: the added lines use the file's line break and supply the one the
/// file may lack at its end, and a continuation that `last` leaves open at the end of the
/// file is closed by removing its dangling escape character (BuildKit reads `last` the same
/// without it, and would read the added lines as part of it). None when that cannot be done
/// without changing `last` (its last line ends in two escape characters).
pub(super) fn append_lines(
    analysis: &Analysis,
    last: Option<&Instruction>,
    at: usize,
    lines: &[&str],
) -> Option<Vec<TextEdit>> {
    let rope = analysis.text();
    let eol = crate::text::line_break_of(rope);
    let body: String = lines.iter().map(|l| format!("{l}{eol}")).collect();
    let newline = if at > 0 && rope.get_byte(at - 1) != Some(b'\n') {
        eol
    } else {
        ""
    };
    let mut edits = Vec::new();
    if let Some(escape) = last.and_then(|l| dangling_escape(analysis, l)) {
        if escape.end > at
            || ends_in_escape(
                analysis,
                TextRange::new(line_start(analysis, escape.start), escape.start),
            )
        {
            return None;
        }
        edits.push(TextEdit::delete(escape));
    }
    edits.push(TextEdit::insert(at, format!("{newline}{body}")));
    Some(edits)
}

/// Whether the text of `range` ends in the escape character (white space after it aside).
fn ends_in_escape(analysis: &Analysis, range: TextRange) -> bool {
    crate::text::slice(analysis.text(), range)
        .trim_end_matches([' ', '\t', '\r', '\n'])
        .ends_with(analysis.parsed().escape)
}

/// The escape character that ends `ins`'s last line when it continues nothing: the file ends
/// (or only blank and comment lines follow, which a continuation skips) in the middle of a
/// continued instruction.
fn dangling_escape(analysis: &Analysis, ins: &Instruction) -> Option<TextRange> {
    let escape = analysis.parsed().escape;
    let rope = analysis.text();
    let start = line_start(analysis, ins.range.start);
    let mut end = instruction_lines(analysis, ins).end;
    // The instruction's last line that is neither blank nor a comment.
    while end > start {
        let line = TextRange::new(line_start(analysis, end - 1), end);
        let text = crate::text::slice(rope, line);
        let content = text.trim_end_matches([' ', '\t', '\r', '\n']);
        let trimmed = content.trim_start_matches([' ', '\t']);
        if line.start > start && (trimmed.is_empty() || trimmed.starts_with('#')) {
            end = line.start;
            continue;
        }
        if ins.heredocs.iter().any(|h| h.body_range.end > line.start) {
            return None;
        }
        let at = line.start + content.strip_suffix(escape)?.len();
        return Some(TextRange::new(at, at + escape.len_utf8()));
    }
    None
}

/// The range that removes word `k` (or words `k..=last`) of an instruction's arguments
/// together with the white space that separates them from their neighbours.
pub(super) fn word_removal(ins: &Instruction, k: usize, last: usize) -> Option<TextRange> {
    let first = ins.args.get(k)?;
    let end = ins.args.get(last)?;
    if k > 0 {
        let prev = ins.args.get(k - 1)?;
        Some(TextRange::new(prev.range.end, end.range.end))
    } else {
        let next = ins.args.get(last + 1)?;
        Some(TextRange::new(first.range.start, next.range.start))
    }
}

/// `keyword` in the case the instruction's own keyword is written in: all lower case when it
/// is (`copy`), else upper case (`COPY`), for fixes that write a keyword.
pub(super) fn keyword_like(ins: &Instruction, keyword: &str) -> String {
    if ins.keyword.chars().all(|c| c.is_ascii_lowercase()) {
        keyword.to_ascii_lowercase()
    } else {
        keyword.to_ascii_uppercase()
    }
}

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

/// An edit that adds `line` (a whole line, without its break) right after instruction `ins`,
/// supplying the line break the file may lack at its end.
pub(super) fn insert_line_after(analysis: &Analysis, ins: &Instruction, line: &str) -> TextEdit {
    let at = instruction_lines(analysis, ins).end;
    let rope = analysis.text();
    let newline = if at > 0 && rope.get_byte(at - 1) != Some(b'\n') {
        "\n"
    } else {
        ""
    };
    TextEdit::insert(at, format!("{newline}{line}\n"))
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

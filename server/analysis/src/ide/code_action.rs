//! Fixes that do not belong to one rule: "ignore this rule here", and the whole-document
//! fix (`source.fixAll`) as one minimal edit.

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::text::TextEdit;
use crate::text::TextRange;
use crate::{Analysis, BuildConfig, RuleSettings};

/// A fix that silences `d` at its instruction with a `# check=skip=<Rule>` comment above it
/// (indented like the instruction). Findings that fail the build are not offered one. At the
/// top of the file, where BuildKit would read that comment as a parser directive for the
/// whole file, the comment is `# dockerfile-ls: ignore=<Rule>` instead.
#[must_use]
pub fn ignore_here(analysis: &Analysis, d: &Diagnostic) -> Option<Fix> {
    // Build errors cannot be ignored, and notices about the analysis are no rule's.
    if d.severity == Severity::Error || crate::rules::find(d.rule).is_none() {
        return None;
    }
    let parsed = analysis.parsed();
    let ins = parsed
        .instructions
        .get(analysis.instruction_at(d.range.start)?)?;
    let rope = analysis.text();
    let line = rope.byte_to_line(ins.range.start.min(rope.len_bytes()));
    // On the first line, after the byte-order mark: a comment before it would move the mark
    // into the first instruction's keyword.
    let line_start = rope.line_to_byte(line).max(crate::text::bom_len(rope));
    let eol = crate::text::line_break_of(rope);
    let indent: String = rope
        .byte_slice(line_start..ins.range.start.max(line_start))
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let comment = if line <= parsed.directives.len() {
        format!("{indent}# dockerfile-ls: ignore={}{eol}", d.rule)
    } else {
        format!("{indent}# check=skip={}{eol}", d.rule)
    };
    Some(Fix::suggested(
        format!("Ignore {} for this instruction", d.rule),
        vec![TextEdit::insert(line_start, comment)],
    ))
}

/// Every safe fix applied (see [`crate::fix::fix_all`]), as one edit covering only the
/// changed span; None when nothing is fixable. Also returns how many fixes it applies.
#[must_use]
pub fn fix_all_edit(
    analysis: &Analysis,
    config: &BuildConfig,
    settings: &RuleSettings,
) -> Option<(TextEdit, usize)> {
    let fixed = crate::fix::fix_all(analysis, config, settings);
    let text = analysis.text().to_string();
    if fixed.applied.is_empty() || fixed.text == text {
        return None;
    }
    Some((minimal_edit(&text, &fixed.text), fixed.applied.len()))
}

/// The single replacement that turns `old` into `new`: common prefix and suffix kept.
fn minimal_edit(old: &str, new: &str) -> TextEdit {
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(prefix) || !new.is_char_boundary(prefix) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suffix) || !new.is_char_boundary(new.len() - suffix) {
        suffix -= 1;
    }
    TextEdit::replace(
        TextRange::new(prefix, old.len() - suffix),
        new.get(prefix..new.len() - suffix).unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fix::apply_edits;

    fn first(text: &str, rule: &str) -> (Analysis, Diagnostic) {
        let a = Analysis::from_text(text, &BuildConfig::default());
        let d = a
            .diagnostics()
            .into_iter()
            .find(|d| d.rule == rule)
            .unwrap();
        (a, d)
    }

    #[test]
    fn ignore_comment_goes_above_the_instruction() {
        let text = "# syntax=docker/dockerfile:1\nFROM a AS Build\nFROM b\n  COPY --from=0 /a /b\n";
        let (a, d) = first(text, "NumericStageReference");
        let fix = ignore_here(&a, &d).unwrap();
        let (fixed, _) = apply_edits(text, &fix.edits);
        assert_eq!(
            fixed,
            "# syntax=docker/dockerfile:1\nFROM a AS Build\nFROM b\n  # check=skip=NumericStageReference\n  COPY --from=0 /a /b\n"
        );
        let b = Analysis::from_text(&fixed, &BuildConfig::default());
        assert!(b.diagnostics().iter().all(|x| x.rule != d.rule));
    }

    #[test]
    fn at_the_top_the_comment_is_not_a_directive() {
        let text = "# syntax=docker/dockerfile:1\nFROM a AS Build\n";
        let (a, d) = first(text, "StageNameCasing");
        let fix = ignore_here(&a, &d).unwrap();
        let (fixed, _) = apply_edits(text, &fix.edits);
        assert_eq!(
            fixed,
            "# syntax=docker/dockerfile:1\n# dockerfile-ls: ignore=StageNameCasing\nFROM a AS Build\n"
        );
        let b = Analysis::from_text(&fixed, &BuildConfig::default());
        assert!(
            b.diagnostics().iter().all(|x| x.rule != "StageNameCasing"),
            "{:?}",
            b.diagnostics()
        );
    }

    /// Issue #25, items 5 and 7: at the top of a file with a byte-order mark the comment goes
    /// after the mark (before it, the mark would start the first instruction), and it takes
    /// the file's CRLF line break.
    #[test]
    fn the_comment_goes_after_a_byte_order_mark_with_the_files_line_break() {
        let text = "\u{feff}FROM a AS Build\r\nRUN x\r\n";
        let (a, d) = first(text, "StageNameCasing");
        let fix = ignore_here(&a, &d).unwrap();
        let (fixed, _) = apply_edits(text, &fix.edits);
        assert_eq!(
            fixed,
            "\u{feff}# dockerfile-ls: ignore=StageNameCasing\r\nFROM a AS Build\r\nRUN x\r\n"
        );
        let b = Analysis::from_text(&fixed, &BuildConfig::default());
        assert!(b.parsed().errors.is_empty(), "{:?}", b.parsed().errors);
        assert!(b.diagnostics().iter().all(|x| x.rule != "StageNameCasing"));
    }

    #[test]
    fn minimal_edits_keep_prefix_and_suffix() {
        let e = minimal_edit("héllo wörld", "héllo brave wörld");
        assert_eq!(
            apply_edits("héllo wörld", std::slice::from_ref(&e)).0,
            "héllo brave wörld"
        );
        assert_eq!(e.new_text, "brave ");
        let e = minimal_edit("aaa", "aa");
        assert_eq!(apply_edits("aaa", &[e]).0, "aa");
    }
}

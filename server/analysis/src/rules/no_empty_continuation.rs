//! `NoEmptyContinuation`: a continued instruction contains an empty line.

use super::Check;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;

declare_rule! {
    /// # NoEmptyContinuation
    ///
    /// Reports a blank line inside an instruction continued with `\`. Like BuildKit, it reports
    /// once per instruction, on the instruction's last line; the blank lines are shown as related
    /// locations, and the fix removes them all.
    ///
    /// ## Why
    ///
    /// BuildKit skips the blank line today and warns that it will become an error in a future
    /// release. It usually means a line was deleted without its continuation, and the instruction
    /// goes on further than it looks.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN apk add \
    ///     curl \
    ///
    ///     jq
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN apk add \
    ///     curl \
    ///     jq
    /// ```
    NoEmptyContinuation {
        severity: Warning,
        buildkit_check: true,
        fixable: true,
        summary: "A continued instruction contains an empty line.",
    }
}

impl Check for NoEmptyContinuation {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        let text = analysis.text();
        for i in &analysis.parsed().instructions {
            if i.empty_continuation_lines.is_empty() {
                continue;
            }
            // As BuildKit: one finding per instruction, on its last line; the empty lines
            // themselves are related locations, and the fix removes them all.
            let last =
                crate::text::line_range(text, i.range.end.saturating_sub(1).max(i.range.start));
            let end = crate::text::slice(text, last)
                .trim_end_matches(['\n', '\r'])
                .len();
            let range = crate::text::TextRange::new(last.start, last.start + end);
            let mut d = Diagnostic::new(
                &META,
                range,
                "Empty continuation line: it will become an error in a future BuildKit release"
                    .to_owned(),
            );
            for r in &i.empty_continuation_lines {
                d = d.with_related(*r, "the empty line");
            }
            let edits = i
                .empty_continuation_lines
                .iter()
                .map(|r| TextEdit::delete(crate::text::line_range(text, r.start)))
                .collect();
            let title = if i.empty_continuation_lines.len() > 1 {
                "Remove the empty lines"
            } else {
                "Remove the empty line"
            };
            out.push(d.with_fix(Fix::safe(title, edits)));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn fix_removes_the_line() {
        check_fix(
            "NoEmptyContinuation",
            "FROM a\nRUN apt-get update \\\n\n    && true\n",
            "FROM a\nRUN apt-get update \\\n    && true\n",
        );
    }

    #[test]
    fn blank_line_inside_a_continuation() {
        check_rule(
            "NoEmptyContinuation",
            "FROM a\nRUN x \\\n\n  y \\\n\n  z\nRUN a\n",
            &[
                "6:1-6:4 Empty continuation line: it will become an error in a future BuildKit release",
            ],
        );
    }
}

//! `ConsistentInstructionCasing`: an instruction keyword's case differs from the file's majority.

use super::Check;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::syntax::{Instruction, Keyword};

declare_rule! {
    /// # ConsistentInstructionCasing
    ///
    /// Reports instruction keywords whose case (upper or lower) differs from the case most
    /// instructions in the file use; mixed-case keywords (`Run`) are always reported.
    ///
    /// ## Why
    ///
    /// Keywords are case-insensitive, but a file that mixes `RUN` and `run` is harder to read and
    /// to search. Upper case is the convention.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine
    /// run apk add curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM alpine
    /// RUN apk add curl
    /// ```
    ConsistentInstructionCasing {
        severity: Warning,
        buildkit_check: true,
        fixable: true,
        summary: "An instruction keyword is not in the case most keywords of the file use.",
    }
}

fn keywords(ins: &[Instruction]) -> impl Iterator<Item = &Instruction> {
    ins.iter()
        .flat_map(|i| std::iter::once(i).chain(i.trigger.as_deref()))
        .filter(|i| i.kind != Keyword::Unknown)
}

impl Check for ConsistentInstructionCasing {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        let ins = &analysis.parsed().instructions;
        let (mut upper, mut lower) = (0usize, 0usize);
        for i in keywords(ins) {
            if !i.keyword.bytes().any(|b| b.is_ascii_lowercase()) {
                upper += 1;
            } else if !i.keyword.bytes().any(|b| b.is_ascii_uppercase()) {
                lower += 1;
            }
        }
        let want_upper = upper >= lower;
        for i in keywords(ins) {
            let fine = if want_upper {
                !i.keyword.bytes().any(|b| b.is_ascii_lowercase())
            } else {
                !i.keyword.bytes().any(|b| b.is_ascii_uppercase())
            };
            if fine {
                continue;
            }
            let expected = if want_upper {
                i.keyword.to_ascii_uppercase()
            } else {
                i.keyword.to_ascii_lowercase()
            };
            if i.keyword != expected {
                let case = if want_upper { "uppercase" } else { "lowercase" };
                out.push(
                    Diagnostic::new(
                        &META,
                        i.keyword_range,
                        format!(
                            "Command '{}' should match the case of the command majority ({case})",
                            i.keyword
                        ),
                    )
                    .with_fix(Fix::safe(
                        format!("Change to `{expected}`"),
                        vec![TextEdit::replace(i.keyword_range, expected.clone())],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn fix_follows_the_majority() {
        check_fix(
            "ConsistentInstructionCasing",
            "FROM a\nrun true\nRUN false\n",
            "FROM a\nRUN true\nRUN false\n",
        );
    }

    #[test]
    fn minority_and_mixed_case() {
        check_rule(
            "ConsistentInstructionCasing",
            "FROM a\nrun x\nRun y\nCOPY a b\nONBUILD run z\n",
            &[
                "2:1-2:4 Command 'run' should match the case of the command majority (uppercase)",
                "3:1-3:4 Command 'Run' should match the case of the command majority (uppercase)",
                "5:9-5:12 Command 'run' should match the case of the command majority (uppercase)",
            ],
        );
        check_rule(
            "ConsistentInstructionCasing",
            "from a\nrun x\nCOPY a b\n",
            &["3:1-3:5 Command 'COPY' should match the case of the command majority (lowercase)"],
        );
    }
}

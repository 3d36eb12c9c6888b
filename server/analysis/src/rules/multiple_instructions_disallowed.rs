//! `MultipleInstructionsDisallowed`: a stage has more than one CMD, ENTRYPOINT or HEALTHCHECK.

use super::{Check, stages_with_instructions};
use crate::diagnostic::{Diagnostic, Tag};
use crate::syntax::Keyword;

declare_rule! {
    /// # MultipleInstructionsDisallowed
    ///
    /// Reports every `CMD`, `ENTRYPOINT` or `HEALTHCHECK` of a stage but the last of its kind.
    ///
    /// ## Why
    ///
    /// Only the last one takes effect; the earlier ones are dead code that readers take for real.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine:3.22
    /// CMD ["./migrate"]
    /// CMD ["./serve"]
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM alpine:3.22
    /// CMD ["./serve"]
    /// ```
    MultipleInstructionsDisallowed {
        severity: Warning,
        aliases: ["DL4003", "DL4004"],
        buildkit_check: true,
        summary: "A stage has more than one CMD, ENTRYPOINT or HEALTHCHECK.",
    }
}

impl Check for MultipleInstructionsDisallowed {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for (_, stage) in stages_with_instructions(analysis) {
            for (n, i) in stage.iter().enumerate() {
                if !matches!(
                    i.kind,
                    Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck
                ) {
                    continue;
                }
                if stage.iter().skip(n + 1).any(|later| later.kind == i.kind) {
                    let name = i.kind.as_str();
                    out.push(
                        Diagnostic::new(
                            &META,
                            i.keyword_range,
                            format!("Multiple {name} instructions should not be used in the same stage because only the last one will be used"),
                        )
                        .with_tag(Tag::Unnecessary),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn all_but_the_last() {
        check_rule(
            "MultipleInstructionsDisallowed",
            "FROM a\nCMD a\nCMD b\nENTRYPOINT x\nFROM b\nCMD c\n",
            &[
                "2:1-2:4 Multiple CMD instructions should not be used in the same stage because only the last one will be used",
            ],
        );
    }
}

//! `UnknownInstruction`: a line starts with a word that is no Dockerfile instruction.

use super::ReportsSyntaxErrors;

declare_rule! {
    /// # UnknownInstruction
    ///
    /// Reports a line whose first word is not one of the Dockerfile instructions (`FROM`, `RUN`,
    /// `COPY`, …), with the closest instruction when the word looks like a typo of one.
    ///
    /// ## Why
    ///
    /// BuildKit fails the build with `unknown instruction`. The usual causes are a typo, or a line
    /// that was meant to continue the previous one but whose `\` is missing.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine
    /// RUN apk add curl
    ///     && rm -rf /var/cache/apk/*
    /// CPOY app.conf /etc/app.conf
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM alpine
    /// RUN apk add curl \
    ///     && rm -rf /var/cache/apk/*
    /// COPY app.conf /etc/app.conf
    /// ```
    UnknownInstruction {
        severity: Error,
        fixable: true,
        summary: "A line starts with a word that is not a Dockerfile instruction.",
    }
}

impl ReportsSyntaxErrors for UnknownInstruction {}

#[cfg(test)]
mod tests {
    use crate::testing::{check_rule, fixed};

    /// A "did you mean" that would still not parse is offered as a hint, not a fix:
    /// `ONBUILD ONBUILD` is an error of its own (found by the fuzzer, issue #25).
    #[test]
    fn no_fix_that_leaves_an_error() {
        assert_eq!(
            fixed("FROM a\nONBUIL RUN x\n", "UnknownInstruction"),
            [["FROM a\nONBUILD RUN x\n"]]
        );
        assert_eq!(
            fixed("FROM a\nONBUIL ONBUILD RUN x\n", "UnknownInstruction"),
            [Vec::<String>::new()]
        );
    }

    #[test]
    fn reports_the_keyword_with_a_suggestion() {
        check_rule(
            "UnknownInstruction",
            "FROM alpine\nRUNN echo\nfoo bar\n",
            &[
                "2:1-2:5 unknown instruction: RUNN (did you mean RUN?)",
                "3:1-3:4 unknown instruction: foo",
            ],
        );
    }
}

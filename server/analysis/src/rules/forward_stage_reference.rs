//! `ForwardStageReference`: a reference to a stage that is defined further down.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::model::{RefKind, RefTarget};

declare_rule! {
    /// # ForwardStageReference
    ///
    /// Reports a reference to a stage that is declared after the instruction that uses it.
    ///
    /// ## Why
    ///
    /// A `FROM <name>` only sees the stages above it: a later stage of that name is not used, and
    /// BuildKit pulls an image called `<name>` instead. For `COPY --from` the result depends on the
    /// builder (the classic builder fails), and a file read top to bottom is easier to follow when
    /// every stage comes before its users.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine
    /// COPY --from=build /out /app
    /// FROM golang AS build
    /// RUN go build -o /out .
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM golang AS build
    /// RUN go build -o /out .
    /// FROM alpine
    /// COPY --from=build /out /app
    /// ```
    ForwardStageReference {
        severity: Warning,
        summary: "A FROM, COPY --from or RUN --mount=from refers to a stage defined later in the file.",
    }
}

impl Check for ForwardStageReference {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for r in &analysis.model().stage_refs {
            let RefTarget::Forward(s) = r.target else {
                continue;
            };
            let msg = if r.kind == RefKind::From {
                format!(
                    "stage `{}` is defined later in the file; FROM only sees earlier stages, so this pulls an image named `{}`",
                    r.text, r.text
                )
            } else {
                format!(
                    "stage `{}` is defined later in the file; move it above the stage that uses it",
                    r.text
                )
            };
            let mut d = Diagnostic::new(&META, r.range, msg);
            d = d.with_stage(analysis, s);
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn references_to_later_stages() {
        check_rule(
            "ForwardStageReference",
            "FROM alpine AS a\nCOPY --from=b /x /y\nFROM b\nFROM alpine AS b\n",
            &[
                "2:13-2:14 stage `b` is defined later in the file; move it above the stage that uses it",
                "3:6-3:7 stage `b` is defined later in the file; FROM only sees earlier stages, so this pulls an image named `b`",
            ],
        );
    }
}

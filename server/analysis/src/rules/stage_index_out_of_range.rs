//! `StageIndexOutOfRange`: `--from=N` where the file has no stage N.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::model::RefTarget;

declare_rule! {
    /// # StageIndexOutOfRange
    ///
    /// Reports `COPY --from=N` and `RUN --mount=from=N` where `N` is not the index of a stage
    /// (stages count from 0, in file order).
    ///
    /// ## Why
    ///
    /// With no stage `N`, BuildKit looks for an image called `N` in the registry, and the build fails
    /// with a pull error that does not mention the Dockerfile line. It usually happens after a stage
    /// was removed or reordered, which is why referencing stages by name is safer.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang AS build
    /// RUN go build -o /app .
    /// FROM alpine
    /// COPY --from=2 /app /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM golang AS build
    /// RUN go build -o /app .
    /// FROM alpine
    /// COPY --from=build /app /app
    /// ```
    StageIndexOutOfRange {
        severity: Error,
        summary: "`--from=N` names a stage index the Dockerfile does not have.",
    }
}

impl Check for StageIndexOutOfRange {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        let n = analysis.model().stages.len();
        for r in &analysis.model().stage_refs {
            if r.target == RefTarget::IndexOutOfRange {
                let valid = if n == 1 {
                    "the only stage is 0".to_owned()
                } else {
                    format!("stages are numbered 0 to {}", n.saturating_sub(1))
                };
                out.push(Diagnostic::new(
                    &META,
                    r.range,
                    format!("there is no stage {} in this Dockerfile: {valid}", r.text),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn index_past_the_last_stage() {
        check_rule(
            "StageIndexOutOfRange",
            "FROM alpine\nFROM alpine\nCOPY --from=2 /a /b\nRUN --mount=type=bind,from=7,target=/x true\nCOPY --from=0 /a /b\n",
            &[
                "3:13-3:14 there is no stage 2 in this Dockerfile: stages are numbered 0 to 1",
                "4:28-4:29 there is no stage 7 in this Dockerfile: stages are numbered 0 to 1",
            ],
        );
    }
}

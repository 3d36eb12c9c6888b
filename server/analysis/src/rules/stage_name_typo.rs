//! `StageNameTypo`: `--from=<name>` or `FROM <name>` where no stage has that name but one has
//! a name a typo away.

use super::Check;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::model::RefTarget;

declare_rule! {
    /// # StageNameTypo
    ///
    /// Reports `COPY --from=<name>`, `RUN --mount=from=<name>` and `FROM <name>` when no stage is
    /// called `<name>` but one stage's name is within two edits of it.
    ///
    /// ## Why
    ///
    /// A name that is not a stage is taken as an image name: BuildKit tries to pull `buidler` from
    /// Docker Hub, and the build fails with an authorization or not-found error far from the typo —
    /// or, worse, succeeds with an unrelated public image.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang AS builder
    /// RUN go build -o /out/app .
    /// FROM alpine
    /// COPY --from=buidler /out/app /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// COPY --from=builder /out/app /app
    /// ```
    ///
    /// ## What counts as a likely typo
    ///
    /// A bare name (no registry, tag or digest) of three characters or more that is no stage, but is
    /// within two edits of a stage name (a third of its length at most), or is a whole
    /// `-`/`_`/`.`-separated part of exactly one stage name (`--from=set` with a stage
    /// `license-set`). Names with a `/`, `:` or `@`, and parts shared by several stages, are taken as
    /// images.
    StageNameTypo {
        severity: Warning,
        fixable: true,
        summary: "A stage reference names no stage, but a stage has a very similar name.",
    }
}

impl Check for StageNameTypo {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for r in &analysis.model().stage_refs {
            let RefTarget::LikelyTypo(s) = r.target else {
                continue;
            };
            let Some(name) = analysis
                .model()
                .stages
                .get(s)
                .and_then(|st| st.name.clone())
            else {
                continue;
            };
            let mut d = Diagnostic::new(
                &META,
                r.range,
                format!(
                    "no stage is named `{}`, so it is pulled as an image; did you mean the stage `{name}`?",
                    r.text
                ),
            );
            d = d.with_stage(analysis, s);
            d = d.with_fix(Fix::suggested(
                format!("Change to the stage `{name}`"),
                vec![TextEdit::replace(r.range, name.clone())],
            ));
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn near_misses_of_stage_names() {
        check_rule(
            "StageNameTypo",
            "FROM golang AS builder\nFROM alpine\nCOPY --from=buidler /a /b\nCOPY --from=nginx:1 /a /b\nCOPY --from=redis /a /b\nFROM buildr\n",
            &[
                "3:13-3:20 no stage is named `buidler`, so it is pulled as an image; did you mean the stage `builder`?",
                "6:6-6:12 no stage is named `buildr`, so it is pulled as an image; did you mean the stage `builder`?",
            ],
        );
    }
}

//! `CircularStageReference`: a stage copies or mounts from itself.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::model::RefTarget;

declare_rule! {
    /// # CircularStageReference
    ///
    /// Reports `COPY --from=<stage>` or `RUN --mount=from=<stage>` inside that same stage, and a
    /// reference to a later stage that itself depends, through other stages, on the stage making the
    /// reference.
    ///
    /// ## Why
    ///
    /// A stage cannot read its own result while it is being built: BuildKit fails with
    /// `circular dependency detected on stage`. To reuse files of the current stage, refer to them by
    /// path; to copy from another stage, check the name.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node AS build
    /// COPY --from=build /src/dist /dist
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM node AS build
    /// COPY /src/dist /dist
    /// ```
    CircularStageReference {
        severity: Error,
        summary: "Stages depend on each other in a cycle (a stage copies or mounts from itself, directly or through other stages).",
    }
}

impl Check for CircularStageReference {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        for r in &model.stage_refs {
            match r.target {
                RefTarget::SelfReference(_) => out.push(Diagnostic::new(
                    &META,
                    r.range,
                    format!(
                        "circular dependency: `{}` is the stage this instruction is in",
                        r.text
                    ),
                )),
                // Every cycle has a reference to a later stage: report it there.
                RefTarget::Forward(t) => {
                    if let Some(path) = model.dependency_path(t, r.stage) {
                        let mut chain: Vec<String> = vec![model.stage_label(r.stage)];
                        chain.extend(path.iter().map(|s| model.stage_label(*s)));
                        let mut d = Diagnostic::new(
                            &META,
                            r.range,
                            format!("circular dependency between stages: {}", chain.join(" → ")),
                        );
                        d = d.with_stage(analysis, t);
                        out.push(d);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn a_stage_copying_from_itself() {
        check_rule(
            "CircularStageReference",
            "FROM alpine AS app\nCOPY --from=app /a /b\nCOPY --from=0 /a /b\nFROM app AS app2\n",
            &[
                "2:13-2:16 circular dependency: `app` is the stage this instruction is in",
                "3:13-3:14 circular dependency: `0` is the stage this instruction is in",
            ],
        );
    }

    #[test]
    fn a_cycle_through_several_stages() {
        // BuildKit's own example: stage0 -> stage2 -> stage1 -> stage0.
        check_rule(
            "CircularStageReference",
            "FROM busybox AS stage0\nCOPY --from=stage2 f1 /sub/\nFROM busybox AS stage1\nCOPY --from=stage0 f2 /sub/\nFROM busybox AS stage2\nCOPY --from=stage1 f2 /sub/\n",
            &["2:13-2:19 circular dependency between stages: stage0 → stage2 → stage1 → stage0"],
        );
        // A forward reference without a cycle is no error.
        check_rule(
            "CircularStageReference",
            "FROM a AS one\nCOPY --from=two /x /y\nFROM b AS two\n",
            &[],
        );
    }
}

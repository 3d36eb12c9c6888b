//! `CircularStageReference`: a stage copies or mounts from itself.

use super::{Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::RefTarget;

pub(crate) struct CircularStageReference;

static META: RuleMeta = RuleMeta {
    id: "CircularStageReference",
    severity: Severity::Error,
    summary: "A stage copies or mounts files from itself.",
    docs: "\
# CircularStageReference

Reports `COPY --from=<stage>` or `RUN --mount=from=<stage>` inside that same stage.

## Why

A stage cannot read its own result while it is being built: BuildKit fails with
`circular dependency detected on stage`. To reuse files of the current stage, refer to them by
path; to copy from another stage, check the name.

## Example

```dockerfile
FROM node AS build
COPY --from=build /src/dist /dist
```

## Use instead

```dockerfile
FROM node AS build
COPY /src/dist /dist
```
",
};

impl Rule for CircularStageReference {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for r in &analysis.model().stage_refs {
            if let RefTarget::SelfReference(_) = r.target {
                out.push(Diagnostic::new(
                    &META,
                    r.range,
                    format!(
                        "circular dependency: `{}` is the stage this instruction is in",
                        r.text
                    ),
                ));
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
}

//! `CopyWholeStage`: `COPY --from=<stage>` of the stage's root or working directory.

use super::{Rule, RuleMeta, instructions_of};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{RefKind, RefTarget};
use crate::syntax::Keyword;

pub(crate) struct CopyWholeStage;

static META: RuleMeta = RuleMeta {
    id: "CopyWholeStage",
    severity: Severity::Warning,
    aliases: &[],
    buildkit_check: false,
    default_off: false,
    fixable: false,
    summary: "`COPY --from=<stage>` copies the stage's whole root or working directory.",
    docs: "\
# CopyWholeStage

Reports `COPY --from=<stage> <src> …` where `<src>` is `/`, `.` or the source stage's
`WORKDIR`: everything the stage has, not what it built.

## Why

A build stage holds sources, compilers' caches, `node_modules` with dev dependencies, test
fixtures and sometimes credentials fetched during the build. Copying it whole into the
runtime stage brings all of that along: a bigger image, a larger attack surface, and the
point of the multi-stage build is lost.

## Example

```dockerfile
FROM node:22 AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM node:22-slim
COPY --from=build /app ./
```

## Use instead

```dockerfile
FROM node:22-slim
WORKDIR /app
COPY --from=build /app/dist ./dist
COPY --from=build /app/package.json /app/package-lock.json ./
RUN npm ci --omit=dev
```
",
};

fn normalize(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() { "/" } else { t }
}

impl Rule for CopyWholeStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let ins = &analysis.parsed().instructions;
        let copy_refs: std::collections::HashMap<usize, &crate::model::StageRef> = model
            .stage_refs
            .iter()
            .filter(|r| r.kind == RefKind::CopyFrom)
            .map(|r| (r.range.start, r))
            .collect();
        for copy in instructions_of(analysis, Keyword::Copy) {
            let Some(from) = copy.flag("from").and_then(|f| f.value_range) else {
                continue;
            };
            let Some(r) = copy_refs.get(&from.start) else {
                continue;
            };
            let RefTarget::Stage(s) = r.target else {
                continue;
            };
            let Some(stage) = model.stages.get(s) else {
                continue;
            };
            let workdir = ins
                .get(stage.from..stage.end)
                .unwrap_or_default()
                .iter()
                .rev()
                .find(|i| i.kind == Keyword::Workdir)
                .and_then(|i| i.args.first())
                .map(|w| normalize(&w.text).to_owned());
            let sources = copy.args.split_last().map_or(&[][..], |(_, s)| s);
            for src in sources {
                let p = normalize(&src.text);
                let whole = matches!(p, "/" | "." | "/.")
                    || workdir
                        .as_deref()
                        .is_some_and(|w| w.starts_with('/') && w == p);
                if !whole {
                    continue;
                }
                let what = if matches!(p, "/" | "/.") {
                    "its whole filesystem".to_owned()
                } else {
                    format!(
                        "its whole working directory (`{}`)",
                        workdir.as_deref().unwrap_or(p)
                    )
                };
                let mut d = Diagnostic::new(
                    &META,
                    src.range,
                    format!(
                        "copies {what} from stage {}: sources, dev dependencies and caches end up in this image; copy only the build output",
                        model.stage_label(s)
                    ),
                );
                d = d.with_stage(analysis, s);
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn whole_stage_copies() {
        check_rule(
            "CopyWholeStage",
            "FROM node AS build\nWORKDIR /app/\nRUN npm run build\nFROM alpine\nCOPY --from=build /app ./\nCOPY --from=build / /\nCOPY --from=build /app/dist ./dist\nCOPY --from=nginx:1 / /\n",
            &[
                "5:19-5:23 copies its whole working directory (`/app`) from stage build: sources, dev dependencies and caches end up in this image; copy only the build output",
                "6:19-6:20 copies its whole filesystem from stage build: sources, dev dependencies and caches end up in this image; copy only the build output",
            ],
        );
    }
}

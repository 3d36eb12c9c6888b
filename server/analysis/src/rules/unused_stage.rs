//! `UnusedStage`: a stage that the final stage does not need.

use super::{Check, stage_anchor};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Tag};
use crate::model::RefTarget;

declare_rule! {
    /// # UnusedStage
    ///
    /// Reports a stage that the last stage of the Dockerfile neither builds on (`FROM <stage>`) nor
    /// copies or mounts from, directly or through other stages.
    ///
    /// ## Why
    ///
    /// BuildKit builds only the stages the target needs. Without `--target`, an unused stage is
    /// skipped entirely: its tests do not run, its errors go unnoticed, and readers wonder what it is
    /// for. It is often a leftover, or a stage meant to be built with `--target` (a test or debug
    /// stage), which is fine: then say so in a comment, or suppress this hint.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    ///
    /// FROM golang:1.23 AS lint
    /// RUN go vet ./...
    ///
    /// FROM gcr.io/distroless/static
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// `lint` never runs in `docker build .`.
    ///
    /// ## Use instead
    ///
    /// Build it explicitly (`docker build --target lint .`), make the final stage depend on it, or
    /// remove it.
    ///
    /// A stage that a Compose service (`build.target`), a Bake target (`target = …`), a CI
    /// step or a Makefile recipe (`docker build --target …`) in the workspace builds is used,
    /// and so is every stage it needs: the editor and `dockerfile-ls check` read those files.
    UnusedStage {
        severity: Hint,
        summary: "No path from the final stage reaches this stage, so a default build skips it.",
    }
}

impl Check for UnusedStage {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let n = model.stages.len();
        let Some(last) = n.checked_sub(1) else {
            return;
        };
        let mut typos: Vec<Vec<usize>> = vec![Vec::new(); n];
        // Each distinct pattern is matched against the stages once.
        let mut matching: std::collections::HashMap<String, Vec<usize>> =
            std::collections::HashMap::new();
        for r in &model.stage_refs {
            if let (RefTarget::LikelyTypo(j), Some(t)) = (r.target, typos.get_mut(r.stage)) {
                t.push(j);
            }
            // A reference through a variable (`FROM bin-$TARGETOS`, `COPY --from=build-${V}`)
            // may name every stage its pattern matches, for some platform or build argument.
            if r.text.contains('$')
                && let Some(t) = typos.get_mut(r.stage)
            {
                let found = matching
                    .entry(pattern_of(analysis, &r.text))
                    .or_insert_with_key(|p| stages_matching(analysis, p));
                t.extend(found.iter().copied());
            }
        }
        let mut used = vec![false; n];
        let mut todo = vec![last];
        // The stages that Compose, Bake and CI files build as a target are roots too.
        if let Some(builders) = model.builders() {
            for b in builders {
                if let Some(t) = b.target.as_deref().filter(|_| !b.dynamic_target) {
                    todo.extend(model.find_stage(t));
                }
            }
        }
        while let Some(s) = todo.pop() {
            if let Some(u) = used.get_mut(s) {
                if *u {
                    continue;
                }
                *u = true;
            }
            todo.extend(model.dependencies(s).iter().copied());
            // A reference that misspells a stage name means that stage: StageNameTypo reports
            // the typo, and the stage is not unused on top of it.
            if let Some(t) = typos.get(s) {
                todo.extend(t.iter().copied());
            }
        }
        for (s, _) in used.iter().enumerate().filter(|(_, u)| !**u) {
            let Some((range, _)) = stage_anchor(analysis, s) else {
                continue;
            };
            let label = model.stage_label(s);
            let looked = if model.builders().is_some() {
                "; no Compose, Bake or CI file builds it as a target"
            } else {
                ""
            };
            let target = match model.stages.get(s).and_then(|st| st.name.as_deref()) {
                Some(name) => format!(" (still buildable with `--target {name}`{looked})"),
                None => format!(" (name it to build it with `--target`{looked})"),
            };
            out.push(
                Diagnostic::new(
                    &META,
                    range,
                    format!("stage {label} is not used by the final stage, so `docker build` skips it{target}"),
                )
                .with_tag(Tag::Unnecessary),
            );
        }
    }
}

/// `reference` with each `$X`/`${X…}` replaced by `*`, lower-cased.
fn pattern_of(analysis: &Analysis, reference: &str) -> String {
    let escape = analysis.parsed().escape;
    let mut pattern = String::with_capacity(reference.len());
    let mut last = 0;
    for u in crate::model::substitution::find_uses(reference, escape) {
        pattern.push_str(reference.get(last..u.start).unwrap_or_default());
        pattern.push('*');
        last = u.end;
    }
    pattern.push_str(reference.get(last..).unwrap_or_default());
    pattern.to_lowercase()
}

/// The stages whose names `pattern` (see [`pattern_of`]) can be once its variables are
/// replaced by anything (a whole reference that is one variable matches nothing).
fn stages_matching(analysis: &Analysis, pattern: &str) -> Vec<usize> {
    // Only a pattern a stage name can match: `python:*-slim` names an image, and matching
    // every reference like it against every stage made large files quadratic.
    let name_like = pattern
        .chars()
        .all(|c| c == '*' || c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if !name_like || pattern.chars().all(|c| c == '*') {
        return Vec::new();
    }
    analysis
        .model()
        .stages
        .iter()
        .filter(|s| {
            crate::work_counters::matched_one_stage_name();
            s.name
                .as_deref()
                .is_some_and(|n| crate::names::glob_match(pattern, &n.to_lowercase()))
        })
        .map(|s| s.index)
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn stages_the_final_stage_does_not_reach() {
        check_rule(
            "UnusedStage",
            "FROM a AS base\nFROM base AS build\nFROM a AS lint\nFROM a\nFROM b\nCOPY --from=build /x /y\n",
            &[
                "3:11-3:15 stage lint is not used by the final stage, so `docker build` skips it (still buildable with `--target lint`)",
                "4:1-4:5 stage 3 is not used by the final stage, so `docker build` skips it (name it to build it with `--target`)",
            ],
        );
        check_rule("UnusedStage", "FROM a\n", &[]);
        check_rule(
            "UnusedStage",
            "FROM a AS builder\nFROM b\nCOPY --from=buidler /x /y\n",
            &[],
        );
    }

    #[test]
    fn stages_a_variable_reference_can_name_are_used() {
        check_rule(
            "UnusedStage",
            "ARG TARGETOS\nARG V=x\nFROM alpine AS bin-linux\nFROM alpine AS bin-windows\nFROM alpine AS other\nFROM alpine AS pkg-x\nFROM alpine AS pkg-y\nFROM bin-$TARGETOS\nCOPY --from=pkg-${V:-y} /a /b\n",
            &["5:16-5:21 stage other is not used by the final stage, so `docker build` skips it (still buildable with `--target other`)"],
        );
    }

    #[test]
    fn stages_built_as_targets_are_used() {
        use crate::{Analysis, BuildConfig, RuleSettings};
        let builder =
            |target: &str| crate::testing::builder("compose service `t`", Some(target));
        let config = BuildConfig {
            builders: Some(vec![builder("TEST")]),
            ..BuildConfig::default()
        };
        let text = "FROM a AS base\nFROM base AS test\nFROM a AS lint\nFROM a\n";
        let found: Vec<String> = Analysis::from_text(text, &config)
            .diagnostics_with(&RuleSettings::default())
            .into_iter()
            .filter(|d| d.rule == "UnusedStage")
            .map(|d| d.message)
            .collect();
        assert_eq!(
            found,
            ["stage lint is not used by the final stage, so `docker build` skips it (still buildable with `--target lint`; no Compose, Bake or CI file builds it as a target)"]
        );
    }
}

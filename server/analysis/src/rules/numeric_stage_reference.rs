//! `NumericStageReference`: `COPY --from=0` / `RUN --mount=from=1` refer to a stage by index.
//! The fix names the stage (adding `AS <name>` when it has none) and rewrites every numeric
//! reference to it in one edit.

use std::collections::HashMap;

use super::Check;
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::model::{Base, RefKind, RefTarget};

declare_rule! {
    /// # NumericStageReference
    ///
    /// Reports `COPY --from=<index>` and `RUN --mount=from=<index>` that point at a stage of this
    /// Dockerfile by its position.
    ///
    /// ## Why
    ///
    /// Stage indices shift whenever a stage is added, removed or reordered above the one referenced:
    /// `--from=0` then silently copies from a different stage, and the build may still succeed with
    /// the wrong files. A name says what the stage is for, survives reordering, and can be passed to
    /// `docker build --target`.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang:1.23
    /// RUN go build -o /out/app .
    ///
    /// FROM gcr.io/distroless/static
    /// COPY --from=0 /out/app /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    ///
    /// FROM gcr.io/distroless/static
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// The quick-fix does this: it uses the stage's name, or gives the stage one (`build` for the
    /// first unnamed stage others copy from, else a name derived from its image) and rewrites every
    /// numeric reference to it at once.
    NumericStageReference {
        severity: Warning,
        fixable: true,
        summary: "A stage is referenced by its index instead of a name.",
    }
}

impl Check for NumericStageReference {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let numeric = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        let mut proposed: Option<HashMap<usize, String>> = None;
        // Each stage's numeric references, gathered once: every finding's fix rewrites all
        // of its stage's (a scan per finding would be quadratic).
        let mut by_stage: HashMap<usize, Vec<crate::text::TextRange>> = HashMap::new();
        for r in &model.stage_refs {
            if r.kind != RefKind::From
                && numeric(&r.text)
                && let RefTarget::Stage(t) | RefTarget::Forward(t) | RefTarget::SelfReference(t) =
                    r.target
                && r.text.parse::<usize>().ok() == Some(t)
            {
                by_stage.entry(t).or_default().push(r.range);
            }
        }
        for r in &model.stage_refs {
            let RefTarget::Stage(j) = r.target else {
                continue;
            };
            if r.kind == RefKind::From || !numeric(&r.text) {
                continue;
            }
            let Some(stage) = model.stages.get(j) else {
                continue;
            };
            let proposed = proposed.get_or_insert_with(|| proposed_names(analysis));
            let (name, message) = match &stage.name {
                Some(n) => (
                    n.clone(),
                    format!("stage {j} is named `{n}`: reference it by name"),
                ),
                None => match proposed.get(&j) {
                    Some(n) => (
                        n.clone(),
                        format!(
                            "stage {j} is referenced by index: name it (e.g. `AS {n}`) and reference it by name"
                        ),
                    ),
                    None => continue,
                },
            };
            let mut d = Diagnostic::new(&META, r.range, message);
            d = d.with_stage(analysis, j);
            let refs = by_stage.get(&j).map_or(&[][..], Vec::as_slice);
            // A name BuildKit rejects would only move the error into every reference.
            if let Some(fix) = name_fix(analysis, j, &name, refs)
                .filter(|_| crate::syntax::validate::valid_stage_name(&name))
            {
                d = d.with_fix(fix);
            }
            out.push(d);
        }
    }
}

/// The fix for references to stage `j`: every numeric reference to it becomes `name`, and the
/// stage gets `AS name` if it has no name.
fn name_fix(
    analysis: &Analysis,
    j: usize,
    name: &str,
    refs: &[crate::text::TextRange],
) -> Option<Fix> {
    let model = analysis.model();
    let stage = model.stages.get(j)?;
    let mut edits = Vec::new();
    if stage.name.is_none() {
        let from = analysis.parsed().instructions.get(stage.from)?;
        if from.args.len() != 1 {
            return None;
        }
        let base = from.args.first()?;
        let as_kw = if from.keyword.chars().all(|c| c.is_ascii_lowercase()) {
            "as"
        } else {
            "AS"
        };
        edits.push(TextEdit::insert(base.range.end, format!(" {as_kw} {name}")));
    }
    for r in refs {
        edits.push(TextEdit::replace(*r, name));
    }
    let title = if stage.name.is_some() {
        format!("Reference stage {j} by its name `{name}`")
    } else {
        format!("Name stage {j} `{name}` and reference it by name")
    };
    Some(Fix::safe(title, edits))
}

/// Names for the unnamed stages that are referenced by index, chosen together so that two
/// fixes applied in the same round never pick the same name: `build` for the first, then one
/// derived from the base image, then `stage-N`. Names already used as a stage name, an image
/// or a reference anywhere in the file are never proposed.
fn proposed_names(analysis: &Analysis) -> HashMap<usize, String> {
    let model = analysis.model();
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for s in &model.stages {
        if let Some(n) = &s.name {
            taken.insert(n.to_lowercase());
        }
        taken.insert(s.base_text.to_lowercase());
    }
    for r in &model.stage_refs {
        taken.insert(r.text.to_lowercase());
    }
    taken.extend(["scratch", "context"].map(str::to_owned));
    let mut out = HashMap::new();
    for r in &model.stage_refs {
        let RefTarget::Stage(j) = r.target else {
            continue;
        };
        if r.kind == RefKind::From || out.contains_key(&j) {
            continue;
        }
        let Some(stage) = model.stages.get(j) else {
            continue;
        };
        if stage.name.is_some() {
            continue;
        }
        let image = match &stage.base {
            Base::Image(img) => img
                .repository
                .rsplit('/')
                .next()
                .map(sanitize)
                .filter(|n| !n.is_empty()),
            _ => None,
        };
        let candidates = ["build".to_owned()]
            .into_iter()
            .chain(image.clone().map(|i| format!("{i}-build")))
            .chain(image)
            .chain((j..).map(|k| format!("stage-{k}")).take(64));
        if let Some(name) = candidates.into_iter().find(|c| !taken.contains(c)) {
            taken.insert(name.clone());
            out.insert(j, name);
        }
    }
    out
}

/// A stage name from an image name: lower case, letters, digits, `-`, `_` and `.`, starting
/// with a letter.
fn sanitize(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    cleaned
        .trim_start_matches(|c: char| !c.is_ascii_lowercase())
        .to_owned()
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule, fixed};

    /// A stage whose name BuildKit rejects is not offered as the name to use (the reference
    /// would not parse), nor as the stage a typo meant (issue #25's fuzzing).
    #[test]
    fn invalid_stage_names_are_not_proposed() {
        let text = "FROM a AS \"build\nFROM b\nCOPY --from=0 /a /b\nCOPY --from=\"buil /c /d\n";
        assert_eq!(fixed(text, "NumericStageReference"), [Vec::<String>::new()]);
        let typo = "FROM a AS \"app\nFROM b\nCOPY --from=app /a /b\n";
        assert!(fixed(typo, "StageNameTypo").iter().all(Vec::is_empty));
    }

    #[test]
    fn numeric_references() {
        check_rule(
            "NumericStageReference",
            "FROM golang AS build\nFROM alpine\nCOPY --from=0 /a /b\nRUN --mount=from=0,target=/x true\nCOPY --from=build /a /b\nCOPY --from=5 /a /b\n",
            &[
                "3:13-3:14 stage 0 is named `build`: reference it by name",
                "4:18-4:19 stage 0 is named `build`: reference it by name",
            ],
        );
    }

    #[test]
    fn fix_uses_the_existing_name() {
        check_fix(
            "NumericStageReference",
            "FROM golang AS Build\nFROM alpine\nCOPY --from=0 /a /b\nRUN --mount=from=0,target=/x true\n",
            "FROM golang AS Build\nFROM alpine\nCOPY --from=Build /a /b\nRUN --mount=from=Build,target=/x true\n",
        );
    }

    #[test]
    fn fix_names_an_unnamed_stage_and_rewrites_every_reference() {
        check_fix(
            "NumericStageReference",
            "FROM golang:1.23\nRUN go build\nFROM node:22 AS assets\nFROM alpine\nCOPY --from=0 /a /b\nRUN --mount=type=cache,from=0,target=/x true\nCOPY --from=assets /c /d\n",
            "FROM golang:1.23 AS build\nRUN go build\nFROM node:22 AS assets\nFROM alpine\nCOPY --from=build /a /b\nRUN --mount=type=cache,from=build,target=/x true\nCOPY --from=assets /c /d\n",
        );
    }

    #[test]
    fn fix_avoids_taken_names_and_keeps_keyword_case() {
        check_fix(
            "NumericStageReference",
            "from golang as build\nfrom docker.io/library/node:22\nfrom alpine\ncopy --from=1 /a /b\n",
            "from golang as build\nfrom docker.io/library/node:22 as node-build\nfrom alpine\ncopy --from=node-build /a /b\n",
        );
    }

    #[test]
    fn two_unnamed_stages_get_distinct_names_in_one_pass() {
        let text =
            "FROM golang\nFROM node\nFROM alpine\nCOPY --from=0 /a /b\nCOPY --from=1 /c /d\n";
        let config = crate::BuildConfig::default();
        let fixed = crate::fix::fix_all(
            &crate::Analysis::from_text(text, &config),
            &config,
            &crate::RuleSettings::default(),
        );
        assert_eq!(
            fixed.text,
            "FROM golang AS build\nFROM node AS node-build\nFROM alpine\nCOPY --from=build /a /b\nCOPY --from=node-build /c /d\n"
        );
    }
}

//! Checking a build file against the Dockerfiles it builds: the rules whose scope is
//! [`Scope::Build`](crate::rules::Scope::Build) run here, on a [`BuildCheck`] the caller
//! fills with what it found on disk (or in the editor).

use std::path::PathBuf;

use super::{BuildEntry, BuildFile};
use crate::model::VarKind;
use crate::rules::{REGISTRY, Scope};
use crate::text::TextRange;
use crate::{Analysis, Diagnostic, RuleSettings};

/// What an entry's Dockerfile is, as the caller found it.
#[derive(Debug, Clone)]
pub enum Resolved {
    /// The Dockerfile, analysed.
    Dockerfile(Analysis),
    /// No file at this path.
    Missing(PathBuf),
    /// Not a local file, or not known (inline, remote, dynamic): it is not checked.
    Unknown,
}

/// A build file and what its entries point at.
#[derive(Debug)]
pub struct BuildCheck<'a> {
    /// The file.
    pub file: &'a BuildFile,
    /// Its text.
    pub text: &'a str,
    /// Each entry's Dockerfile, in the order of `file.entries`.
    pub dockerfiles: Vec<Resolved>,
    /// Each entry's context directory that does not exist (None when it does, or when it
    /// is not a local directory).
    pub missing_contexts: Vec<Option<PathBuf>>,
}

impl BuildCheck<'_> {
    /// The entries with their Dockerfiles' analyses (those that were found).
    pub fn with_dockerfiles(&self) -> impl Iterator<Item = (&BuildEntry, &Analysis)> {
        self.file
            .entries
            .iter()
            .zip(&self.dockerfiles)
            .filter_map(|(e, r)| match r {
                Resolved::Dockerfile(a) => Some((e, a)),
                _ => None,
            })
    }
}

impl BuildCheck<'_> {
    /// The entries with their Dockerfiles and the stages each builds (its target and what
    /// that needs), leaving out those whose target uses a variable or names no stage.
    pub fn builds(&self) -> impl Iterator<Item = (&BuildEntry, &Analysis, Vec<usize>)> {
        self.with_dockerfiles().filter_map(|(e, a)| {
            if e.target.as_ref().is_some_and(|t| t.dynamic) {
                return None;
            }
            let stages = stages_built(a, e.target_name())?;
            Some((e, a, stages))
        })
    }
}

/// Checks a build file with the enabled build rules, at their configured severities.
#[must_use]
pub fn check(cx: &BuildCheck<'_>, settings: &RuleSettings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in REGISTRY.iter().filter(|r| r.meta().scope == Scope::Build) {
        let Some(severity) = settings.severity(rule.meta()) else {
            continue;
        };
        let start = out.len();
        rule.check_build(cx, &mut out);
        for d in out.iter_mut().skip(start) {
            d.severity = severity;
        }
    }
    // A Dockerfile written inline is checked like any other, its findings shown where its
    // text is (those that cannot be placed, and their fixes, are left out).
    for (e, r) in cx.file.entries.iter().zip(&cx.dockerfiles) {
        if let (Some(inline), Resolved::Dockerfile(a)) = (&e.inline, r) {
            for mut d in a.diagnostics_with(settings) {
                let (Some(start), Some(end)) = (
                    super::inline_offset(inline, cx.text, d.range.start),
                    super::inline_offset(inline, cx.text, d.range.end),
                ) else {
                    continue;
                };
                d.range = TextRange::new(start, end);
                d.related.clear();
                d.fixes.clear();
                out.push(d);
            }
        }
    }
    out.retain(|d| !suppressed(cx.text, d));
    out.sort_by_key(|d| (d.range.start, d.range.end, d.rule));
    out
}

/// Whether a `# dockerfile-ls: ignore=<ids>` comment (YAML and HCL both comment with `#`)
/// at the end of the finding's line or alone on the line above it names the finding's rule
/// (ids or aliases, case-insensitively; `all` for every rule that is not an error).
pub(crate) fn suppressed(text: &str, d: &Diagnostic) -> bool {
    let start = d.range.start.min(text.len());
    let line_start = text
        .get(..start)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(start..)
        .and_then(|t| t.find('\n'))
        .map_or(text.len(), |i| start + i);
    let this = text.get(line_start..line_end).unwrap_or_default();
    let above = line_start
        .checked_sub(1)
        .and_then(|end| text.get(..end))
        .map(|t| t.rsplit('\n').next().unwrap_or(t))
        .filter(|l| l.trim_start().starts_with('#'))
        .unwrap_or_default();
    let names = |line: &str| -> Vec<String> {
        line.split('#')
            .skip(1)
            .filter_map(|c| c.trim().strip_prefix("dockerfile-ls:"))
            .filter_map(|c| c.trim().strip_prefix("ignore="))
            .flat_map(|ids| {
                ids.split(',')
                    .map(|i| i.trim().to_ascii_lowercase())
                    .collect::<Vec<_>>()
            })
            .collect()
    };
    let rule = crate::rules::find(d.rule);
    let matches = |id: &str| {
        id == d.rule.to_ascii_lowercase()
            || rule.is_some_and(|r| r.meta().aliases.iter().any(|a| a.eq_ignore_ascii_case(id)))
            || (id == "all" && d.severity != crate::Severity::Error)
    };
    names(this)
        .iter()
        .chain(names(above).iter())
        .any(|id| matches(id))
}

/// The stages a build of `target` (None: the last stage) runs: the target and every stage
/// it needs. None when no stage has that name.
#[must_use]
pub fn stages_built(analysis: &Analysis, target: Option<&str>) -> Option<Vec<usize>> {
    let model = analysis.model();
    let start = match target {
        Some(t) => model.find_stage(t)?,
        None => model.stages.len().checked_sub(1)?,
    };
    let mut seen = vec![false; model.stages.len()];
    let mut todo = vec![start];
    while let Some(s) = todo.pop() {
        match seen.get_mut(s) {
            Some(v) if !*v => *v = true,
            _ => continue,
        }
        todo.extend(model.dependencies(s).iter().copied());
    }
    Some(
        seen.iter()
            .enumerate()
            .filter(|(_, s)| **s)
            .map(|(i, _)| i)
            .collect(),
    )
}

/// Whether a build of `stages` declares the build argument `name`: a global ARG, or an
/// ARG in one of the stages. Names are compared as BuildKit does (case-sensitively).
#[must_use]
pub fn declares_arg(analysis: &Analysis, stages: &[usize], name: &str) -> bool {
    arg_declaration(analysis, stages, name).is_some()
}

/// The first `ARG name` a build of `stages` sees: global, or in one of the stages.
#[must_use]
pub fn arg_declaration<'a>(
    analysis: &'a Analysis,
    stages: &[usize],
    name: &str,
) -> Option<&'a crate::model::VarDecl> {
    analysis
        .variables()
        .decls
        .iter()
        .find(|d| d.kind == VarKind::Arg && d.name.as_str() == name && in_build(d, stages))
}

/// Whether a declaration is visible to a build of `stages`: global, or in one of them.
#[must_use]
pub fn in_build(d: &crate::model::VarDecl, stages: &[usize]) -> bool {
    match d.scope {
        crate::model::Scope::Global => true,
        crate::model::Scope::Stage(s) => stages.contains(&s),
    }
}

/// A `RUN --mount=type=secret` in a build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMount {
    /// The secret's id (`id=`, else the base name of `target=`/`dst=`).
    pub id: String,
    /// Whether the build fails without it (`required` or `required=true`).
    pub required: bool,
    /// The mount's `id=` value, or the whole flag.
    pub range: TextRange,
}

/// The secret mounts of the RUNs in `stages`.
#[must_use]
pub fn secret_mounts(analysis: &Analysis, stages: &[usize]) -> Vec<SecretMount> {
    let model = analysis.model();
    let instructions = &analysis.parsed().instructions;
    let mut out = Vec::new();
    for &s in stages {
        let Some(stage) = model.stages.get(s) else {
            continue;
        };
        for ins in instructions.get(stage.from..stage.end).unwrap_or_default() {
            let Some(run) = crate::run_of(ins) else {
                continue;
            };
            for m in run.mounts() {
                if m.kind() != "secret" {
                    continue;
                }
                let id_opt = m.option("id");
                let id = id_opt.and_then(|o| o.value.clone()).or_else(|| {
                    let t = m
                        .option("target")
                        .or_else(|| m.option("dst"))
                        .or_else(|| m.option("destination"))?;
                    t.value
                        .as_deref()
                        .and_then(|v| v.rsplit('/').next())
                        .map(str::to_owned)
                });
                let Some(id) = id else { continue };
                let required = m.option("required").is_some_and(|o| {
                    o.value
                        .as_deref()
                        .is_none_or(|v| v.eq_ignore_ascii_case("true"))
                });
                let range = id_opt
                    .and_then(|o| o.value_range)
                    .or_else(|| run.flags.get(m.flag).map(|f| f.range))
                    .unwrap_or(run.range);
                out.push(SecretMount {
                    id,
                    required,
                    range,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::testing::check_compose;

    #[test]
    fn comments_suppress_findings_on_their_line_or_the_next() {
        let df = "FROM a AS test\nARG A\n";
        let compose = "services:\n  x:\n    build:\n      # dockerfile-ls: ignore=UnknownBuildTarget\n      target: tset\n      args:\n        B: 1 # dockerfile-ls: ignore=unknownbuildarg\n        C: 2\n  y:\n    build:\n      target: tsst  # a comment, not an ignore\n";
        assert_eq!(
            check_compose("UnknownBuildTarget", compose, df).len(),
            1,
            "only y's"
        );
        assert_eq!(
            check_compose("UnknownBuildArg", compose, df).len(),
            0,
            "x's target is unknown: no args checked"
        );
        let compose = "services:\n  x:\n    build:\n      args:\n        B: 1 # dockerfile-ls: ignore=UnknownBuildArg\n        C: 2\n";
        assert_eq!(
            check_compose("UnknownBuildArg", compose, df),
            [
                "6:9-6:10 no ARG `C` in the stages compose service `x` builds, so BuildKit ignores it; did you mean `A`?"
            ]
        );
    }
}

#[cfg(test)]
pub(crate) mod testing {
    use std::path::PathBuf;

    use super::{BuildCheck, Resolved};
    use crate::builds::{BuildFileKind, parse};
    use crate::{Analysis, BuildConfig, RuleSettings};

    /// The findings of `rule` on a compose file whose every entry builds `dockerfile`, as
    /// `line:col-line:col message` lines (1-based).
    pub(crate) fn check_compose(rule: &str, compose: &str, dockerfile: &str) -> Vec<String> {
        let file = parse(BuildFileKind::Compose, compose);
        let analysis = Analysis::from_text(dockerfile, &BuildConfig::default());
        let cx = BuildCheck {
            file: &file,
            text: compose,
            dockerfiles: file
                .entries
                .iter()
                .map(|_| Resolved::Dockerfile(analysis.clone()))
                .collect(),
            missing_contexts: file.entries.iter().map(|_| None).collect(),
        };
        let mut all = RuleSettings::default();
        all.select(["ALL"]).ok();
        let pos = |o: usize| {
            let before = &compose[..o];
            let line = before.matches('\n').count() + 1;
            let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
            format!("{line}:{col}")
        };
        super::check(&cx, &all)
            .into_iter()
            .filter(|d| d.rule == rule)
            .map(|d| format!("{}-{} {}", pos(d.range.start), pos(d.range.end), d.message))
            .collect()
    }

    /// A path that does not exist, for tests.
    pub(crate) fn missing(p: &str) -> Resolved {
        Resolved::Missing(PathBuf::from(p))
    }
}

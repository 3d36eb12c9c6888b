//! Checking an ignore file: the rules of [`Scope::Ignore`](crate::rules::Scope::Ignore) run
//! on an [`IgnoreCheck`] — the file, the context it applies to (when it has been walked) and
//! the Dockerfiles built with that context (when known).

use super::{Evaluation, IgnoreFile, Listing};
use crate::Analysis;
use crate::RuleSettings;
use crate::diagnostic::Diagnostic;
use crate::rules::{REGISTRY, Scope};
use crate::text::TextRange;

/// A Dockerfile built with the context the ignore file applies to.
pub struct UsingDockerfile<'a> {
    /// How to name it in messages (its path relative to the context, `Dockerfile`).
    pub name: String,
    /// Its analysis.
    pub analysis: &'a Analysis,
}

/// What the ignore-file rules see.
pub struct IgnoreCheck<'a> {
    /// The ignore file's text.
    pub text: &'a str,
    /// The file as BuildKit reads it.
    pub file: &'a IgnoreFile,
    /// The context walked and evaluated, when it is known (and not still being counted).
    pub context: Option<(&'a Listing, &'a Evaluation)>,
    /// The Dockerfiles built with this context and this ignore file.
    pub dockerfiles: &'a [UsingDockerfile<'a>],
}

impl IgnoreCheck<'_> {
    /// The context when it was walked to the end (counts that are complete).
    #[must_use]
    pub fn complete_context(&self) -> Option<(&Listing, &Evaluation)> {
        self.context.filter(|(l, _)| l.stopped.is_none())
    }
}

/// A finding on an ignore file, with places in Dockerfiles that matter to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreFinding {
    /// The finding, in the ignore file's offsets.
    pub diagnostic: Diagnostic,
    /// Places in the Dockerfiles of [`IgnoreCheck::dockerfiles`]: (which one, where, why).
    pub elsewhere: Vec<(usize, TextRange, String)>,
}

/// Where the rules put what they find.
#[derive(Default)]
pub struct IgnoreOut {
    /// The findings so far.
    pub findings: Vec<IgnoreFinding>,
}

impl IgnoreOut {
    /// Adds a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.findings.push(IgnoreFinding {
            diagnostic: d,
            elsewhere: Vec::new(),
        });
    }

    /// Adds a finding with places in the Dockerfiles.
    pub fn push_with(&mut self, d: Diagnostic, elsewhere: Vec<(usize, TextRange, String)>) {
        self.findings.push(IgnoreFinding {
            diagnostic: d,
            elsewhere,
        });
    }
}

/// Checks an ignore file with the enabled ignore-file rules, at their configured severities,
/// leaving out findings that a `# dockerfile-ls: ignore=<ids>` comment right above their
/// line names.
#[must_use]
pub fn check(cx: &IgnoreCheck<'_>, settings: &RuleSettings) -> Vec<IgnoreFinding> {
    let mut out = IgnoreOut::default();
    for rule in REGISTRY.iter().filter(|r| r.meta().scope == Scope::Ignore) {
        let Some(severity) = settings.severity(rule.meta()) else {
            continue;
        };
        let start = out.findings.len();
        rule.check_ignore(cx, &mut out);
        for f in out.findings.iter_mut().skip(start) {
            f.diagnostic.severity = severity;
        }
    }
    // COPY sources it excludes: the Dockerfile rule's finding, shown on the pattern.
    if let Some(meta) = crate::rules::find("CopyIgnoredFile").map(|r| r.meta())
        && let Some(severity) = settings.severity(meta)
    {
        copy_sources_excluded(cx, meta, severity, &mut out);
    }
    out.findings
        .retain(|f| !crate::builds::check::suppressed(cx.text, &f.diagnostic));
    out.findings.sort_by_key(|f| {
        (
            f.diagnostic.range.start,
            f.diagnostic.range.end,
            f.diagnostic.rule,
        )
    });
    out.findings
}

/// `CopyIgnoredFile` from the ignore file's side: each COPY/ADD source of a Dockerfile built
/// with this context that a pattern excludes, reported on the pattern that decides it, with
/// the COPY as a related place.
fn copy_sources_excluded(
    cx: &IgnoreCheck<'_>,
    meta: &'static crate::rules::RuleMeta,
    severity: crate::Severity,
    out: &mut IgnoreOut,
) {
    for (k, df) in cx.dockerfiles.iter().enumerate() {
        for i in &df.analysis.parsed().instructions {
            for w in crate::rules::local_sources(i) {
                let p = w.text.as_str();
                if p.contains('$') || p.contains("://") || p.starts_with("git@") {
                    continue;
                }
                if matches!(p.trim_end_matches('/'), "" | "." | "./.") {
                    continue;
                }
                let (excluded, decided) = cx.file.excludes(p);
                let Some(pattern) = decided.and_then(|d| cx.file.patterns.get(d)) else {
                    continue;
                };
                if !excluded {
                    continue;
                }
                let line = df
                    .analysis
                    .text()
                    .byte_to_line(w.range.start.min(df.analysis.text().len_bytes()))
                    + 1;
                let mut d = Diagnostic::new(
                    meta,
                    pattern.range,
                    format!(
                        "excludes `{}`, which {} copies ({}:{line}): the COPY fails or copies less",
                        super::go_clean(p),
                        i.kind.as_str(),
                        df.name
                    ),
                );
                d.severity = severity;
                out.push_with(
                    d,
                    vec![(k, w.range, format!("{} of `{p}`", i.kind.as_str()))],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ignorefile::context::listing_of;
    use crate::ignorefile::evaluate;

    fn rules(text: &str, paths: &[(&str, u64)], dockerfile: &str) -> Vec<(&'static str, String)> {
        let file = IgnoreFile::parse(text);
        let listing = listing_of(paths);
        let eval = evaluate(&file, &listing);
        let analysis = Analysis::from_text(dockerfile, &crate::BuildConfig::default());
        let using = [UsingDockerfile {
            name: "Dockerfile".to_owned(),
            analysis: &analysis,
        }];
        let cx = IgnoreCheck {
            text,
            file: &file,
            context: Some((&listing, &eval)),
            dockerfiles: &using,
        };
        check(&cx, &RuleSettings::default())
            .into_iter()
            .map(|f| (f.diagnostic.rule, f.diagnostic.message))
            .collect()
    }

    /// From the real-world corpus (prometheus, traefik, moby): exceptions for what a build step
    /// creates are hints, not warnings; test certificates are no secrets.
    #[test]
    fn build_outputs_and_test_assets() {
        let found = rules(
            ".build/\n!.build/linux-amd64/\n",
            &[("Dockerfile", 1), ("main.go", 1)],
            "FROM scratch\nCOPY .build/linux-amd64/app /app\n",
        );
        assert_eq!(
            found,
            [
                (
                    "IgnorePatternMatchesNothing",
                    "`.build` matches nothing in the build context".to_owned()
                ),
                (
                    "IgnorePatternMatchesNothing",
                    "`.build/linux-amd64` matches nothing in the build context".to_owned()
                ),
            ]
        );
        let found = rules(
            "bin\n",
            &[
                ("Dockerfile", 1),
                ("integration/", 0),
                ("integration/testdata/", 0),
                ("integration/testdata/server-key.pem", 1),
                ("deploy/", 0),
                ("deploy/server-key.pem", 1),
                ("bin/", 0),
            ],
            "FROM golang:1.23\nCOPY . .\n",
        );
        let sensitive: Vec<&String> = found
            .iter()
            .filter(|(r, _)| *r == "SensitiveFileInContext")
            .map(|(_, m)| m)
            .collect();
        assert_eq!(sensitive.len(), 1, "{found:?}");
        assert!(
            sensitive[0].contains("keys or certificates (`**/*.pem`)"),
            "{found:?}"
        );
    }
}

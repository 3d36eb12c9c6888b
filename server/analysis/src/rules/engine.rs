//! The rule engine: every enabled rule at its configured severity, then suppression.

use super::{Context, REGISTRY, Rule, Scope};
use crate::Analysis;
use crate::config::RuleSettings;
use crate::diagnostic::Diagnostic;

/// Runs every rule `settings` enable and returns the findings ordered by position.
#[must_use]
pub fn run_all(analysis: &Analysis, settings: &RuleSettings) -> Vec<Diagnostic> {
    // One job per enabled whole-file rule, and one (`None`, first) for the per-RUN rules'
    // findings.
    let file_rules = REGISTRY
        .iter()
        .filter(|r| r.scope() == Scope::File)
        .filter_map(|r| settings.severity(r.meta()).map(|s| Some((*r, s))));
    let jobs: Vec<Option<(&dyn Rule, crate::Severity)>> =
        std::iter::once(None).chain(file_rules).collect();
    let run = |job: &Option<(&dyn Rule, crate::Severity)>| match *job {
        Some((rule, severity)) => run_file_rule(analysis, settings, rule, severity),
        None => {
            let mut found = Vec::new();
            run_rule_findings(analysis, settings, &mut found);
            found
        }
    };
    // Rules are independent: on a large document they run on every core; the findings are
    // joined in job order either way (deterministic). A rule that panics fails the analysis,
    // as it does on one thread (the server catches it and reports it).
    let per_job: Vec<Vec<Diagnostic>> = if analysis.parsed().instructions.len() < PARALLEL_RULES {
        jobs.iter().map(run).collect()
    } else {
        crate::util::parallel_map(&jobs, run)
    };
    let mut out: Vec<Diagnostic> = per_job.into_iter().flatten().collect();
    crate::suppress::apply(analysis, &mut out);
    out.sort_by_key(|d| (d.range.start, d.range.end, d.rule));
    if analysis.text().len_bytes() > crate::SHELL_ANALYSIS_LIMIT {
        out.insert(
            0,
            notice(format!(
                "this file is larger than {} MiB: its RUN scripts are not analysed (the rules about shell commands do not run)",
                crate::SHELL_ANALYSIS_LIMIT >> 20
            )),
        );
    }
    if out.len() > MAX_FINDINGS {
        let more = out.len() - MAX_FINDINGS;
        out.truncate(MAX_FINDINGS);
        let at = out.last().map_or(0, |d| d.range.end);
        let mut n = notice(format!(
            "… and {more} more findings: only the first {MAX_FINDINGS} are reported"
        ));
        n.range = crate::text::TextRange::empty(at);
        out.push(n);
    }
    out
}

/// From this many instructions on, the rules run on every core.
const PARALLEL_RULES: usize = 2_000;

/// One whole-file rule's findings, at `severity`.
fn run_file_rule(
    analysis: &Analysis,
    settings: &RuleSettings,
    rule: &dyn Rule,
    severity: crate::Severity,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    rule.check(analysis, &mut out);
    if rule.meta().id == "SecretsUsedInArgOrEnv" {
        // The project's well-known non-secrets (the finding's range is the name).
        let rope = analysis.text();
        out.retain(|d| !settings.secret_name_allowed(&crate::text::slice(rope, d.range)));
    }
    if severity != rule.meta().severity {
        for d in &mut out {
            d.severity = severity;
        }
    }
    out
}

/// The findings of the enabled per-RUN rules: kept on each RUN (see [`Scope::Run`]), moved
/// to the RUN's place, filtered by each rule's [`Rule::keep`], at the configured severity.
fn run_rule_findings(analysis: &Analysis, settings: &RuleSettings, out: &mut Vec<Diagnostic>) {
    let enabled: Vec<(&'static str, &dyn Rule, crate::Severity)> = REGISTRY
        .iter()
        .filter(|r| r.scope() == Scope::Run)
        .filter_map(|r| Some((r.meta().id, *r, settings.severity(r.meta())?)))
        .collect();
    if enabled.is_empty() {
        return;
    }
    let cx = Context::new(analysis);
    // The rules that are off by default are not kept on the RUNs: they run here when on.
    let off_by_default: Vec<&dyn Rule> = enabled
        .iter()
        .filter(|(_, r, _)| r.meta().default_off)
        .map(|(_, r, _)| *r)
        .collect();
    if !off_by_default.is_empty() {
        for (i, found) in analysis.run_findings_uncached(&off_by_default) {
            for mut d in found {
                let Some((_, rule, severity)) = enabled.iter().find(|(id, ..)| *id == d.rule)
                else {
                    continue;
                };
                if rule.keep(&cx, i) {
                    if *severity != rule.meta().severity {
                        d.severity = *severity;
                    }
                    out.push(d);
                }
            }
        }
    }
    for (i, start, found) in analysis.run_findings() {
        let delta = isize::try_from(start).unwrap_or(isize::MAX);
        for d in found {
            let Some((_, rule, severity)) = enabled.iter().find(|(id, ..)| *id == d.rule) else {
                continue;
            };
            if rule.keep(&cx, i) {
                let mut d = d.shifted(delta);
                // A configured severity replaces the rule's own choice per finding.
                if *severity != rule.meta().severity {
                    d.severity = *severity;
                }
                out.push(d);
            }
        }
    }
}

/// The most findings reported for one document; past it, one notice says how many more
/// there are (a generated 10 MB file would otherwise produce gigabytes of output).
pub const MAX_FINDINGS: usize = 10_000;

/// A note about the analysis itself (not a rule's finding): id `dockerfile-ls`, info.
fn notice(message: String) -> Diagnostic {
    Diagnostic {
        rule: "dockerfile-ls",
        severity: crate::Severity::Info,
        message,
        range: crate::text::TextRange::empty(0),
        related: Vec::new(),
        tags: Vec::new(),
        fixes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Analysis, BuildConfig};

    #[test]
    fn findings_are_capped_with_a_notice() {
        let text = format!(
            "FROM alpine:3.22\n{}",
            "MAINTAINER me\n".repeat(super::MAX_FINDINGS + 50)
        );
        let d = Analysis::from_text(&text, &BuildConfig::default()).diagnostics();
        assert_eq!(d.len(), super::MAX_FINDINGS + 1);
        let last = d.last().map(|d| (d.rule, d.message.clone()));
        assert_eq!(last.as_ref().map(|l| l.0), Some("dockerfile-ls"));
        assert!(last.is_some_and(|l| l.1.contains("more findings")));
        // A notice is no rule's: it cannot be ignored with a comment.
        let a = Analysis::from_text(&text, &BuildConfig::default());
        let notice = d.last().map(|d| crate::ide::actions::ignore_here(&a, d));
        assert_eq!(notice, Some(None));
    }

    #[test]
    fn huge_files_skip_shell_analysis_and_say_so() {
        let text = format!(
            "FROM alpine:3.22\nRUN sudo make\n# {}\n",
            "x".repeat(crate::SHELL_ANALYSIS_LIMIT)
        );
        let d = Analysis::from_text(&text, &BuildConfig::default()).diagnostics();
        assert!(d.iter().all(|d| d.rule != "SudoInRun"));
        assert!(
            d.first()
                .is_some_and(|d| d.rule == "dockerfile-ls" && d.message.contains("not analysed"))
        );
    }
}

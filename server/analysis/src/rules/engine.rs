//! The rule engine: every enabled rule at its configured severity, then suppression.

use super::{Context, REGISTRY, Rule, Scope};
use crate::Analysis;
use crate::config::RuleSettings;
use crate::diagnostic::Diagnostic;

/// Runs every rule `settings` enable and returns the findings ordered by position.
#[must_use]
pub fn run_all(analysis: &Analysis, settings: &RuleSettings) -> Vec<Diagnostic> {
    let file_rules: Vec<(&dyn Rule, crate::Severity)> = REGISTRY
        .iter()
        .filter(|r| r.scope() == Scope::File)
        .filter_map(|r| Some((*r, settings.severity(r.meta())?)))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let mut out = Vec::new();
    if threads < 2 || analysis.parsed().instructions.len() < PARALLEL_RULES {
        run_rule_findings(analysis, settings, &mut out);
        for &(rule, severity) in &file_rules {
            out.extend(run_file_rule(analysis, settings, rule, severity));
        }
    } else {
        // Rules are independent: on a large document they run on every core, each worker
        // taking the next rule; the findings are joined in registry order (deterministic).
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut per_rule: Vec<(usize, Vec<Diagnostic>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            if k == file_rules.len() {
                                let mut found = Vec::new();
                                run_rule_findings(analysis, settings, &mut found);
                                done.push((k, found));
                                continue;
                            }
                            let Some(&(rule, severity)) = file_rules.get(k) else {
                                break;
                            };
                            done.push((k, run_file_rule(analysis, settings, rule, severity)));
                        }
                        done
                    })
                })
                .collect();
            // A rule that panics fails the whole analysis, as it does on one thread (the
            // server catches it and reports it), rather than silently dropping findings.
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        });
        per_rule.sort_by_key(|(k, _)| *k);
        out.extend(per_rule.into_iter().flat_map(|(_, found)| found));
    }
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

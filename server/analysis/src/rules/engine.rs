//! The rule engine: every enabled rule at its configured severity, then suppression.
//!
//! Whole-file rules ([`Scope::File`]) run on every snapshot. Per-RUN rules ([`Scope::Run`])
//! run on one RUN and its script at a time ([`Rule::check_run`]); the findings of those on by
//! default are kept on the instruction (its opaque `derived` slot), which incremental rescans
//! reuse while its text is unchanged, so a keystroke re-checks only the RUN it touched.

use std::sync::Arc;

use super::config::RuleSettings;
use super::{Context, REGISTRY, Rule, Scope};
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;
use crate::{Analysis, PARALLEL_SHELL_PARSE, run_of};

/// Runs every rule `settings` enable and returns the findings ordered by position.
#[must_use]
pub fn run_all(analysis: &Analysis, settings: &RuleSettings) -> Vec<Diagnostic> {
    // One job per enabled whole-file rule, and one (`None`, first) for the per-RUN rules'
    // findings.
    let file_rules = REGISTRY
        .iter()
        .filter(|r| r.meta().scope == Scope::File)
        .filter_map(|r| {
            let meta = r.meta();
            settings
                .severity(meta)
                // `# check=experimental=<id>` turns on a rule off by default, unless the
                // configuration says otherwise.
                .or_else(|| {
                    (settings.is_default(meta) && super::suppress::turned_on(analysis, meta))
                        .then_some(meta.severity)
                })
                .map(|s| Some((*r, s)))
        });
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
        crate::concurrent::parallel_map(&jobs, run)
    };
    let mut out: Vec<Diagnostic> = per_job.into_iter().flatten().collect();
    super::suppress::apply(analysis, &mut out);
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
    rule.apply_options(&settings.options, analysis, &mut out);
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
        .filter(|r| r.meta().scope == Scope::Run)
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
        for (i, found) in run_findings_uncached(analysis, &off_by_default) {
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
    for (i, start, found) in run_findings(analysis) {
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

/// The findings of the per-RUN rules that are on by default, every one of them at its
/// default severity, for each RUN that has a POSIX script: the instruction's index, its start
/// and the findings relative to it. Each RUN's findings are computed once and kept on the
/// instruction; the first analysis of a large document computes them on every core. (The
/// rules that are off unless configured are not kept: see [`run_findings_uncached`].)
fn run_findings(analysis: &Analysis) -> impl Iterator<Item = (usize, usize, &[Diagnostic])> {
    let ins = &analysis.parsed().instructions;
    let _ = analysis.script_slots();
    let pending: Vec<usize> = ins
        .iter()
        .enumerate()
        .filter(|(_, x)| run_of(x).is_some() && !x.derived.is_filled())
        .map(|(i, _)| i)
        .filter(|&i| ins.get(i).is_some_and(|x| analysis.has_run_script(i, x)))
        .collect();
    if pending.len() >= PARALLEL_SHELL_PARSE {
        let _ = crate::concurrent::parallel_map(&pending, |&i| fill_run_findings(analysis, i));
    } else {
        for &i in &pending {
            fill_run_findings(analysis, i);
        }
    }
    ins.iter().enumerate().filter_map(move |(i, x)| {
        let found = kept(x)?;
        // A RUN whose platform changed (a SHELL or base edited elsewhere) keeps its findings
        // cached but has no script now.
        analysis
            .has_run_script(i, x)
            .then_some((i, x.range.start, found))
    })
}

/// The findings kept on instruction `x`, if computed.
fn kept(x: &Instruction) -> Option<&[Diagnostic]> {
    let found = x.derived.0.get()?;
    found.downcast_ref::<Box<[Diagnostic]>>().map(|b| &b[..])
}

/// Computes and keeps the per-RUN findings of instruction `i` (if not known yet).
fn fill_run_findings(analysis: &Analysis, i: usize) {
    let Some(x) = analysis.parsed().instructions.get(i) else {
        return;
    };
    x.derived.0.get_or_init(|| {
        let on = REGISTRY
            .iter()
            .copied()
            .filter(|r| r.meta().scope == Scope::Run && !r.meta().default_off);
        let found: Box<[Diagnostic]> = match run_of(x).and_then(|run| check_run(run, on)) {
            Some(out) => {
                crate::work_counters::checked_one_run();
                let base = isize::try_from(x.range.start).unwrap_or(isize::MAX);
                out.iter().map(|d| d.shifted(-base)).collect()
            }
            None => Box::default(),
        };
        Arc::new(found)
    });
}

/// The findings of per-RUN rules that are off by default, for `rules` (those a configuration
/// turned on), on each RUN with a POSIX script, in the document's offsets. They are worked
/// out for every analysis instead of kept on the instructions: most documents never enable
/// them, and what they report (one finding per unpinned package) would be most of what the
/// instructions keep.
fn run_findings_uncached(
    analysis: &Analysis,
    rules: &[&dyn Rule],
) -> Vec<(usize, Vec<Diagnostic>)> {
    let ins = &analysis.parsed().instructions;
    analysis
        .script_runs()
        .iter()
        .filter_map(|&i| {
            let run = run_of(ins.get(i)?)?;
            Some((i, check_run(run, rules.iter().copied())?))
        })
        .collect()
}

/// The findings of `rules` on RUN `run` (an instruction or the trigger of an ONBUILD), in
/// the document's offsets. None when it has no script.
fn check_run<'r>(
    run: &Instruction,
    rules: impl Iterator<Item = &'r dyn Rule>,
) -> Option<Vec<Diagnostic>> {
    let script: Script = crate::syntax::shell::script_of(run)?;
    let mut out = Vec::new();
    for rule in rules {
        rule.check_run(run, &script, &mut out);
    }
    Some(out)
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
        let notice = d
            .last()
            .map(|d| crate::ide::code_action::ignore_here(&a, d));
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

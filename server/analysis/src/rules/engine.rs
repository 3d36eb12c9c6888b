//! The rule engine: every enabled rule at its configured severity, then suppression.

use super::REGISTRY;
use crate::Analysis;
use crate::config::RuleSettings;
use crate::diagnostic::Diagnostic;

/// Runs every rule `settings` enable and returns the findings ordered by position.
#[must_use]
pub fn run_all(analysis: &Analysis, settings: &RuleSettings) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in REGISTRY {
        let Some(severity) = settings.severity(rule.meta()) else {
            continue;
        };
        let from = out.len();
        rule.check(analysis, &mut out);
        if rule.meta().id == "SecretsUsedInArgOrEnv" {
            // The project's well-known non-secrets (the finding's range is the name).
            let rope = analysis.text();
            let mut k = from;
            while k < out.len() {
                let allowed = out.get(k).is_some_and(|d| {
                    settings.secret_name_allowed(&crate::text::slice(rope, d.range))
                });
                if allowed {
                    out.remove(k);
                } else {
                    k += 1;
                }
            }
        }
        if severity != rule.meta().severity {
            for d in out.iter_mut().skip(from) {
                d.severity = severity;
            }
        }
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

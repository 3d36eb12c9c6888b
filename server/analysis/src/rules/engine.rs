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
        if severity != rule.meta().severity {
            for d in out.iter_mut().skip(from) {
                d.severity = severity;
            }
        }
    }
    crate::suppress::apply(analysis, &mut out);
    out.sort_by_key(|d| (d.range.start, d.range.end, d.rule));
    out
}

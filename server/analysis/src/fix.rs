//! Applying fixes to a text: one fix (a code action) or every safe fix until none is left
//! (`source.fixAll`, `check --fix`).

use crate::Analysis;
use crate::diagnostic::{Applicability, Fix};
use crate::model::BuildConfig;
use crate::rules::config::RuleSettings;
use crate::text::TextEdit;

/// Applies non-overlapping `edits` to `text`. Edits that overlap an earlier one (in text
/// order) or fall outside the text are skipped; returns whether all were applied.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> (String, bool) {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let mut all = true;
    for e in sorted {
        let (start, end) = (e.range.start, e.range.end);
        if start < at
            || end > text.len()
            || start > end
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            all = false;
            continue;
        }
        out.push_str(text.get(at..start).unwrap_or_default());
        out.push_str(&e.new_text);
        at = end;
    }
    out.push_str(text.get(at..).unwrap_or_default());
    (out, all)
}

/// What `fix_all` did.
#[derive(Debug, Clone)]
pub struct FixAll {
    /// The fixed text.
    pub text: String,
    /// For each fix applied: the rule and the fix's title.
    pub applied: Vec<(&'static str, String)>,
    /// Fixes left out because the text they produced had a syntax error the original did
    /// not (BuildKit would reject it): the rule and the fix's title.
    pub rejected: Vec<(&'static str, String)>,
    /// The analysis of the fixed text (the one in which no safe fix was left).
    pub analysis: Analysis,
}

/// The most rounds `fix_all` runs: each round applies every safe fix that does not overlap
/// another, and a fix can only make a later one possible, so the result settles fast.
const MAX_ROUNDS: usize = 8;

/// Whether two edits cannot both be applied: they overlap, or both insert at one offset (or
/// one inserts where the other's replacement starts), where the order would be a guess.
fn conflict(a: &TextEdit, b: &TextEdit) -> bool {
    let (a, b) = (a.range, b.range);
    (a.start < b.end && b.start < a.end) || ((a.is_empty() || b.is_empty()) && a.start == b.start)
}

/// How many things BuildKit would reject in `text`.
fn syntax_errors(text: &str) -> usize {
    crate::syntax::scan(&ropey::Rope::from_str(text))
        .errors
        .len()
}

/// Applies every safe fix (edits only; fixes that create files are left to a human) of the
/// rules `settings` enable to the text of `analysis` (made with `config`), re-analysing after
/// each round until no safe fix is left. A fix is never applied if the text it produces has
/// more syntax errors than the text before it: it is listed in `rejected` instead.
#[must_use]
pub fn fix_all(analysis: &Analysis, config: &BuildConfig, settings: &RuleSettings) -> FixAll {
    let mut current = analysis.clone();
    let mut applied = Vec::new();
    let mut rejected: Vec<(&'static str, String)> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let mut taken: Vec<TextEdit> = Vec::new();
        let mut round: Vec<(&'static str, String, Vec<TextEdit>)> = Vec::new();
        for d in current.diagnostics_with(settings) {
            let Some(fix) = d.fixes.iter().find(|f| is_unattended(f)) else {
                continue;
            };
            if rejected
                .iter()
                .any(|(r, t)| *r == d.rule && *t == fix.title)
            {
                continue;
            }
            let clashes = fix
                .edits
                .iter()
                .any(|e| taken.iter().any(|t| conflict(e, t)));
            if clashes || fix.edits.is_empty() {
                continue;
            }
            taken.extend(fix.edits.iter().cloned());
            round.push((d.rule, fix.title.clone(), fix.edits.clone()));
        }
        if taken.is_empty() {
            break;
        }
        let text = current.text().to_string();
        let before = current.parsed().errors.len();
        let (mut next, _) = apply_edits(&text, &taken);
        if syntax_errors(&next) > before {
            // Some fix breaks the file: keep only those that do not, one by one.
            let mut good: Vec<TextEdit> = Vec::new();
            let mut kept = Vec::new();
            for (rule, title, edits) in round {
                if syntax_errors(&apply_edits(&text, &edits).0) > before {
                    rejected.push((rule, title));
                } else {
                    good.extend(edits.iter().cloned());
                    kept.push((rule, title, edits));
                }
            }
            next = apply_edits(&text, &good).0;
            if syntax_errors(&next) > before {
                // Harmless alone, harmful together: apply none of them.
                rejected.extend(kept.into_iter().map(|(r, t, _)| (r, t)));
                break;
            }
            round = kept;
        }
        if next == text {
            break;
        }
        applied.extend(round.into_iter().map(|(r, t, _)| (r, t)));
        current = Analysis::from_text(&next, config);
    }
    FixAll {
        text: current.text().to_string(),
        applied,
        rejected,
        analysis: current,
    }
}

fn is_unattended(f: &Fix) -> bool {
    f.applicability == Applicability::Safe && f.new_files.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::TextRange;

    #[test]
    fn edits_apply_in_text_order_and_overlaps_are_skipped() {
        let edits = [
            TextEdit::replace(TextRange::new(4, 5), "X"),
            TextEdit::insert(0, ">"),
            TextEdit::replace(TextRange::new(3, 6), "overlap"),
        ];
        assert_eq!(
            apply_edits("abcdefg", &edits),
            (">abcoverlapg".to_owned(), false)
        );
        assert_eq!(
            apply_edits("abc", &[TextEdit::delete(TextRange::new(1, 9))]),
            ("abc".to_owned(), false)
        );
    }
}

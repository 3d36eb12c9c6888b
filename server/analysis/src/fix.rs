//! Applying fixes to a text: one fix (a code action) or every safe fix until none is left
//! (`source.fixAll`, `check --fix`).

use crate::Analysis;
use crate::config::RuleSettings;
use crate::diagnostic::{Applicability, Fix, TextEdit};
use crate::model::BuildConfig;

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

/// Applies every safe fix (edits only; fixes that create files are left to a human) of the
/// rules `settings` enable to the text of `analysis` (made with `config`), re-analysing after
/// each round until no safe fix is left.
#[must_use]
pub fn fix_all(analysis: &Analysis, config: &BuildConfig, settings: &RuleSettings) -> FixAll {
    let mut current = analysis.clone();
    let mut applied = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let mut taken: Vec<TextEdit> = Vec::new();
        let mut round = Vec::new();
        for d in current.diagnostics_with(settings) {
            let Some(fix) = d.fixes.iter().find(|f| is_unattended(f)) else {
                continue;
            };
            let clashes = fix
                .edits
                .iter()
                .any(|e| taken.iter().any(|t| conflict(e, t)));
            if clashes || fix.edits.is_empty() {
                continue;
            }
            taken.extend(fix.edits.iter().cloned());
            round.push((d.rule, fix.title.clone()));
        }
        if taken.is_empty() {
            break;
        }
        let text = current.text().to_string();
        let (next, _) = apply_edits(&text, &taken);
        if next == text {
            break;
        }
        applied.extend(round);
        current = Analysis::from_text(&next, config);
    }
    FixAll {
        text: current.text().to_string(),
        applied,
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

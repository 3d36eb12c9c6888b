//! Test helpers: fixtures with a `$0` cursor marker, and rule checks rendered as
//! `line:col-line:col message` (1-based, columns in characters).

use crate::text::TextRange;
use crate::{Analysis, BuildConfig};

pub(crate) struct Fixture {
    pub(crate) analysis: Analysis,
    pub(crate) cursor: usize,
}

/// Analyses `src` with its `$0` marker removed; the cursor is where the marker was.
pub(crate) fn fixture(src: &str) -> Fixture {
    let cursor = src.find("$0").unwrap_or(0);
    let text = src.replacen("$0", "", 1);
    Fixture {
        analysis: Analysis::from_text(&text, &BuildConfig::default()),
        cursor,
    }
}

/// A build of the Dockerfile by `label` (`compose service `web``) targeting `target`, with
/// nothing else set: tests change what they look at with `Builder { …, ..builder(…) }`.
pub(crate) fn builder(label: &str, target: Option<&str>) -> crate::Builder {
    crate::Builder {
        label: label.to_owned(),
        place: "compose.yaml:2".to_owned(),
        target: target.map(str::to_owned),
        dynamic_target: false,
        context: None,
        dev_container: false,
        named_contexts: Vec::new(),
        args: Vec::new(),
    }
}

/// `line:col` of a byte offset, 1-based, the column counted in chars.
pub(crate) fn line_col(a: &Analysis, offset: usize) -> String {
    let rope = a.text();
    let line = rope.byte_to_line(offset);
    let col = rope.byte_to_char(offset) - rope.line_to_char(line);
    format!("{}:{}", line + 1, col + 1)
}

pub(crate) fn render_range(a: &Analysis, r: TextRange) -> String {
    format!("{}-{}", line_col(a, r.start), line_col(a, r.end))
}

/// Asserts the findings of rule `id` (which must exist) on `text`.
pub(crate) fn check_rule(id: &str, text: &str, expected: &[&str]) {
    assert!(
        crate::rules::find(id).is_some_and(|r| r.meta().id == id),
        "no rule has the id {id}"
    );
    let a = Analysis::from_text(text, &BuildConfig::default());
    let got: Vec<String> = a
        .diagnostics()
        .into_iter()
        .filter(|d| d.rule == id)
        .map(|d| format!("{} {}", render_range(&a, d.range), d.message))
        .collect();
    assert_eq!(got, expected, "findings of {id} on:\n{text}");
}

/// Applies the first fix of the first finding of rule `id` on `before` and asserts the
/// result is `after`; then re-analyses it: that finding must be gone and no error may appear.
pub(crate) fn check_fix(id: &str, before: &str, after: &str) {
    assert!(
        crate::rules::find(id).is_some_and(|r| r.meta().id == id),
        "no rule has the id {id}"
    );
    let a = Analysis::from_text(before, &BuildConfig::default());
    let settings = crate::RuleSettings::default();
    let mut all = crate::RuleSettings::default();
    all.select(["ALL"]).ok();
    let diags = a.diagnostics_with(&all);
    let Some(d) = diags.iter().find(|d| d.rule == id) else {
        panic!("no {id} finding on:\n{before}")
    };
    let Some(fix) = d.fixes.first() else {
        panic!("{id} finding has no fix: {}", d.message)
    };
    let (fixed, complete) = crate::fix::apply_edits(before, &fix.edits);
    assert!(complete, "{id}: fix edits overlap or fall outside the text");
    assert_eq!(fixed, after, "{id}: fix `{}` on:\n{before}", fix.title);
    let b = Analysis::from_text(&fixed, &BuildConfig::default());
    let again = b.diagnostics_with(&all);
    let same = again
        .iter()
        .filter(|x| x.rule == id && x.message == d.message)
        .count();
    let before_same = diags
        .iter()
        .filter(|x| x.rule == id && x.message == d.message)
        .count();
    assert!(
        same < before_same,
        "{id}: the finding is still there after the fix:\n{fixed}"
    );
    let errors_before = a
        .diagnostics_with(&settings)
        .iter()
        .filter(|x| x.severity == crate::Severity::Error)
        .count();
    let errors_after: Vec<_> = b
        .diagnostics_with(&settings)
        .into_iter()
        .filter(|x| x.severity == crate::Severity::Error)
        .collect();
    assert!(
        errors_after.len() <= errors_before,
        "{id}: the fix introduced errors {errors_after:?} in:\n{fixed}"
    );
}

/// The fixes of rule `id`'s findings on `text` (one list per finding), each as its fixed text.
pub(crate) fn fixed(text: &str, id: &str) -> Vec<Vec<String>> {
    let a = Analysis::from_text(text, &BuildConfig::default());
    a.diagnostics()
        .into_iter()
        .filter(|d| d.rule == id)
        .map(|d| {
            d.fixes
                .iter()
                .map(|f| crate::fix::apply_edits(text, &f.edits).0)
                .collect()
        })
        .collect()
}

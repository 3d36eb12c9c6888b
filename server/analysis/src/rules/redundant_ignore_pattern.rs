//! `RedundantIgnorePattern`: a `.dockerignore` line that a duplicate or a later line makes
//! pointless.

use super::Check;
use crate::diagnostic::{Diagnostic, Tag};
use crate::ignorefile::check::{IgnoreCheck, IgnoreOut};

declare_rule! {
    /// # RedundantIgnorePattern
    ///
    /// Reports a `.dockerignore` line that changes nothing: the same pattern (after BuildKit's
    /// cleaning, so `/dist/` and `dist` are one) already appears above it, or — when the
    /// context was counted — every path it matches is decided by a later line (BuildKit lets
    /// the last matching line decide), as `build/app` above `build`.
    ///
    /// ## Why
    ///
    /// Dead lines make the file harder to read and to change: removing the line that really
    /// decides would surprise whoever kept the other one.
    ///
    /// ## Example
    ///
    /// `.dockerignore`:
    ///
    /// ```text
    /// dist
    /// /dist/
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine
    /// COPY . /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// Keep one of them.
    RedundantIgnorePattern {
        severity: Hint,
        scope: Ignore,
        summary: "A `.dockerignore` line repeats another or is overridden by a later one.",
    }
}

impl Check for RedundantIgnorePattern {
    fn check_ignore(&self, cx: &IgnoreCheck<'_>, out: &mut IgnoreOut) {
        let pats = &cx.file.patterns;
        let same = |a: &crate::ignorefile::Pattern, b: &crate::ignorefile::Pattern| {
            a.exception == b.exception && a.cleaned == b.cleaned
        };
        for (i, p) in pats.iter().enumerate() {
            if p.error.is_some() {
                continue;
            }
            if let Some(first) = pats.iter().take(i).find(|q| same(q, p)) {
                out.push(
                    Diagnostic::new(
                        &META,
                        p.range,
                        format!("repeats line {} (`{}`)", first.line + 1, p.cleaned),
                    )
                    .with_tag(Tag::Unnecessary),
                );
                continue;
            }
            // An earlier copy of a later line is reported there, as the repeat.
            if pats.iter().skip(i + 1).any(|q| same(q, p)) {
                continue;
            }
            let Some((listing, eval)) = cx.complete_context() else {
                continue;
            };
            let Some(stats) = eval.patterns.get(i) else {
                continue;
            };
            if stats.matched == 0 || stats.files > 0 || !stats.examples.is_empty() {
                continue;
            }
            // Which later line decides what it matches: the first entry it matches, walked
            // again, names it.
            let later = listing
                .entries
                .iter()
                .find(|e| p.matches(&e.path))
                .and_then(|e| cx.file.excludes(&e.path).1)
                .and_then(|d| pats.get(d))
                .filter(|q| q.line > p.line);
            let by = later.map_or_else(
                || "later lines".to_owned(),
                |q| format!("line {} (`{}{}`)", q.line + 1, if q.exception { "!" } else { "" }, q.cleaned),
            );
            out.push(
                Diagnostic::new(
                    &META,
                    p.range,
                    format!("changes nothing: every path it matches is decided by {by}"),
                )
                .with_tag(Tag::Unnecessary),
            );
        }
    }
}

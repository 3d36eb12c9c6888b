//! `UselessIgnoreException`: a `!` exception in `.dockerignore` that re-includes nothing.

use super::Check;
use crate::diagnostic::{Diagnostic, Tag};
use crate::ignorefile::check::{IgnoreCheck, IgnoreOut};

declare_rule! {
    /// # UselessIgnoreException
    ///
    /// Reports a `!pattern` exception of `.dockerignore` that brings nothing back: no
    /// pattern before it excludes anything (BuildKit reads the file top to bottom, the last
    /// matching line deciding), or — when the context was counted — the files it matches are
    /// not excluded by the lines before it. An exception that matches nothing yet is left to
    /// `IgnorePatternMatchesNothing` (a hint): it is often for what a build step creates
    /// before `docker build` runs (`!.build/linux-amd64/`).
    ///
    /// ## Why
    ///
    /// An exception only means something after the pattern it makes an exception to. One
    /// written before it (`!README.md` above `*.md`) is overridden, so the file it was meant
    /// to keep is left out of the context and a `COPY` of it fails.
    ///
    /// ## Example
    ///
    /// `.dockerignore`:
    ///
    /// ```text
    /// !README.md
    /// *.md
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine
    /// COPY . /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// Put the exception after the pattern it excepts from:
    ///
    /// ```text
    /// *.md
    /// !README.md
    /// ```
    UselessIgnoreException {
        severity: Warning,
        scope: Ignore,
        summary: "A `!` exception in `.dockerignore` re-includes nothing.",
    }
}

impl Check for UselessIgnoreException {
    fn check_ignore(&self, cx: &IgnoreCheck<'_>, out: &mut IgnoreOut) {
        let mut excluded_before = false;
        let context = cx.complete_context();
        for (i, p) in cx.file.patterns.iter().enumerate() {
            if p.error.is_some() {
                continue;
            }
            if !p.exception {
                excluded_before = true;
                continue;
            }
            let why = if !excluded_before {
                Some("no pattern before it excludes anything, so it re-includes nothing (the last matching line decides: put it after the pattern it makes an exception to)".to_owned())
            } else if let Some((listing, eval)) = context {
                // What it matches exists and is sent anyway. (An exception that matches
                // nothing yet is often for what a build step creates before `docker build`,
                // `!.build/linux-amd64/`: IgnorePatternMatchesNothing hints at it.)
                let stats = eval.patterns.get(i);
                (stats.is_some_and(|s| s.matched == 0) && listing.any_matches(p)).then(|| {
                    "what it matches is not excluded by the patterns before it, so it re-includes nothing".to_owned()
                })
            } else {
                None
            };
            if let Some(why) = why {
                out.push(
                    Diagnostic::new(&META, p.range, format!("this exception does nothing: {why}"))
                        .with_tag(Tag::Unnecessary),
                );
            }
        }
    }
}

//! `IgnorePatternMatchesNothing`: a `.dockerignore` pattern that matches nothing in the context.

use super::Check;
use crate::diagnostic::{Diagnostic, Tag};
use crate::ignorefile::check::{IgnoreCheck, IgnoreOut};

declare_rule! {
    /// # IgnorePatternMatchesNothing
    ///
    /// Reports a `.dockerignore` pattern that matches no file or directory of the build
    /// context as it is on disk now. Shown as a hint (faded in most editors): patterns for
    /// what a build creates later (`node_modules` before `npm install`, `*.log`) are common
    /// and harmless, as are exceptions for what a build step creates before `docker build`
    /// (`!.build/linux-amd64/`). Only when the whole context was counted (not when a limit
    /// stopped the count).
    ///
    /// ## Why
    ///
    /// A pattern that matches nothing is often a typo (`node_module`), a path written from the
    /// wrong directory (patterns are relative to the context, not to the ignore file's
    /// folder when the context is elsewhere), or left over from a layout that changed — and
    /// then what it was meant to keep out is sent.
    ///
    /// ## Example
    ///
    /// `.dockerignore`:
    ///
    /// ```text
    /// node_module
    /// ```
    ///
    /// Files in the context:
    ///
    /// ```text
    /// Dockerfile
    /// node_modules/
    /// node_modules/left-pad/index.js
    /// ```
    ///
    /// ```dockerfile
    /// FROM node:22-slim
    /// COPY . /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// Fix the pattern (`node_modules`), or remove it.
    IgnorePatternMatchesNothing {
        severity: Hint,
        scope: Ignore,
        summary: "A `.dockerignore` pattern matches nothing in the build context.",
    }
}

impl Check for IgnorePatternMatchesNothing {
    fn check_ignore(&self, cx: &IgnoreCheck<'_>, out: &mut IgnoreOut) {
        let Some((listing, eval)) = cx.complete_context() else {
            return;
        };
        for (p, stats) in cx.file.patterns.iter().zip(&eval.patterns) {
            // `matched` counts what the pattern decided on while walking; a pattern BuildKit
            // did not need to look at (an earlier line had excluded the path already) may
            // still match: look at the paths themselves.
            if p.error.is_none() && stats.matched == 0 && !listing.any_matches(p) {
                out.push(
                    Diagnostic::new(
                        &META,
                        p.range,
                        format!("`{}` matches nothing in the build context", p.cleaned),
                    )
                    .with_tag(Tag::Unnecessary),
                );
            }
        }
    }
}

//! `InvalidIgnorePattern`: a `.dockerignore` pattern BuildKit rejects.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::ignorefile::check::{IgnoreCheck, IgnoreOut};

declare_rule! {
    /// # InvalidIgnorePattern
    ///
    /// Reports a line of `.dockerignore` (or `<Dockerfile>.dockerignore`) that BuildKit
    /// rejects, with the message BuildKit fails with: `syntax error in pattern` for a pattern
    /// Go's `filepath.Match` does not accept (an unclosed `[`, a range like `[a-b-c]`, `[-x]`
    /// or `[]a]`, a trailing `\`) or whose class is not a valid regular expression
    /// (`[Local-Only]`, where `l-O` is an empty range), and `illegal exclusion pattern: "!"`
    /// for a `!` with no pattern after it (`!/` too, which cleans to `!`).
    ///
    /// ## Why
    ///
    /// The build fails before anything is sent: `invalid excludepatterns`. The whole ignore
    /// file is unusable until the line is fixed.
    ///
    /// ## Example
    ///
    /// `.dockerignore`:
    ///
    /// ```text
    /// node_modules
    /// [Local-Only]/
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine
    /// COPY . /app
    /// ```
    ///
    /// ## Use instead
    ///
    /// Escape the bracket (`\[Local-Only]`), or write the class you meant (`[L]ocal-Only`).
    InvalidIgnorePattern {
        severity: Error,
        scope: Ignore,
        summary: "A `.dockerignore` pattern BuildKit rejects (the build fails).",
    }
}

impl Check for InvalidIgnorePattern {
    fn check_ignore(&self, cx: &IgnoreCheck<'_>, out: &mut IgnoreOut) {
        for p in &cx.file.patterns {
            if let Some(e) = &p.error {
                out.push(Diagnostic::new(
                    &META,
                    p.range,
                    format!("BuildKit rejects this pattern: {e} (the build fails with \"invalid excludepatterns\")"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ignorefile::IgnoreFile;
    use crate::ignorefile::check::{IgnoreCheck, check};
    use crate::RuleSettings;

    #[test]
    fn rejected_patterns_and_their_messages() {
        let text = "ok\n[\n!\n!/\n[Local-Only]/\na\\\\\n\\[fine]\n";
        let file = IgnoreFile::parse(text);
        let cx = IgnoreCheck { text, file: &file, context: None, dockerfiles: &[] };
        let found: Vec<(String, String)> = check(&cx, &RuleSettings::default())
            .into_iter()
            .filter(|f| f.diagnostic.rule == "InvalidIgnorePattern")
            .map(|f| {
                let d = f.diagnostic;
                (text.get(d.range.start..d.range.end).unwrap_or_default().to_owned(), d.message)
            })
            .collect();
        let lines: Vec<&str> = found.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(lines, ["[", "!", "!/", "[Local-Only]/"]);
        assert!(found[0].1.contains("syntax error in pattern"));
        assert!(found[1].1.contains("illegal exclusion pattern: \"!\""));
    }
}

//! `CopyIgnoredFile`: a COPY/ADD source that `.dockerignore` excludes (BuildKit's check).

use super::{Check, local_sources};
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::model::dockerignore::IgnoreRules;
use crate::syntax::Keyword;

declare_rule! {
    /// # CopyIgnoredFile
    ///
    /// Reports a `COPY` or `ADD` source path from the build context that the context's
    /// `.dockerignore` (or the Dockerfile's own `<Dockerfile>.dockerignore`) excludes, as BuildKit
    /// does. Paths with variables, URLs, `--from` sources and heredocs are not checked. It runs when
    /// the build context is known: in the editor and with `dockerfile-ls check`.
    ///
    /// ## Why
    ///
    /// An excluded file is never sent to the builder: the COPY fails with "not found", or, for a
    /// directory or a wildcard, silently copies less than intended. Either the ignore file or the
    /// COPY is wrong.
    ///
    /// ## Example
    ///
    /// `.dockerignore`:
    ///
    /// ```text
    /// *.md
    /// ```
    ///
    /// ```dockerfile
    /// FROM alpine
    /// COPY README.md /docs/
    /// ```
    ///
    /// ## Use instead
    ///
    /// Re-include the file in `.dockerignore` (`!README.md`) or stop copying it.
    ///
    /// ## When it does not fire
    ///
    /// As BuildKit: when the `.dockerignore` re-includes anything (`!pattern`), nothing is checked,
    /// since a directory may be excluded while a file inside it is included again; the context root
    /// (`COPY . …`, `COPY / …`) is reported only when a pattern ignores every root entry (`*`, `**`).
    /// Sources with variables, URLs and git addresses are not checked.
    CopyIgnoredFile {
        severity: Warning,
        buildkit_check: true,
        summary: "A COPY or ADD source is excluded by `.dockerignore`.",
    }
}

/// The path as BuildKit prints it (Go's `filepath.Clean`, for the usual shapes): no `./`
/// prefix, no trailing `/`, `.` and `/` kept.
fn go_clean(p: &str) -> &str {
    let t = p.strip_prefix("./").unwrap_or(p);
    match t.trim_end_matches('/') {
        "" if p.starts_with('/') => "/",
        "" => ".",
        rest => rest,
    }
}

impl Check for CopyIgnoredFile {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let Some((name, text)) = analysis
            .model()
            .context()
            .and_then(|c| c.dockerignore.as_ref())
        else {
            return;
        };
        let rules = IgnoreRules::parse(text);
        // As BuildKit: with `!` re-inclusions the answer is too hard to know statically, so
        // nothing is checked.
        if rules.is_empty() || rules.has_exclusions() {
            return;
        }
        for i in &analysis.parsed().instructions {
            for w in local_sources(i) {
                let p = w.text.as_str();
                if p.contains('$') || p.contains("://") || p.starts_with("git@") {
                    continue;
                }
                // `.` and `/` are the context root: reported only when every root entry is
                // ignored (`*`, `**`).
                let root = matches!(p.trim_end_matches('/'), "" | "." | "./.");
                if (root && rules.ignores_root()) || (!root && rules.is_excluded(p)) {
                    let verb = if i.kind == Keyword::Add {
                        "Add"
                    } else {
                        "Copy"
                    };
                    out.push(Diagnostic::new(
                        &META,
                        w.range,
                        format!(
                            "Attempting to {verb} file \"{}\" that is excluded by {name}",
                            go_clean(p)
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Analysis;
    use crate::model::{BuildConfig, BuildContext};

    #[test]
    fn excluded_sources() {
        let found = |ignore: &str| -> Vec<String> {
            let config = BuildConfig {
                                context: Some(BuildContext {
                    dockerignore: Some((".dockerignore".to_owned(), ignore.to_owned())),
                    markers: Vec::new(),
                    relative_dir: None,
                }),
                ..BuildConfig::default()
            };
            let text = "FROM alpine\nCOPY README.md KEEP.md /docs/\nADD secrets/key.pem ./app /x/\nCOPY --from=0 README.md /y\nCOPY $F.md /z\nCOPY . /all\n";
            Analysis::from_text(text, &config)
                .diagnostics()
                .into_iter()
                .filter(|d| d.rule == "CopyIgnoredFile")
                .map(|d| d.message)
                .collect()
        };
        assert_eq!(
            found("*.md\nsecrets\n"),
            [
                "Attempting to Copy file \"README.md\" that is excluded by .dockerignore",
                "Attempting to Copy file \"KEEP.md\" that is excluded by .dockerignore",
                "Attempting to Add file \"secrets/key.pem\" that is excluded by .dockerignore",
            ]
        );
        // With a re-inclusion BuildKit checks nothing; `.` only when every root entry is out.
        assert_eq!(found("*.md\n!KEEP.md\nsecrets\n"), Vec::<String>::new());
        assert_eq!(
            found("**\n").last().map(String::as_str),
            Some("Attempting to Copy file \".\" that is excluded by .dockerignore")
        );
    }
}

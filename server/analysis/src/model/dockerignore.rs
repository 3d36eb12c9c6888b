//! `.dockerignore` patterns as the Dockerfile's rules need them (`CopyIgnoredFile`): a view of
//! [`crate::ignorefile`], which reads and matches them exactly as BuildKit does.

use crate::ignorefile::IgnoreFile;

/// The parsed ignore file, as the Dockerfile's rules ask about it.
#[derive(Debug, Clone, Default)]
pub struct IgnoreRules {
    file: IgnoreFile,
}

impl IgnoreRules {
    /// Parses the text of an ignore file as BuildKit reads it.
    #[must_use]
    pub fn parse(text: &str) -> IgnoreRules {
        IgnoreRules {
            file: IgnoreFile::parse(text),
        }
    }

    /// Whether any pattern re-includes paths (`!pattern`).
    #[must_use]
    pub fn has_exclusions(&self) -> bool {
        self.file.has_exceptions()
    }

    /// Whether a pattern ignores every entry of the context root (`*`, `**`, `**/*`).
    #[must_use]
    pub fn ignores_root(&self) -> bool {
        self.file.patterns.iter().any(|p| {
            !p.exception && p.error.is_none() && matches!(p.cleaned.as_str(), "*" | "**" | "**/*")
        })
    }

    /// Whether the pattern list has any usable pattern at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.file.patterns.iter().all(|p| p.error.is_some())
    }

    /// Whether `path` (relative to the context; a leading `/` or `./` is ignored) is excluded:
    /// it or one of its parent directories matches, the last matching pattern deciding.
    #[must_use]
    pub fn is_excluded(&self, path: &str) -> bool {
        let path = path.trim_start_matches('/');
        self.file
            .excludes(if path.is_empty() { "." } else { path })
            .0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_semantics() {
        let r = IgnoreRules::parse(
            "# comment\nnode_modules\n*.log\n/build/\n**/*.tmp\ndocs\n!docs/README.md\n[ab]x?\n",
        );
        assert!(r.is_excluded("node_modules"));
        assert!(
            r.is_excluded("node_modules/x/y.js"),
            "a parent directory matches"
        );
        assert!(r.is_excluded("./app.log"));
        assert!(!r.is_excluded("logs/app.log"), "* does not cross /");
        assert!(r.is_excluded("build/out"));
        assert!(r.is_excluded("a/b/c.tmp"));
        assert!(r.is_excluded("c.tmp"), "** matches zero segments");
        assert!(r.is_excluded("docs/guide.md"));
        assert!(!r.is_excluded("docs/README.md"), "! re-includes");
        assert!(r.is_excluded("bxy"));
        assert!(!r.is_excluded("cxy"));
        assert!(!r.is_excluded("src/main.rs"));
        assert!(!r.is_excluded("."));
    }
}

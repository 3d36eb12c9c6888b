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
    ///
    /// ## When it does not fire
    ///
    /// On a pattern kept out in advance, whose last part names what tools, editors and
    /// people create and nobody wants sent: version control (`.git`), dependencies
    /// (`node_modules`, `vendor`, `.venv`), build and test outputs (`bin`, `obj`, `out`,
    /// `build`, `dist`, `target`, `__pycache__`, `*.pyc`, `coverage`), editor and system
    /// files (`.idea`, `.vscode`, `.vs`, `.DS_Store`), logs (`*.log`, `npm-debug.log`),
    /// secrets (`.env`, `*.pem`, `id_rsa`) and the build's own files (`Dockerfile`,
    /// `.dockerignore`, `.gitignore`, `README.md`) — at any depth and with anything under
    /// them (`**/bin`, `src/app/node_modules`, `.git/HEAD`, `dist/**/traefik`). Such a line is a guard for a file that is not there yet,
    /// which is what `SensitiveFileInContext` asks for. Nor on a pattern for what the
    /// project's `.gitignore` (beside the context or above it) keeps out of version control,
    /// at the same path or a directory above it (`.build/linux-amd64` when `.build` is
    /// ignored): an output of the build that is not there yet. That goes for exceptions
    /// too (`!.build/linux-amd64/`: the binary a build step makes before `docker build`).
    IgnorePatternMatchesNothing {
        severity: Hint,
        scope: Ignore,
        summary: "A `.dockerignore` pattern matches nothing in the build context.",
    }
}

/// Names of what tools, editors and people create, as patterns write them: a pattern for
/// one of them matching nothing guards against what is not there yet.
const GUARDS: &[&str] = &[
    // Version control.
    ".git", ".gitignore", ".gitattributes", ".gitmodules", ".github", ".svn", ".hg",
    // Dependencies.
    "node_modules", "bower_components", "vendor", ".venv", "venv", ".bundle", ".pnpm-store",
    ".yarn",
    // Build and test outputs, caches.
    "bin", "obj", "out", "build", "dist", "target", ".tmp", "coverage", "htmlcov",
    ".coverage", ".nyc_output", "site", ".next", ".nuxt", ".cache", ".gradle", ".stack-work",
    ".terraform", "__pycache__", "*.pyc", "*.pyo", "*.py[cod]", "*.egg-info", ".eggs",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".tox", "*.o", "*.so", "*.class",
    "*.test", "*.trx", "*.exe", "*.dll",
    // Editors and systems.
    ".idea", ".vscode", ".vs", ".DS_Store", "Thumbs.db", "*.swp", "*~", "tags", ".devcontainer",
    // Logs.
    "*.log", "npm-debug.log", "npm-debug.log*", "yarn-debug.log*", "yarn-error.log",
    "yarn-error.log*",
    // Secrets.
    ".env", ".env.*", ".env*", "*.env", "*.pem", "*.key", "*.crt", "id_rsa", "id_rsa*",
    "*.p12", ".aws", ".ssh", ".npmrc", ".netrc",
    // The build's own files and documentation.
    "Dockerfile", "Dockerfile*", "*.Dockerfile", "*.dockerfile", ".dockerignore",
    "docker-compose.yml", "docker-compose*.yml", "docker-compose.yaml", "compose.yaml",
    "compose.yml", "*.md", "README*", "README.md", "LICENSE", "CHANGELOG.md",
];

/// Whether `pattern` (cleaned: no `!`, no leading `/`) is a guard: one of its parts, at
/// any depth, is one of [`GUARDS`] (`src/node_modules`, `.git/HEAD`, `dist/**/app`).
fn is_guard(pattern: &str) -> bool {
    pattern.split('/').any(|part| GUARDS.contains(&part))
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
            // Exceptions re-include what a build step creates before `docker build`
            // (`!.build/linux-amd64/`): a guard when `.gitignore` keeps it out too. Asked
            // last, of the patterns that match nothing only.
            let guard = || (!p.exception && is_guard(&p.cleaned)) || listing.gitignored(&p.cleaned);
            if p.error.is_none() && stats.matched == 0 && !listing.any_matches(p) && !guard() {
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

#[cfg(test)]
mod tests {
    use super::is_guard;

    #[test]
    fn guards_at_any_depth() {
        for p in [
            ".git",
            "node_modules",
            "**/bin",
            "src/app/node_modules/",
            "**/*.pyc",
            ".env*",
            "target/**",
            ".git/HEAD",
            "dist/**/traefik",
        ] {
            assert!(is_guard(p), "{p}");
        }
        for p in ["node_module", "cmd/tomll/tomll", "docker-selenium-tests", "src/currency/client.js", "binaries"] {
            assert!(!is_guard(p), "{p}");
        }
    }
}

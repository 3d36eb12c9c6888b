//! `MissingDockerignore`: the whole build context is copied and there is no `.dockerignore`.

use super::{Check, local_sources};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Fix, NewFile, };
use crate::syntax::Word;

declare_rule! {
    /// # MissingDockerignore
    ///
    /// Reports the first `COPY . <dest>` or `ADD . <dest>` (the whole build context) when the
    /// context has neither a `.dockerignore` nor a `<Dockerfile>.dockerignore` next to the
    /// Dockerfile. It runs when the build context is known: the context the project's Compose,
    /// Bake and CI files build the Dockerfile with, when they agree on one (a compose file at the
    /// repository root with `context: .` and `dockerfile: app/Dockerfile`), else the Dockerfile's
    /// directory; `dockerfile-ls check --context DIR` overrides both. The message names the
    /// context it assumed, and the quick-fix creates the file at that context's root (only up
    /// the tree from the Dockerfile: `../.dockerignore` for a compose `context: ..`).
    ///
    /// ## Why
    ///
    /// Without an ignore file, everything in the directory is sent to the builder and copied into
    /// the image: `.git`, local `node_modules` or `target` directories, `.env` files with
    /// credentials, editor swap files. Images get larger, secrets leak into layers, and any change
    /// to an unrelated file invalidates the cache of every step after the COPY.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// (and no `.dockerignore` beside it)
    ///
    /// ## Use instead
    ///
    /// Add a `.dockerignore`:
    ///
    /// ```text
    /// .git
    /// node_modules
    /// .env
    /// *.log
    /// ```
    ///
    /// The quick-fix creates one suited to the project it finds in the context (Node.js, Python,
    /// Go, Rust, Java or Ruby).
    MissingDockerignore {
        severity: Warning,
        fixable: true,
        summary: "`COPY . …` or `ADD . …` while the build context has no `.dockerignore`.",
    }
}

/// Whether a COPY/ADD source word is the whole context.
fn is_whole_context(w: &Word) -> bool {
    matches!(w.text.as_str(), "." | "./" | "/" | "*" | "./*")
}

impl Check for MissingDockerignore {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let Some(ctx) = analysis.model().context() else {
            return;
        };
        if ctx.dockerignore.is_some() {
            return;
        }
        let first = analysis
            .parsed()
            .instructions
            .iter()
            .flat_map(local_sources)
            .find(|w| is_whole_context(w));
        if let Some(w) = first {
            let contents = suggested_dockerignore(&ctx.markers);
            // Which context: the Dockerfile's directory, or where the build files say.
            let which = match ctx.relative_dir.as_deref() {
                None | Some(".") => "the Dockerfile's directory".to_owned(),
                Some(rel) => format!("`{rel}`, as the build files set it"),
            };
            let mut d = Diagnostic::new(
                &META,
                w.range,
                format!(
                    "copies the whole build context ({which}), which has no .dockerignore: .git, local dependencies and secrets such as .env go into the image"
                ),
            );
            // The fix creates the file at the context's root, where BuildKit reads it: only
            // up the tree from the Dockerfile (`..`), never elsewhere.
            let dir = ctx.relative_dir.clone().unwrap_or_else(|| ".".to_owned());
            if dir.split('/').all(|s| s == "." || s == "..") {
                let title = if dir == "." {
                    "Create a .dockerignore".to_owned()
                } else {
                    format!("Create {dir}/.dockerignore (the build context's)")
                };
                d = d.with_fix(Fix {
                    title,
                    edits: Vec::new(),
                    new_files: vec![NewFile {
                        name: ".dockerignore".to_owned(),
                        dir,
                        contents,
                    }],
                    applicability: crate::diagnostic::Applicability::Suggested,
                });
            }
            out.push(d);
        }
    }
}

/// A `.dockerignore` for the ecosystems the marker files reveal.
pub(super) fn suggested_dockerignore(markers: &[String]) -> String {
    let has = |m: &str| markers.iter().any(|x| x == m);
    let mut out = String::from(
        "# Keep the build context small and free of secrets.\n.git\n.gitignore\n.dockerignore\n**/Dockerfile*\n**/.env\n**/.env.*\n**/*.log\n.vscode\n.idea\n**/.DS_Store\n",
    );
    if has("package.json") {
        out.push_str("\n# Node.js\n**/node_modules\nnpm-debug.log*\n.npm\ncoverage\ndist\n");
    }
    if has("requirements.txt") || has("pyproject.toml") {
        out.push_str("\n# Python\n**/__pycache__\n**/*.py[cod]\n.venv\nvenv\n.pytest_cache\n.mypy_cache\n*.egg-info\n");
    }
    if has("go.mod") {
        out.push_str("\n# Go\nbin\n*.test\n*.out\n");
    }
    if has("Cargo.toml") {
        out.push_str("\n# Rust\ntarget\n");
    }
    if has("pom.xml") || has("build.gradle") || has("build.gradle.kts") {
        out.push_str("\n# Java\ntarget\nbuild\n.gradle\n*.class\n");
    }
    if has("Gemfile") {
        out.push_str("\n# Ruby\n.bundle\nvendor/bundle\nlog\ntmp\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::Analysis;
    use crate::model::{BuildConfig, BuildContext};

    fn findings(
        text: &str,
        ignore: Option<&str>,
        markers: &[&str],
    ) -> Vec<(String, Option<String>)> {
        let config = BuildConfig {
                        context: Some(BuildContext {
                dockerignore: ignore.map(|t| (".dockerignore".to_owned(), t.to_owned())),
                markers: markers.iter().map(|m| (*m).to_owned()).collect(),
                relative_dir: None,
            }),
            ..BuildConfig::default()
        };
        Analysis::from_text(text, &config)
            .diagnostics()
            .into_iter()
            .filter(|d| d.rule == "MissingDockerignore")
            .map(|d| {
                let file = d
                    .fixes
                    .first()
                    .and_then(|f| f.new_files.first())
                    .map(|f| f.contents.clone());
                (d.message, file)
            })
            .collect()
    }

    #[test]
    fn whole_context_without_ignore_file() {
        let text = "FROM node:22\nCOPY package.json ./\nCOPY . .\nADD . /x\nCOPY --from=0 . .\n";
        let got = findings(text, None, &["package.json"]);
        assert_eq!(got.len(), 1, "only the first: {got:?}");
        let file = got[0].1.as_deref().unwrap();
        assert!(
            file.contains("**/node_modules") && !file.contains("__pycache__"),
            "{file}"
        );
        assert!(findings(text, Some("x"), &[]).is_empty());
        assert!(findings("FROM a\nCOPY src/ /src\n", None, &[]).is_empty());
        // The context is unknown: nothing to say.
        let a = Analysis::from_text(text, &BuildConfig::default());
        assert!(
            a.diagnostics()
                .iter()
                .all(|d| d.rule != "MissingDockerignore")
        );
    }

    #[test]
    fn the_context_the_build_files_set_is_named_and_gets_the_file() {
        let config = BuildConfig {
            context: Some(BuildContext {
                dockerignore: None,
                markers: Vec::new(),
                relative_dir: Some("..".to_owned()),
            }),
            ..BuildConfig::default()
        };
        let found: Vec<_> = Analysis::from_text("FROM alpine\nCOPY . /app\n", &config)
            .diagnostics()
            .into_iter()
            .filter(|d| d.rule == "MissingDockerignore")
            .collect();
        let d = found.first().unwrap_or_else(|| panic!("no finding"));
        assert!(d.message.contains("(`..`, as the build files set it)"), "{}", d.message);
        let fix = d.fixes.first().unwrap_or_else(|| panic!("no fix"));
        assert_eq!(fix.title, "Create ../.dockerignore (the build context's)");
        assert_eq!(fix.new_files.first().map(|f| f.dir.as_str()), Some(".."));
    }
}

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
    /// directory; `dockerfile-ls check --context DIR` overrides both.
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
            out.push(
                Diagnostic::new(
                    &META,
                    w.range,
                    "copies the whole build context, which has no .dockerignore: .git, local dependencies and secrets such as .env go into the image".to_owned(),
                )
                .with_fix(Fix {
                    title: "Create a .dockerignore".to_owned(),
                    edits: Vec::new(),
                    new_files: vec![NewFile {
                        name: ".dockerignore".to_owned(),
                        contents,
                    }],
                    applicability: crate::diagnostic::Applicability::Suggested,
                }),
            );
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
}

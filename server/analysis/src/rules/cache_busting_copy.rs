//! `CacheBustingCopy`: `COPY . …` comes before the dependency install, so any source change reinstalls everything.

use super::{Check, local_sources};
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::syntax::shell::ShellCommand;

/// Whether a command installs dependencies from a manifest.
/// The only commands [`is_install`] accepts: a script that runs none of them is skipped.
const INSTALLERS: [&str; 12] = [
    "npm", "yarn", "pnpm", "pip", "pip3", "poetry", "pipenv", "bundle", "composer", "go", "cargo",
    "mvn",
];

fn is_install(c: &ShellCommand) -> bool {
    if !INSTALLERS.contains(&c.name()) {
        return false;
    }
    let sub = c.subcommand().map(|s| s.text.as_str()).unwrap_or_default();
    let has = |a: &str| c.args().iter().any(|w| w.text == a);
    match c.name() {
        "npm" => {
            matches!(sub, "ci" | "install" | "i")
                && c.args().iter().filter(|w| !w.text.starts_with('-')).count() == 1
        }
        "yarn" => sub.is_empty() || sub == "install",
        "pnpm" => sub == "install" || sub == "i",
        "pip" | "pip3" => sub == "install" && (has("-r") || has("--requirement")),
        "poetry" | "pipenv" | "bundle" | "composer" => sub == "install",
        "go" => sub == "mod" && has("download"),
        "cargo" => matches!(sub, "build" | "fetch"),
        "mvn" => c.args().iter().any(|w| w.text.starts_with("dependency:")),
        _ => false,
    }
}

/// The command name and subcommand, for messages.
fn slice_words(c: &ShellCommand) -> String {
    c.words
        .iter()
        .take(3)
        .take_while(|w| !w.text.starts_with('-') || w.text == "-r")
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

declare_rule! {
    /// # CacheBustingCopy
    ///
    /// Reports `COPY . <dest>` (or `ADD .`) followed, in the same stage, by a dependency install
    /// (`npm ci`, `npm install`, `yarn install`, `pnpm install`, `pip install -r …`, `poetry
    /// install`, `go mod download`, `cargo build`/`fetch`, `bundle install`, `composer install`,
    /// `mvn … dependency:…`) when no earlier COPY in the stage copied the dependency manifest
    /// (`package.json`, `requirements.txt`, `go.mod`, `Cargo.toml`, `Gemfile`, …).
    ///
    /// ## Why
    ///
    /// The build cache of a step is reused only while everything it depends on is unchanged. After
    /// `COPY . .`, editing any source file invalidates the install step, so every build downloads
    /// and installs all dependencies again. Copying the manifests first and installing before
    /// copying the sources keeps the install cached until the dependencies change.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY . .
    /// RUN npm ci
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM node:22
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// COPY . .
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - The dependency manifest was copied earlier in the stage (`package.json`, `go.mod`,
    ///   `Cargo.toml`, `requirements*.txt`, …).
    /// - `cargo chef cook` ran earlier in the stage: the dependencies were built from
    ///   `recipe.json`, and the later `cargo build` only compiles the sources.
    CacheBustingCopy {
        severity: Info,
        summary: "`COPY . …` comes before the dependency install, so any source change reinstalls everything.",
    }
}

impl Check for CacheBustingCopy {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        const MANIFESTS: [&str; 16] = [
            "package.json",
            "package-lock.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "requirements",
            "pyproject.toml",
            "poetry.lock",
            "Pipfile",
            "go.mod",
            "go.sum",
            "Cargo.toml",
            "Cargo.lock",
            "Gemfile",
            "composer.json",
            "pom.xml",
            "build.gradle",
        ];
        let ins = &analysis.parsed().instructions;
        let model = analysis.model();
        for stage in &model.stages {
            let mut manifest_copied = false;
            let mut whole: Option<&crate::syntax::Word> = None;
            for ii in stage.from..stage.end {
                let Some(i) = ins.get(ii) else { continue };
                for w in local_sources(i) {
                    if MANIFESTS.iter().any(|m| w.text.contains(m)) {
                        manifest_copied = true;
                    }
                    if whole.is_none() && matches!(w.text.as_str(), "." | "./") {
                        whole = Some(w);
                    }
                }
                // `cargo chef cook` built the dependencies from recipe.json: later builds
                // only compile the sources.
                let chef = |s: &crate::syntax::shell::Script| {
                    s.mentions("cargo")
                        && s.named("cargo")
                            .any(|c| c.subcommand().is_some_and(|w| w.text == "chef"))
                };
                let script = analysis.run_script_relative(ii);
                if script.is_some_and(|(s, _)| chef(s)) {
                    manifest_copied = true;
                }
                let Some(copy) = whole else { continue };
                if manifest_copied {
                    break;
                }
                let Some((script, base)) = script else {
                    continue;
                };
                let installs = INSTALLERS.iter().any(|n| script.mentions(n));
                if installs && let Some(c) = script.commands.iter().find(|c| is_install(c)) {
                    out.push(
                        Diagnostic::new(&META, copy.range, format!("`{}` after copying the whole context runs again on every source change: copy the dependency manifest and install first, then copy the rest", slice_words(c)))
                            .with_related(c.range.after(base), "the dependency install"),
                    );
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn install_after_whole_copy() {
        check_rule(
            "CacheBustingCopy",
            "FROM node:22\nWORKDIR /app\nCOPY . .\nRUN npm ci\nFROM node:22\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\nFROM golang:1\nCOPY . .\nRUN go mod download && go build\n",
            &[
                "3:6-3:7 `npm ci` after copying the whole context runs again on every source change: copy the dependency manifest and install first, then copy the rest",
                "11:6-11:7 `go mod download` after copying the whole context runs again on every source change: copy the dependency manifest and install first, then copy the rest",
            ],
        );
    }
}

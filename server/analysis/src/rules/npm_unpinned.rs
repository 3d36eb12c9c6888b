//! `NpmUnpinned`: `npm install` of a named package without a version (`pkg@1.2.3`).

use super::Check;
use super::shell_commands;
use super::package_managers::{packages, report};
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # NpmUnpinned
    ///
    /// Off by default. Reports packages named on an `npm install` line without `@<version>`
    /// (scoped packages need a second `@`), and git dependencies without `#<commit-ish>`. `npm ci`
    /// and a bare `npm install` use the lock file and are not reported, nor are local folders and
    /// tarballs (`./pkg`, `~/pkg`, `pkg-1.2.3.tgz`, `.tar`, `.tar.gz`) and the values of flags
    /// (`--loglevel verbose`).
    ///
    /// ## Why
    ///
    /// `npm install -g some-cli` installs the newest release each build, so an unchanged Dockerfile
    /// can produce a different, possibly broken, image.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN npm install -g typescript
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN npm install -g typescript@5.6.3
    /// ```
    NpmUnpinned {
        severity: Warning,
        aliases: ["DL3016"],
        scope: Run,
        default_off: true,
        summary: "`npm install` of a named package without a version (`pkg@1.2.3`).",
    }
}

impl Check for NpmUnpinned {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for (c, _) in shell_commands(script, "npm", &["install", "i", "add"]) {
            for w in packages(
                c,
                &[
                    "--prefix",
                    "--registry",
                    "--loglevel",
                    "--tag",
                    "--cache",
                    "--userconfig",
                    "-w",
                    "--workspace",
                ],
            ) {
                let t = &w.text;
                // A git dependency is pinned by its `#<commit-ish>`, as hadolint reads it.
                if (t.starts_with("git") && t.contains("://")) || t.starts_with("git+") {
                    if !t.contains('#') {
                        report(&META, out, w, "`<repository>#<commit-ish>`");
                    }
                    continue;
                }
                let at = if t.starts_with('@') {
                    t.matches('@').count() > 1
                } else {
                    t.contains('@')
                };
                // Local folders and tarballs are what they are.
                let path = t.starts_with(['.', '/', '~'])
                    || t.contains(':')
                    || t.ends_with(".tgz")
                    || t.ends_with(".tar")
                    || t.ends_with(".tar.gz");
                if !at && !path {
                    report(&META, out, w, "`pkg@<version>`");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    /// hadolint's DL3016 specs: tarballs and folders are no packages, a git dependency needs a
    /// commit-ish, a flag's value is no package.
    #[test]
    fn what_counts_as_an_unpinned_package() {
        let mut settings = crate::RuleSettings::default();
        settings.select(["NpmUnpinned"]).ok();
        let found = |run: &str| -> Vec<String> {
            crate::Analysis::from_text(&format!("FROM node:22\n{run}\n"), &crate::BuildConfig::default())
                .diagnostics_with(&settings)
                .into_iter()
                .map(|d| d.message)
                .collect()
        };
        assert!(found("RUN npm install package-v1.2.3.tar.gz ~/folder ./x.tar").is_empty());
        assert!(found("RUN npm install --loglevel verbose sax@0.1.1").is_empty());
        assert!(found("RUN npm install git+https://isaacs@github.com/npm/npm.git#v1.0.27").is_empty());
        assert_eq!(
            found("RUN npm install git://github.com/npm/npm.git express"),
            [
                "pin the version of `git://github.com/npm/npm.git` (`<repository>#<commit-ish>`)",
                "pin the version of `express` (`pkg@<version>`)"
            ]
        );
    }
}

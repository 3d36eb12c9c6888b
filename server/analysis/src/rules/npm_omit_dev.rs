//! `NpmOmitDev`: `npm ci`/`npm install` uses the deprecated `--production` or `--only=production`.

use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Fix;
use crate::text::TextEdit;

declare_rule! {
    /// # NpmOmitDev
    ///
    /// Reports `npm ci` and `npm install` with `--production`, `--only=production` or `--only=prod`.
    ///
    /// ## Why
    ///
    /// These flags are deprecated since npm 7 and ignored with a warning by npm 9 and later, which
    /// then installs the dev dependencies too: test frameworks, bundlers and type definitions end
    /// up in the production image. `--omit=dev` is the supported spelling.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN npm ci --only=production
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN npm ci --omit=dev
    /// ```
    ///
    /// ## When the fix is only a suggestion
    ///
    /// When the same stage runs a build step after the install — `npm run …`, `npx …`, `yarn
    /// build`, a bundler or `tsc` — today's build works only because npm 9+ ignores the flag and
    /// installs the dev dependencies that step needs. Switching to `--omit=dev` would break it, so
    /// the finding says so and the fix is offered in the editor but never applied by `--fix` or
    /// fix-all. The layout that keeps the image small: install everything and build in a build
    /// stage, then `npm ci --omit=dev` in the runtime stage and copy the build output there.
    NpmOmitDev {
        severity: Warning,
        fixable: true,
        summary: "`npm ci`/`npm install` uses the deprecated `--production` or `--only=production`.",
    }
}

impl Check for NpmOmitDev {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let npm_scripts = analysis
            .run_scripts_relative()
            .filter(|(_, _, s, _)| s.mentions("npm"));
        for (ii, _, script, base) in npm_scripts {
            let stage_end = model.stage_at(ii).map_or(ii + 1, |s| s.end);
            for c in script.named("npm") {
                if !c.subcommand().is_some_and(|s| {
                    matches!(s.text.as_str(), "ci" | "install" | "i" | "clean-install")
                }) {
                    continue;
                }
                for w in c.args() {
                    let old = matches!(
                        w.text.as_str(),
                        "--production" | "--production=true" | "--only=production" | "--only=prod"
                    );
                    if !old {
                        continue;
                    }
                    // A build step after the install, in this RUN or a later one of the stage,
                    // needs the dev dependencies npm 9+ installs today despite the flag.
                    let later_build = script
                        .commands
                        .iter()
                        .filter(|b| b.range.start > c.range.start)
                        .map(|b| (b, base))
                        .chain(
                            (ii + 1..stage_end)
                                .filter_map(|j| analysis.run_script_relative(j))
                                .flat_map(|(s, at)| s.commands.iter().map(move |b| (b, at))),
                        )
                        .find(|(b, _)| is_build_step(b));
                    let range = w.range.after(base);
                    let d = match later_build {
                        None => Diagnostic::new(
                            &META,
                            range,
                            format!(
                                "`{}` is deprecated and ignored by npm 9+, which then installs dev dependencies: use `--omit=dev`",
                                w.text
                            ),
                        )
                        .with_fix(Fix::safe(
                            "Change to `--omit=dev`",
                            vec![TextEdit::replace(range, "--omit=dev")],
                        )),
                        Some((b, at)) => Diagnostic::new(
                            &META,
                            range,
                            format!(
                                "`{}` is ignored by npm 9+, so this install has the dev dependencies that the later `{}` needs: install everything here, build, and run `npm ci --omit=dev` in the runtime stage",
                                w.text,
                                b.words.iter().take(3).map(|x| x.text.as_str()).collect::<Vec<_>>().join(" ")
                            ),
                        )
                        .with_related(b.range.after(at), "the build step that needs the dev dependencies")
                        .with_fix(Fix::suggested(
                            "Change to `--omit=dev` (the later build step loses its dev dependencies)",
                            vec![TextEdit::replace(range, "--omit=dev")],
                        )),
                    };
                    out.push(d);
                }
            }
        }
    }
}

/// Whether a command builds with the dev dependencies: a package script (`npm run build`,
/// `yarn build`, `pnpm build`), `npx …`, or a bundler or compiler run directly.
fn is_build_step(c: &crate::syntax::shell::ShellCommand) -> bool {
    let sub = c.subcommand().map(|s| s.text.as_str()).unwrap_or_default();
    match c.name() {
        "npm" => matches!(sub, "run" | "run-script" | "test" | "exec"),
        "yarn" | "pnpm" => !matches!(sub, "" | "install" | "add" | "i" | "ci"),
        "npx" | "tsc" | "webpack" | "vite" | "esbuild" | "rollup" | "parcel" | "next" | "nest"
        | "ng" | "turbo" | "nx" | "babel" | "jest" | "vitest" => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn deprecated_flags() {
        check_rule(
            "NpmOmitDev",
            "FROM node:22\nRUN npm ci --only=production && npm install --production=false\n",
            &[
                "2:12-2:29 `--only=production` is deprecated and ignored by npm 9+, which then installs dev dependencies: use `--omit=dev`",
            ],
        );
        check_fix(
            "NpmOmitDev",
            "FROM node:22\nRUN npm ci --production\n",
            "FROM node:22\nRUN npm ci --omit=dev\n",
        );
    }

    #[test]
    fn a_later_build_step_makes_the_fix_a_suggestion() {
        let text = "FROM node:22\nRUN npm ci --only=production && npm run build\nFROM node:22\nRUN npm ci --only=production\nCOPY . .\nRUN npx tsc\n";
        let a = crate::Analysis::from_text(text, &crate::BuildConfig::default());
        let fixes: Vec<crate::Applicability> = a
            .diagnostics()
            .into_iter()
            .filter(|d| d.rule == "NpmOmitDev")
            .map(|d| d.fixes.first().map(|f| f.applicability).unwrap())
            .collect();
        assert_eq!(
            fixes,
            [
                crate::Applicability::Suggested,
                crate::Applicability::Suggested
            ]
        );
        // fix-all leaves them alone.
        let fixed = crate::fix::fix_all(
            &a,
            &crate::BuildConfig::default(),
            &crate::RuleSettings::default(),
        );
        assert!(
            fixed.text.contains("--only=production && npm run build"),
            "{}",
            fixed.text
        );
    }
}

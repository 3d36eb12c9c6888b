//! `NpmOmitDev`: an npm install leaves out the dev dependencies a later build step needs, or
//! spells `--omit=dev` the deprecated way.

use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Fix;
use crate::text::TextEdit;

declare_rule! {
    /// # NpmOmitDev
    ///
    /// Reports an `npm ci` or `npm install` that leaves out the dev dependencies (`--omit=dev`,
    /// or its deprecated spellings `--production` and `--only=production`) in a stage that then
    /// runs a build step needing them; and, on its own, the deprecated spellings.
    ///
    /// ## Why
    ///
    /// The multi-stage layout for Node keeps the dev dependencies (bundlers, TypeScript, test
    /// frameworks) out of the runtime image: the build stage installs everything and builds, the
    /// runtime stage runs `npm ci --omit=dev` and copies the build output. Omitting the dev
    /// dependencies in the stage that builds breaks that step: `npm run build` finds no
    /// `tsc`, `vite` or `webpack` (or picks up a global one of another version).
    ///
    /// `--production` and `--only=production` still work in npm 9, 10 and 11: they are
    /// deprecated aliases of `--omit=dev`, and npm prints a warning for them. `--omit=dev` is
    /// the spelling npm documents.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22 AS build
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci --omit=dev
    /// COPY . .
    /// RUN npm run build
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM node:22 AS build
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci
    /// COPY . .
    /// RUN npm run build
    ///
    /// FROM node:22-slim
    /// WORKDIR /app
    /// COPY package.json package-lock.json ./
    /// RUN npm ci --omit=dev
    /// COPY --from=build /app/dist ./dist
    /// ```
    ///
    /// ## Severity and fixes
    ///
    /// Omitting dev dependencies before a build step (in the same RUN or a later RUN of the stage:
    /// `npm run …`, `npx …`, `yarn build`, a bundler or `tsc`) is a warning; its fix, offered in
    /// the editor only, installs everything. A deprecated spelling with no build step after it is
    /// information, and its fix to `--omit=dev` is safe (npm reads both the same way).
    NpmOmitDev {
        severity: Warning,
        fixable: true,
        summary: "An npm install leaves out the dev dependencies a later build step needs, or spells `--omit=dev` the deprecated way.",
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
                    let deprecated = matches!(
                        w.text.as_str(),
                        "--production" | "--production=true" | "--only=production" | "--only=prod"
                    );
                    if !deprecated && w.text != "--omit=dev" {
                        continue;
                    }
                    // A build step after the install, in this RUN or a later one of the stage,
                    // needs the dev dependencies this install leaves out.
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
                        None if deprecated => {
                            let mut d = Diagnostic::new(
                                &META,
                                range,
                                format!(
                                    "`{}` is a deprecated spelling of `--omit=dev` (npm warns about it): write `--omit=dev`",
                                    w.text
                                ),
                            )
                            .with_fix(Fix::safe(
                                "Change to `--omit=dev`",
                                vec![TextEdit::replace(range, "--omit=dev")],
                            ));
                            d.severity = crate::Severity::Info;
                            d
                        }
                        None => continue,
                        Some((b, at)) => {
                            let step = b
                                .words
                                .iter()
                                .take(3)
                                .map(|x| x.text.as_str())
                                .collect::<Vec<_>>()
                                .join(" ");
                            // The flag goes with the space before it.
                            let before = analysis
                                .text()
                                .get_byte_slice(range.start.saturating_sub(1)..range.start)
                                .map(|s| s.to_string());
                            let removal = if before.as_deref() == Some(" ") {
                                crate::TextRange::new(range.start - 1, range.end)
                            } else {
                                range
                            };
                            Diagnostic::new(
                                &META,
                                range,
                                format!(
                                    "`{}` leaves out the dev dependencies, which the later `{step}` needs: install everything in the stage that builds, and run `npm ci --omit=dev` in the runtime stage",
                                    w.text
                                ),
                            )
                            .with_related(b.range.after(at), "the build step that needs the dev dependencies")
                            .with_fix(Fix::suggested(
                                "Install the dev dependencies too (the build step needs them)",
                                vec![TextEdit::delete(removal)],
                            ))
                        }
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
                "2:12-2:29 `--only=production` is a deprecated spelling of `--omit=dev` (npm warns about it): write `--omit=dev`",
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
        let text = "FROM node:22\nRUN npm ci --only=production && npm run build\nFROM node:22\nRUN npm ci --omit=dev\nCOPY . .\nRUN npx tsc\nFROM node:22-slim\nRUN npm ci --omit=dev\n";
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
        // The suggestion installs everything; `--omit=dev` without a build after it is fine.
        check_rule(
            "NpmOmitDev",
            text,
            &[
                "2:12-2:29 `--only=production` leaves out the dev dependencies, which the later `npm run build` needs: install everything in the stage that builds, and run `npm ci --omit=dev` in the runtime stage",
                "4:12-4:22 `--omit=dev` leaves out the dev dependencies, which the later `npx tsc` needs: install everything in the stage that builds, and run `npm ci --omit=dev` in the runtime stage",
            ],
        );
        check_fix(
            "NpmOmitDev",
            "FROM node:22\nRUN npm ci --omit=dev\nRUN npm run build\n",
            "FROM node:22\nRUN npm ci\nRUN npm run build\n",
        );
    }
}

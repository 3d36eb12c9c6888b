//! `AptGetNoInstallRecommends`: `apt-get install` without `--no-install-recommends` installs extra packages.

use super::{Check, missing_flag, shell_commands};
use crate::diagnostic::Applicability;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # AptGetNoInstallRecommends
    ///
    /// Reports `apt-get install` without `--no-install-recommends` (or the equivalent
    /// `-o APT::Install-Recommends=false`).
    ///
    /// ## Why
    ///
    /// By default apt also installs every "recommended" package: documentation, optional tools,
    /// sometimes a whole X11 stack. Images grow by tens or hundreds of megabytes that nothing uses,
    /// and each extra package is more to patch.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y python3
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends python3
    /// ```
    ///
    /// The quick-fix adds the flag; it is not applied automatically, since a program may rely on a
    /// recommended package.
    ///
    /// ## When it does not fire
    ///
    /// - `apt-get install -s` (`--simulate`, `--dry-run`, …) only simulates: nothing is installed.
    /// - The stage is only copied from (`COPY --from`), not built on and not a build file's
    ///   target: its layers never reach an image, so neither do the extra packages (as for
    ///   AptListsNotRemoved). hadolint's DL3015 reports every stage alike.
    AptGetNoInstallRecommends {
        severity: Info,
        aliases: ["DL3015"],
        scope: Run,
        fixable: true,
        summary: "`apt-get install` without `--no-install-recommends` installs extra packages.",
    }
}

impl Check for AptGetNoInstallRecommends {
    /// A stage that is only copied from ships none of its packages.
    fn keep(&self, cx: &super::Context<'_>, i: usize) -> bool {
        cx.ships(i)
    }

    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for (c, sub) in shell_commands(script, "apt-get", &["install"]) {
            if c.simulates() {
                continue;
            }
            let mentions = c
                .args()
                .iter()
                .any(|w| w.text.contains("Install-Recommends"));
            if mentions || c.has_flag(&["--no-install-recommends"]) {
                continue;
            }
            out.push(missing_flag(
                    &META,
                    sub,
                    "`apt-get install` also installs recommended packages: add `--no-install-recommends`",
                    "--no-install-recommends",
                    Applicability::Suggested,
                ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn stages_that_do_not_ship() {
        // dotnet-docker's chiseled images: a tool stage that only the final one copies from.
        check_rule(
            "AptGetNoInstallRecommends",
            "FROM buildpack-deps:noble-curl AS chisel\nRUN apt-get update && apt-get install -y file\nRUN chisel cut --root /rootfs libc6_libs\nFROM scratch\nCOPY --from=chisel /rootfs /\n",
            &[],
        );
        check_rule(
            "AptGetNoInstallRecommends",
            "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y file\nFROM base\n",
            &["2:31-2:38 `apt-get install` also installs recommended packages: add `--no-install-recommends`"],
        );
    }

    #[test]
    fn recommends() {
        check_rule(
            "AptGetNoInstallRecommends",
            "FROM debian:12\nRUN apt-get install -y a && apt-get install -y --no-install-recommends b\n",
            &[
                "2:13-2:20 `apt-get install` also installs recommended packages: add `--no-install-recommends`",
            ],
        );
    }

    #[test]
    fn fix_adds_the_flag() {
        check_fix(
            "AptGetNoInstallRecommends",
            "FROM debian:12\nRUN apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n",
        );
    }
}

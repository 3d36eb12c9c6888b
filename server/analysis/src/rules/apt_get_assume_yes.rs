//! `AptGetAssumeYes`: `apt-get install` without `-y` waits for an answer that never comes.

use super::{Check, missing_flag, shell_commands};
use crate::diagnostic::Applicability;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # AptGetAssumeYes
    ///
    /// Reports `apt-get install` (also through `sudo`, in heredoc scripts and after `&&`) without
    /// `-y`, `--yes`, `--assume-yes` or `-qq`.
    ///
    /// ## Why
    ///
    /// A build has no terminal: `apt-get install` asks "Do you want to continue? [Y/n]", reads end
    /// of input and aborts, so the build fails as soon as a package pulls in a dependency.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN apt-get update && apt-get install curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - `apt-get install -s` (`--simulate`, `--dry-run`, `--just-print`, `--recon`, `--no-act`)
    ///   only simulates: nothing is installed and nothing prompts.
    /// - `-qq` (and `--quiet=2`) imply `-y`.
    AptGetAssumeYes {
        severity: Warning,
        aliases: ["DL3014"],
        scope: Run,
        fixable: true,
        summary: "`apt-get install` without `-y` waits for an answer that never comes.",
    }
}

impl Check for AptGetAssumeYes {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for (c, sub) in shell_commands(script, "apt-get", &["install"]) {
            if c.simulates() {
                continue;
            }
            if c.has_flag(&["-y", "--yes", "--assume-yes", "-qq", "--quiet=2", "-q=2"]) {
                continue;
            }
            out.push(missing_flag(
                &META,
                sub,
                "`apt-get install` without `-y` stops at its confirmation prompt: add `-y`",
                "-y",
                Applicability::Safe,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn install_without_yes() {
        check_rule(
            "AptGetAssumeYes",
            "FROM debian:12\nRUN apt-get update && sudo apt-get install curl \\\n && apt-get -qy install jq\nRUN <<EOF\napt-get install --yes x\nEOF\n",
            &[
                "2:36-2:43 `apt-get install` without `-y` stops at its confirmation prompt: add `-y`",
            ],
        );
    }

    #[test]
    fn fix_adds_the_flag() {
        check_fix(
            "AptGetAssumeYes",
            "FROM debian:12\nRUN apt-get install curl\n",
            "FROM debian:12\nRUN apt-get install -y curl\n",
        );
    }
}

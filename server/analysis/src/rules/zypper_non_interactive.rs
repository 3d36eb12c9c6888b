//! `ZypperNonInteractive`: `zypper install` without `-y` (or the global `-n`) waits for an answer.

use super::Check;
use super::package_managers::ZYPPER_NON_INTERACTIVE;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # ZypperNonInteractive
    ///
    /// Reports `zypper install` without `-y` / `--no-confirm` or the global `-n` /
    /// `--non-interactive`.
    ///
    /// ## Why
    ///
    /// A build has no terminal: zypper asks before installing, reads end of input, and aborts.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN zypper install curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN zypper --non-interactive install curl && zypper clean --all
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// Any of `-y`, `--no-confirm`, `-n`, `--non-interactive` on the command. As hadolint's DL3034,
    /// which is accepted as an alias.
    ZypperNonInteractive {
        severity: Warning,
        aliases: ["DL3034"],
        scope: Run,
        fixable: true,
        summary: "`zypper install` without `-y` (or the global `-n`) waits for an answer.",
    }
}

impl Check for ZypperNonInteractive {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        ZYPPER_NON_INTERACTIVE.check_run(&META, _run, script, out);
    }
}

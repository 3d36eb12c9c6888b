//! `DnfAssumeYes`: `dnf install` without `-y` waits for an answer that never comes.

use super::Check;
use super::package_managers::DNF_ASSUME_YES;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # DnfAssumeYes
    ///
    /// Reports `dnf install` and `microdnf install` without `-y` / `--assumeyes`.
    ///
    /// ## Why
    ///
    /// A build has no terminal: dnf asks "Is this ok [y/N]", reads end of input, and the RUN fails.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN dnf install nginx
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN dnf install -y nginx && dnf clean all
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// `-y` or `--assumeyes` (also in a bundle such as `-qy`). As hadolint's DL3038, which is
    /// accepted as an alias.
    DnfAssumeYes {
        severity: Warning,
        aliases: ["DL3038"],
        scope: Run,
        fixable: true,
        summary: "`dnf install` without `-y` waits for an answer that never comes.",
    }
}

impl Check for DnfAssumeYes {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        DNF_ASSUME_YES.check_run(&META, _run, script, out);
    }
}

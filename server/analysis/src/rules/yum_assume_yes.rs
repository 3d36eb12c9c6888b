//! `YumAssumeYes`: `yum install` without `-y` waits for an answer that never comes.

use super::Check;
use super::package_managers::YUM_ASSUME_YES;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # YumAssumeYes
    ///
    /// Reports `yum install` (and `groupinstall`, `localinstall`) without `-y` / `--assumeyes`.
    ///
    /// ## Why
    ///
    /// A build has no terminal: yum asks "Is this ok [y/N]", reads end of input, and the RUN fails.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN yum install httpd
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// `-y` or `--assumeyes` (also in a bundle such as `-qy`). As hadolint's DL3030, which is
    /// accepted as an alias.
    YumAssumeYes {
        severity: Warning,
        aliases: ["DL3030"],
        scope: Run,
        fixable: true,
        summary: "`yum install` without `-y` waits for an answer that never comes.",
    }
}

impl Check for YumAssumeYes {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        YUM_ASSUME_YES.check_run(&META, _run, script, out);
    }
}

//! `YumUnpinned`: `yum install` of a package without a version (`pkg-1.2.3`).

use super::Check;
use super::package_managers::YUM_UNPINNED;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # YumUnpinned
    ///
    /// Off by default. Reports packages named on a `yum install` line without a version
    /// (`httpd-2.4.62`).
    ///
    /// ## Why
    ///
    /// An unpinned package resolves to the newest one in the repositories at build time: the same
    /// Dockerfile builds different images.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN yum install -y httpd
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.62 && yum clean all
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// Like hadolint's DL3033 (accepted as an alias), any `-` in the name counts as a version, and
    /// `.rpm` files and paths are not checked.
    YumUnpinned {
        severity: Warning,
        aliases: ["DL3033"],
        scope: Run,
        default_off: true,
        summary: "`yum install` of a package without a version (`pkg-1.2.3`).",
    }
}

impl Check for YumUnpinned {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        YUM_UNPINNED.check_run(&META, _run, script, out);
    }
}

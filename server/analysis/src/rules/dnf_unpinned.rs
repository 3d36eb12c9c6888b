//! `DnfUnpinned`: `dnf install` of a package without a version (`pkg-1.2.3`).

use super::Check;
use super::package_managers::DNF_UNPINNED;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # DnfUnpinned
    ///
    /// Off by default. Reports packages named on a `dnf install` or `microdnf install` line without
    /// a version (`nginx-1.26.2`).
    ///
    /// ## Why
    ///
    /// An unpinned package resolves to the newest one in the repositories at build time: the same
    /// Dockerfile builds different images.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN dnf install -y nginx
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN dnf install -y nginx-1.26.2 && dnf clean all
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// Like hadolint's DL3041 (accepted as an alias), any `-` in the name counts as a version, and
    /// `.rpm` files and paths are not checked.
    DnfUnpinned {
        severity: Warning,
        aliases: ["DL3041"],
        scope: Run,
        default_off: true,
        summary: "`dnf install` of a package without a version (`pkg-1.2.3`).",
    }
}

impl Check for DnfUnpinned {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        DNF_UNPINNED.check_run(&META, _run, script, out);
    }
}

//! `ZypperUnpinned`: `zypper install` of a package without a version (`pkg=1.2.3`).

use super::Check;
use super::package_managers::ZYPPER_UNPINNED;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # ZypperUnpinned
    ///
    /// Off by default. Reports packages named on a `zypper install` line without a version
    /// (`curl=8.6.0`).
    ///
    /// ## Why
    ///
    /// An unpinned package resolves to the newest one in the repositories at build time: the same
    /// Dockerfile builds different images.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN zypper -n install curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN zypper -n install curl=8.6.0 && zypper clean --all
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// A version operator (`=`, `>=`, `<`) in the word, an `.rpm` file or a path. As hadolint's
    /// DL3037, which is accepted as an alias.
    ZypperUnpinned {
        severity: Warning,
        aliases: ["DL3037"],
        scope: Run,
        default_off: true,
        summary: "`zypper install` of a package without a version (`pkg=1.2.3`).",
    }
}

impl Check for ZypperUnpinned {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        ZYPPER_UNPINNED.check_run(&META, _run, script, out);
    }
}

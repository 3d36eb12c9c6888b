//! `ZypperClean`: `zypper install` leaves its cache in the layer without `zypper clean`.

use super::Check;
use super::package_managers::ZYPPER_CLEAN;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # ZypperClean
    ///
    /// Reports a RUN that runs `zypper install` but not `zypper clean` (`zypper cc`, or
    /// `rm -rf /var/cache/zypp`).
    ///
    /// ## Why
    ///
    /// zypper keeps downloaded metadata and packages under `/var/cache/zypp` in the layer. A later
    /// RUN that cleans does not shrink the earlier layer.
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
    /// RUN zypper -n install curl && zypper clean --all
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// The same RUN cleans as above, or mounts a cache at `/var/cache/zypp`. As hadolint's DL3036,
    /// which is accepted as an alias.
    ZypperClean {
        severity: Info,
        aliases: ["DL3036"],
        scope: Run,
        summary: "`zypper install` leaves its cache in the layer without `zypper clean`.",
    }
}

impl Check for ZypperClean {
    fn check_run(&self, ins: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        ZYPPER_CLEAN.check_run(&META, ins, script, out);
    }
}

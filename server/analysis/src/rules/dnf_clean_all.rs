//! `DnfCleanAll`: `dnf install` leaves its cache in the layer without `dnf clean all`.

use super::Check;
use super::package_managers::DNF_CLEAN_ALL;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # DnfCleanAll
    ///
    /// Reports a RUN that runs `dnf install` (or `microdnf install`, or another subcommand that
    /// fills the cache: `in`, `reinstall`, `rei`, `upgrade`, `up`, `upgrade-minimal`, `up-min`)
    /// and does not clean up after it with the same tool (`dnf clean all` after `dnf`,
    /// `microdnf clean all` after `microdnf`) or `rm -rf /var/cache/dnf` (or `/var/cache/libdnf5`,
    /// dnf5's): a clean-up before the install cleans nothing.
    ///
    /// ## Why
    ///
    /// dnf keeps downloaded metadata and packages under `/var/cache/dnf`: tens of megabytes in the
    /// layer. A later RUN that cleans does not shrink the earlier layer.
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
    /// RUN dnf install -y nginx && dnf clean all
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// The same RUN cleans the cache as above, or mounts a cache or a tmpfs on the cache
    /// directory. As hadolint's DL3040 (its specs pass), which is accepted as an alias.
    DnfCleanAll {
        severity: Info,
        aliases: ["DL3040"],
        scope: Run,
        summary: "`dnf install` leaves its cache in the layer without `dnf clean all`.",
    }
}

impl Check for DnfCleanAll {
    fn check_run(&self, ins: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        DNF_CLEAN_ALL.check_run(&META, ins, script, out);
    }
}

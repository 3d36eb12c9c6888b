//! `YumCleanAll`: `yum install` leaves its cache in the layer without `yum clean all`.

use super::Check;
use super::package_managers::YUM_CLEAN_ALL;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # YumCleanAll
    ///
    /// Reports a RUN that runs `yum install` but not `yum clean all` (or `rm -rf /var/cache/yum`).
    ///
    /// ## Why
    ///
    /// yum keeps downloaded metadata and packages under `/var/cache/yum`: tens of megabytes in the
    /// layer. A later RUN that cleans does not shrink the earlier layer.
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
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// The same RUN runs `yum clean all` or removes `/var/cache/yum`, or mounts a cache there. As
    /// hadolint's DL3032, which is accepted as an alias.
    YumCleanAll {
        severity: Info,
        aliases: ["DL3032"],
        scope: Run,
        summary: "`yum install` leaves its cache in the layer without `yum clean all`.",
    }
}

impl Check for YumCleanAll {
    fn check_run(&self, ins: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        YUM_CLEAN_ALL.check_run(&META, ins, script, out);
    }
}

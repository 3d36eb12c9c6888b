//! `AptGetUnpinned`: `apt-get install` of a package without a version (`pkg=1.2.3`).

use super::Check;
use super::shell_commands;
use super::package_managers::{packages, report};
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # AptGetUnpinned
    ///
    /// Off by default. Reports packages in `apt-get install` without `=<version>`.
    ///
    /// ## Why
    ///
    /// Unpinned packages install whatever version the mirror has today: rebuilding an old commit
    /// gives a different image. Pinning trades that for manual upgrades, which is why this rule is
    /// off by default; enable it where reproducibility matters more.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    AptGetUnpinned {
        severity: Warning,
        aliases: ["DL3008"],
        scope: Run,
        default_off: true,
        summary: "`apt-get install` of a package without a version (`pkg=1.2.3`).",
    }
}

impl Check for AptGetUnpinned {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for (c, _) in shell_commands(script, "apt-get", &["install"]) {
            if c.simulates() {
                continue;
            }
            for w in packages(c, &["-o", "-t", "--target-release"]) {
                if !w.text.contains('=') && !w.text.ends_with(".deb") {
                    report(&META, out, w, "`pkg=<version>`");
                }
            }
        }
    }
}

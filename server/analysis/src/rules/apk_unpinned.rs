//! `ApkUnpinned`: `apk add` of a package without a version (`pkg=1.2.3-r0`).

use super::Check;
use super::shell_commands;
use super::package_managers::{packages, report};
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # ApkUnpinned
    ///
    /// Off by default. Reports packages in `apk add` without `=<version>` (or `~<version>`).
    ///
    /// ## Why
    ///
    /// Unpinned packages make rebuilds non-reproducible. Note that Alpine removes old package
    /// versions from its mirrors, so pins need maintenance: hence off by default.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN apk add --no-cache curl=8.11.1-r0
    /// ```
    ApkUnpinned {
        severity: Warning,
        aliases: ["DL3018"],
        scope: Run,
        default_off: true,
        summary: "`apk add` of a package without a version (`pkg=1.2.3-r0`).",
    }
}

impl Check for ApkUnpinned {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for (c, _) in shell_commands(script, "apk", &["add"]) {
            for w in packages(
                c,
                &["-t", "--virtual", "-X", "--repository", "--root", "-p"],
            ) {
                if !w.text.contains(['=', '~', '<', '>']) && !w.text.ends_with(".apk") {
                    report(&META, out, w, "`pkg=<version>`");
                }
            }
        }
    }
}

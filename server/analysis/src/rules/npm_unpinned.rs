//! `NpmUnpinned`: `npm install` of a named package without a version (`pkg@1.2.3`).

use super::Check;
use super::shell_commands;
use super::package_managers::{packages, report};
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # NpmUnpinned
    ///
    /// Off by default. Reports packages named on an `npm install` line without `@<version>`
    /// (scoped packages need a second `@`). `npm ci` and a bare `npm install` use the lock file and
    /// are not reported.
    ///
    /// ## Why
    ///
    /// `npm install -g some-cli` installs the newest release each build, so an unchanged Dockerfile
    /// can produce a different, possibly broken, image.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN npm install -g typescript
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN npm install -g typescript@5.6.3
    /// ```
    NpmUnpinned {
        severity: Warning,
        aliases: ["DL3016"],
        scope: Run,
        default_off: true,
        summary: "`npm install` of a named package without a version (`pkg@1.2.3`).",
    }
}

impl Check for NpmUnpinned {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for (c, _) in shell_commands(script, "npm", &["install", "i", "add"]) {
            for w in packages(c, &["--prefix", "--registry"]) {
                let t = &w.text;
                let at = if t.starts_with('@') {
                    t.matches('@').count() > 1
                } else {
                    t.contains('@')
                };
                let path = t.starts_with(['.', '/']) || t.contains(':') || t.ends_with(".tgz");
                if !at && !path {
                    report(&META, out, w, "`pkg@<version>`");
                }
            }
        }
    }
}

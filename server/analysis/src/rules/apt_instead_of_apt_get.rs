//! `AptInsteadOfAptGet`: `apt` is meant for terminals; scripts should use `apt-get`.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::Fix;
use crate::text::TextEdit;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # AptInsteadOfAptGet
    ///
    /// Reports `apt` used as a command in RUN.
    ///
    /// ## Why
    ///
    /// `apt` is the interactive front end: its output and behaviour may change between releases,
    /// and it warns "apt does not have a stable CLI interface. Use with caution in scripts".
    /// `apt-get` and `apt-cache` are the stable interfaces for scripts.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN apt update && apt install -y curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    AptInsteadOfAptGet {
        severity: Warning,
        aliases: ["DL3027"],
        scope: Run,
        fixable: true,
        summary: "`apt` is meant for terminals; scripts should use `apt-get`.",
    }
}

impl Check for AptInsteadOfAptGet {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for c in script.named("apt") {
            let Some(name) = c.words.first() else {
                continue;
            };
            let sub = c.subcommand().map(|s| s.text.as_str()).unwrap_or_default();
            let mut d = Diagnostic::new(
                &META,
                name.range,
                "use `apt-get` in scripts: `apt` has no stable command-line interface".to_owned(),
            );
            if matches!(
                sub,
                "install"
                    | "update"
                    | "upgrade"
                    | "remove"
                    | "purge"
                    | "autoremove"
                    | "dist-upgrade"
                    | "clean"
            ) {
                d = d.with_fix(Fix::suggested(
                    "Change to `apt-get`",
                    vec![TextEdit::replace(name.range, "apt-get")],
                ));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn apt_in_scripts() {
        check_rule(
            "AptInsteadOfAptGet",
            "FROM debian:12\nRUN apt update && apt-get install -y x\n",
            &["2:5-2:8 use `apt-get` in scripts: `apt` has no stable command-line interface"],
        );
        check_fix(
            "AptInsteadOfAptGet",
            "FROM debian:12\nRUN apt install -y x\n",
            "FROM debian:12\nRUN apt-get install -y x\n",
        );
    }
}

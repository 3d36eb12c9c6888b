//! `SudoInRun`: RUN uses `sudo`.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # SudoInRun
    ///
    /// Reports `sudo` in a RUN command.
    ///
    /// ## Why
    ///
    /// RUN runs as the current `USER`: to run steps as root, switch with `USER root` and back.
    /// `sudo` needs a sudoers setup and a TTY-friendly environment, hides which steps run
    /// privileged, and leaves a setuid binary in the image that an attacker can use.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// USER app
    /// RUN sudo apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// USER root
    /// RUN apt-get install -y curl
    /// USER app
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// `sudo -u app cmd` drops privileges rather than gaining them: the finding then says to
    /// switch with `USER app` for those steps, not `USER root`.
    SudoInRun {
        severity: Warning,
        aliases: ["DL3004"],
        scope: Run,
        summary: "RUN uses `sudo`.",
    }
}

impl Check for SudoInRun {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for c in &script.commands {
            if let Some(w) = c
                .wrapper
                .as_ref()
                .filter(|w| w.text.rsplit('/').next() == Some("sudo"))
            {
                let message = match c.sudo_user().filter(|u| *u != "root" && *u != "0") {
                    // Dropping privileges: the advice is the other way round.
                    Some(u) => format!("do not use `sudo -u {u}` in RUN: switch with `USER {u}` for the steps that run as {u} (and back)"),
                    None => "do not use `sudo` in RUN: switch with `USER root` for the steps that need it".to_owned(),
                };
                out.push(Diagnostic::new(&META, w.range, message));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn sudo() {
        check_rule(
            "SudoInRun",
            "FROM a:1\nRUN sudo apt-get install -y x && echo sudo\nRUN sudo -u app npm ci && sudo --user=root id\n",
            &[
                "2:5-2:9 do not use `sudo` in RUN: switch with `USER root` for the steps that need it",
                "3:5-3:9 do not use `sudo -u app` in RUN: switch with `USER app` for the steps that run as app (and back)",
                "3:27-3:31 do not use `sudo` in RUN: switch with `USER root` for the steps that need it",
            ],
        );
    }
}

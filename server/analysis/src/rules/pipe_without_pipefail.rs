//! `PipeWithoutPipefail`: a RUN pipes commands without `set -o pipefail`, so a failing command is ignored.

use super::Check;
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # PipeWithoutPipefail
    ///
    /// Reports a `|` in a shell-form RUN when neither the stage's `SHELL` has `-o pipefail` nor the
    /// RUN itself runs `set -o pipefail` (or `set -eo pipefail` and similar) before it.
    ///
    /// ## Why
    ///
    /// A pipeline's status is its last command's: in `RUN curl -fsSL $URL | tar -xz`, a failed
    /// download still "succeeds" if `tar` exits 0 on empty input, and the build goes on with a
    /// broken layer. `pipefail` makes the pipeline fail when any command in it fails.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/install.sh | sh
    /// ```
    ///
    /// or `RUN set -o pipefail && curl … | sh` where the shell supports it (bash, ash, dash 0.5.11+).
    ///
    /// ## When it does not fire
    ///
    /// - The `SHELL` in effect has `pipefail` — the stage's own, or the one of the stage it is
    ///   built on (`FROM build`), as the image carries it.
    /// - The `|` is not a pipe: `case "$arch" in x86_64|aarch64) …` patterns, `||`, quoted text.
    /// - The RUN is not a POSIX shell script: a `SHELL` of PowerShell or `cmd`, or a Windows stage
    ///   (whose default shell is `cmd`) without a POSIX `SHELL` — as in hadolint.
    /// - Only `echo` or `printf` feed the pipes (`echo "$SUM  file" | sha256sum -c -`): the finding
    ///   is then at `info` (a configured level applies to every finding of the rule); a pipe fed by
    ///   `curl`, `wget` or anything else that can fail keeps the warning, on that pipe.
    ///
    /// The script of an `ONBUILD RUN` trigger and of `RUN ["sh", "-c", "…"]` is checked too.
    PipeWithoutPipefail {
        severity: Warning,
        aliases: ["DL4006"],
        scope: Run,
        summary: "A RUN pipes commands without `set -o pipefail`, so a failing command is ignored.",
    }
}

/// Commands whose failure in a pipeline does not matter: they only print their arguments.
const HARMLESS: [&str; 2] = ["echo", "printf"];

impl Check for PipeWithoutPipefail {
    /// Not under a SHELL that sets pipefail (this stage's, or inherited from the stage it is
    /// built on).
    fn keep(&self, cx: &super::Context<'_>, i: usize) -> bool {
        let ins = &cx.analysis.parsed().instructions;
        !cx.analysis
            .platform()
            .shell
            .get(i)
            .copied()
            .flatten()
            .and_then(|j| ins.get(j))
            .is_some_and(|s| s.args.iter().any(|w| w.text.contains("pipefail")))
    }

    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        // Pipes before the first `set -o pipefail` of the script are unprotected.
        let set_at = script
            .commands
            .iter()
            .filter(|c| {
                c.name() == "set"
                    && c.args().iter().any(|w| w.text.contains("pipefail"))
                    && !c.args().iter().any(|w| w.text.starts_with('+'))
            })
            .map(|c| c.range.start)
            .min();
        let mut unprotected = script
            .pipes
            .iter()
            .filter(|p| set_at.is_none_or(|s| p.range.start < s))
            .peekable();
        let Some(&first) = unprotected.peek() else {
            return;
        };
        let d = match unprotected.find(|p| !HARMLESS.contains(&p.left.as_str())) {
            Some(p) => {
                let what = if p.left.is_empty() {
                    "the command before `|`".to_owned()
                } else {
                    format!("`{}`", p.left)
                };
                Diagnostic::new(
                    &META,
                    p.range,
                    format!(
                        "if {what} fails, the pipeline still succeeds: set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` or `set -o pipefail` first"
                    ),
                )
            }
            None => {
                let mut d = Diagnostic::new(
                    &META,
                    first.range,
                    format!(
                        "only `{}` feeds this pipe, which cannot fail in a way that matters; `set -o pipefail` keeps later pipes safe",
                        first.left
                    ),
                );
                d.severity = Severity::Info;
                d
            }
        };
        out.push(d);
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn pipes() {
        check_rule(
            "PipeWithoutPipefail",
            "FROM a:1\nRUN curl -fsSL x | sh\nRUN set -eo pipefail; curl x | sh\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | sh\n",
            &[
                "2:18-2:19 if `curl` fails, the pipeline still succeeds: set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` or `set -o pipefail` first",
            ],
        );
    }
}

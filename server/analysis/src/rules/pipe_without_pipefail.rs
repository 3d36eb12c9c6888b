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
    /// - `yes` feeds the pipe (`yes | apt-get install …`): pipefail would make it *fail*, since
    ///   `yes` dies of SIGPIPE when the consumer stops reading.
    /// - The pipeline is inside a command substitution used as an argument (`go test $(go list
    ///   ./... | grep -v e2e)`): its status is lost there with or without pipefail. (As the value
    ///   of an assignment, `X=$(curl … | tr …)`, it counts.)
    ///
    /// ## When it is only information
    ///
    /// (A configured level applies to every finding of the rule.)
    ///
    /// - Only `echo` or `printf` feed the pipes, alone or in a `{ …; }` group or a subshell
    ///   (`echo "$SUM  file" | sha256sum -c -`).
    /// - Every pipe whose producer can fail feeds a command that fails by itself on empty input:
    ///   `grep` (without `-v` or `-c`), `sha256sum -c` and its siblings, `jq -e`. The build then
    ///   stops anyway when the producer fails; pipefail only makes it explicit.
    ///
    /// A pipe fed by `curl`, `wget` or anything else that can fail, into anything else, keeps the
    /// warning, on that pipe. hadolint's DL4006 reports all of these alike.
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
        // Pipes pipefail would change: not inside a substitution used as an argument (its
        // status is lost anyway), not fed by `yes` (pipefail would *fail* it: `yes` dies of
        // SIGPIPE when the consumer stops reading).
        let mut unprotected = script
            .pipes
            .iter()
            .filter(|p| set_at.is_none_or(|s| p.range.start < s))
            .filter(|p| !p.in_argument && p.left.as_str() != "yes")
            .peekable();
        let Some(&first) = unprotected.peek() else {
            return;
        };
        let risky: Vec<&crate::syntax::shell::Pipe> = unprotected
            .filter(|p| !HARMLESS.contains(&p.left.as_str()))
            .collect();
        let what = |p: &crate::syntax::shell::Pipe| {
            if p.left.is_empty() {
                "the command before `|`".to_owned()
            } else {
                format!("`{}`", p.left)
            }
        };
        let fix = "set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` or `set -o pipefail` first";
        let d = match (
            risky.iter().find(|p| !fails_on_empty_input(p)),
            risky.first(),
        ) {
            (Some(p), _) => Diagnostic::new(
                &META,
                p.range,
                format!("if {} fails, the pipeline still succeeds: {fix}", what(p)),
            ),
            // Every risky pipe feeds a command that fails by itself on empty input.
            (None, Some(p)) => {
                let mut d = Diagnostic::new(
                    &META,
                    p.range,
                    format!(
                        "if {} fails, `{}` fails on the empty input anyway, so the build stops; {fix} to make that explicit",
                        what(p),
                        p.right
                    ),
                );
                d.severity = Severity::Info;
                d
            }
            (None, None) => {
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

/// Whether the command a pipe feeds fails by itself when its input is empty (so a failed
/// producer fails the RUN anyway): `grep` (no line matches), `sha256sum -c` and the like (no
/// checksum lines), `jq -e`, `gpg --verify`/`--import`... as far as the arguments show.
fn fails_on_empty_input(p: &crate::syntax::shell::Pipe) -> bool {
    let has = |flags: &[&str]| p.right_args.iter().any(|a| flags.contains(&a.as_str()));
    match p.right.as_str() {
        "grep" | "egrep" | "fgrep" => !has(&["-v", "--invert-match", "-c", "--count"]),
        "sha256sum" | "sha512sum" | "sha1sum" | "md5sum" | "shasum" => has(&["-c", "--check"]),
        "jq" => has(&["-e", "--exit-status"]),
        _ => false,
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

    #[test]
    fn pipes_pipefail_would_not_change() {
        check_rule(
            "PipeWithoutPipefail",
            "FROM a:1\nRUN yes | apt-get install x\nRUN go test $(go list ./... | grep -v e2e)\nRUN X=$(curl x | tr a b) && echo $X\n",
            &["4:16-4:17 if `curl` fails, the pipeline still succeeds: set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` or `set -o pipefail` first"],
        );
    }

    #[test]
    fn groups_that_print_and_consumers_that_fail_on_empty_input() {
        let all = |text: &str| -> Vec<(String, crate::Severity)> {
            crate::Analysis::from_text(text, &crate::BuildConfig::default())
                .diagnostics()
                .into_iter()
                .filter(|d| d.rule == "PipeWithoutPipefail")
                .map(|d| (d.message, d.severity))
                .collect()
        };
        let found = all("FROM a:1\nRUN { echo a; printf b; } | sha256sum -c -\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, crate::Severity::Info, "{found:?}");
        let found = all("FROM a:1\nRUN curl -fsSL x.sha256 | sha256sum -c -\nRUN curl x | grep -q ok\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|(m, s)| *s == crate::Severity::Info && m.contains("fails on the empty input anyway")), "{found:?}");
        let found = all("FROM a:1\nRUN curl x | grep -v ok | sh\n");
        assert_eq!(found[0].1, crate::Severity::Warning, "{found:?}");
    }
}

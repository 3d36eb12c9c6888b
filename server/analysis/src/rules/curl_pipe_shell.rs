//! `CurlPipeShell`: `curl … | sh` runs code from the network without verifying it.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # CurlPipeShell
    ///
    /// Reports a pipe from `curl` or `wget` into a shell or interpreter (`sh`, `bash`, `zsh`,
    /// `python`, `perl`, `ruby`, `node`).
    ///
    /// ## Why
    ///
    /// The script runs with the build's privileges as soon as it arrives: nothing checks that it is
    /// the script you reviewed, a truncated download runs half a script, and the next build may get
    /// a different one. Download it to a file, verify its checksum (or signature), then run it.
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
    /// ADD --checksum=sha256:<digest> https://example.com/install.sh /tmp/install.sh
    /// RUN sh /tmp/install.sh && rm /tmp/install.sh
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// The pipe feeds something other than an interpreter (`curl … | tar -xz`, `| sha256sum -c`),
    /// or the download is written to a file first.
    CurlPipeShell {
        severity: Info,
        scope: Run,
        summary: "`curl … | sh` runs an installer from the network without verifying it.",
    }
}

impl Check for CurlPipeShell {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for p in &script.pipes {
            if !matches!(p.left.as_str(), "curl" | "wget") {
                continue;
            }
            let right = p.right.as_str();
            let interpreter = matches!(
                right,
                "sh" | "bash" | "zsh" | "ash" | "dash" | "ksh" | "perl" | "ruby" | "node"
            ) || right.starts_with("python");
            if interpreter {
                out.push(Diagnostic::new(
                    &META,
                    p.range,
                    format!("`{} … | {right}` runs the downloaded script unverified: download it, check its checksum, then run it", p.left),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn installers_piped_into_shells() {
        check_rule(
            "CurlPipeShell",
            "FROM alpine:3.22\nRUN curl -fsSL https://x/i.sh | sh\nRUN wget -qO- https://x/i.py | python3 - && curl -L https://x/a.tgz | tar -xz\n",
            &[
                "2:31-2:32 `curl … | sh` runs the downloaded script unverified: download it, check its checksum, then run it",
                "3:30-3:31 `wget … | python3` runs the downloaded script unverified: download it, check its checksum, then run it",
            ],
        );
    }
}

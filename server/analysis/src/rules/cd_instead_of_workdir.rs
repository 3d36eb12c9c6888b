//! `CdInsteadOfWorkdir`: RUN uses `cd` to change directory for later steps instead of WORKDIR.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # CdInsteadOfWorkdir
    ///
    /// Reports `cd <dir>` in a RUN when it is the RUN's first command (so that it sets the directory
    /// for the rest of the RUN, which `WORKDIR` does for every later instruction too). A `cd` in
    /// the middle of a longer script or inside a subshell is left alone.
    ///
    /// ## Why
    ///
    /// `cd` lasts only for the one RUN: the next RUN starts in `WORKDIR` again, which surprises
    /// readers and breaks when steps are split or reordered. `WORKDIR` is explicit, creates the
    /// directory if needed and applies to COPY, CMD and friends as well.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN cd /app && npm ci
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// WORKDIR /app
    /// RUN npm ci
    /// ```
    CdInsteadOfWorkdir {
        severity: Info,
        aliases: ["DL3003"],
        scope: Run,
        summary: "RUN uses `cd` to change directory for later steps instead of WORKDIR.",
    }
}

impl Check for CdInsteadOfWorkdir {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        if let Some(c) = script
            .commands
            .first()
            .filter(|c| c.name() == "cd" && c.wrapper.is_none())
            && let Some(dir) = c.args().first()
        {
            out.push(Diagnostic::new(&META, c.range, format!("use `WORKDIR {}` instead of `cd`: the directory change only lasts for this RUN", dir.text)));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn cd_first() {
        check_rule(
            "CdInsteadOfWorkdir",
            "FROM a:1\nRUN cd /app && make\nRUN make && (cd docs && make)\n",
            &[
                "2:5-2:12 use `WORKDIR /app` instead of `cd`: the directory change only lasts for this RUN",
            ],
        );
    }
}

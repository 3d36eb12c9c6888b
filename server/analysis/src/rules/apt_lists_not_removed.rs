//! `AptListsNotRemoved`: `apt-get update` leaves its package lists in the layer.

use super::has_cache_mount;
use super::Check;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # AptListsNotRemoved
    ///
    /// Reports a RUN that runs `apt-get update` (or `apt update`) but does not remove
    /// `/var/lib/apt/lists` in the same RUN, in the final stage or a stage it builds on.
    ///
    /// ## When it does not fire
    ///
    /// - The same RUN removes the lists: `rm -rf /var/lib/apt/lists/*`, also inside
    ///   `sh -c '…'`/`bash -c "…"`, or runs `apt-get dist-clean` (`distclean`, apt 2.7 and later),
    ///   which removes them.
    /// - The RUN mounts a cache at `/var/lib/apt` (or `/var/lib/apt/lists`): the lists then live in
    ///   the cache, not in the layer.
    /// - The stage is only copied from (`COPY --from`), not built on: its layers never reach the
    ///   image.
    ///
    /// hadolint's DL3009 looks at `apt-get` only; `apt update` leaves the same lists, so it is
    /// reported too. `ONBUILD RUN` triggers and `RUN ["sh", "-c", "…"]` are checked as well.
    ///
    /// ## Why
    ///
    /// The package lists are tens of megabytes. Removing them in a later RUN does not help: they
    /// stay in the earlier layer. Stages that are only copied from do not matter, since their
    /// layers never reach the image.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    AptListsNotRemoved {
        severity: Info,
        aliases: ["DL3009"],
        scope: Run,
        summary: "`apt-get update` leaves its package lists in the layer.",
    }
}

impl Check for AptListsNotRemoved {
    /// Only the final stage and the stages it is built on ship their layers.
    fn keep(&self, cx: &super::Context<'_>, i: usize) -> bool {
        cx.ships(i)
    }


    fn check_run(&self, ins: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        if has_cache_mount(ins, "/var/lib/apt") {
            return;
        }
        let apt = |c: &&crate::syntax::shell::ShellCommand| matches!(c.name(), "apt-get" | "apt");
        let Some(update) = script
            .commands
            .iter()
            .filter(apt)
            .find(|c| c.subcommand().is_some_and(|s| s.text == "update"))
        else {
            return;
        };
        // `rm -rf /var/lib/apt/lists…` (also inside `sh -c '…'`), or apt ≥ 2.7's
        // `apt-get dist-clean`, which removes the lists.
        let cleaned = script.commands.iter().any(|c| {
            (c.name() == "rm"
                && c.args()
                    .iter()
                    .any(|w| w.text.starts_with("/var/lib/apt/lists")))
                || (apt(&c)
                    && c.subcommand()
                        .is_some_and(|s| s.text == "dist-clean" || s.text == "distclean"))
        });
        if !cleaned {
            out.push(Diagnostic::new(
                &META,
                update.range,
                "the apt package lists stay in this layer: end the RUN with `rm -rf /var/lib/apt/lists/*`".to_owned(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn lists_left_behind() {
        check_rule(
            "AptListsNotRemoved",
            "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/*\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\nRUN apt-get update && apt-get install -y jq && apt-get dist-clean\nRUN bash -c 'apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/*'\nRUN apt update\n",
            &[
                "4:5-4:19 the apt package lists stay in this layer: end the RUN with `rm -rf /var/lib/apt/lists/*`",
                "9:5-9:15 the apt package lists stay in this layer: end the RUN with `rm -rf /var/lib/apt/lists/*`",
            ],
        );
    }
}

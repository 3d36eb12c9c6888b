//! `ApkAddNoCache`: `apk add` without `--no-cache` keeps the package index in the layer.

use super::has_cache_mount;
use super::{Check, missing_flag};
use crate::diagnostic::Applicability;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # ApkAddNoCache
    ///
    /// Reports `apk add` without `--no-cache`, unless the RUN mounts a cache at `/var/cache/apk`.
    ///
    /// ## Why
    ///
    /// Without `--no-cache`, apk downloads its index to `/var/cache/apk` and leaves it in the layer,
    /// a few megabytes per RUN that the image never uses. `--no-cache` fetches the index to a
    /// temporary place and needs no `apk update` or cleanup.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN apk update && apk add curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - `apk add --no-network` installs from local files and fetches no index.
    /// - The stage is only copied from (`COPY --from`), not built on: its layers never reach the
    ///   image, so neither does the index (as for AptListsNotRemoved).
    /// - The RUN mounts a cache at `/var/cache/apk`.
    ApkAddNoCache {
        severity: Info,
        aliases: ["DL3019"],
        scope: Run,
        fixable: true,
        summary: "`apk add` without `--no-cache` keeps the package index in the layer.",
    }
}

impl Check for ApkAddNoCache {
    /// A stage that is only copied from never ships its package index.
    fn keep(&self, cx: &super::Context<'_>, i: usize) -> bool {
        cx.ships(i)
    }


    fn check_run(&self, ins: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        if script.named("apk").next().is_none() {
            return;
        }
        if has_cache_mount(ins, "/var/cache/apk") {
            return;
        }
        for c in script.named("apk") {
            let Some(sub) = c.subcommand().filter(|s| s.text == "add") else {
                continue;
            };
            // `--no-network` installs from local files: no index is fetched.
            if c.has_flag(&["--no-cache", "--no-network"]) {
                continue;
            }
            out.push(missing_flag(
                &META,
                sub,
                "`apk add` leaves its package index in the layer: add `--no-cache`",
                "--no-cache",
                Applicability::Safe,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn apk() {
        check_rule(
            "ApkAddNoCache",
            "FROM alpine:3\nRUN apk add curl && apk add --no-cache jq\nRUN --mount=type=cache,target=/var/cache/apk apk add x\n",
            &["2:9-2:12 `apk add` leaves its package index in the layer: add `--no-cache`"],
        );
        check_fix(
            "ApkAddNoCache",
            "FROM alpine:3\nRUN apk add curl\n",
            "FROM alpine:3\nRUN apk add --no-cache curl\n",
        );
    }
}

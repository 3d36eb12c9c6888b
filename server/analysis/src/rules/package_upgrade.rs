//! `PackageUpgrade`: `apt-get upgrade`, `apk upgrade`, `dnf update` … upgrade every package.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::syntax::Instruction;
use crate::syntax::shell::Script;

declare_rule! {
    /// # PackageUpgrade
    ///
    /// Reports `apt-get upgrade`/`dist-upgrade`/`full-upgrade` (and `apt`), `apk upgrade`,
    /// `yum`/`dnf`/`microdnf` `update`/`upgrade` and `zypper update`/`dist-upgrade` without package
    /// names.
    ///
    /// ## Why
    ///
    /// The result depends on when the build ran and on the mirror it reached: two builds of the
    /// same Dockerfile get different packages, and the layer cache keeps a stale upgrade until it is
    /// cleared. Security fixes come more reliably from a newer base image (a newer tag or digest,
    /// rebuilt regularly), which the image's maintainers test as a whole.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// RUN apt-get update && apt-get upgrade -y
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM debian:bookworm-20250520-slim
    /// ```
    ///
    /// or upgrade only the packages that need it: `apt-get install --only-upgrade openssl`.
    ///
    /// ## When it does not fire
    ///
    /// An upgrade that names its packages (`apk upgrade openssl`, `dnf update openssl`); simulations
    /// (`-s`, `--dry-run`). hadolint's DL3005, which it has since retired, is accepted as an alias.
    /// The finding is information: some teams upgrade on purpose to pick up fixes between base image
    /// releases.
    PackageUpgrade {
        severity: Info,
        aliases: ["DL3005"],
        scope: Run,
        summary: "A RUN upgrades every installed package, so the image depends on the day it was built.",
    }
}

impl Check for PackageUpgrade {
    fn check_run(&self, _run: &Instruction, script: &Script, out: &mut Vec<Diagnostic>) {
        for c in &script.commands {
            let Some(sub) = c.subcommand() else { continue };
            let s = sub.text.as_str();
            let (upgrades, needs_no_names) = match c.name() {
                "apt-get" | "apt" => (
                    matches!(s, "upgrade" | "dist-upgrade" | "full-upgrade"),
                    false,
                ),
                "apk" => (s == "upgrade", true),
                "yum" | "dnf" | "microdnf" => (matches!(s, "update" | "upgrade"), true),
                "zypper" => (matches!(s, "update" | "up" | "dist-upgrade" | "dup"), true),
                _ => (false, false),
            };
            if !upgrades || c.simulates() {
                continue;
            }
            // `apk upgrade openssl`: a named package is a targeted fix.
            let named = c
                .args()
                .iter()
                .skip_while(|w| w.range != sub.range)
                .skip(1)
                .any(|w| !w.text.starts_with('-'));
            if needs_no_names && named {
                continue;
            }
            out.push(Diagnostic::new(
                &META,
                sub.range,
                format!(
                    "`{} {s}` makes the image depend on the day it was built: use a newer base image instead",
                    c.name()
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn upgrades() {
        check_rule(
            "PackageUpgrade",
            "FROM debian:12\nRUN apt-get update && apt-get -y upgrade\nRUN apk upgrade --no-cache && apk upgrade openssl\nRUN dnf -y update && dnf update openssl && apt-get upgrade -s\n",
            &[
                "2:34-2:41 `apt-get upgrade` makes the image depend on the day it was built: use a newer base image instead",
                "3:9-3:16 `apk upgrade` makes the image depend on the day it was built: use a newer base image instead",
                "4:12-4:18 `dnf update` makes the image depend on the day it was built: use a newer base image instead",
            ],
        );
    }
}

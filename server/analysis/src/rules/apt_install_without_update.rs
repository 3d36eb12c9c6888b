//! `AptInstallWithoutUpdate`: `apt-get install` relies on the package index an earlier RUN
//! fetched, which the layer cache keeps however old it gets.

use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::model::Base;

declare_rule! {
    /// # AptInstallWithoutUpdate
    ///
    /// Reports `apt-get install` (or `apt install`) in a RUN that does not run `apt-get update`
    /// itself, when an earlier RUN of the stage (or of a stage it is built on) did.
    ///
    /// ## Why
    ///
    /// The earlier `apt-get update` is its own layer, cached for as long as its line does not
    /// change. When the install line changes months later, it installs from that old index: package
    /// versions the mirrors no longer carry ("404 Not Found"), or outdated packages. Updating and
    /// installing in the same RUN makes every change of the install list fetch a fresh index.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update \
    ///  && apt-get install -y --no-install-recommends curl \
    ///  && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - The same RUN updates first (also inside `sh -c '…'`): `apt-get update`, or
    ///   `add-apt-repository`, which updates the index itself unless given `-n`.
    /// - The install updates by itself: `apt-get install --update` (APT 3).
    /// - No earlier RUN of the stage or its base stages updated: the index then comes from the base
    ///   image (or is missing, which fails loudly).
    /// - The install only simulates (`-s`).
    AptInstallWithoutUpdate {
        severity: Warning,
        summary: "`apt-get install` uses the package index an earlier, cached RUN fetched.",
    }
}

impl Check for AptInstallWithoutUpdate {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let apt = |c: &crate::syntax::shell::ShellCommand, sub: &str| {
            matches!(c.name(), "apt-get" | "apt")
                && c.subcommand().is_some_and(|s| s.text == sub)
                && !c.simulates()
        };
        // Per stage: whether an update ran before (inherited through `FROM <stage>`, also
        // through stages that run no apt).
        let mut updated = vec![false; model.stages.len()];
        let mut settled = 0;
        let apt_scripts = analysis
            .run_scripts_relative()
            .filter(|(_, _, s, _)| s.mentions("apt-get") || s.mentions("apt"));
        for (ii, _, script, base) in apt_scripts {
            let Some(stage) = model.stage_of.get(ii).copied().flatten() else {
                continue;
            };
            while settled <= stage {
                let inherited = match model.stages.get(settled).map(|s| &s.base) {
                    Some(Base::Stage(b)) if *b < settled => {
                        updated.get(*b).copied().unwrap_or(false)
                    }
                    _ => false,
                };
                if let Some(u) = updated.get_mut(settled) {
                    *u = *u || inherited;
                }
                settled += 1;
            }
            // `add-apt-repository` updates the index itself, unless told not to.
            let update_here = script.commands.iter().find(|c| {
                apt(c, "update")
                    || (c.name() == "add-apt-repository" && !c.has_flag(&["-n", "--no-update"]))
            });
            for c in script.commands.iter().filter(|c| apt(c, "install")) {
                // `apt-get install --update` (APT 3) updates the index first.
                let fresh = update_here.is_some_and(|u| u.range.start < c.range.start)
                    || c.has_flag(&["--update"]);
                if !fresh && updated.get(stage).copied().unwrap_or(false) {
                    let Some(sub) = c.subcommand() else { continue };
                    out.push(Diagnostic::new(
                        &META,
                        sub.range.after(base),
                        "installs from the package index of an earlier, cached RUN: run `apt-get update && apt-get install …` in one RUN".to_owned(),
                    ));
                }
            }
            if update_here.is_some()
                && let Some(u) = updated.get_mut(stage)
            {
                *u = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn stale_index() {
        check_rule(
            "AptInstallWithoutUpdate",
            "FROM debian:12 AS base\nRUN apt-get install -y a\nRUN apt-get update\nRUN apt-get install -y b\nRUN apt-get update && apt-get install -y c\nFROM base\nRUN apt-get install -y d\nFROM debian:12\nRUN apt-get install -y e\n",
            &[
                "4:13-4:20 installs from the package index of an earlier, cached RUN: run `apt-get update && apt-get install …` in one RUN",
                "7:13-7:20 installs from the package index of an earlier, cached RUN: run `apt-get update && apt-get install …` in one RUN",
            ],
        );
    }

    #[test]
    fn installs_that_update_by_themselves() {
        check_rule(
            "AptInstallWithoutUpdate",
            "FROM ubuntu:24.04\nRUN apt-get update\nRUN add-apt-repository -y ppa:deadsnakes/ppa && apt-get install -y python3.13\nRUN apt-get install --update -y curl\nRUN add-apt-repository -n -y ppa:x/y && apt-get install -y z\n",
            &["5:49-5:56 installs from the package index of an earlier, cached RUN: run `apt-get update && apt-get install …` in one RUN"],
        );
    }

    #[test]
    fn stale_index_through_stages_without_apt() {
        check_rule(
            "AptInstallWithoutUpdate",
            "FROM debian:12 AS a\nRUN apt-get update\nFROM a AS b\nRUN echo hi\nFROM b AS c\nFROM c\nRUN apt-get install -y x\n",
            &[
                "7:13-7:20 installs from the package index of an earlier, cached RUN: run `apt-get update && apt-get install …` in one RUN",
            ],
        );
    }
}

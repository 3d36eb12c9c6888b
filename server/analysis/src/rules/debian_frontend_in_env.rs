//! `DebianFrontendInEnv`: `ENV DEBIAN_FRONTEND=noninteractive` stays set in the image.

use super::{Check, shipped_stages};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::syntax::Keyword;

declare_rule! {
    /// # DebianFrontendInEnv
    ///
    /// Reports `ENV DEBIAN_FRONTEND=…` in a stage that ends up in the image (the final stage and the
    /// stages it is built on).
    ///
    /// ## Why
    ///
    /// The variable is meant for the build: it stops `apt-get` from asking questions. Set with ENV,
    /// it stays in the image's configuration, so a person who later runs `apt-get install` in a
    /// container gets no prompts where they expect them, and tools that check the variable behave
    /// differently. `ARG` gives RUN the same variable during the build only.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// ENV DEBIAN_FRONTEND=noninteractive
    /// RUN apt-get update && apt-get install -y --no-install-recommends tzdata
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// ARG DEBIAN_FRONTEND=noninteractive
    /// RUN apt-get update && apt-get install -y --no-install-recommends tzdata
    /// ```
    ///
    /// or `RUN DEBIAN_FRONTEND=noninteractive apt-get install …` for one command. The quick-fix
    /// turns the `ENV` into an `ARG` when it sets nothing else.
    ///
    /// ## When it does not fire
    ///
    /// In a stage that is only copied from: its environment never reaches the image. When the
    /// value is not `noninteractive` (`ENV DEBIAN_FRONTEND=` clears it, `dialog` is the default),
    /// and when a later `ENV` in the same stage sets it again: the image then has that value, as
    /// in `ENV DEBIAN_FRONTEND=noninteractive` … `RUN apt-get …` … `ENV DEBIAN_FRONTEND=`.
    DebianFrontendInEnv {
        severity: Info,
        fixable: true,
        summary: "`ENV DEBIAN_FRONTEND=noninteractive` stays set for everyone who runs the image.",
    }
}

impl Check for DebianFrontendInEnv {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let shipped = shipped_stages(model);
        for (ii, i) in analysis.parsed().instructions.iter().enumerate() {
            if i.kind != Keyword::Env {
                continue;
            }
            if !super::in_shipped_stage(model, &shipped, ii) {
                continue;
            }
            let Some(k) = i
                .args
                .iter()
                .enumerate()
                .step_by(2)
                .position(|(_, w)| w.text == "DEBIAN_FRONTEND")
                .map(|p| p * 2)
            else {
                continue;
            };
            let (Some(key), value) = (i.args.get(k), i.args.get(k + 1)) else {
                continue;
            };
            // Only the value that silences apt; and not when the stage sets it again later
            // (usually back to empty once the packages are installed).
            let noninteractive = value.is_some_and(|v| v.text.trim_matches(['"', '\'']) == "noninteractive");
            let stage_end = model.stage_at(ii).map_or(ii + 1, |st| st.end);
            let set_again = analysis
                .parsed()
                .instructions
                .get(ii + 1..stage_end)
                .unwrap_or_default()
                .iter()
                .any(|later| {
                    later.kind == Keyword::Env
                        && later.args.iter().step_by(2).any(|w| w.text == "DEBIAN_FRONTEND")
                });
            if !noninteractive || set_again {
                continue;
            }
            let mut d = Diagnostic::new(
                &META,
                key.range,
                "`DEBIAN_FRONTEND` stays set in the image: declare it with `ARG` for the build only"
                    .to_owned(),
            );
            if i.args.len() == 2 && !i.legacy_key_value {
                let arg = super::keyword_like(i, "ARG");
                d = d.with_fix(Fix::suggested(
                    "Change `ENV` to `ARG`",
                    vec![TextEdit::replace(i.keyword_range, arg)],
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
    fn frontend_in_env() {
        check_rule(
            "DebianFrontendInEnv",
            "FROM debian:12 AS build\nENV DEBIAN_FRONTEND=noninteractive\nFROM debian:12\nENV DEBIAN_FRONTEND=noninteractive TZ=UTC\n",
            &[
                "4:5-4:20 `DEBIAN_FRONTEND` stays set in the image: declare it with `ARG` for the build only",
            ],
        );
    }

    #[test]
    fn cleared_later_or_not_noninteractive() {
        check_rule(
            "DebianFrontendInEnv",
            "FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update && apt-get install -y curl\nENV DEBIAN_FRONTEND=\nENV DEBIAN_FRONTEND=dialog\n",
            &[],
        );
        check_rule(
            "DebianFrontendInEnv",
            "FROM debian:12\nENV DEBIAN_FRONTEND noninteractive\nFROM debian:12\nENV TZ=UTC DEBIAN_FRONTEND=\"noninteractive\"\n",
            &["4:12-4:27 `DEBIAN_FRONTEND` stays set in the image: declare it with `ARG` for the build only"],
        );
    }

    #[test]
    fn fix_makes_it_an_arg() {
        check_fix(
            "DebianFrontendInEnv",
            "FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive\n",
            "FROM debian:12\nARG DEBIAN_FRONTEND=noninteractive\n",
        );
    }
}

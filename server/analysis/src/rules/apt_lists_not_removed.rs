//! `AptListsNotRemoved`: `apt-get update` leaves its package lists in the layer.

use super::has_cache_mount;
use super::{Rule, RuleMeta};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Base;

pub(crate) struct AptListsNotRemoved;

static META: RuleMeta = RuleMeta {
    id: "AptListsNotRemoved",
    severity: Severity::Info,
    aliases: &["DL3009"],
    buildkit_check: false,
    default_off: false,
    fixable: false,
    summary: "`apt-get update` leaves its package lists in the layer.",
    docs: r#"# AptListsNotRemoved

Reports a RUN that runs `apt-get update` but does not remove `/var/lib/apt/lists` in the same
RUN, in the final stage or a stage it builds on. A RUN that mounts a cache at
`/var/lib/apt` is not reported.

## Why

The package lists are tens of megabytes. Removing them in a later RUN does not help: they
stay in the earlier layer. Stages that are only copied from do not matter, since their
layers never reach the image.

## Example

```dockerfile
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Use instead

```dockerfile
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
```
"#,
};

impl Rule for AptListsNotRemoved {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        // The final stage and the stages it is built on.
        let mut shipped = Vec::new();
        let mut at = model.stages.len().checked_sub(1);
        while let Some(s) = at {
            if shipped.contains(&s) {
                break;
            }
            shipped.push(s);
            at = match model.stages.get(s).map(|st| &st.base) {
                Some(Base::Stage(b)) => Some(*b),
                _ => None,
            };
        }
        for (ii, ins, script) in analysis.run_scripts() {
            if !model
                .stage_of
                .get(ii)
                .copied()
                .flatten()
                .is_some_and(|s| shipped.contains(&s))
            {
                continue;
            }
            if script.named("apt-get").next().is_none() {
                continue;
            }
            if has_cache_mount(ins, "/var/lib/apt") {
                continue;
            }
            let Some(update) = script
                .named("apt-get")
                .find(|c| c.subcommand().is_some_and(|s| s.text == "update"))
            else {
                continue;
            };
            let cleaned = script.commands.iter().any(|c| {
                c.name() == "rm"
                    && c.args()
                        .iter()
                        .any(|w| w.text.starts_with("/var/lib/apt/lists"))
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
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn lists_left_behind() {
        check_rule(
            "AptListsNotRemoved",
            "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y jq && rm -rf /var/lib/apt/lists/*\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\n",
            &[
                "4:5-4:19 the apt package lists stay in this layer: end the RUN with `rm -rf /var/lib/apt/lists/*`",
            ],
        );
    }
}

//! `PipeWithoutPipefail`: a RUN pipes commands without `set -o pipefail`, so a failing command is ignored.

use super::{Rule, RuleMeta};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::Keyword;

pub(crate) struct PipeWithoutPipefail;

static META: RuleMeta = RuleMeta {
    id: "PipeWithoutPipefail",
    severity: Severity::Warning,
    aliases: &["DL4006"],
    buildkit_check: false,
    default_off: false,
    fixable: false,
    summary: "A RUN pipes commands without `set -o pipefail`, so a failing command is ignored.",
    docs: r#"# PipeWithoutPipefail

Reports a `|` in a shell-form RUN when neither the stage's `SHELL` has `-o pipefail` nor the
RUN itself runs `set -o pipefail` (or `set -eo pipefail` and similar) before it.

## Why

A pipeline's status is its last command's: in `RUN curl -fsSL $URL | tar -xz`, a failed
download still "succeeds" if `tar` exits 0 on empty input, and the build goes on with a
broken layer. `pipefail` makes the pipeline fail when any command in it fails.

## Example

```dockerfile
RUN curl -fsSL https://example.com/install.sh | sh
```

## Use instead

```dockerfile
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/install.sh | sh
```

or `RUN set -o pipefail && curl … | sh` where the shell supports it (bash, ash, dash 0.5.11+).
"#,
};

impl Rule for PipeWithoutPipefail {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let ins = &analysis.parsed().instructions;
        for (ii, _, script) in analysis.run_scripts() {
            let Some(pipe) = script.pipes.first() else {
                continue;
            };
            // The stage's SHELL, if any came before this RUN.
            let stage = model.stage_of.get(ii).copied().flatten();
            let shell_has = ins
                .iter()
                .enumerate()
                .rev()
                .filter(|(j, _)| *j < ii && model.stage_of.get(*j).copied().flatten() == stage)
                .find(|(_, i)| i.kind == Keyword::Shell)
                .is_some_and(|(_, i)| i.args.iter().any(|w| w.text.contains("pipefail")));
            if shell_has {
                continue;
            }
            let set_before = script.commands.iter().any(|c| {
                c.name() == "set"
                    && c.range.start < pipe.start
                    && c.args()
                        .iter()
                        .any(|w| w.text == "pipefail" || w.text.contains("pipefail"))
            });
            if !set_before {
                out.push(Diagnostic::new(&META, *pipe, "a failing command before `|` is ignored: set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` or `set -o pipefail` first".to_owned()));
            }
        }
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
                "2:18-2:19 a failing command before `|` is ignored: set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` or `set -o pipefail` first",
            ],
        );
    }
}

//! `NoEmptyContinuation`: a continued instruction contains an empty line.

use super::{Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Fix, Severity, TextEdit};

pub(crate) struct NoEmptyContinuation;

static META: RuleMeta = RuleMeta {
    id: "NoEmptyContinuation",
    severity: Severity::Warning,
    aliases: &[],
    buildkit_check: true,
    default_off: false,
    fixable: true,
    summary: "A continued instruction contains an empty line.",
    docs: r#"# NoEmptyContinuation

Reports a blank line inside an instruction continued with `\`.

## Why

BuildKit skips the blank line today and warns that it will become an error in a future
release. It usually means a line was deleted without its continuation, and the instruction
goes on further than it looks.

## Example

```dockerfile
RUN apk add \
    curl \

    jq
```

## Use instead

```dockerfile
RUN apk add \
    curl \
    jq
```
"#,
};

impl Rule for NoEmptyContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for i in &analysis.parsed().instructions {
            for r in &i.empty_continuation_lines {
                let whole = crate::text::line_range(analysis.text(), r.start);
                out.push(
                    Diagnostic::new(
                        &META,
                        *r,
                        "Empty continuation line: it will become an error in a future BuildKit release"
                            .to_owned(),
                    )
                    .with_fix(Fix::safe("Remove the empty line", vec![TextEdit::delete(whole)])),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn fix_removes_the_line() {
        check_fix(
            "NoEmptyContinuation",
            "FROM a\nRUN apt-get update \\\n\n    && true\n",
            "FROM a\nRUN apt-get update \\\n    && true\n",
        );
    }

    #[test]
    fn blank_line_inside_a_continuation() {
        check_rule(
            "NoEmptyContinuation",
            "FROM a\nRUN x \\\n\n  y\n",
            &[
                "3:1-3:1 Empty continuation line: it will become an error in a future BuildKit release",
            ],
        );
    }
}

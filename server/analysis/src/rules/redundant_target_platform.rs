//! `RedundantTargetPlatform`: fROM sets --platform to $TARGETPLATFORM, the default.

use super::{Rule, RuleMeta, instructions_of};
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::Keyword;

pub(crate) struct RedundantTargetPlatform;

static META: RuleMeta = RuleMeta {
    id: "RedundantTargetPlatform",
    severity: Severity::Warning,
    aliases: &[],
    buildkit_check: true,
    default_off: false,
    fixable: false,
    summary: "FROM sets --platform to $TARGETPLATFORM, the default.",
    docs: r#"# RedundantTargetPlatform

Reports `FROM --platform=$TARGETPLATFORM …` (or `${TARGETPLATFORM}`).

## Why

Every stage is built for the target platform unless told otherwise, so the flag changes
nothing and suggests that it does. (`--platform=$BUILDPLATFORM` is different and useful.)

## Example

```dockerfile
FROM --platform=$TARGETPLATFORM alpine
```

## Use instead

```dockerfile
FROM alpine
```
"#,
};

impl Rule for RedundantTargetPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for i in instructions_of(analysis, Keyword::From) {
            if let Some(f) = i.flag("platform")
                && matches!(
                    f.value.as_deref(),
                    Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")
                )
            {
                out.push(Diagnostic::new(
                    &META,
                    f.range,
                    "Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior"
                        .to_owned(),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn target_platform() {
        check_rule(
            "RedundantTargetPlatform",
            "FROM --platform=$TARGETPLATFORM a\nFROM --platform=${TARGETPLATFORM} b\nFROM --platform=$BUILDPLATFORM c\n",
            &[
                "1:6-1:32 Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
                "2:6-2:34 Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
            ],
        );
    }
}

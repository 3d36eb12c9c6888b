//! `StageNameCasing`: stage names should be lower case.

use super::{Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};

pub(crate) struct StageNameCasing;

static META: RuleMeta = RuleMeta {
    id: "StageNameCasing",
    severity: Severity::Warning,
    aliases: &[],
    buildkit_check: true,
    default_off: false,
    fixable: false,
    summary: "A stage name is not lower case.",
    docs: "\
# StageNameCasing

Reports a stage name (`FROM … AS Name`) that contains upper-case letters.

## Why

BuildKit lower-cases stage names, so `Builder` and `builder` are the same stage. Mixed case
suggests a difference that does not exist, and references written in another case still
match, which hides typos in reviews.

## Example

```dockerfile
FROM golang AS Builder
```

## Use instead

```dockerfile
FROM golang AS builder
```
",
};

impl Rule for StageNameCasing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for s in &analysis.model().stages {
            if let (Some(name), Some(range)) = (&s.name, s.name_range)
                && name.chars().any(char::is_uppercase)
            {
                out.push(Diagnostic::new(
                    &META,
                    range,
                    format!("Stage name '{name}' should be lowercase"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn upper_case_stage_names() {
        check_rule(
            "StageNameCasing",
            "FROM a AS Builder\nFROM b AS runtime\n",
            &["1:11-1:18 Stage name 'Builder' should be lowercase"],
        );
    }
}

//! `LegacyKeyValueFormat`: eNV or LABEL uses the legacy `key value` form.

use super::{Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};

pub(crate) struct LegacyKeyValueFormat;

static META: RuleMeta = RuleMeta {
    id: "LegacyKeyValueFormat",
    severity: Severity::Warning,
    aliases: &[],
    buildkit_check: true,
    default_off: false,
    fixable: false,
    summary: "ENV or LABEL uses the legacy `key value` form.",
    docs: r#"# LegacyKeyValueFormat

Reports `ENV key value` and `LABEL key value`, the form without `=`.

## Why

In the legacy form everything after the first space is the value, so `ENV A 1 B 2` sets `A`
to `1 B 2`. The `key=value` form is unambiguous and sets several keys in one instruction.

## Example

```dockerfile
ENV PATH /usr/local/bin:$PATH
```

## Use instead

```dockerfile
ENV PATH=/usr/local/bin:$PATH
```
"#,
};

impl Rule for LegacyKeyValueFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for i in &analysis.parsed().instructions {
            if i.legacy_key_value
                && i.errors.is_empty()
                && let Some(range) = i.args_range
            {
                let k = i.kind.as_str();
                out.push(Diagnostic::new(
                    &META,
                    range,
                    format!("\"{k} key=value\" should be used instead of legacy \"{k} key value\" format"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn legacy_forms() {
        check_rule(
            "LegacyKeyValueFormat",
            "FROM a\nENV A 1 2\nENV B=1\nLABEL c \"d\"\n",
            &[
                "2:5-2:10 \"ENV key=value\" should be used instead of legacy \"ENV key value\" format",
                "4:7-4:12 \"LABEL key=value\" should be used instead of legacy \"LABEL key value\" format",
            ],
        );
    }
}

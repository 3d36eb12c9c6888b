//! `NpmOmitDev`: `npm ci`/`npm install` uses the deprecated `--production` or `--only=production`.

use super::{Rule, RuleMeta, shell_commands};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::diagnostic::{Fix, TextEdit};

pub(crate) struct NpmOmitDev;

static META: RuleMeta = RuleMeta {
    id: "NpmOmitDev",
    severity: Severity::Warning,
    aliases: &[],
    buildkit_check: false,
    default_off: false,
    fixable: true,
    summary: "`npm ci`/`npm install` uses the deprecated `--production` or `--only=production`.",
    docs: r#"# NpmOmitDev

Reports `npm ci` and `npm install` with `--production`, `--only=production` or `--only=prod`.

## Why

These flags are deprecated since npm 7 and ignored with a warning by npm 9 and later, which
then installs the dev dependencies too: test frameworks, bundlers and type definitions end
up in the production image. `--omit=dev` is the supported spelling.

## Example

```dockerfile
RUN npm ci --only=production
```

## Use instead

```dockerfile
RUN npm ci --omit=dev
```
"#,
};

impl Rule for NpmOmitDev {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let installs = shell_commands(analysis, "npm", &["ci", "install", "i", "clean-install"]);
        for w in installs.flat_map(|(c, _)| c.args()) {
            let old = matches!(
                w.text.as_str(),
                "--production" | "--production=true" | "--only=production" | "--only=prod"
            );
            if !old {
                continue;
            }
            let message = format!(
                "`{}` is deprecated and ignored by npm 9+, which then installs dev dependencies: use `--omit=dev`",
                w.text
            );
            out.push(Diagnostic::new(&META, w.range, message).with_fix(Fix::safe(
                "Change to `--omit=dev`",
                vec![TextEdit::replace(w.range, "--omit=dev")],
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn deprecated_flags() {
        check_rule(
            "NpmOmitDev",
            "FROM node:22\nRUN npm ci --only=production && npm install --production=false\n",
            &[
                "2:12-2:29 `--only=production` is deprecated and ignored by npm 9+, which then installs dev dependencies: use `--omit=dev`",
            ],
        );
        check_fix(
            "NpmOmitDev",
            "FROM node:22\nRUN npm ci --production\n",
            "FROM node:22\nRUN npm ci --omit=dev\n",
        );
    }
}

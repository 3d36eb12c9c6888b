//! `CopyMultipleSourcesNoSlash`: cOPY/ADD with several sources (or a wildcard) into a destination without a trailing `/`.

use super::{Rule, RuleMeta};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::diagnostic::{Fix, TextEdit};
use crate::syntax::Keyword;

pub(crate) struct CopyMultipleSourcesNoSlash;

static META: RuleMeta = RuleMeta {
    id: "CopyMultipleSourcesNoSlash",
    severity: Severity::Warning,
    aliases: &["DL3021"],
    buildkit_check: false,
    default_off: false,
    fixable: true,
    summary: "COPY/ADD with several sources (or a wildcard) into a destination without a trailing `/`.",
    docs: r#"# CopyMultipleSourcesNoSlash

Reports `COPY` and `ADD` with more than one source, or a wildcard source, whose destination
does not end with `/`.

## Why

With several sources the destination must be a directory. Written without the trailing
slash, it reads like a file name, and when the wildcard matches a single file the result is
a file named like the directory. The slash states the intent and makes the build fail
clearly instead.

## Example

```dockerfile
COPY package.json package-lock.json /app
```

## Use instead

```dockerfile
COPY package.json package-lock.json /app/
```
"#,
};

impl Rule for CopyMultipleSourcesNoSlash {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for i in &analysis.parsed().instructions {
            if !matches!(i.kind, Keyword::Copy | Keyword::Add) || !i.heredocs.is_empty() {
                continue;
            }
            let Some((dest, sources)) = i.args.split_last() else {
                continue;
            };
            let many =
                sources.len() > 1 || sources.iter().any(|w| w.text.contains(['*', '?', '[']));
            if !many || dest.text.ends_with(['/', '\\']) || dest.text.contains('$') {
                continue;
            }
            // Windows destinations (`C:\\app`) take a backslash.
            // (Only with another escape character: otherwise a final `\\` continues the line.)
            let windows = dest.text.contains('\\') && analysis.parsed().escape != '\\';
            let sep = if windows { "\\" } else { "/" };
            let mut d = Diagnostic::new(
                &META,
                dest.range,
                format!(
                    "with several sources the destination must be a directory: write `{}{sep}`",
                    dest.text
                ),
            );
            if !i.json {
                d = d.with_fix(Fix::safe(
                    format!("Add a trailing `{sep}`"),
                    vec![TextEdit::insert(dest.range.end, sep)],
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
    fn destinations() {
        check_rule(
            "CopyMultipleSourcesNoSlash",
            "FROM a:1\nCOPY a b /app\nCOPY *.json /cfg\nCOPY a /b\nCOPY a b /c/\n",
            &[
                "2:10-2:14 with several sources the destination must be a directory: write `/app/`",
                "3:13-3:17 with several sources the destination must be a directory: write `/cfg/`",
            ],
        );
        check_fix(
            "CopyMultipleSourcesNoSlash",
            "FROM a:1\nCOPY a b /app\n",
            "FROM a:1\nCOPY a b /app/\n",
        );
    }
}

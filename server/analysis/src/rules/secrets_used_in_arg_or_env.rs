//! `SecretsUsedInArgOrEnv`: an ARG or ENV name suggests it holds a secret.

use super::{Rule, RuleMeta};
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::Keyword;

pub(crate) struct SecretsUsedInArgOrEnv;

static META: RuleMeta = RuleMeta {
    id: "SecretsUsedInArgOrEnv",
    severity: Severity::Warning,
    aliases: &[],
    buildkit_check: true,
    summary: "An ARG or ENV name suggests it holds a secret.",
    docs: r#"# SecretsUsedInArgOrEnv

Reports `ARG` and `ENV` whose name contains one of `apikey`, `auth`, `credential(s)`, `key`,
`password`, `pword`, `passwd`, `secret` or `token` as an underscore-separated word (and not
`public`), as BuildKit does.

## Why

Build arguments and environment variables end up in the image: `docker history` shows ARG
values used by RUN, and ENV values are in the image config for anyone who pulls it. Secrets
belong in `RUN --mount=type=secret`, which exposes them to one command and stores nothing.

## Example

```dockerfile
ARG NPM_TOKEN
RUN NPM_TOKEN=$NPM_TOKEN npm ci
```

## Use instead

```dockerfile
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
```

and build with `docker build --secret id=npm_token,env=NPM_TOKEN .`.
"#,
};

impl Rule for SecretsUsedInArgOrEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        const TOKENS: [&str; 10] = [
            "apikey",
            "auth",
            "credential",
            "credentials",
            "key",
            "password",
            "pword",
            "passwd",
            "secret",
            "token",
        ];
        for i in &analysis.parsed().instructions {
            let names: Vec<(&str, crate::text::TextRange)> = match i.kind {
                Keyword::Arg => i
                    .args
                    .iter()
                    .map(|w| (w.text.split('=').next().unwrap_or(""), w.range))
                    .collect(),
                Keyword::Env => i
                    .args
                    .iter()
                    .step_by(2)
                    .map(|w| (w.text.as_str(), w.range))
                    .collect(),
                _ => continue,
            };
            for (name, range) in names {
                let lower = name.to_ascii_lowercase();
                let parts: Vec<&str> = lower.split('_').collect();
                if parts.iter().any(|p| TOKENS.contains(p)) && !parts.contains(&"public") {
                    let range = crate::text::TextRange::new(range.start, range.start + name.len());
                    out.push(Diagnostic::new(
                        &META,
                        range,
                        format!(
                            "Do not use ARG or ENV instructions for sensitive data ({} \"{name}\")",
                            i.kind.as_str()
                        ),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn secret_looking_names() {
        check_rule(
            "SecretsUsedInArgOrEnv",
            "FROM a\nARG NPM_TOKEN\nARG PUBLIC_KEY=x\nENV DB_PASSWORD=x MONKEY=1\nARG AUTH_URL\n",
            &[
                "2:5-2:14 Do not use ARG or ENV instructions for sensitive data (ARG \"NPM_TOKEN\")",
                "4:5-4:16 Do not use ARG or ENV instructions for sensitive data (ENV \"DB_PASSWORD\")",
                "5:5-5:13 Do not use ARG or ENV instructions for sensitive data (ARG \"AUTH_URL\")",
            ],
        );
    }
}

//! `MissingBuildSecret`: a required secret mount that the build does not pass.

use super::Check;
use crate::builds::BuildCheck;
use crate::builds::check::secret_mounts;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// # MissingBuildSecret
    ///
    /// Reports a Compose service or Bake target that passes secrets, but not one that a
    /// `RUN --mount=type=secret,…,required=true` in the stages it builds needs. Builds that
    /// pass no secret at all are left alone: they may get them from the command line.
    ///
    /// ## Why
    ///
    /// BuildKit fails the RUN (`secret npm_token: not found`). Without `required=true` the
    /// RUN runs without the file, which is why required mounts are the ones checked.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22-alpine
    /// RUN --mount=type=secret,id=npm_token,required=true npm ci
    /// RUN --mount=type=secret,id=sentry,required npm run build
    /// ```
    ///
    /// `compose.yaml`:
    ///
    /// ```yaml
    /// services:
    ///   web:
    ///     build:
    ///       context: .
    ///       secrets:
    ///         - npm_token
    /// secrets:
    ///   npm_token:
    ///     environment: NPM_TOKEN
    /// ```
    ///
    /// ## Use instead
    ///
    /// Pass the secret (`- sentry` with a top-level `secrets:` entry), or drop `required`.
    MissingBuildSecret {
        severity: Warning,
        scope: Build,
        summary: "A build passes secrets, but not one that a required secret mount needs.",
    }
}

impl Check for MissingBuildSecret {
    fn check_build(&self, cx: &BuildCheck<'_>, out: &mut Vec<Diagnostic>) {
        for (entry, analysis, stages) in cx.builds() {
            if entry.secrets.is_empty()
                || entry.secrets.iter().any(|s| s.id.dynamic) {
                continue;
            }
            let mut reported: Vec<&str> = Vec::new();
            let mounts = secret_mounts(analysis, &stages);
            for m in mounts.iter().filter(|m| m.required) {
                if entry.secrets.iter().any(|s| s.id.text == m.id) || reported.contains(&m.id.as_str()) {
                    continue;
                }
                reported.push(&m.id);
                let d = Diagnostic::new(
                    &META,
                    entry.name.range,
                    format!(
                        "{} does not pass the secret `{}`, which a RUN of the stages it builds requires",
                        entry.label(),
                        m.id
                    ),
                );
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::builds::check::testing::check_compose;

    #[test]
    fn required_secrets_the_build_does_not_pass() {
        let df = "FROM a\nRUN --mount=type=secret,id=a,required=true x\nRUN --mount=type=secret,id=b,required x\nRUN --mount=type=secret,id=c x\n";
        assert_eq!(
            check_compose("MissingBuildSecret", "services:\n  w:\n    build:\n      secrets: [a]\n", df),
            ["2:3-2:4 compose service `w` does not pass the secret `b`, which a RUN of the stages it builds requires"]
        );
        assert!(check_compose("MissingBuildSecret", "services:\n  w:\n    build: .\n", df).is_empty());
    }
}

//! `UnusedBuildSecret`: a secret a build passes that no secret mount reads.

use super::Check;
use crate::builds::BuildCheck;
use crate::builds::check::secret_mounts;
use crate::diagnostic::{Diagnostic, Tag};

declare_rule! {
    /// # UnusedBuildSecret
    ///
    /// Reports a secret that a Compose service's `build.secrets` or a Bake target's
    /// `secret` passes to the build, when no `RUN --mount=type=secret` in the stages built
    /// reads it (by `id`, or by the base name of its `target`).
    ///
    /// ## Why
    ///
    /// A secret only reaches a build through a secret mount. One that nothing mounts is dead
    /// configuration, or a sign that the mount uses another id (`id=npm_token` against
    /// `npm`), in which case the RUN that needs it runs without it.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22-alpine
    /// RUN --mount=type=secret,id=npm_token npm ci
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
    ///         - npm
    /// secrets:
    ///   npm:
    ///     environment: NPM_TOKEN
    /// ```
    ///
    /// ## Use instead
    ///
    /// Pass the id the mount reads (`source: npm` with `target: npm_token`), or remove the
    /// secret.
    UnusedBuildSecret {
        severity: Warning,
        scope: Build,
        summary: "A build passes a secret that no `RUN --mount=type=secret` of the stages built reads.",
    }
}

impl Check for UnusedBuildSecret {
    fn check_build(&self, cx: &BuildCheck<'_>, out: &mut Vec<Diagnostic>) {
        for (entry, analysis, stages) in cx.builds() {
            if entry.secrets.is_empty() {
                continue;
            }
            let mounts = secret_mounts(analysis, &stages);
            for s in &entry.secrets {
                if s.id.dynamic || mounts.iter().any(|m| m.id == s.id.text) {
                    continue;
                }
                let ids: Vec<String> = mounts.iter().map(|m| format!("`{}`", m.id)).collect();
                let what = if ids.is_empty() {
                    "no RUN mounts a secret".to_owned()
                } else {
                    format!("the RUNs mount {}", ids.join(", "))
                };
                out.push(
                    Diagnostic::new(
                        &META,
                        s.id.range,
                        format!(
                            "{} passes the secret `{}`, but no RUN of the stages it builds mounts it ({what})",
                            entry.label(),
                            s.id.text
                        ),
                    )
                    .with_tag(Tag::Unnecessary),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::builds::check::testing::check_compose;

    #[test]
    fn secrets_nothing_mounts() {
        let df = "FROM a\nRUN --mount=type=secret,id=npm_token npm ci\nRUN --mount=type=secret,target=/run/secrets/gh x\n";
        let compose = "services:\n  w:\n    build:\n      secrets:\n        - npm\n        - gh\n        - source: n\n          target: npm_token\n";
        assert_eq!(
            check_compose("UnusedBuildSecret", compose, df),
            ["5:11-5:14 compose service `w` passes the secret `npm`, but no RUN of the stages it builds mounts it (the RUNs mount `npm_token`, `gh`)"]
        );
    }
}

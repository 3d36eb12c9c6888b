//! `SecretPassedAsBuildArg`: a Compose or Bake build passes a secret as a build argument.

use super::Check;
use crate::builds::BuildCheck;
use crate::builds::check::declares_arg;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// # SecretPassedAsBuildArg
    ///
    /// Reports a Compose `build.args` or Bake `args` key whose name says it holds a secret
    /// (`NPM_TOKEN`, `DB_PASSWORD`, … — the names `SecretsUsedInArgOrEnv` reports in the
    /// Dockerfile, by BuildKit's rule), when an `ARG` of the stages built receives it.
    ///
    /// ## Why
    ///
    /// A build argument is recorded in the image's history and in the build cache: anyone who
    /// can pull the image can read it (`docker history --no-trunc`). A build secret is
    /// mounted only while the RUN that needs it runs.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22-alpine
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
    /// ```
    ///
    /// `compose.yaml`:
    ///
    /// ```yaml
    /// services:
    ///   web:
    ///     build:
    ///       context: .
    ///       args:
    ///         NPM_TOKEN: ${NPM_TOKEN}
    /// ```
    ///
    /// ## Use instead
    ///
    /// The quick-fix of `SecretsUsedInArgOrEnv` on `ARG NPM_TOKEN` changes both files: the
    /// RUN mounts the secret (`--mount=type=secret,id=npm_token,env=NPM_TOKEN`) and the
    /// service passes it as a secret:
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
    SecretPassedAsBuildArg {
        severity: Warning,
        scope: Build,
        summary: "A Compose or Bake build passes a secret-looking value as a build argument.",
    }
}

impl Check for SecretPassedAsBuildArg {
    fn check_build(&self, cx: &BuildCheck<'_>, out: &mut Vec<Diagnostic>) {
        for (entry, analysis, stages) in cx.builds() {
            for arg in &entry.args {
                let name = &arg.name.text;
                if arg.name.dynamic
                    || !super::looks_secret(name)
                    || !declares_arg(analysis, &stages, name)
                {
                    continue;
                }
                out.push(Diagnostic::new(
                    &META,
                    arg.name.range,
                    format!(
                        "{} passes `{name}` as a build argument, which the image's history keeps: pass it as a build secret (the quick-fix on `ARG {name}` in the Dockerfile changes both files)",
                        entry.label()
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::builds::check::testing::check_compose;

    #[test]
    fn secrets_passed_as_arguments() {
        let df = "FROM a\nARG NPM_TOKEN\nARG PUBLIC_KEY\nRUN x\n";
        let compose = "services:\n  w:\n    build:\n      args:\n        NPM_TOKEN: x\n        PUBLIC_KEY: k\n        OTHER_TOKEN: y\n";
        assert_eq!(
            check_compose("SecretPassedAsBuildArg", compose, df),
            ["5:9-5:18 compose service `w` passes `NPM_TOKEN` as a build argument, which the image's history keeps: pass it as a build secret (the quick-fix on `ARG NPM_TOKEN` in the Dockerfile changes both files)"]
        );
    }
}

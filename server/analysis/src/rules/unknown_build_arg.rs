//! `UnknownBuildArg`: a build argument that no ARG of the stages built declares.

use super::Check;
use crate::builds::BuildCheck;
use crate::builds::check::declares_arg;
use crate::diagnostic::{Diagnostic, Tag};

declare_rule! {
    /// # UnknownBuildArg
    ///
    /// Reports a key of a Compose `build.args` or a Bake `args` that no `ARG` declares in the
    /// stages the build runs (the target and the stages it needs) or before the first `FROM`.
    /// BuildKit's predefined arguments (`HTTP_PROXY`, `BUILDKIT_INLINE_CACHE`, …) are
    /// always accepted.
    ///
    /// ## Why
    ///
    /// BuildKit ignores such an argument (with only a warning in the build log): the value
    /// never reaches the build. It is a typo, a leftover of an `ARG` that was removed, or an
    /// argument of a stage this target does not build.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:22-alpine
    /// ARG NODE_ENV=production
    /// RUN npm ci
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
    ///         NODE_ENVIRONMENT: development
    /// ```
    ///
    /// ## Use instead
    ///
    /// Use the name the Dockerfile declares (`NODE_ENV`), or declare the `ARG` in the stage
    /// that needs it.
    UnknownBuildArg {
        severity: Warning,
        scope: Build,
        summary: "A Compose or Bake build argument is declared by no ARG of the stages built.",
    }
}

impl Check for UnknownBuildArg {
    fn check_build(&self, cx: &BuildCheck<'_>, out: &mut Vec<Diagnostic>) {
        for (entry, analysis, stages) in cx.builds() {
            for arg in &entry.args {
                let name = &arg.name;
                if name.dynamic
                    || crate::catalog::args::predefined(&name.text).is_some()
                    || declares_arg(analysis, &stages, &name.text)
                {
                    continue;
                }
                let decls = &analysis.variables().decls;
                let elsewhere = decls.iter().find_map(|d| match d.scope {
                    crate::model::Scope::Stage(s)
                        if d.kind == crate::model::VarKind::Arg && d.name.as_str() == name.text =>
                    {
                        Some(analysis.model().stage_label(s))
                    }
                    _ => None,
                });
                let hint = match elsewhere {
                    Some(stage) => format!(" (only stage {stage} declares it)"),
                    None => {
                        let candidates = decls
                            .iter()
                            .filter(|d| d.kind == crate::model::VarKind::Arg)
                            .map(|d| d.name.as_str());
                        crate::names::suggest(&name.text, candidates)
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default()
                    }
                };
                out.push(
                    Diagnostic::new(
                        &META,
                        name.range,
                        format!(
                            "no ARG `{}` in the stages {} builds, so BuildKit ignores it{hint}",
                            name.text,
                            entry.label()
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
    fn arguments_no_stage_built_declares() {
        let df = "ARG BASE=alpine\nFROM $BASE AS base\nARG A\nFROM base AS test\nARG T\nFROM base\nARG C\n";
        let compose = "services:\n  x:\n    build:\n      args:\n        BASE: a\n        A: 1\n        C: 2\n        T: 3\n        HTTP_PROXY: p\n        CC: 4\n";
        assert_eq!(
            check_compose("UnknownBuildArg", compose, df),
            [
                "8:9-8:10 no ARG `T` in the stages compose service `x` builds, so BuildKit ignores it (only stage test declares it)",
                "10:9-10:11 no ARG `CC` in the stages compose service `x` builds, so BuildKit ignores it; did you mean `C`?",
            ]
        );
        let compose = "services:\n  x:\n    build:\n      target: test\n      args: [T=1, C=2]\n";
        assert_eq!(
            check_compose("UnknownBuildArg", compose, df),
            ["5:19-5:20 no ARG `C` in the stages compose service `x` builds, so BuildKit ignores it (only stage 2 declares it)"]
        );
    }
}

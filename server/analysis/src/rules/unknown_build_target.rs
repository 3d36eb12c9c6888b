//! `UnknownBuildTarget`: a Compose or Bake target that names no stage of its Dockerfile.

use super::Check;
use crate::builds::BuildCheck;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;

declare_rule! {
    /// # UnknownBuildTarget
    ///
    /// Reports a `target` in a Compose file (`build.target`) or a Bake file (`target = …`)
    /// that names no stage of the Dockerfile it builds.
    ///
    /// ## Why
    ///
    /// The build fails (`target stage "tset" could not be found`), but only when someone runs
    /// `docker compose build` or `docker buildx bake`; renaming a stage in the Dockerfile
    /// silently breaks every build file that names it. Stage names are compared as BuildKit
    /// compares them, ignoring case. A target that uses a variable is not checked.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang:1.23 AS test
    /// RUN go test ./...
    ///
    /// FROM golang:1.23 AS build
    /// RUN go build -o /out/app .
    /// ```
    ///
    /// `compose.yaml`:
    ///
    /// ```yaml
    /// services:
    ///   tests:
    ///     build:
    ///       context: .
    ///       target: tset
    /// ```
    ///
    /// ## Use instead
    ///
    /// Name an existing stage (`target: test`); the quick-fix offers the closest name.
    UnknownBuildTarget {
        severity: Error,
        scope: Build,
        fixable: true,
        summary: "A Compose or Bake `target` names no stage of its Dockerfile.",
    }
}

impl Check for UnknownBuildTarget {
    fn check_build(&self, cx: &BuildCheck<'_>, out: &mut Vec<Diagnostic>) {
        for (entry, analysis) in cx.with_dockerfiles() {
            let Some(target) = entry.target.as_ref().filter(|t| !t.dynamic) else {
                continue;
            };
            let model = analysis.model();
            if model.find_stage(&target.text).is_some() {
                continue;
            }
            let names = model.stages.iter().filter_map(|s| s.name.as_deref());
            let suggestion = crate::names::suggest(&target.text.to_lowercase(), names);
            let known: Vec<&str> = model.stages.iter().filter_map(|s| s.name.as_deref()).collect();
            let mut message = format!(
                "{} builds target `{}`, but its Dockerfile has no stage of that name",
                entry.label(),
                target.text
            );
            match suggestion {
                Some(s) => message.push_str(&format!("; did you mean `{s}`?")),
                None if known.is_empty() => message.push_str(" (it has no named stage)"),
                None => message.push_str(&format!(" (stages: {})", known.join(", "))),
            }
            let mut d = Diagnostic::new(&META, target.range, message);
            if let Some(s) = suggestion {
                d = d.with_fix(Fix::safe(
                    format!("Build target `{s}`"),
                    vec![TextEdit::replace(target.range, s)],
                ));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::builds::check::testing::check_compose;

    #[test]
    fn targets_must_name_a_stage() {
        let df = "FROM a AS test\nFROM a AS build\n";
        assert_eq!(
            check_compose("UnknownBuildTarget", "services:\n  t:\n    build:\n      target: tset\n", df),
            ["4:15-4:19 compose service `t` builds target `tset`, but its Dockerfile has no stage of that name; did you mean `test`?"]
        );
        assert_eq!(
            check_compose("UnknownBuildTarget", "services:\n  t:\n    build:\n      target: zzzzzz\n", df),
            ["4:15-4:21 compose service `t` builds target `zzzzzz`, but its Dockerfile has no stage of that name (stages: test, build)"]
        );
        let ok = "services:\n  a:\n    build: {target: TEST}\n  b:\n    build:\n      target: ${T}\n  c:\n    build: .\n";
        assert!(check_compose("UnknownBuildTarget", ok, df).is_empty());
    }
}

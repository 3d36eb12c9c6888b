//! `MissingBuildFile`: a Compose or Bake build whose Dockerfile or context does not exist.

use super::Check;
use crate::builds::{BuildCheck, Resolved};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// # MissingBuildFile
    ///
    /// Reports a Compose or Bake build whose `dockerfile` or `context` does not exist. The
    /// Dockerfile is looked for where the tool looks: Compose and Bake read `dockerfile`
    /// relative to the context, and default to `Dockerfile` in it. Remote contexts (Git and
    /// HTTP URLs), inline Dockerfiles and values that use a variable are not checked.
    ///
    /// ## Why
    ///
    /// The build fails at once (`failed to read dockerfile: open Dockerfile.dev: no such
    /// file or directory`). It usually follows a rename or a move of the Dockerfile.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// `compose.yaml`, next to this `Dockerfile`:
    ///
    /// ```yaml
    /// services:
    ///   app:
    ///     build:
    ///       context: .
    ///       dockerfile: Dockerfile.dev
    /// ```
    ///
    /// ## Use instead
    ///
    /// Point `dockerfile` at the file (relative to the context), or create it.
    MissingBuildFile {
        severity: Error,
        scope: Build,
        summary: "A Compose or Bake build's Dockerfile or context does not exist.",
    }
}

impl Check for MissingBuildFile {
    fn check_build(&self, cx: &BuildCheck<'_>, out: &mut Vec<Diagnostic>) {
        for (i, entry) in cx.file.entries.iter().enumerate() {
            if let Some(Some(dir)) = cx.missing_contexts.get(i) {
                let at = entry.context.as_ref().map_or(entry.name.range, |c| c.range);
                out.push(Diagnostic::new(
                    &META,
                    at,
                    format!("the build context of {} does not exist: {}", entry.label(), dir.display()),
                ));
                continue;
            }
            if let Some(Resolved::Missing(path)) = cx.dockerfiles.get(i) {
                let at = entry.dockerfile.as_ref().or(entry.context.as_ref()).map_or(entry.name.range, |d| d.range);
                out.push(Diagnostic::new(
                    &META,
                    at,
                    format!("the Dockerfile of {} does not exist: {}", entry.label(), path.display()),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::builds::check::testing::missing;
    use crate::builds::{BuildCheck, BuildFileKind, parse};
    use crate::RuleSettings;

    #[test]
    fn missing_dockerfiles_and_contexts() {
        let text = "services:\n  a:\n    build:\n      dockerfile: Dockerfile.dev\n  b:\n    build: ./gone\n";
        let file = parse(BuildFileKind::Compose, text);
        let cx = BuildCheck {
            file: &file,
            text,
            dockerfiles: vec![missing("/p/Dockerfile.dev"), missing("/p/gone/Dockerfile")],
            missing_contexts: vec![None, Some("/p/gone".into())],
        };
        let found: Vec<_> = crate::builds::check(&cx, &RuleSettings::default())
            .into_iter()
            .map(|d| (&text[d.range.start..d.range.end], d.message))
            .collect();
        assert_eq!(
            found,
            [
                ("Dockerfile.dev", "the Dockerfile of compose service `a` does not exist: /p/Dockerfile.dev".to_owned()),
                ("./gone", "the build context of compose service `b` does not exist: /p/gone".to_owned()),
            ]
        );
    }
}

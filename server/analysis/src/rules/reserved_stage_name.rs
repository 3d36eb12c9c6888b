//! `ReservedStageName`: a stage is named `scratch` or `context`.

use super::Check;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// # ReservedStageName
    ///
    /// Reports a stage named `scratch` or `context`.
    ///
    /// ## Why
    ///
    /// `scratch` names the empty base image and `context` the build context in `COPY --from` and
    /// `RUN --mount=from`; a stage with either name cannot be referenced the way it looks.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM alpine AS scratch
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM alpine AS base
    /// ```
    ReservedStageName {
        severity: Warning,
        buildkit_check: true,
        summary: "A stage uses a reserved name (`scratch`, `context`).",
    }
}

impl Check for ReservedStageName {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for s in &analysis.model().stages {
            if let (Some(name), Some(range)) = (&s.name, s.name_range) {
                let lower = name.to_ascii_lowercase();
                if lower == "scratch" || lower == "context" {
                    out.push(Diagnostic::new(
                        &META,
                        range,
                        format!("Stage name should not use the same name as reserved stage \"{lower}\""),
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
    fn reserved_names() {
        check_rule(
            "ReservedStageName",
            "FROM a AS scratch\nFROM b AS Context\nFROM c AS ok\n",
            &[
                "1:11-1:18 Stage name should not use the same name as reserved stage \"scratch\"",
                "2:11-2:18 Stage name should not use the same name as reserved stage \"context\"",
            ],
        );
    }
}

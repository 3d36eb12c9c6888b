//! `DuplicateStageName`: two stages have the same name.

use super::{Check, stage_anchor};
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// # DuplicateStageName
    ///
    /// Reports a stage whose name (compared case-insensitively, as BuildKit does) was already used
    /// by an earlier stage.
    ///
    /// ## Why
    ///
    /// References to the name resolve to only one of the stages, so the other is silently
    /// unreachable by name, and `--target` picks one of them. It is almost always a copy-paste slip.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang AS build
    /// FROM node AS build
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM golang AS build-go
    /// FROM node AS build-web
    /// ```
    DuplicateStageName {
        severity: Warning,
        aliases: ["DL3024"],
        buildkit_check: true,
        summary: "Two stages have the same name.",
    }
}

impl Check for DuplicateStageName {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        for s in &model.stages {
            let (Some(name), Some(range)) = (&s.name, s.name_range) else {
                continue;
            };
            let Some(first) = model.find_stage(name).filter(|&f| f != s.index) else {
                continue;
            };
            let mut d = Diagnostic::new(
                &META,
                range,
                format!("Duplicate stage name \"{name}\", stage names should be unique"),
            );
            if let Some((r, m)) = stage_anchor(analysis, first) {
                d = d.with_related(r, m);
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn second_use_of_a_name() {
        check_rule(
            "DuplicateStageName",
            "FROM a AS build\nFROM b AS Build\nFROM c AS other\n",
            &["2:11-2:16 Duplicate stage name \"Build\", stage names should be unique"],
        );
    }
}

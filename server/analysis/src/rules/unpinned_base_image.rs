//! `UnpinnedBaseImage` (DL3006) and `LatestTag` (DL3007): base images without a version.

use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::model::{Base, RefTarget};

declare_rule! {
    /// # UnpinnedBaseImage
    ///
    /// Reports `FROM <image>` with no tag and no digest. A FROM naming an earlier stage, `scratch`,
    /// an image with a digest, or a reference built from variables is not reported.
    ///
    /// ## Why
    ///
    /// An untagged image means `:latest`, which moves: the same Dockerfile builds a different image
    /// next week, and a major-version bump of the base arrives unannounced. Builds stop being
    /// reproducible and the cache is invalidated whenever the tag moves.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM python
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// ```
    ///
    /// or, to be fully reproducible, pin the digest too: `FROM python:3.12-slim@sha256:…`.
    UnpinnedBaseImage {
        severity: Warning,
        aliases: ["DL3006"],
        summary: "A base image has neither a tag nor a digest.",
    }
}


impl Check for UnpinnedBaseImage {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for s in &analysis.model().stages {
            if let Base::Image(img) = &s.base
                && img.tag.is_none()
                && img.digest.is_none()
                && !s.base_text.contains('$')
                && !meant_a_stage(analysis, s.index)
            {
                out.push(Diagnostic::new(
                    &META,
                    s.base_range,
                    format!("pin a version of `{}` (for example `{}:<version>`): without a tag it means `latest`, which changes over time", s.base_text, s.base_text),
                ));
            }
        }
    }
}

/// Whether the FROM of `stage` names a stage by mistake (a typo, or a later stage): other
/// rules report that, and a tag is not the fix.
fn meant_a_stage(analysis: &Analysis, stage: usize) -> bool {
    analysis
        .model()
        .from_ref(stage)
        .is_some_and(|r| matches!(r.target, RefTarget::LikelyTypo(_) | RefTarget::Forward(_)))
}


#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    const TEXT: &str = "ARG V=1\nFROM python AS a\nFROM node:latest\nFROM a\nFROM scratch\nFROM alpine@sha256:abc\nFROM img:${V}\nFROM redis:7\nFROM node:latest@sha256:abc\nFROM golang:1 AS build\nFROM biuld\n";

    #[test]
    fn untagged() {
        check_rule(
            "UnpinnedBaseImage",
            TEXT,
            &[
                "2:6-2:12 pin a version of `python` (for example `python:<version>`): without a tag it means `latest`, which changes over time",
            ],
        );
    }
}

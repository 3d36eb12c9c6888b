//! `LatestTag`: A base image uses the `latest` tag.

use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::model::Base;

declare_rule! {
    /// # LatestTag
    ///
    /// Reports `FROM <image>:latest` (without a digest).
    ///
    /// ## Why
    ///
    /// `latest` is just the tag a publisher pushed last: it changes without notice, so builds are
    /// not reproducible and can break on an unrelated major upgrade of the base image.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM node:22-bookworm-slim
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// When the tag comes from a global ARG whose default is `latest` but every build file
    /// that builds the Dockerfile passes another value, or passes one only known when it
    /// runs (Selenium's `FROM ${NAMESPACE}/base:${VERSION}`, built by a Makefile with
    /// `--build-arg VERSION=$(TAG_VERSION)`): the tag read with the default is not the one
    /// built. Without build files the default is what `docker build` uses, and is reported.
    LatestTag {
        severity: Warning,
        aliases: ["DL3007"],
        summary: "A base image uses the `latest` tag.",
    }
}

impl Check for LatestTag {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for s in &analysis.model().stages {
            if let Base::Image(img) = &s.base
                && !s.base_varies
                && img.tag.as_deref() == Some("latest")
                && img.digest.is_none()
            {
                out.push(Diagnostic::new(
                    &META,
                    s.base_range,
                    format!(
                        "`{}` uses the `latest` tag: pin a version so that builds are reproducible",
                        s.base_text
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    const TEXT: &str = "ARG V=1\nFROM python AS a\nFROM node:latest\nFROM a\nFROM scratch\nFROM alpine@sha256:abc\nFROM img:${V}\nFROM redis:7\nFROM node:latest@sha256:abc\nFROM golang:1 AS build\nFROM biuld\n";

    #[test]
    fn latest() {
        check_rule(
            "LatestTag",
            TEXT,
            &[
                "3:6-3:17 `node:latest` uses the `latest` tag: pin a version so that builds are reproducible",
            ],
        );
    }
}

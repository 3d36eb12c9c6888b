//! `FromPlatformFlagConstDisallowed`: `FROM --platform=<constant>`.

use super::{Check, instructions_of};
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::syntax::Keyword;

declare_rule! {
    /// # FromPlatformFlagConstDisallowed
    ///
    /// Reports `FROM --platform=<value>` where the value is a constant such as `linux/amd64`, as
    /// BuildKit does. A stage whose name mentions the platform's OS or architecture (for example
    /// `AS build-arm64`) is not reported: that is a deliberate per-platform stage.
    ///
    /// ## Why
    ///
    /// A constant platform pins the stage to one platform whatever `docker build --platform` asks
    /// for: multi-platform builds produce images whose contents are for the wrong architecture, and
    /// builds on another architecture run under emulation.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.23 AS build
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.23 AS build
    /// ARG TARGETOS TARGETARCH
    /// RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
    /// ```
    FromPlatformFlagConstDisallowed {
        severity: Warning,
        aliases: ["DL3029"],
        buildkit_check: true,
        summary: "FROM --platform uses a constant value.",
    }
}

impl Check for FromPlatformFlagConstDisallowed {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for i in instructions_of(analysis, Keyword::From) {
            let Some(f) = i.flag("platform") else {
                continue;
            };
            let (Some(value), Some(range)) = (&f.value, f.value_range) else {
                continue;
            };
            if value.contains('$') || value.is_empty() {
                continue;
            }
            let name = (i.args.len() == 3)
                .then(|| i.args.get(2))
                .flatten()
                .map(|w| w.text.to_lowercase())
                .unwrap_or_default();
            let mut parts = value.split('/');
            let (os, arch) = (
                parts.next().unwrap_or_default(),
                parts.next().unwrap_or_default(),
            );
            let mentions = |p: &str| !p.is_empty() && name.contains(&p.to_lowercase());
            if mentions(os) || mentions(arch) {
                continue;
            }
            out.push(Diagnostic::new(
                &META,
                range,
                format!("FROM --platform flag should not use constant value \"{value}\""),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn constant_platforms() {
        check_rule(
            "FromPlatformFlagConstDisallowed",
            "FROM --platform=linux/amd64 a\nFROM --platform=$BUILDPLATFORM b\nFROM --platform=linux/arm64 c AS build-arm64\n",
            &["1:17-1:28 FROM --platform flag should not use constant value \"linux/amd64\""],
        );
    }
}

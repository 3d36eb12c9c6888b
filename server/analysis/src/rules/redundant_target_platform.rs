//! `RedundantTargetPlatform`: FROM sets --platform to $TARGETPLATFORM, the default.

use super::{Check, instructions_of};
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::syntax::Keyword;

declare_rule! {
    /// # RedundantTargetPlatform
    ///
    /// Reports `FROM --platform=$TARGETPLATFORM …` (or `${TARGETPLATFORM}`).
    ///
    /// ## Why
    ///
    /// Every stage is built for the target platform unless told otherwise, so the flag changes
    /// nothing and suggests that it does. (`--platform=$BUILDPLATFORM` is different and useful.)
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM alpine
    /// ```
    RedundantTargetPlatform {
        severity: Warning,
        aliases: ["DL3065"],
        buildkit_check: true,
        fixable: true,
        summary: "FROM sets --platform to $TARGETPLATFORM, the default.",
    }
}

impl Check for RedundantTargetPlatform {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for i in instructions_of(analysis, Keyword::From) {
            if let Some(f) = i.flag("platform")
                && matches!(
                    f.value.as_deref(),
                    Some("$TARGETPLATFORM" | "${TARGETPLATFORM}")
                )
            {
                // The flag and the white space after it.
                let next = i
                    .flags
                    .iter()
                    .map(|g| g.range.start)
                    .chain(i.args.first().map(|w| w.range.start))
                    .find(|&s| s > f.range.start)
                    .unwrap_or(f.range.end);
                // As BuildKit: the variable as written (`$TARGETPLATFORM` or `${TARGETPLATFORM}`).
                let written = f.value.as_deref().unwrap_or("$TARGETPLATFORM");
                out.push(
                    Diagnostic::new(
                        &META,
                        f.range,
                        format!(
                            "Setting platform to predefined {written} in FROM is redundant as this is the default behavior"
                        ),
                    )
                    .with_fix(Fix::safe(
                        "Remove the --platform flag",
                        vec![TextEdit::delete(crate::text::TextRange::new(f.range.start, next))],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn fix_removes_the_flag() {
        check_fix(
            "RedundantTargetPlatform",
            "FROM --platform=$TARGETPLATFORM alpine AS a\n",
            "FROM alpine AS a\n",
        );
    }

    #[test]
    fn target_platform() {
        check_rule(
            "RedundantTargetPlatform",
            "FROM --platform=$TARGETPLATFORM a\nFROM --platform=${TARGETPLATFORM} b\nFROM --platform=$BUILDPLATFORM c\n",
            &[
                "1:6-1:32 Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior",
                "2:6-2:34 Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior",
            ],
        );
    }
}

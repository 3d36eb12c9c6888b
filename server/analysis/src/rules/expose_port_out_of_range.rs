//! `ExposePortOutOfRange`: an EXPOSE port is outside 0–65535.

use super::instructions_of;
use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::syntax::Keyword;

declare_rule! {
    /// # ExposePortOutOfRange
    ///
    /// Reports an `EXPOSE` port (or either end of a port range) that is not a number from 0 to
    /// 65535. Ports built from variables are not checked.
    ///
    /// ## Why
    ///
    /// Docker rejects the image configuration (`invalid containerPort`), so the build fails at
    /// that instruction. It is usually a typo: one digit too many.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// EXPOSE 80800
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    ExposePortOutOfRange {
        severity: Error,
        aliases: ["DL3011"],
        summary: "An EXPOSE port is outside 0–65535.",
    }
}

impl Check for ExposePortOutOfRange {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for w in instructions_of(analysis, Keyword::Expose).flat_map(|i| &i.args) {
            if w.text.contains('$') {
                continue;
            }
            let port = w.text.split('/').next().unwrap_or_default();
            let port = port.rsplit(':').next().unwrap_or_default();
            let bad = port
                .split('-')
                .any(|p| p.parse::<u32>().map_or(true, |n| n > 65535));
            if bad && port.chars().all(|c| c.is_ascii_digit() || c == '-') {
                out.push(Diagnostic::new(
                    &META,
                    w.range,
                    format!("`{}` is not a valid port: ports are 0 to 65535", w.text),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn ports() {
        check_rule(
            "ExposePortOutOfRange",
            "FROM a:1\nEXPOSE 80 80800/tcp 1000-70000 ${P} 8080-8081\n",
            &[
                "2:11-2:20 `80800/tcp` is not a valid port: ports are 0 to 65535",
                "2:21-2:31 `1000-70000` is not a valid port: ports are 0 to 65535",
            ],
        );
    }
}

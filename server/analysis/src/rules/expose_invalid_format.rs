//! `ExposeInvalidFormat`: EXPOSE names an IP address or a host port.

use super::{Check, instructions_of};
use crate::diagnostic::Diagnostic;
use crate::syntax::Keyword;

declare_rule! {
    /// # ExposeInvalidFormat
    ///
    /// Reports `EXPOSE 127.0.0.1:80` and `EXPOSE 8080:80`: `EXPOSE` documents the container's
    /// ports only.
    ///
    /// ## Why
    ///
    /// An image cannot choose the host address or host port it is published on: that is decided by
    /// `docker run -p`. BuildKit ignores the extra parts, so the Dockerfile says something that does
    /// not happen.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// EXPOSE 8080:80
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// EXPOSE 80
    /// ```
    ExposeInvalidFormat {
        severity: Warning,
        buildkit_check: true,
        summary: "EXPOSE names an IP address or a host port.",
    }
}

impl Check for ExposeInvalidFormat {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for w in instructions_of(analysis, Keyword::Expose).flat_map(|i| &i.args) {
            if w.text.contains(':') && !w.text.starts_with('$') {
                out.push(Diagnostic::new(
                        &META,
                        w.range,
                        format!("EXPOSE instruction should not define an IP address or host-port mapping, found '{}'", w.text),
                    ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn host_mappings() {
        check_rule(
            "ExposeInvalidFormat",
            "FROM a\nEXPOSE 80 8080:80 127.0.0.1:53/udp ${PORT:-80}\n",
            &[
                "2:11-2:18 EXPOSE instruction should not define an IP address or host-port mapping, found '8080:80'",
                "2:19-2:35 EXPOSE instruction should not define an IP address or host-port mapping, found '127.0.0.1:53/udp'",
            ],
        );
    }
}

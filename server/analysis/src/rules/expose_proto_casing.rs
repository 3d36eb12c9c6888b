//! `ExposeProtoCasing`: an EXPOSE protocol is not lower case.

use super::{Check, instructions_of};
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::syntax::Keyword;

declare_rule! {
    /// # ExposeProtoCasing
    ///
    /// Reports `EXPOSE 8080/TCP`: the protocol should be `tcp`, `udp` or `sctp` in lower case.
    ///
    /// ## Why
    ///
    /// The protocol ends up in the image config as written; tools that compare it with `tcp`
    /// (orchestrators, scanners) may not match `TCP`.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// EXPOSE 8080/TCP
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// EXPOSE 8080/tcp
    /// ```
    ExposeProtoCasing {
        severity: Warning,
        buildkit_check: true,
        fixable: true,
        summary: "An EXPOSE protocol is not lower case.",
    }
}

impl Check for ExposeProtoCasing {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for w in instructions_of(analysis, Keyword::Expose).flat_map(|i| &i.args) {
            if let Some((_, proto)) = w.text.rsplit_once('/')
                && proto != proto.to_lowercase()
            {
                let fixed = w.text.to_lowercase();
                out.push(
                    Diagnostic::new(
                        &META,
                        w.range,
                        format!(
                            "Defined protocol '{}' in EXPOSE instruction should be lowercase",
                            w.text
                        ),
                    )
                    .with_fix(Fix::safe(
                        format!("Change to `{fixed}`"),
                        vec![TextEdit::replace(w.range, fixed.clone())],
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
    fn fix_lowercases() {
        check_fix(
            "ExposeProtoCasing",
            "FROM a\nEXPOSE 80/TCP\n",
            "FROM a\nEXPOSE 80/tcp\n",
        );
    }

    #[test]
    fn upper_case_protocols() {
        check_rule(
            "ExposeProtoCasing",
            "FROM a\nEXPOSE 80/tcp 8080/TCP 53\n",
            &["2:15-2:23 Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase"],
        );
    }
}

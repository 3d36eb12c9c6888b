//! `MaintainerDeprecated`: the MAINTAINER instruction is deprecated.

use super::{Check, instructions_of};
use crate::diagnostic::{Diagnostic, Fix, Tag};
use crate::text::TextEdit;
use crate::syntax::Keyword;

declare_rule! {
    /// # MaintainerDeprecated
    ///
    /// Reports `MAINTAINER`.
    ///
    /// ## Why
    ///
    /// `MAINTAINER` has been deprecated since Docker 1.13: it sets a field of the image config that
    /// tools no longer read. The OCI label `org.opencontainers.image.authors` carries the same
    /// information where registries and scanners look for it.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
    /// ```
    MaintainerDeprecated {
        severity: Warning,
        aliases: ["DL4000"],
        buildkit_check: true,
        fixable: true,
        summary: "The MAINTAINER instruction is deprecated.",
    }
}

impl Check for MaintainerDeprecated {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for i in instructions_of(analysis, Keyword::Maintainer) {
            let mut d = Diagnostic::new(
                &META,
                i.keyword_range,
                "Maintainer instruction is deprecated in favor of using label".to_owned(),
            )
            .with_tag(Tag::Deprecated);
            if let Some(range) = i.args_range
                && let Some(who) = i.args.first()
                && !who.text.contains(['"', '\\'])
            {
                let label = if i.keyword.chars().all(|c| c.is_ascii_lowercase()) {
                    "label"
                } else {
                    "LABEL"
                };
                d = d.with_fix(Fix::safe(
                    "Replace with LABEL org.opencontainers.image.authors",
                    vec![
                        TextEdit::replace(i.keyword_range, label),
                        TextEdit::replace(
                            range,
                            format!("org.opencontainers.image.authors=\"{}\"", who.text),
                        ),
                    ],
                ));
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn fix_uses_the_oci_label() {
        check_fix(
            "MaintainerDeprecated",
            "FROM a\nMAINTAINER Jane Doe <jane@example.com>\n",
            "FROM a\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\n",
        );
    }

    #[test]
    fn maintainer() {
        check_rule(
            "MaintainerDeprecated",
            "FROM a\nMAINTAINER me\n",
            &["2:1-2:11 Maintainer instruction is deprecated in favor of using label"],
        );
    }
}

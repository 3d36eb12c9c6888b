//! `CopyFromWithoutDigest`: `COPY --from=<image>` names the image without a digest.

use super::Check;
use super::unpinned_copy_from::external_images;
use crate::Analysis;
use crate::diagnostic::Diagnostic;

declare_rule! {
    /// # CopyFromWithoutDigest
    ///
    /// Off by default. Reports `COPY --from=<image>` and `RUN --mount=from=<image>` whose image has
    /// no `@sha256:…` digest (with or without a tag).
    ///
    /// ## Why
    ///
    /// A tag is a name its publisher can point at another image at any time: `composer:2.8` today
    /// and next month are not the same files. A digest names exactly one image, so the build copies
    /// what was reviewed. Tools such as Renovate or Dependabot keep digests up to date.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM php:8.3-fpm
    /// COPY --from=composer:2.8 /usr/bin/composer /usr/local/bin/composer
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM php:8.3-fpm
    /// COPY --from=composer:2.8@sha256:<digest> /usr/bin/composer /usr/local/bin/composer
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// The reference has a digest, or is a stage, a variable, or a bare name that is no known image.
    CopyFromWithoutDigest {
        severity: Info,
        default_off: true,
        summary: "`COPY --from=<image>` names the image without a digest.",
    }
}

impl Check for CopyFromWithoutDigest {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for (r, image) in external_images(analysis) {
            let t = r.text.as_str();
            if image.digest.is_none() {
                out.push(Diagnostic::new(
                    &META,
                    r.range,
                    format!("`{t}` has no digest: pin `@sha256:<digest>` so the build copies exactly the image you reviewed"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn digests_when_enabled() {
        let mut settings = crate::RuleSettings::default();
        settings.select(["CopyFromWithoutDigest"]).unwrap();
        let got: Vec<String> = crate::Analysis::from_text(
            "FROM alpine:3.22 AS a\nFROM alpine:3.22\nCOPY --from=composer:2.8 /a /a\nCOPY --from=a /b /b\nCOPY --from=busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000 /c /c\n",
            &crate::BuildConfig::default(),
        )
        .diagnostics_with(&settings)
        .into_iter()
        .map(|d| d.message)
        .collect();
        assert_eq!(
            got,
            [
                "`composer:2.8` has no digest: pin `@sha256:<digest>` so the build copies exactly the image you reviewed"
            ]
        );
    }
}

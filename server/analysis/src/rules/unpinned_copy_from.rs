//! `UnpinnedCopyFrom`: `COPY --from=<image>` (or `RUN --mount=from=<image>`) without a tag.

use super::Check;
use crate::Analysis;
use crate::catalog::images::is_official_image;
use crate::diagnostic::Diagnostic;
use crate::model::{ImageRef, RefKind, RefTarget};

declare_rule! {
    /// # UnpinnedCopyFrom
    ///
    /// Reports `COPY --from=<image>` and `RUN --mount=from=<image>` where the image has no tag (or
    /// the tag `latest`) and no digest.
    ///
    /// ## Why
    ///
    /// An image used in `--from` is a base image like any other: without a tag, the build copies
    /// from whatever `latest` points to on the day it runs, so the same Dockerfile produces different
    /// images, and a breaking release of the tool breaks the build. The same advice as for `FROM`
    /// applies: pin a tag, and for reproducible builds a digest.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM php:8.3-fpm
    /// COPY --from=composer /usr/bin/composer /usr/local/bin/composer
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM php:8.3-fpm
    /// COPY --from=composer:2.8 /usr/bin/composer /usr/local/bin/composer
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - The image has a tag other than `latest`, or a digest.
    /// - The name is a stage, a variable (`--from=$TOOLS_IMAGE`), or a bare name that is no known
    ///   image (that is UndefinedStageReference's).
    ///
    /// A tag can still be moved by its publisher; CopyFromWithoutDigest (off by default) asks for
    /// the digest as well, for fully reproducible builds.
    UnpinnedCopyFrom {
        severity: Warning,
        summary: "`COPY --from=<image>` without a tag copies from whatever `latest` is at build time.",
    }
}



/// The images that `COPY --from` and `RUN --mount=from` name: no stage, no variable, and
/// written like an image (a registry, path, tag or digest, or a well-known image's bare
/// name; other bare names are UndefinedStageReference's).
pub(super) fn external_images(
    analysis: &Analysis,
) -> impl Iterator<Item = (&crate::model::StageRef, ImageRef)> {
    analysis.model().stage_refs.iter().filter_map(|r| {
        let t = r.text.as_str();
        let image_like = t.contains(['/', ':', '@']) || is_official_image(t);
        if r.kind == RefKind::From || r.target != RefTarget::Image || t.contains('$') || !image_like
        {
            return None;
        }
        Some((r, ImageRef::parse(t)?))
    })
}

impl Check for UnpinnedCopyFrom {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for (r, image) in external_images(analysis) {
            let t = r.text.as_str();
            if image.digest.is_some() {
                continue;
            }
            let message = match image.tag.as_deref() {
                None => format!(
                    "`{t}` has no tag, so the build copies from whatever `latest` is at build time: pin a tag (and a digest)"
                ),
                Some("latest") => {
                    format!("`{t}` moves with every release: pin a version tag (and a digest)")
                }
                Some(_) => continue,
            };
            out.push(Diagnostic::new(&META, r.range, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn images_without_tags() {
        check_rule(
            "UnpinnedCopyFrom",
            "FROM golang:1.22 AS build\nFROM alpine:3.22\nCOPY --from=composer /a /a\nCOPY --from=ghcr.io/o/tool:latest /b /b\nCOPY --from=nginx:1.27 /c /c\nCOPY --from=build /d /d\nCOPY --from=packager /e /e\nRUN --mount=from=busybox@sha256:0000000000000000000000000000000000000000000000000000000000000000,target=/t true\n",
            &[
                "3:13-3:21 `composer` has no tag, so the build copies from whatever `latest` is at build time: pin a tag (and a digest)",
                "4:13-4:34 `ghcr.io/o/tool:latest` moves with every release: pin a version tag (and a digest)",
            ],
        );
    }
}

//! `UndefinedStageReference`: `--from=<name>` names no stage and is no image we know, so
//! BuildKit tries to pull `docker.io/library/<name>`.

use super::Check;
use crate::Analysis;
use crate::catalog::images::is_official_image;
use crate::diagnostic::Diagnostic;
use crate::model::{RefKind, RefTarget};

declare_rule! {
    /// # UndefinedStageReference
    ///
    /// Reports `COPY --from=<name>` and `RUN --mount=from=<name>` where no stage is named `<name>`
    /// and `<name>` does not look like an image: no registry, path, tag or digest, and not one of
    /// the well-known official images (`nginx`, `composer`, `busybox`, …).
    ///
    /// ## Why
    ///
    /// BuildKit resolves a `--from` that names no stage as an image: `--from=buidl-tools` becomes a
    /// pull of `docker.io/library/buidl-tools:latest`, which fails with "pull access denied" far from
    /// the line that caused it, or, worse, succeeds with somebody else's image. A stage that was
    /// renamed or removed leaves such references behind.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang:1.22 AS build
    /// RUN go build -o /out/app .
    ///
    /// FROM alpine:3.22
    /// COPY --from=compile /out/app /usr/local/bin/app
    /// ```
    ///
    /// (The stage was renamed from `compile` to `build`; the COPY was left behind.)
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - The name is a stage (in any case), or close to one: a likely typo is StageNameTypo's.
    /// - The name looks like an image: it has a registry or path (`/`), a tag (`:`) or a digest
    ///   (`@`), or it is a well-known official image such as `nginx`, `composer` or `busybox`.
    /// - The name is a variable (`--from=$BASE`) or a stage index.
    ///
    /// hadolint's DL3022 is accepted as an alias. DL3022 reports every `--from` that is no earlier
    /// stage, images with a tag included (`COPY --from=nginx:1.27 …`), which are valid and common;
    /// this rule only reports names that can only be a mistake. Unpinned images in `--from` are
    /// UnpinnedCopyFrom's.
    UndefinedStageReference {
        severity: Warning,
        aliases: ["DL3022"],
        summary: "`COPY --from=<name>` names no stage, so BuildKit pulls an image of that name.",
    }
}

impl Check for UndefinedStageReference {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let names: Vec<&str> = model
            .stages
            .iter()
            .filter_map(|s| s.name.as_deref())
            .take(6)
            .collect();
        for r in &model.stage_refs {
            if r.kind == RefKind::From || r.target != RefTarget::Image {
                continue;
            }
            let t = r.text.as_str();
            if t.is_empty()
                || t.contains([':', '@', '/', '$'])
                || t.chars().all(|c| c.is_ascii_digit())
                || is_official_image(t)
            {
                continue;
            }
            let stages = if names.is_empty() {
                String::new()
            } else {
                format!("; the stages are named {}", names.join(", "))
            };
            out.push(Diagnostic::new(
                &META,
                r.range,
                format!(
                    "no stage is named `{t}`, so BuildKit pulls the image `docker.io/library/{t}:latest`{stages}"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn names_that_are_no_stage() {
        check_rule(
            "UndefinedStageReference",
            "FROM golang:1.22 AS build\nFROM alpine:3.22\nCOPY --from=packager /a /a\nCOPY --from=build /b /b\nCOPY --from=buidl /c /c\nCOPY --from=composer /usr/bin/composer /x\nCOPY --from=nginx:1.27 /etc/nginx /n\nCOPY --from=ghcr.io/o/i /d /d\nRUN --mount=from=tools,target=/t true\nCOPY --from=$X /e /e\n",
            &[
                "3:13-3:21 no stage is named `packager`, so BuildKit pulls the image `docker.io/library/packager:latest`; the stages are named build",
                "9:18-9:23 no stage is named `tools`, so BuildKit pulls the image `docker.io/library/tools:latest`; the stages are named build",
            ],
        );
    }
}

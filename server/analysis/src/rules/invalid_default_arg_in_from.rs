//! `InvalidDefaultArgInFrom`: with the global ARGs' defaults, a FROM names no valid image.

use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::model::image::is_valid_reference;
use crate::model::{ImageRef, predefined, substitution};

declare_rule! {
    /// # InvalidDefaultArgInFrom
    ///
    /// Reports a `FROM` whose image, expanded with the default values of the global ARGs (an ARG
    /// without a default counts as empty), is empty or not a valid image reference, as BuildKit
    /// does.
    ///
    /// ## Why
    ///
    /// The Dockerfile then only builds when every such argument is passed with `--build-arg`; a
    /// plain `docker build .` fails with an "invalid reference format" error that points at no
    /// line. A sensible default documents the expected value and keeps the default build working.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// ARG TAG
    /// FROM alpine:$TAG
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// ARG TAG=3.20
    /// FROM alpine:$TAG
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// Each global ARG's default is expanded with the global ARGs declared before it, as BuildKit
    /// does: `ARG REGISTRY=quay.io`, `ARG BASE=$REGISTRY/jupyter/base-notebook:2024-01-01`,
    /// `FROM $BASE` is valid. BuildKit's platform ARGs (`TARGETOS`, `BUILDPLATFORM`, …) have values.
    InvalidDefaultArgInFrom {
        severity: Warning,
        buildkit_check: true,
        summary: "A FROM built from global ARGs is empty or invalid with their default values.",
    }
}

impl Check for InvalidDefaultArgInFrom {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let parsed = analysis.parsed();
        // The defaults (no build arguments: the check is about them), each expanded with the
        // global ARGs before it, as BuildKit does.
        let defaults = crate::model::global_arg_values_for(&parsed.instructions, parsed.escape);
        let model = analysis.model();
        for s in &model.stages {
            if !s.base_text.contains('$') {
                continue;
            }
            let lookup = |n: &str| -> Option<String> {
                if let Some(v) = defaults.get(n) {
                    return Some(v.clone());
                }
                // Platform ARGs have values; undeclared ones are UndefinedArgInFrom's business.
                predefined(n).map(|_| "linux".to_owned())
            };
            let Some(expanded) = substitution::expand_word(&s.base_text, parsed.escape, &lookup) else {
                continue;
            };
            let valid = expanded.eq_ignore_ascii_case("scratch")
                || model.find_stage(&expanded).is_some()
                || (ImageRef::parse(&expanded).is_some() && is_valid_reference(&expanded));
            if !valid {
                let shown = if expanded.is_empty() {
                    "an empty name".to_owned()
                } else {
                    format!("`{expanded}`")
                };
                out.push(Diagnostic::new(
                    &META,
                    s.base_range,
                    format!("Default value for ARG {} results in empty or invalid base image name ({shown})", s.base_text),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    /// BuildKit's lexer removes the quotes of a default (`${V:-"x"}` is `x`): BuildKit's own
    /// Dockerfiles use that form under `# check=error=true`.
    #[test]
    fn quoted_defaults_are_unquoted() {
        check_rule(
            "InvalidDefaultArgInFrom",
            "ARG GO_VERSION\nFROM golang:${GO_VERSION:-\"1.23\"}-alpine\nFROM alpine:${TAG:-'3.20'}\nFROM alpine:${TAG:-\"\"}\n",
            &["4:6-4:23 Default value for ARG alpine:${TAG:-\"\"} results in empty or invalid base image name (`alpine:`)"],
        );
    }

    #[test]
    fn defaults_that_give_no_image() {
        check_rule(
            "InvalidDefaultArgInFrom",
            "ARG TAG\nARG IMG=alpine\nARG REPO=Alpine\nARG REGISTRY=quay.io\nARG BASE=$REGISTRY/jupyter/base-notebook:2024-01-01\nFROM alpine:$TAG\nFROM $IMG\nFROM ${IMG}:${TAG:-3}\nFROM $REPO\nFROM $NOPE\nFROM $IMG AS s\nFROM ${IMG}\nFROM $BASE\n",
            &[
                "6:6-6:17 Default value for ARG alpine:$TAG results in empty or invalid base image name (`alpine:`)",
                "9:6-9:11 Default value for ARG $REPO results in empty or invalid base image name (`Alpine`)",
            ],
        );
    }
}

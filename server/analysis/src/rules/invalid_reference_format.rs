//! `InvalidReferenceFormat`: a FROM image that is not a valid image reference.

use super::Check;
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::model::image::is_valid_reference;
use crate::model::{Base, RefTarget, substitution};

declare_rule! {
    /// # InvalidReferenceFormat
    ///
    /// Reports a `FROM` image written without variables that is not a valid reference (read as
    /// BuildKit reads the word: `FROM "alpine:3.20"` loses its quotes): a repository
    /// name with upper-case letters, an empty or malformed tag (`alpine:`), a digest without an
    /// algorithm, characters outside `[a-z0-9._-]` in a path component. Stage names, `scratch` and
    /// references built from variables are not checked.
    ///
    /// ## Why
    ///
    /// BuildKit fails the build with `invalid reference format` before anything runs.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM Ubuntu:22.04
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM ubuntu:22.04
    /// ```
    ///
    /// The quick-fix lower-cases the repository when that is the only problem. A name in capitals
    /// only (`REPLACE-ME`, `BASE_IMAGE`) is taken for a template's placeholder: the fix is offered in
    /// the editor but `check --fix` does not apply it.
    InvalidReferenceFormat {
        severity: Error,
        fixable: true,
        summary: "A FROM image is not a valid image reference (the build fails).",
    }
}

impl Check for InvalidReferenceFormat {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let escape = analysis.parsed().escape;
        for s in &model.stages {
            let written = &s.base_text;
            if written.is_empty()
                || written.contains('$')
                || matches!(s.base, Base::Stage(_) | Base::Scratch | Base::Dynamic)
            {
                continue;
            }
            // The word as BuildKit reads it: `FROM "alpine:3.20"` names `alpine:3.20`.
            let Some(t) = &substitution::expand_word(written, escape, &|_| None) else {
                continue;
            };
            // A misspelled stage name is StageNameTypo's.
            let typo = model
                .from_ref(s.index)
                .is_some_and(|r| matches!(r.target, RefTarget::LikelyTypo(_)));
            if typo || is_valid_reference(t) {
                continue;
            }
            let mut d = Diagnostic::new(
                &META,
                s.base_range,
                format!("invalid reference format: `{t}` is not a valid image reference"),
            );
            // Lower-case the repository (not the tag or digest) if that makes it valid.
            let (name, rest) = match t.find(['@']).or_else(|| {
                t.rfind(':')
                    .filter(|&c| !t.get(c..).unwrap_or_default().contains('/'))
            }) {
                Some(i) => t.split_at(i),
                None => (t.as_str(), ""),
            };
            let fixed = format!("{}{rest}", name.to_lowercase());
            if fixed != *t && t == written && is_valid_reference(&fixed) {
                // A name in capitals only (`REPLACE-ME`, `BASE_IMAGE`) is a template's
                // placeholder, not a misspelt image: offer the change, never apply it alone.
                let placeholder = !name.chars().any(|c| c.is_ascii_lowercase());
                let title = format!("Change to `{fixed}`");
                let edits = vec![TextEdit::replace(s.base_range, fixed.clone())];
                d = d.with_fix(if placeholder {
                    Fix::suggested(title, edits)
                } else {
                    Fix::safe(title, edits)
                });
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{check_fix, check_rule};

    #[test]
    fn invalid_references() {
        check_rule(
            "InvalidReferenceFormat",
            "FROM Ubuntu:22.04 AS Base\nFROM alpine:\nFROM base\nFROM Registry.Example.com:5000/team/app:1\nFROM a@sha256\nFROM ${X}\nFROM scratch\n",
            &[
                "1:6-1:18 invalid reference format: `Ubuntu:22.04` is not a valid image reference",
                "2:6-2:13 invalid reference format: `alpine:` is not a valid image reference",
                "5:6-5:14 invalid reference format: `a@sha256` is not a valid image reference",
            ],
        );
    }

    #[test]
    fn fix_lowercases_the_repository() {
        check_fix(
            "InvalidReferenceFormat",
            "FROM Ubuntu:22.04\n",
            "FROM ubuntu:22.04\n",
        );
    }

    #[test]
    fn an_all_capital_placeholder_is_not_lower_cased_unattended() {
        let a = crate::Analysis::from_text("FROM REPLACE-ME\n", &crate::BuildConfig::default());
        let fixed = crate::fix::fix_all(
            &a,
            &crate::BuildConfig::default(),
            &crate::RuleSettings::default(),
        );
        assert_eq!(fixed.text, "FROM REPLACE-ME\n");
        let d = a
            .diagnostics()
            .into_iter()
            .find(|d| d.rule == "InvalidReferenceFormat");
        assert_eq!(
            d.and_then(|d| d.fixes.first().map(|f| f.applicability)),
            Some(crate::diagnostic::Applicability::Suggested)
        );
    }
}

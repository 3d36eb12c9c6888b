//! `StageNameCasing`: stage names should be lower case.

use super::Check;
use crate::diagnostic::{Diagnostic, Fix};
use crate::text::TextEdit;
use crate::model::RefTarget;

declare_rule! {
    /// # StageNameCasing
    ///
    /// Reports a stage name (`FROM … AS Name`) that contains upper-case letters.
    ///
    /// ## Why
    ///
    /// BuildKit lower-cases stage names, so `Builder` and `builder` are the same stage. Mixed case
    /// suggests a difference that does not exist, and references written in another case still
    /// match, which hides typos in reviews.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM golang AS Builder
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM golang AS builder
    /// ```
    StageNameCasing {
        severity: Warning,
        buildkit_check: true,
        fixable: true,
        summary: "A stage name is not lower case.",
    }
}

impl Check for StageNameCasing {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        for s in &analysis.model().stages {
            if let (Some(name), Some(range)) = (&s.name, s.name_range)
                && name.chars().any(char::is_uppercase)
            {
                let lower = name.to_lowercase();
                let mut edits = vec![TextEdit::replace(range, lower.clone())];
                for r in &analysis.model().stage_refs {
                    if r.target == RefTarget::Stage(s.index)
                        && r.text != lower
                        && r.text.eq_ignore_ascii_case(name)
                    {
                        edits.push(TextEdit::replace(r.range, lower.clone()));
                    }
                }
                out.push(
                    Diagnostic::new(
                        &META,
                        range,
                        format!("Stage name '{name}' should be lowercase"),
                    )
                    .with_fix(Fix::safe(
                        format!("Rename the stage to `{lower}` (and its references)"),
                        edits,
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
    fn fix_lowercases_the_name_and_its_references() {
        check_fix(
            "StageNameCasing",
            "FROM a AS Builder\nFROM builder\nCOPY --from=BUILDER /a /b\nCOPY --from=0 /a /b\n",
            "FROM a AS builder\nFROM builder\nCOPY --from=builder /a /b\nCOPY --from=0 /a /b\n",
        );
    }

    #[test]
    fn upper_case_stage_names() {
        check_rule(
            "StageNameCasing",
            "FROM a AS Builder\nFROM b AS runtime\n",
            &["1:11-1:18 Stage name 'Builder' should be lowercase"],
        );
    }
}

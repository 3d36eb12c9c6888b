//! `ConsecutiveRun`: consecutive RUN instructions that could be one layer.

use super::stages_with_instructions;
use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::syntax::Keyword;

declare_rule! {
    /// # ConsecutiveRun
    ///
    /// Off by default. Reports a RUN that directly follows another RUN with the same flags.
    ///
    /// ## Why
    ///
    /// Each RUN makes a layer. Files created in one and deleted in the next still take space in
    /// the image, and many small layers slow pulls. Steps that belong together can be one RUN
    /// joined with `&&`. (Splitting is sometimes right, for caching: hence off by default.)
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update
    /// RUN apt-get install -y curl
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM debian:12
    /// RUN apt-get update && apt-get install -y curl
    /// ```
    ConsecutiveRun {
        severity: Info,
        aliases: ["DL3059"],
        default_off: true,
        summary: "Consecutive RUN instructions that could be one layer.",
    }
}

impl Check for ConsecutiveRun {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        for (_, stage) in stages_with_instructions(analysis) {
            for pair in stage.windows(2) {
                let [a, b] = pair else { continue };
                let flags = |i: &crate::syntax::Instruction| {
                    i.flags.iter().map(|f| f.text.clone()).collect::<Vec<_>>()
                };
                if a.kind == Keyword::Run
                    && b.kind == Keyword::Run
                    && flags(a) == flags(b)
                    && b.comments.is_empty()
                {
                    out.push(Diagnostic::new(
                        &META,
                        b.keyword_range,
                        "consecutive RUN instructions: join them with `&&` to make one layer"
                            .to_owned(),
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn consecutive() {
        let a = crate::Analysis::from_text(
            "FROM a:1\nRUN a\nRUN b\n# why\nRUN c\n",
            &crate::BuildConfig::default(),
        );
        let mut s = crate::RuleSettings::default();
        s.select(["DL3059"]).unwrap();
        assert_eq!(a.diagnostics_with(&s).len(), 1);
        assert!(
            a.diagnostics().iter().all(|d| d.rule != "ConsecutiveRun"),
            "off by default"
        );
    }
}

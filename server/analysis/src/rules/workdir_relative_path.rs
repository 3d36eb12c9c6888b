//! `WorkdirRelativePath`: WORKDIR is relative before any absolute WORKDIR in the stage.

use super::Check;
use crate::diagnostic::Diagnostic;
use crate::syntax::Keyword;

declare_rule! {
    /// # WorkdirRelativePath
    ///
    /// Reports a relative `WORKDIR` in a stage that has not set an absolute one before it.
    ///
    /// ## Why
    ///
    /// A relative `WORKDIR` is resolved against the base image's working directory, which the
    /// Dockerfile does not control: a new base image version can move the whole build.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM node
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM node
    /// WORKDIR /app
    /// ```
    WorkdirRelativePath {
        severity: Warning,
        buildkit_check: true,
        summary: "WORKDIR is relative before any absolute WORKDIR in the stage.",
    }
}

impl Check for WorkdirRelativePath {
    fn check(&self, analysis: &crate::Analysis, out: &mut Vec<Diagnostic>) {
        // As BuildKit: only the first WORKDIR a stage sets is checked, and a stage built on
        // another (`FROM build`) inherits whether that one had set it.
        let model = analysis.model();
        let ins = &analysis.parsed().instructions;
        let mut set_by_end: Vec<bool> = Vec::with_capacity(model.stages.len());
        for st in &model.stages {
            let mut set = match st.base {
                crate::model::Base::Stage(b) => set_by_end.get(b).copied().unwrap_or(false),
                _ => false,
            };
            for i in ins.get(st.from..st.end).unwrap_or_default() {
                if i.kind != Keyword::Workdir {
                    continue;
                }
                let Some(w) = i.args.first() else { continue };
                let path = w.text.trim_matches(['"', '\'']);
                // Absolute: POSIX, a Windows drive, or a variable (whose value is unknown here).
                let is_absolute = path.starts_with('/')
                    || path.starts_with('$')
                    || path.get(1..3).is_some_and(|p| p == ":\\" || p == ":/");
                if !set && !is_absolute {
                    out.push(Diagnostic::new(
                        &META,
                        w.range,
                        format!("Relative workdir \"{path}\" can have unexpected results if the base image changes"),
                    ));
                }
                set = true;
            }
            set_by_end.push(set);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn relative_before_absolute() {
        check_rule(
            "WorkdirRelativePath",
            "FROM a AS one\nWORKDIR app\nWORKDIR /srv\nWORKDIR sub\nFROM b\nWORKDIR C:\\app\nWORKDIR $HOME\nFROM one\nWORKDIR rel\nFROM c\nWORKDIR x\nWORKDIR y\n",
            &[
                "2:9-2:12 Relative workdir \"app\" can have unexpected results if the base image changes",
                "11:9-11:10 Relative workdir \"x\" can have unexpected results if the base image changes",
            ],
        );
    }
}

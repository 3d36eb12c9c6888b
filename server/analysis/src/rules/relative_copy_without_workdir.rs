//! `RelativeCopyWithoutWorkdir`: COPY/ADD to a relative destination before any WORKDIR.

use super::Check;
use crate::Analysis;
use crate::diagnostic::Diagnostic;
use crate::model::Base;
use crate::syntax::Keyword;

declare_rule! {
    /// # RelativeCopyWithoutWorkdir
    ///
    /// Reports `COPY` and `ADD` whose destination is a relative path (`.`, `app/`, `src`) when no
    /// `WORKDIR` came before it in the stage or in the stages it is built on.
    ///
    /// ## Why
    ///
    /// A relative destination is resolved against the working directory, which then is whatever the
    /// base image set: `/` for most, `/go` for `golang`, `/usr/src/app` for some others. The files
    /// land somewhere the next instructions may not expect, and a base image update can move them.
    /// A `WORKDIR` states where they go.
    ///
    /// ## Example
    ///
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY requirements.txt .
    /// ```
    ///
    /// ## Use instead
    ///
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// WORKDIR /app
    /// COPY requirements.txt .
    /// ```
    ///
    /// ## When it does not fire
    ///
    /// - A `WORKDIR` came before it in the stage, or in a stage it is built on (`FROM build`).
    /// - The destination is absolute (`/app/`, `C:\app` on Windows) or starts with a variable.
    /// - The stage is built on `scratch` (directly or through its stages): there the working
    ///   directory is `/`, and no base image can change it. hadolint's DL3045 reports these
    ///   too; we do not, since the files land exactly where the destination says.
    ///
    /// Like hadolint's DL3045, whose code is accepted as an alias.
    RelativeCopyWithoutWorkdir {
        severity: Warning,
        aliases: ["DL3045"],
        summary: "COPY/ADD to a relative destination in a stage that has set no WORKDIR.",
    }
}

impl Check for RelativeCopyWithoutWorkdir {
    fn check(&self, analysis: &Analysis, out: &mut Vec<Diagnostic>) {
        let model = analysis.model();
        let ins = &analysis.parsed().instructions;
        // Per stage: whether a WORKDIR was set by its end (inherited through FROM <stage>).
        let mut has_workdir: Vec<bool> = Vec::with_capacity(model.stages.len());
        for st in &model.stages {
            let mut set = match st.base {
                Base::Stage(b) => has_workdir.get(b).copied().unwrap_or(false),
                // The empty image has no working directory but `/`, and no update moves it.
                Base::Scratch => true,
                _ => false,
            };
            for i in ins.get(st.from..st.end).unwrap_or_default() {
                match i.kind {
                    Keyword::Workdir => set = true,
                    Keyword::Copy | Keyword::Add if !set => {
                        let Some(dest) = i.args.last() else { continue };
                        if i.args.len() < 2 && i.heredocs.is_empty() {
                            continue;
                        }
                        let t = dest.text.trim_matches('"');
                        let absolute = t.starts_with(['/', '\\', '$']) || t.get(1..2) == Some(":");
                        if !absolute {
                            out.push(Diagnostic::new(
                                &META,
                                dest.range,
                                format!("`{t}` is relative to the base image's working directory: set a WORKDIR first"),
                            ));
                        }
                    }
                    _ => {}
                }
            }
            has_workdir.push(set);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::check_rule;

    #[test]
    fn relative_destinations() {
        check_rule(
            "RelativeCopyWithoutWorkdir",
            "FROM python:3.13 AS base\nCOPY a.txt .\nCOPY b.txt /abs/\nWORKDIR /app\nCOPY c.txt .\nFROM base\nCOPY d.txt ./d/\nFROM alpine:3.22\nADD e.tgz src/\nCOPY f $DEST\nFROM scratch AS s\nCOPY --from=base /app/bin bin/\nFROM s\nCOPY g etc/\n",
            &[
                "2:12-2:13 `.` is relative to the base image's working directory: set a WORKDIR first",
                "9:11-9:15 `src/` is relative to the base image's working directory: set a WORKDIR first",
            ],
        );
    }
}

//! Go to definition: from a stage reference (`FROM <stage>`, `COPY --from=<name|index>`,
//! `RUN --mount=from=<name|index>`) to the stage's `FROM … AS name`, and from a variable use
//! to the ARG or ENV that declares it, from a here-document's terminator to its marker.

use super::symbol_at::{Symbol, symbol_at};
use super::variables::Named;
use crate::Analysis;
use crate::text::TextRange;

/// Where a definition is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NavigationTarget {
    /// The reference the cursor is on.
    pub origin: TextRange,
    /// The name to select (the stage name, or the FROM keyword of an unnamed stage).
    pub focus: TextRange,
    /// The whole declaring instruction.
    pub full: TextRange,
}

/// The definition of the symbol at `offset`, if there is one: the stage a reference names,
/// the ARG/ENV declaration a variable use binds to (or the one a redeclaration continues),
/// the opening marker of a here-document from its terminator.
#[must_use]
pub fn definition(analysis: &Analysis, offset: usize) -> Option<NavigationTarget> {
    let at = symbol_at(analysis, offset)?;
    let model = analysis.model();
    let instructions = &analysis.parsed().instructions;
    match at.symbol {
        Symbol::StageRef(k) => {
            let r = model.stage_refs.get(k)?;
            let s = r.target.stage()?;
            let stage = model.stages.get(s)?;
            let from = instructions.get(stage.from)?;
            Some(NavigationTarget {
                origin: r.range,
                focus: stage.name_range.unwrap_or(from.keyword_range),
                full: from.range,
            })
        }
        Symbol::VarUse(u) => {
            let vars = analysis.variables();
            let u = vars.uses.get(u)?;
            let d = vars.declaration_of(model, u)?;
            Some(NavigationTarget {
                origin: u.range,
                focus: d.name_range,
                full: instructions.get(d.instruction)?.range,
            })
        }
        Symbol::VarDecl(d) => {
            // A bare `ARG NAME` in a stage (or a redeclaration) leads to what it continues.
            let vars = analysis.variables();
            let decl = vars.decls.get(d)?;
            let prev = Named::new(analysis, &decl.name).previous(decl)?;
            let p = vars.decls.get(prev)?;
            Some(NavigationTarget {
                origin: decl.name_range,
                focus: p.name_range,
                full: instructions.get(p.instruction)?.range,
            })
        }
        Symbol::Heredoc { ins, heredoc } => {
            let i = ins.get(analysis)?;
            let h = i.heredocs.get(heredoc)?;
            if h.marker_range == at.range {
                return None;
            }
            Some(NavigationTarget {
                origin: at.range,
                focus: h.marker_range,
                full: i.range,
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{Fixture, fixture};

    fn goto(src: &str) -> Option<String> {
        let Fixture {
            analysis, cursor, ..
        } = fixture(src);
        let t = super::definition(&analysis, cursor)?;
        Some(crate::text::slice(analysis.text(), t.focus).into_owned())
    }

    #[test]
    fn from_every_stage_reference_form() {
        assert_eq!(
            goto("FROM a AS build\nFROM b\nCOPY --from=bu$0ild /x /y\n").as_deref(),
            Some("build")
        );
        assert_eq!(
            goto("FROM a AS build\nFROM b\nCOPY --from=0$0 /x /y\n").as_deref(),
            Some("build")
        );
        assert_eq!(
            goto("FROM a\nFROM b\nCOPY --from=$00 /x /y\n").as_deref(),
            Some("FROM")
        );
        assert_eq!(
            goto("FROM a AS deps\nFROM b\nRUN --mount=type=cache,from=d$0eps,target=/x true\n")
                .as_deref(),
            Some("deps")
        );
        assert_eq!(
            goto("FROM a AS Base\nFROM ba$0se\n").as_deref(),
            Some("Base")
        );
        assert_eq!(goto("FROM a AS base\nFROM nginx$0\n"), None);
    }

    #[test]
    fn from_variable_uses_to_declarations() {
        assert_eq!(goto("ARG V=1\nFROM alpine:$V$0\n").as_deref(), Some("V"));
        assert_eq!(
            goto("FROM a AS b\nENV HOME_DIR=/x\nFROM b\nWORKDIR $HOME_$0DIR\n").as_deref(),
            Some("HOME_DIR")
        );
        // ARG is not inherited from the base stage, only ENV is.
        assert_eq!(goto("FROM a AS b\nARG X=1\nFROM b\nRUN echo $X$0\n"), None);
        // A stage's bare ARG leads to the global ARG it brings in.
        assert_eq!(goto("ARG V=1\nFROM a\nARG V$0\n").as_deref(), Some("V"));
    }

    #[test]
    fn from_a_heredoc_terminator_to_its_marker() {
        assert_eq!(
            goto("FROM a\nRUN <<EOT\necho hi\nE$0OT\n").as_deref(),
            Some("<<EOT")
        );
        assert_eq!(goto("FROM a\nRUN <<E$0OT\necho hi\nEOT\n"), None);
    }
}

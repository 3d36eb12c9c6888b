//! References and document highlights: every place a stage or a variable is declared
//! (written) or used (read), found from any of them.

use super::symbol_at::{Symbol, symbol_at};
use super::variables::{Start, binding};
use crate::Analysis;
use crate::text::TextRange;

/// Whether an occurrence declares or uses the symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A declaration: `AS name`, `ARG NAME`, `ENV NAME=…`.
    Write,
    /// A use: a stage reference, `$NAME`.
    Read,
}

/// One occurrence of a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The name (or index) as written.
    pub range: TextRange,
    /// Declaration or use.
    pub access: Access,
}

/// What [`occurrences`] found the occurrences of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A stage, by index.
    Stage(usize),
    /// A variable, starting from a declaration or a use.
    Variable {
        /// A declaration of it, if it has one (else it is undeclared or predefined).
        decl: Option<usize>,
    },
}

/// The symbol at `offset` and every occurrence of it, in document order; None when the
/// cursor is on nothing that has references.
#[must_use]
pub fn occurrences(analysis: &Analysis, offset: usize) -> Option<(Target, Vec<Occurrence>)> {
    let at = symbol_at(analysis, offset)?;
    let model = analysis.model();
    let stage = match at.symbol {
        Symbol::StageName(s) => Some(s),
        Symbol::StageRef(k) => Some(model.stage_refs.get(k)?.target.stage()?),
        _ => None,
    };
    if let Some(s) = stage {
        return Some((Target::Stage(s), stage_occurrences(analysis, s)));
    }
    let start = match at.symbol {
        Symbol::VarDecl(d) => Start::Decl(d),
        Symbol::VarUse(u) => Start::Use(u),
        _ => return None,
    };
    let b = binding(analysis, start)?;
    let vars = analysis.variables();
    let mut out: Vec<Occurrence> = b
        .decls
        .iter()
        .filter_map(|&d| vars.decls.get(d))
        .map(|d| Occurrence {
            range: d.name_range,
            access: Access::Write,
        })
        .chain(
            b.uses
                .iter()
                .filter_map(|&u| vars.uses.get(u))
                .map(|u| Occurrence {
                    range: u.name_range,
                    access: Access::Read,
                }),
        )
        .collect();
    out.sort_by_key(|o| (o.range.start, o.range.end));
    Some((
        Target::Variable {
            decl: b.decls.first().copied(),
        },
        out,
    ))
}

/// The declaration of stage `s` (its name, if it has one) and every reference to it.
pub(crate) fn stage_occurrences(analysis: &Analysis, s: usize) -> Vec<Occurrence> {
    let model = analysis.model();
    let mut out: Vec<Occurrence> = model
        .stages
        .get(s)
        .and_then(|st| st.name_range)
        .map(|r| Occurrence {
            range: r,
            access: Access::Write,
        })
        .into_iter()
        .chain(
            model
                .stage_refs
                .iter()
                .filter(|r| r.target.stage() == Some(s))
                .map(|r| Occurrence {
                    range: r.range,
                    access: Access::Read,
                }),
        )
        .collect();
    out.sort_by_key(|o| (o.range.start, o.range.end));
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::{fixture, render_range};

    fn refs(src: &str) -> Vec<String> {
        let f = fixture(src);
        let Some((_, occ)) = super::occurrences(&f.analysis, f.cursor) else {
            return Vec::new();
        };
        occ.iter()
            .map(|o| format!("{} {:?}", render_range(&f.analysis, o.range), o.access))
            .collect()
    }

    #[test]
    fn stage_from_any_reference_form() {
        let src = "FROM a AS build\nFROM build AS t\nCOPY --from=build /a /b\nCOPY --from=0 /a /b\nRUN --mount=from=bu$0ild,target=/x true\n";
        assert_eq!(
            refs(src),
            [
                "1:11-1:16 Write",
                "2:6-2:11 Read",
                "3:13-3:18 Read",
                "4:13-4:14 Read",
                "5:18-5:23 Read"
            ]
        );
    }

    #[test]
    fn variables_and_nothing_else() {
        assert_eq!(
            refs("ARG V=1\nFROM a:$V$0\nARG V\nRUN echo $V\n"),
            [
                "1:5-1:6 Write",
                "2:9-2:10 Read",
                "3:5-3:6 Write",
                "4:11-4:12 Read"
            ]
        );
        assert!(refs("FROM alp$0ine\n").is_empty());
    }
}

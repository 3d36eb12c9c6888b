//! Rename for stages and ARG/ENV variables: every occurrence in one set of edits. A new name
//! that BuildKit would reject, or that would capture another stage or variable, is refused
//! with a message saying why. Numeric stage references stay numeric (they remain correct).

use std::collections::HashSet;

use super::references::{Target, occurrences};
use super::symbol_at::{Symbol, symbol_at};
use crate::Analysis;
use crate::model::Scope;
use crate::text::TextEdit;
use crate::text::TextRange;

/// What can be renamed at the cursor: the range to edit and the current name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renameable {
    /// The name under the cursor.
    pub range: TextRange,
    /// Its current text (for a numeric stage reference: the stage's name).
    pub placeholder: String,
}

fn is_numeric(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the symbol at `offset` can be renamed; the error says why not.
///
/// # Errors
/// When the cursor is on nothing renameable, an unnamed stage, a predefined or undeclared
/// variable, or a reference whose target is not known.
pub fn prepare(analysis: &Analysis, offset: usize) -> Result<Renameable, String> {
    let at = symbol_at(analysis, offset)
        .ok_or_else(|| "Only stages and ARG/ENV variables can be renamed.".to_owned())?;
    // The range answered holds the cursor (right after `${NAME}`'s brace, say): the name's
    // own range where it does, else the whole symbol's.
    let within = at.range;
    prepare_symbol(analysis, at).map(|mut r| {
        if !r.range.touches(offset) {
            r.range = within;
        }
        r
    })
}

fn prepare_symbol(
    analysis: &Analysis,
    at: super::symbol_at::SymbolAt,
) -> Result<Renameable, String> {
    let model = analysis.model();
    let vars = analysis.variables();
    match at.symbol {
        Symbol::StageName(s) => {
            let name = model.stages.get(s).and_then(|st| st.name.clone());
            Ok(Renameable {
                range: at.range,
                placeholder: name.unwrap_or_default(),
            })
        }
        Symbol::StageRef(k) => {
            let r = model.stage_refs.get(k).ok_or("no such reference")?;
            let Some(s) = r.target.stage() else {
                return Err(format!("`{}` names no stage of this Dockerfile.", r.text));
            };
            let name = model.stages.get(s).and_then(|st| st.name.clone());
            match name {
                Some(n) => Ok(Renameable {
                    range: r.range,
                    placeholder: n,
                }),
                None => Err(format!(
                    "Stage {s} has no name: name it first (the NumericStageReference quick-fix does)."
                )),
            }
        }
        Symbol::VarDecl(d) => {
            let d = vars.decls.get(d).ok_or("no such declaration")?;
            if crate::catalog::args::predefined(&d.name).is_some() {
                return Err(predefined_error(&d.name));
            }
            Ok(Renameable {
                range: d.name_range,
                placeholder: d.name.to_string(),
            })
        }
        Symbol::VarUse(u) => {
            let u = vars.uses.get(u).ok_or("no such use")?;
            if crate::catalog::args::predefined(&u.name).is_some() {
                return Err(predefined_error(&u.name));
            }
            match super::variables::Named::new(analysis, &u.name).of_use(u) {
                Some(_) => Ok(Renameable {
                    range: u.name_range,
                    placeholder: u.name.to_string(),
                }),
                None => Err(format!(
                    "`{}` is not declared in this Dockerfile (it comes from the base image or the shell).",
                    u.name
                )),
            }
        }
        _ => Err("Only stages and ARG/ENV variables can be renamed.".to_owned()),
    }
}

fn predefined_error(name: &str) -> String {
    format!("`{name}` is a predefined build argument: BuildKit sets it by this name.")
}

fn valid_variable_name(n: &str) -> bool {
    let mut c = n.chars();
    c.next()
        .is_some_and(|f| f.is_ascii_alphabetic() || f == '_')
        && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// The edits that rename the symbol at `offset` to `new_name`.
///
/// # Errors
/// When the symbol cannot be renamed (see [`prepare`]) or the new name is invalid or taken.
pub fn rename(analysis: &Analysis, offset: usize, new_name: &str) -> Result<Vec<TextEdit>, String> {
    let current = prepare(analysis, offset)?;
    let (target, occ) = occurrences(analysis, offset)
        .ok_or_else(|| "Only stages and ARG/ENV variables can be renamed.".to_owned())?;
    let model = analysis.model();
    match target {
        Target::Stage(s) => {
            if !crate::syntax::validate::valid_stage_name(new_name) {
                return Err(format!(
                    "`{new_name}` is not a valid stage name: it must start with a letter and hold only letters, digits, `-`, `_` and `.`."
                ));
            }
            if ["scratch", "context"].contains(&new_name.to_ascii_lowercase().as_str()) {
                return Err(format!("`{new_name}` is reserved and cannot name a stage."));
            }
            if let Some(other) = model.find_stage(new_name).filter(|&o| o != s) {
                return Err(format!("Stage {other} is already named `{new_name}`."));
            }
            if new_name.chars().any(|c| c.is_ascii_uppercase()) {
                return Err(format!(
                    "Stage names are lower case (BuildKit compares them without case, and StageNameCasing warns): use `{}`.",
                    new_name.to_ascii_lowercase()
                ));
            }
            let text = analysis.text();
            Ok(occ
                .into_iter()
                .filter(|o| !is_numeric(&crate::text::slice(text, o.range)))
                .map(|o| TextEdit::replace(o.range, new_name))
                .collect())
        }
        Target::Variable { .. } => {
            if !valid_variable_name(new_name) {
                return Err(format!(
                    "`{new_name}` is not a valid variable name: letters, digits and `_`, not starting with a digit."
                ));
            }
            if new_name == current.placeholder {
                return Ok(Vec::new());
            }
            // The new name must not be declared in any scope the variable lives in, or the
            // renamed uses would bind to that declaration instead.
            let vars = analysis.variables();
            let scopes: HashSet<Scope> = occ
                .iter()
                .map(|o| {
                    analysis
                        .instruction_at(o.range.start)
                        .and_then(|i| model.stage_of.get(i).copied().flatten())
                        .map_or(Scope::Global, Scope::Stage)
                })
                .collect();
            if let Some(clash) = vars
                .decls
                .iter()
                .find(|d| d.name == new_name && scopes.contains(&d.scope))
            {
                let line = analysis.text().byte_to_line(clash.name_range.start) + 1;
                return Err(format!("`{new_name}` is already declared on line {line}."));
            }
            if crate::catalog::args::predefined(new_name).is_some() {
                return Err(format!("`{new_name}` is a predefined build argument."));
            }
            Ok(occ
                .into_iter()
                .map(|o| TextEdit::replace(o.range, new_name))
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fix::apply_edits;
    use crate::testing::fixture;

    fn renamed(src: &str, to: &str) -> Result<String, String> {
        let f = fixture(src);
        let edits = super::rename(&f.analysis, f.cursor, to)?;
        Ok(apply_edits(&f.analysis.text().to_string(), &edits).0)
    }

    /// Issue #25, items 10 and 11: the range prepareRename answers holds the cursor, and a
    /// stage is not renamed to a name StageNameCasing would warn about.
    #[test]
    fn the_prepared_range_holds_the_cursor_and_stage_names_are_lower_case() {
        for src in [
            "ARG ALPINE_VERSION=3\nFROM alpine:${ALPINE_VERSION}$0\n",
            "ARG V=3\nFROM alpine:$V$0\n",
            "FROM a AS build$0\nFROM build\n",
        ] {
            let f = fixture(src);
            let r = super::prepare(&f.analysis, f.cursor);
            assert!(
                r.as_ref()
                    .is_ok_and(|r| r.range.start <= f.cursor && f.cursor <= r.range.end),
                "{src}: {:?}",
                r.map(|r| r.range)
            );
        }
        assert_eq!(
            renamed("FROM a AS bu$0ild\nFROM build\n", "ABC"),
            Err("Stage names are lower case (BuildKit compares them without case, and StageNameCasing warns): use `abc`.".to_owned())
        );
    }

    #[test]
    fn stages_everywhere_but_numeric_references() {
        assert_eq!(
            renamed(
                "FROM a AS bu$0ild\nFROM build\nCOPY --from=build /a /b\nCOPY --from=0 /a /b\nRUN --mount=type=cache,from=build,target=/x true\n",
                "compile"
            )
            .as_deref(),
            Ok("FROM a AS compile\nFROM compile\nCOPY --from=compile /a /b\nCOPY --from=0 /a /b\nRUN --mount=type=cache,from=compile,target=/x true\n")
        );
    }

    #[test]
    fn refuses_bad_and_taken_names() {
        let src = "FROM a AS build\nFROM b AS test\nCOPY --from=bu$0ild /a /b\n";
        assert!(renamed(src, "9lives").is_err());
        assert!(renamed(src, "Test").unwrap_err().contains("already named"));
        assert!(renamed(src, "scratch").is_err());
        assert!(renamed("FROM a\nFROM b\nCOPY --from=$00 /a /b\n", "x").is_err());
        let vars = "FROM a\nARG A=1\nARG B=2\nRUN echo $A$0\n";
        assert!(renamed(vars, "B").unwrap_err().contains("line 3"));
        assert!(renamed(vars, "1A").is_err());
        assert!(renamed("FROM a\nRUN echo $HOME$0\n", "X").is_err());
        assert!(renamed("FROM a\nARG TARGETARCH\nRUN echo $TARGETARCH$0\n", "X").is_err());
    }

    #[test]
    fn variables_with_their_redeclarations() {
        assert_eq!(
            renamed(
                "ARG V$0=1\nFROM a:$V\nARG V\nRUN echo ${V:-x}\nFROM b\nARG V\n",
                "VERSION"
            )
            .as_deref(),
            Ok(
                "ARG VERSION=1\nFROM a:$VERSION\nARG VERSION\nRUN echo ${VERSION:-x}\nFROM b\nARG VERSION\n"
            )
        );
    }
}

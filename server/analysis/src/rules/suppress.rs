//! Suppression, in one place, applied after every rule has run (rules never look at it):
//!
//! - the `# check=skip=<ids|all>` parser directive (BuildKit's), for the whole file, and
//!   `# check=error=true`, which makes BuildKit's checks errors (as `docker build` fails on them);
//! - a comment right above an instruction (BuildKit's "previous comments" of the instruction):
//!   `# check=skip=<ids>`, `# hadolint ignore=<DL codes or ids>`, `# dockerfile-ls: ignore=<ids>`.
//!
//! Ids match rule ids or aliases, case-insensitively. `all` skips every rule that is not an
//! error (a failing build is never hidden wholesale); naming an error rule explicitly skips it.

use super::{RuleMeta, find};
use crate::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::Instruction;

/// What the `# check=` directive says.
#[derive(Debug, Default, PartialEq, Eq)]
struct CheckDirective {
    skip: Vec<String>,
    error: bool,
}

impl CheckDirective {
    /// Parses `skip=A,B;error=true` (keys and order free, BuildKit's syntax).
    fn parse(value: &str) -> CheckDirective {
        let mut d = CheckDirective::default();
        for part in value.split(';') {
            let Some((k, v)) = part.split_once('=') else {
                continue;
            };
            match k.trim().to_ascii_lowercase().as_str() {
                "skip" => d.skip.extend(
                    v.split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty()),
                ),
                "error" => d.error = v.trim().eq_ignore_ascii_case("true"),
                _ => {}
            }
        }
        d
    }
}

/// Whether `names` (ids, aliases or `all`) cover the rule of `meta`.
fn covers(names: &[String], meta: &RuleMeta) -> bool {
    names.iter().any(|n| {
        (n.eq_ignore_ascii_case("all") && meta.severity != Severity::Error)
            || n.eq_ignore_ascii_case(meta.id)
            || meta.aliases.iter().any(|a| a.eq_ignore_ascii_case(n))
    })
}

/// The rules an instruction's own comments switch off.
fn instruction_skips(ins: &Instruction) -> Vec<String> {
    let mut names = Vec::new();
    for c in &ins.comments {
        let list = c
            .strip_prefix("check=skip=")
            .or_else(|| c.strip_prefix("hadolint ignore="))
            .or_else(|| c.strip_prefix("dockerfile-ls: ignore="))
            .or_else(|| c.strip_prefix("dockerfile-ls:ignore="));
        if let Some(list) = list {
            let list = list.split(';').next().unwrap_or("");
            names.extend(
                list.split(',')
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty()),
            );
        }
    }
    names
}

/// Drops suppressed findings and applies `check=error=true`.
pub(crate) fn apply(analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let parsed = analysis.parsed();
    let file = parsed
        .directives
        .iter()
        .find(|d| d.name == "check")
        .map(|d| CheckDirective::parse(&d.value))
        .unwrap_or_default();
    out.retain(|d| {
        let Some(meta) = find(d.rule).map(|r| r.meta()) else {
            return true;
        };
        if covers(&file.skip, meta) {
            return false;
        }
        let own = analysis
            .instruction_at(d.range.start)
            .and_then(|i| parsed.instructions.get(i));
        !own.is_some_and(|i| covers(&instruction_skips(i), meta))
    });
    if file.error {
        for d in out.iter_mut() {
            if d.severity == Severity::Warning
                && find(d.rule).is_some_and(|r| r.meta().buildkit_check)
            {
                d.severity = Severity::Error;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BuildConfig;

    /// The findings' rules, best-practice rules about the stages as a whole left out.
    fn rules_of(text: &str) -> Vec<&'static str> {
        let mut settings = crate::RuleSettings::default();
        settings
            .ignore(["UnpinnedBaseImage", "UnusedStage", "RootUser"])
            .unwrap_or_default();
        Analysis::from_text(text, &BuildConfig::default())
            .diagnostics_with(&settings)
            .into_iter()
            .map(|d| d.rule)
            .collect()
    }

    const TYPO: &str = "FROM golang AS builder\nFROM alpine\n";

    #[test]
    fn file_level_skip() {
        let body = format!("{TYPO}COPY --from=buidler /a /b\nCOPY --from=9 /a /b\n");
        assert_eq!(
            rules_of(&body),
            vec!["StageNameTypo", "StageIndexOutOfRange"]
        );
        assert_eq!(
            rules_of(&format!("# check=skip=StageNameTypo\n{body}")),
            vec!["StageIndexOutOfRange"]
        );
        // `all` never hides what fails the build; naming the rule does.
        assert_eq!(
            rules_of(&format!("# check=skip=all\n{body}")),
            vec!["StageIndexOutOfRange"]
        );
        assert!(
            rules_of(&format!(
                "# check=skip=stagenametypo,StageIndexOutOfRange;error=true\n{body}"
            ))
            .is_empty()
        );
    }

    #[test]
    fn comment_above_an_instruction() {
        for comment in [
            "# check=skip=StageNameTypo",
            "# dockerfile-ls: ignore=StageNameTypo",
            "# hadolint ignore=DL9999,StageNameTypo",
        ] {
            let text =
                format!("{TYPO}{comment}\nCOPY --from=buidler /a /b\nCOPY --from=buidlr /a /b\n");
            assert_eq!(
                rules_of(&text),
                vec!["StageNameTypo"],
                "{comment}: only the next instruction"
            );
        }
    }

    #[test]
    fn directive_parsing() {
        assert_eq!(
            CheckDirective::parse("skip=A, B ;error=true"),
            CheckDirective {
                skip: vec!["A".into(), "B".into()],
                error: true
            }
        );
        assert_eq!(
            CheckDirective::parse("error=false"),
            CheckDirective::default()
        );
    }
}

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
    /// Rules off by default (BuildKit's experimental ones) the directive turns on; the skip
    /// list never applies to them.
    experimental: Vec<String>,
}

impl CheckDirective {
    /// Parses `skip=A,B;error=true` (keys and order free, BuildKit's syntax). As BuildKit,
    /// only the value's first word counts: `skip=all // why` is `skip=all`.
    fn parse(value: &str) -> CheckDirective {
        let mut d = CheckDirective::default();
        let value = value.trim_start();
        let value = value.split(char::is_whitespace).next().unwrap_or("");
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
                "experimental" => d.experimental.extend(
                    v.split(',')
                        .map(|s| s.trim().to_owned())
                        .filter(|s| !s.is_empty()),
                ),
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

/// The value of a `check` directive written as a comment (`check = skip=X`, BuildKit's
/// directive syntax: spaces around `=` allowed, the name in any case).
fn check_comment(c: &str) -> Option<&str> {
    let c = c.trim_start();
    let name = c.get(..5)?;
    if !name.eq_ignore_ascii_case("check") {
        return None;
    }
    c.get(5..)?.trim_start().strip_prefix('=')
}

/// The rules an instruction's own comments switch off.
fn instruction_skips(ins: &Instruction) -> Vec<String> {
    let mut names = Vec::new();
    for c in &ins.comments {
        // BuildKit merges the first `check` comment above the instruction into its linter.
        if let Some(v) = check_comment(c) {
            names.extend(CheckDirective::parse(v).skip);
            continue;
        }
        let list = c
            .strip_prefix("hadolint ignore=")
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

/// The file's `# check=` directive, or the `BUILDKIT_DOCKERFILE_CHECK` build argument that
/// replaces it.
fn file_directive(analysis: &Analysis) -> CheckDirective {
    analysis
        .model()
        .check_override()
        .map(CheckDirective::parse)
        .or_else(|| {
            analysis
                .parsed()
                .directives
                .iter()
                .find(|d| d.name == "check")
                .map(|d| CheckDirective::parse(&d.value))
        })
        .unwrap_or_default()
}

/// Whether the file's directive turns `meta`'s rule on (`experimental=<id>` or `all`, for a
/// rule off by default).
pub(crate) fn turned_on(analysis: &Analysis, meta: &RuleMeta) -> bool {
    meta.default_off && names(&file_directive(analysis).experimental, meta)
}

/// Whether `list` names `meta`'s rule (its id or an alias, or `all`).
fn names(list: &[String], meta: &RuleMeta) -> bool {
    list.iter().any(|n| {
        n.eq_ignore_ascii_case("all")
            || n.eq_ignore_ascii_case(meta.id)
            || meta.aliases.iter().any(|a| a.eq_ignore_ascii_case(n))
    })
}

/// Drops suppressed findings and applies `check=error=true`.
pub(crate) fn apply(analysis: &Analysis, out: &mut Vec<Diagnostic>) {
    let parsed = analysis.parsed();
    let file = file_directive(analysis);
    out.retain(|d| {
        let Some(meta) = find(d.rule).map(|r| r.meta()) else {
            return true;
        };
        if covers(&file.skip, meta) && !(meta.default_off && names(&file.experimental, meta)) {
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

    /// BuildKit's testRuleCheckOption: the `BUILDKIT_DOCKERFILE_CHECK` build argument replaces
    /// the file's directive, and the directive line is no comment of the first instruction.
    #[test]
    fn the_build_argument_replaces_the_directive() {
        let text = "#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n";
        let found = |args: &[(&str, &str)]| -> Vec<(&'static str, crate::Severity)> {
            let config = BuildConfig {
                build_args: args
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
                ..BuildConfig::default()
            };
            let mut settings = crate::RuleSettings::default();
            settings
                .ignore(["UnpinnedBaseImage", "UnusedStage", "RootUser"])
                .unwrap_or_default();
            Analysis::from_text(text, &config)
                .diagnostics_with(&settings)
                .into_iter()
                .map(|d| (d.rule, d.severity))
                .collect()
        };
        assert_eq!(found(&[]), []);
        assert_eq!(
            found(&[(
                "BUILDKIT_DOCKERFILE_CHECK",
                "skip=ConsistentInstructionCasing;error=true"
            )]),
            [("FromAsCasing", crate::Severity::Error)]
        );
    }

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
            CheckDirective::parse("skip=A,B;error=true"),
            CheckDirective {
                skip: vec!["A".into(), "B".into()],
                error: true,
                experimental: Vec::new(),
            }
        );
        // As BuildKit: the first word only.
        assert_eq!(
            CheckDirective::parse("skip=all // why"),
            CheckDirective {
                skip: vec!["all".into()],
                error: false,
                experimental: Vec::new(),
            }
        );
        assert_eq!(check_comment(" check = skip=X"), Some(" skip=X"));
        assert_eq!(check_comment("checks=skip=X"), None);
        assert_eq!(
            CheckDirective::parse("error=false"),
            CheckDirective::default()
        );
    }
}

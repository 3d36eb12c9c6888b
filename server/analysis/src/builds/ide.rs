//! Editor features on build files and across them: what is at an offset of a build file
//! (a target, a build argument, a secret), where it leads in the Dockerfile, what to
//! complete there; and, from the Dockerfile, the values in build files that name a stage or
//! set an ARG (for references and rename).

use super::check::{arg_declaration, in_build, secret_mounts, stages_built};
use super::{BuildEntry, BuildFile, BuildFileKind};
use crate::Analysis;
use crate::ide::completion::{CompletionItem, ItemKind};
use crate::model::VarKind;
use crate::text::TextRange;

/// What a build file names at an offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildSymbol {
    /// The entry's target stage.
    Target,
    /// Its build argument `i`'s name.
    Arg(usize),
    /// Its secret `i`'s id.
    Secret(usize),
}

/// The entry and symbol at `offset`.
#[must_use]
pub fn symbol_at(file: &BuildFile, offset: usize) -> Option<(usize, BuildSymbol)> {
    for (i, e) in file.entries.iter().enumerate() {
        if e.target.as_ref().is_some_and(|t| t.range.touches(offset)) {
            return Some((i, BuildSymbol::Target));
        }
        if let Some(a) = e.args.iter().position(|a| a.name.range.touches(offset)) {
            return Some((i, BuildSymbol::Arg(a)));
        }
        if let Some(s) = e.secrets.iter().position(|s| s.id.range.touches(offset)) {
            return Some((i, BuildSymbol::Secret(s)));
        }
    }
    None
}

/// Where a symbol of `entry` leads in its Dockerfile: the stage's name (or its FROM), the
/// ARG that declares the argument in the stages built, the mount that reads the secret.
#[must_use]
pub fn definition(
    entry: &BuildEntry,
    symbol: BuildSymbol,
    analysis: &Analysis,
) -> Option<TextRange> {
    let model = analysis.model();
    match symbol {
        BuildSymbol::Target => {
            let stage = model
                .stages
                .get(model.find_stage(&entry.target.as_ref()?.text)?)?;
            stage.name_range.or(Some(stage.range))
        }
        BuildSymbol::Arg(i) => {
            let name = &entry.args.get(i)?.name.text;
            let stages = stages_built(analysis, entry.target_name())?;
            arg_declaration(analysis, &stages, name).map(|d| d.name_range)
        }
        BuildSymbol::Secret(i) => {
            let id = &entry.secrets.get(i)?.id.text;
            let stages = stages_built(analysis, entry.target_name())?;
            secret_mounts(analysis, &stages)
                .into_iter()
                .find(|m| &m.id == id)
                .map(|m| m.range)
        }
    }
}

/// What a hover on a symbol of `entry` shows: the Dockerfile's own hover at the place the
/// symbol leads to (the stage, the ARG), or what is wrong.
#[must_use]
pub fn hover(entry: &BuildEntry, symbol: BuildSymbol, analysis: &Analysis) -> Option<String> {
    match definition(entry, symbol, analysis) {
        Some(r) => {
            let mut md = crate::ide::hover::hover(analysis, r.start, &[], &|_| None)?.markdown;
            if symbol == BuildSymbol::Target {
                md.insert_str(0, &format!("Target of {}.\n\n", entry.label()));
            }
            Some(md)
        }
        None => match symbol {
            BuildSymbol::Target => Some(format!(
                "No stage of the Dockerfile is named `{}`.",
                entry.target.as_ref()?.text
            )),
            BuildSymbol::Arg(i) => Some(format!(
                "No ARG `{}` in the stages this build runs: BuildKit ignores it.",
                entry.args.get(i)?.name.text
            )),
            BuildSymbol::Secret(i) => Some(format!(
                "No `RUN --mount=type=secret,id={}` in the stages this build runs.",
                entry.secrets.get(i)?.id.text
            )),
        },
    }
}

/// What is being typed at `offset` of a build file: a target, an argument name, a secret
/// id; and the range the completion replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// A target's value.
    Target(TextRange),
    /// A key of `args`.
    ArgName(TextRange),
    /// An item of `secrets`.
    SecretId(TextRange),
}

/// The slot at `offset`, by the line being typed and the keys above it (the file may not
/// parse while it is typed).
#[must_use]
pub fn slot_at(kind: BuildFileKind, text: &str, offset: usize) -> Option<Slot> {
    let offset = offset.min(text.len());
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let before = text.get(line_start..offset)?;
    let word_len = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
        .map(char::len_utf8)
        .sum::<usize>();
    let word = TextRange::new(offset - word_len, offset);
    let head = before.get(..before.len() - word_len)?.trim_start();
    match kind {
        BuildFileKind::Compose => {
            let head = head.trim_end_matches(['"', '\'']);
            if head.trim_end() == "target:" {
                return Some(Slot::Target(word));
            }
            let indent = before.len() - before.trim_start().len();
            let item = head == "- " || head == "-";
            if !(head.is_empty() || item) {
                return None;
            }
            // The key of the mapping this line is in: the nearest line above with less
            // indentation.
            let parent = text
                .get(..line_start)?
                .lines()
                .rev()
                .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .find(|l| {
                    l.len() - l.trim_start().len() < indent
                        || (item
                            && l.len() - l.trim_start().len() <= indent
                            && !l.trim_start().starts_with('-'))
                })?
                .trim();
            match parent {
                "args:" => Some(Slot::ArgName(word)),
                "secrets:" => Some(Slot::SecretId(word)),
                _ => None,
            }
        }
        BuildFileKind::BakeHcl => {
            let h = head.trim_end_matches('"').trim_end();
            if h == "target =" || h == "target=" {
                return Some(Slot::Target(word));
            }
            // Inside `args = { … }`: an `args = {` above with no `}` after it.
            let above = text.get(..line_start)?;
            let open = above.rfind("args")?;
            let rest = above.get(open..)?;
            let after_key = rest.get(4..)?.trim_start();
            (after_key.starts_with('=')
                && rest.contains('{')
                && !rest.contains('}')
                && (head.is_empty() || head.ends_with(',') || head.ends_with('{')))
            .then_some(Slot::ArgName(word))
        }
        _ => None,
    }
}

/// Completions at a slot, from the Dockerfile an entry builds: its stage names for a
/// target, the ARGs of the stages built for an argument, the secret mounts' ids.
#[must_use]
pub fn complete(
    slot: Slot,
    entry: Option<&BuildEntry>,
    analysis: &Analysis,
) -> Vec<CompletionItem> {
    let model = analysis.model();
    match slot {
        Slot::Target(range) => model
            .stages
            .iter()
            .filter_map(|s| {
                let name = s.name.as_deref()?;
                let base = s.base_text.clone();
                Some(
                    CompletionItem::new(name, ItemKind::Stage, range)
                        .detail(format!("stage {} (FROM {base})", s.index)),
                )
            })
            .collect(),
        Slot::ArgName(range) => {
            let stages =
                stages_built(analysis, entry.and_then(BuildEntry::target_name)).unwrap_or_default();
            let mut seen: Vec<&str> = Vec::new();
            let mut out = Vec::new();
            for d in &analysis.variables().decls {
                if d.kind != VarKind::Arg
                    || !in_build(d, &stages)
                    || seen.contains(&d.name.as_str())
                {
                    continue;
                }
                seen.push(d.name.as_str());
                let detail = match &d.value {
                    Some(v) => format!("ARG {}={v}", d.name.as_str()),
                    None => format!("ARG {}", d.name.as_str()),
                };
                out.push(
                    CompletionItem::new(d.name.as_str(), ItemKind::Variable, range).detail(detail),
                );
            }
            out
        }
        Slot::SecretId(range) => {
            let stages =
                stages_built(analysis, entry.and_then(BuildEntry::target_name)).unwrap_or_default();
            let mut out: Vec<CompletionItem> = Vec::new();
            for m in secret_mounts(analysis, &stages) {
                if !out.iter().any(|i| i.label == m.id) {
                    let detail = if m.required {
                        "secret mount (required)"
                    } else {
                        "secret mount"
                    };
                    out.push(CompletionItem::new(&m.id, ItemKind::Value, range).detail(detail));
                }
            }
            out
        }
    }
}

/// The entry a position of a build file belongs to: the one whose range holds it, else the
/// nearest one before it.
#[must_use]
pub fn entry_near(file: &BuildFile, offset: usize) -> Option<usize> {
    file.entries
        .iter()
        .position(|e| e.range.touches(offset))
        .or_else(|| file.entries.iter().rposition(|e| e.range.start <= offset))
}

/// The values in `file`'s entries (those that build the Dockerfile, listed in `entries`)
/// that name stage `stage` of `analysis` as their target.
#[must_use]
pub fn targets_naming(
    file: &BuildFile,
    entries: &[usize],
    analysis: &Analysis,
    stage: usize,
) -> Vec<TextRange> {
    let model = analysis.model();
    entries
        .iter()
        .filter_map(|&i| file.entries.get(i))
        .filter_map(|e| e.target.as_ref().filter(|t| !t.dynamic))
        .filter(|t| model.find_stage(&t.text) == Some(stage))
        .map(|t| t.range)
        .collect()
}

/// The argument names in `file`'s entries (those listed in `entries`) that set `name`.
#[must_use]
pub fn args_naming(file: &BuildFile, entries: &[usize], name: &str) -> Vec<TextRange> {
    entries
        .iter()
        .filter_map(|&i| file.entries.get(i))
        .flat_map(|e| e.args.iter())
        .filter(|a| !a.name.dynamic && a.name.text == name)
        .map(|a| a.name.range)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BuildConfig;
    use crate::builds::parse;

    const DF: &str = "ARG BASE=a\nFROM $BASE AS deps\nARG NPM\nFROM deps AS test\nRUN --mount=type=secret,id=tok x\nFROM deps AS run\nARG V\n";

    #[test]
    fn definitions_and_hovers() {
        let a = Analysis::from_text(DF, &BuildConfig::default());
        let text = "services:\n  t:\n    build:\n      target: test\n      args: {NPM: x, V: y}\n      secrets: [tok]\n";
        let f = parse(BuildFileKind::Compose, text);
        let def = |off: usize| {
            let (e, s) = symbol_at(&f, off)?;
            definition(&f.entries[e], s, &a).map(|r| &DF[r.start..r.end])
        };
        assert_eq!(def(text.find("test").unwrap()), Some("test"));
        assert_eq!(def(text.find("NPM").unwrap()), Some("NPM"));
        assert_eq!(
            def(text.find("V:").unwrap()),
            None,
            "V is declared in a stage test does not build"
        );
        assert_eq!(def(text.find("tok").unwrap()), Some("tok"));
        let (e, s) = symbol_at(&f, text.find("test").unwrap()).unwrap();
        assert!(
            hover(&f.entries[e], s, &a)
                .unwrap()
                .starts_with("Target of compose service `t`.")
        );
    }

    #[test]
    fn slots_while_typing() {
        let slot = |text: &str| slot_at(BuildFileKind::Compose, text, text.len());
        assert!(
            matches!(slot("services:\n  a:\n    build:\n      target: te"), Some(Slot::Target(r)) if r.len() == 2)
        );
        assert!(matches!(
            slot("services:\n  a:\n    build:\n      args:\n        N"),
            Some(Slot::ArgName(_))
        ));
        assert!(matches!(
            slot("services:\n  a:\n    build:\n      secrets:\n        - "),
            Some(Slot::SecretId(_))
        ));
        assert_eq!(slot("services:\n  a:\n    image: x\n    "), None);
        let hcl = |text: &str| slot_at(BuildFileKind::BakeHcl, text, text.len());
        assert!(matches!(
            hcl("target \"a\" {\n  target = \"te"),
            Some(Slot::Target(_))
        ));
        assert!(matches!(
            hcl("target \"a\" {\n  args = {\n    N"),
            Some(Slot::ArgName(_))
        ));
        assert_eq!(hcl("target \"a\" {\n  args = { A = 1 }\n  "), None);

        let a = Analysis::from_text(DF, &BuildConfig::default());
        let labels =
            |items: Vec<CompletionItem>| items.into_iter().map(|i| i.label).collect::<Vec<_>>();
        assert_eq!(
            labels(complete(Slot::Target(TextRange::empty(0)), None, &a)),
            ["deps", "test", "run"]
        );
        let text = "services:\n  a:\n    build:\n      target: test\n      args:\n        ";
        let f = parse(BuildFileKind::Compose, text);
        let e = entry_near(&f, text.len()).map(|i| &f.entries[i]);
        assert_eq!(
            labels(complete(Slot::ArgName(TextRange::empty(0)), e, &a)),
            ["BASE", "NPM"]
        );
    }
}
